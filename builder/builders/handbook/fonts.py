"""Per-language font stacks, and the check that they cover every character a handbook prints.

Pango silently falls back to whatever font has a glyph, or draws a box ("tofu") when none
has. A handbook with tofu looks broken on paper, so before rendering we look the stack's
families up with fontconfig, read their character maps with fontTools, and fail naming the
characters that no family of the stack covers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from builder.localization import chinese_script, primary_subtag


@dataclass(frozen=True)
class FontStack:
    sans: tuple[str, ...]  # headings, tables, margin boxes
    serif: tuple[str, ...]  # running text

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.sans + self.serif))

    def css(self, role: str) -> str:
        names = self.sans if role == "sans" else self.serif
        generic = "sans-serif" if role == "sans" else "serif"
        return ", ".join([*(f'"{name}"' for name in names), generic])


# Arrows, math and ballot signs that Noto Sans/Serif lack; both families ship in fonts-noto-core.
SYMBOLS = ("Noto Sans Math", "Noto Sans Symbols2")
# Noto Sans/Serif cover Latin, Greek and Cyrillic (ru, uk, bg, sr ...), so those languages share one stack.
LATIN = FontStack(("Noto Sans", *SYMBOLS), ("Noto Serif", *SYMBOLS))
# Noto CJK's regional faces draw the same code point differently (骨, 直, 说): the face must follow the script.
_CJK_FACES = {"zh-Hant": "TC", "zh-Hans": "SC", "ja": "JP", "ko": "KR"}


def cjk_faces(language: str) -> str | None:
    """The Noto CJK face suffix for a language: zh-TW/HK/MO and zh-Hant-* → TC, zh/zh-CN/zh-SG/zh-Hans → SC."""
    script = chinese_script(language)
    if script:
        return _CJK_FACES[f"zh-{script}"]
    return _CJK_FACES.get(primary_subtag(language))


def stack_for(language: str) -> FontStack:
    """CJK languages get their regional Noto CJK faces first and Noto Sans/Serif for Latin text."""
    region = cjk_faces(language)
    if region is None:
        return LATIN
    # Latin first: Noto CJK's Latin glyphs are full-width-looking; Noto Sans sets English text better.
    return FontStack(("Noto Sans", f"Noto Sans CJK {region}", *SYMBOLS),
                     ("Noto Serif", f"Noto Serif CJK {region}", *SYMBOLS))


def package_for(family: str) -> str:
    """The Debian package that installs a family of our stacks."""
    return "fonts-noto-cjk" if "CJK" in family else "fonts-noto-core"


@dataclass(frozen=True)
class Coverage:
    missing_families: tuple[str, ...]
    missing_characters: tuple[str, ...]


def check_coverage(stack: FontStack, text: Iterable[str]) -> Coverage:
    characters = {c for chunk in text for c in chunk if _printed(c)}
    missing_families = tuple(f for f in stack.families if not _font_file(f))
    covered: set[int] = set()
    for family in stack.families:
        covered |= _codepoints(family)
    missing = tuple(sorted(c for c in characters if ord(c) not in covered))
    return Coverage(missing_families, missing)


def describe(characters: Iterable[str]) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')} ({c})" for c in characters)


def _printed(character: str) -> bool:
    """Whitespace, controls, format characters and variation selectors need no glyph of their own."""
    if character.isspace():
        return False
    category = unicodedata.category(character)
    if category in ("Cc", "Cf", "Zl", "Zp"):
        return False
    return not (0xFE00 <= ord(character) <= 0xFE0F or 0xE0100 <= ord(character) <= 0xE01EF)


def _font_file(family: str) -> tuple[str, int] | None:
    """The regular face of `family` as fontconfig knows it: (file, index in a collection), or None."""
    faces = _faces().get(family)
    if not faces:
        return None
    _, path, index = sorted(faces)[0]
    return path, index


@cache
def _faces() -> dict[str, list[tuple[bool, str, int]]]:
    """Every installed face by family name as (not regular, file, index in a collection), from one fc-list run
    for all the families a build asks about (a face may have several names)."""
    if shutil.which("fc-list") is None:
        return {}
    result = subprocess.run(["fc-list", "--format", "%{family}\t%{file}\t%{index}\t%{style}\n"],
                            capture_output=True, text=True, check=False)
    faces: dict[str, list[tuple[bool, str, int]]] = {}
    for line in result.stdout.splitlines():
        names, path, index, style = [*line.split("\t"), "", "", ""][:4]
        face = ("Regular" not in style, path, int(index or 0))
        for name in names.split(","):
            faces.setdefault(name.strip(), []).append(face)
    return faces


def font_files(families: Iterable[str]) -> list[tuple[str, int, int]]:
    """Every face file fontconfig has for the families, as (path, size, modification time in ns): a font updated
    by the system changes the handbooks' bytes, so the build cache keys them with these."""
    found = []
    for family in families:
        for path in _faces_by_family().get(family, ()):
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found.append((path, stat.st_size, stat.st_mtime_ns))
    return sorted(set(found))


def _faces_by_family() -> dict[str, tuple[str, ...]]:
    """Every installed face file by family name."""
    return {name: tuple(path for _, path, _ in faces) for name, faces in _faces().items()}


@cache
def _codepoints(family: str) -> frozenset[int]:
    found = _font_file(family)
    if found is None:
        return frozenset()
    from fontTools.ttLib import TTFont  # here, not at the top: every command imports this module, few read a font

    path, index = found
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})
