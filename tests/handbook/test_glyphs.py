"""A character no font covers stops the build with a message naming it and the fix: never tofu."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(("character", "name"), [("\U0001F9FF", "U+1F9FF NAZAR AMULET"), ("\ue123", "U+E123")])
def test_missing_glyph_fails_naming_the_character_the_file_and_the_fix(course_copy: Path, tmp_path, character, name):
    page = course_copy / "lessons" / "01-greeting" / "pages" / "01-first-words.zh-Hant.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n護身符 {character}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "builder", "build", str(course_copy), "-o", str(out),
                             "-f", "handbook"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert name in result.stderr
    assert "lessons/01-greeting/pages/01-first-words.zh-Hant.md: error: no font" in result.stderr
    assert "fonts-noto-cjk" in result.stderr and "fix:" in result.stderr
    assert not list(out.glob("*.pdf"))  # nothing half-built is left behind
