"""Which of coursebuild's own word lists (builder/strings/<part>/<tag>.json) serves a course language.

The player and the handbook resolve a course language the same way, and so does the warning about a
language without words, so a tag that is served (zh-TW, ru-RU) is never warned about:

1. the tag itself (zh-Hant-TW, pt-BR);
2. for Chinese, the script the tag implies: an explicit Hant/Hans subtag, else Traditional for the
   regions that write it (TW, HK, MO) and Simplified for every other region or none (zh, zh-CN, zh-SG);
3. the tag with its last subtags dropped one by one (zh-Hant-TW → zh-Hant → zh; ru-RU → ru);
4. English.
File names are matched without regard to case, as BCP 47 tags are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FALLBACK = "en"
STRINGS_ROOT = Path(__file__).resolve().parent / "strings"
TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})
CHINESE_SCRIPTS = {"hant": "Hant", "hans": "Hans"}


@dataclass(frozen=True)
class Resolution:
    language: str  # the course language asked for
    strings: str  # the tag of the word list that serves it; FALLBACK when none fits

    @property
    def untranslated(self) -> bool:
        """True when a non-English language gets the English words."""
        return self.strings == FALLBACK and primary_subtag(self.language) != FALLBACK


def primary_subtag(language: str) -> str:
    return language.split("-")[0].lower()


def chinese_script(language: str) -> str | None:
    """'Hant' or 'Hans' for a Chinese tag; None for another language or a Chinese tag in another script."""
    subtags = language.split("-")
    if subtags[0].lower() != "zh":
        return None
    rest = subtags[1:]
    scripts = [s for s in rest if len(s) == 4 and s.isalpha()]
    if scripts:
        return CHINESE_SCRIPTS.get(scripts[0].lower())  # zh-Latn (pinyin) has no Chinese word list
    return "Hant" if any(s.upper() in TRADITIONAL_REGIONS for s in rest) else "Hans"


def candidates(language: str) -> list[str]:
    """The tags tried for a language, most specific first, ending in FALLBACK."""
    subtags = language.split("-")
    tried = [language]
    script = chinese_script(language)
    if script:
        tried.append(f"zh-{script}")
    tried += ["-".join(subtags[:end]) for end in range(len(subtags) - 1, 0, -1)]
    tried.append(FALLBACK)
    return list(dict.fromkeys(tried))


def resolve(language: str, available: Iterable[str]) -> Resolution:
    """The first candidate with a word list among `available` (tags, as the files are named)."""
    by_lower = {tag.lower(): tag for tag in available}
    for tag in candidates(language):
        if tag.lower() in by_lower:
            return Resolution(language, by_lower[tag.lower()])
    return Resolution(language, FALLBACK)


@cache
def available(folder: Path) -> frozenset[str]:
    """The languages a strings folder has words for: its <tag>.json files."""
    return frozenset(path.stem for path in folder.glob("*.json"))


def resolve_in(folder: Path, language: str) -> Resolution:
    return resolve(language, available(folder))
