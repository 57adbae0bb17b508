"""Localized handbook words: builder/strings/handbook/<language>.json over en.json.

A language file may leave keys out; each missing key falls back to English, so a new
course language gets a complete (partly English) handbook until someone translates it.
Lookup tries the full tag (zh-Hant), then its primary subtag (zh), then en.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

STRINGS_DIR = Path(__file__).resolve().parent.parent.parent / "strings" / "handbook"
FALLBACK = "en"


@cache
def _read(language: str) -> dict[str, Any]:
    path = STRINGS_DIR / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


class Strings:
    """The words of one handbook language; `strings("lesson", number=2)` formats one."""

    def __init__(self, language: str) -> None:
        self.language = language
        merged = dict(_read(FALLBACK))
        primary = language.split("-")[0]
        if primary != language:
            merged.update(_read(primary))
        merged.update(_read(language))
        self._words = merged

    def __call__(self, key: str, **values: object) -> str:
        return str(self._words[key]).format(**values)

    def raw(self, key: str) -> Any:
        return self._words[key]

    def language_name(self, language: str) -> str:
        return self._words["languages"].get(language, language)

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
