"""Localized handbook words: builder/strings/handbook/<language>.json over en.json.

Which file serves a course language is builder/localization.py's rule (zh-TW → zh-Hant,
zh-CN → zh-Hans, ru-RU → ru, otherwise en), the same as the player's. Every shipped file has
all of en.json's keys (tests/test_languages.py); a key left out still falls back to English.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import icu

from builder.localization import resolve_in

STRINGS_DIR = Path(__file__).resolve().parent.parent.parent / "strings" / "handbook"
FALLBACK = "en"


@cache
def _plural_rules(language: str) -> icu.PluralRules:
    return icu.PluralRules.forLocale(icu.Locale.forLanguageTag(language))


@cache
def _read(language: str) -> dict[str, Any]:
    path = STRINGS_DIR / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


class Strings:
    """The words of one handbook language; `strings("lesson", number=2)` formats one."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.served_by = resolve_in(STRINGS_DIR, language).strings
        merged = dict(_read(FALLBACK))
        merged.update(_read(self.served_by))
        self._words = merged

    def __call__(self, key: str, **values: object) -> str:
        words = self._words[key]
        if isinstance(words, dict):
            # A text with a number in it, one form per CLDR plural category of the language ("one", "few",
            # "many", "other"...), chosen by ICU's rules for that number: {"count": "<value's name>", "one":
            # "{count} set", "other": "{count} sets"}. A language without plural forms keeps one string.
            category = _plural_rules(self.served_by).select(values[words["count"]])
            words = words.get(category, words["other"])
        return str(words).format(**values)

    def raw(self, key: str) -> Any:
        return self._words[key]

    def language_name(self, language: str) -> str:
        names = self._words["languages"]
        return names.get(language) or names.get(resolve_in(STRINGS_DIR, language).strings, language)

    def css_pieces(self, key: str, **counters: str) -> str:
        """A CSS `content` value from a string with {placeholders} that become counters, e.g. page_of."""
        template = self._words[key]
        pieces: list[str] = []
        rest = template
        while rest:
            start = rest.find("{")
            if start < 0:
                pieces.append(css_string(rest))
                break
            end = rest.index("}", start)
            if start:
                pieces.append(css_string(rest[:start]))
            pieces.append(counters[rest[start + 1:end]])
            rest = rest[end + 1:]
        return " ".join(pieces)


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'
