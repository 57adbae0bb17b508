"""Dictionary order per language, from ICU's collation (CLDR data), never from code points.

Code-point order puts "Zebra" before "apple" and sorts Chinese by where a character happens to sit
in Unicode. ICU orders each language as its readers expect: English alphabetically, ignoring case
and accents first; Traditional Chinese (zh-Hant, zh-TW, zh-HK) by stroke count, CLDR's default
for it and the order of Taiwanese glossaries and indexes; Simplified Chinese by pinyin; Russian by
the Cyrillic alphabet. The ICU that decides is the one inside the pinned PyICU wheel, so the same
sources print the same order on every machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

import icu

T = TypeVar("T")


@cache
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale.forLanguageTag(language))


def sort_key(language: str) -> Callable[[str], bytes]:
    """A key function that orders texts of `language` as its dictionaries do."""
    return _collator(language).getSortKey


def in_dictionary_order(items: Iterable[T], language: str, text: Callable[[T], str],
                        tie: Callable[[T], str] = lambda _: "") -> list[T]:
    """`items` ordered by `text(item)` in `language`'s order; `tie` (an id) keeps equal texts in a fixed order."""
    key = sort_key(language)
    return sorted(items, key=lambda item: (key(text(item)), tie(item)))
