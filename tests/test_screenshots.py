"""The README's pictures: made by scripts/screenshots.py from the shipped course, small, and shown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import ROOT

PICTURES = ("player-desktop.png", "player-phone.png", "scenario-desktop.png", "scenario-phone.png",
            "handbook-participant.png", "handbook-facilitator.png")


def test_committed_pictures_are_small_and_shown_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\(docs/images/([\w-]+\.png)\)", readme))
    assert shown == set(PICTURES)
    for name in PICTURES:
        path = ROOT / "docs" / "images" / name
        assert path.stat().st_size < 300_000, name
        width, height = Image.open(path).size
        assert width >= 300 and height >= 300, name


@pytest.mark.slow
@pytest.mark.browser
def test_the_script_makes_them_from_the_shipped_course(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for name in PICTURES:
        picture = Image.open(tmp_path / name).convert("L")
        low, high = picture.getextrema()
        assert high - low > 100, f"{name} looks blank"
        assert (tmp_path / name).stat().st_size < 300_000
