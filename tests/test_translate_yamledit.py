"""builder/translation/yamledit.py: course YAML files loaded for editing and written back byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.translation.yamledit import LayoutUnknown, YamlFile
from tests.conftest import EXAMPLE_COURSE, ROOT, SHIPPED_COURSE

LAYOUTS = ROOT / "tests" / "scenario-layouts"
EVERY_YAML = sorted(p for folder in (SHIPPED_COURSE, EXAMPLE_COURSE, LAYOUTS) for p in folder.rglob("*.yaml"))


@pytest.mark.parametrize("path", EVERY_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_course_file_is_written_back_as_it_was(path: Path) -> None:
    """Import only rewrites files with a changed text; when it does, nothing else in them may move."""
    text = path.read_text(encoding="utf-8")
    assert YamlFile(text).dump() == text


@pytest.mark.parametrize("value", ["+20", "-0", "+0", "007", "1_000", "0x1F", "True", "TRUE", "~", "Null", "1.50",
                                   "+1.5", "1e3", "+.inf", ".NaN", "yes", "2024-01-01"])
def test_values_that_are_not_texts_keep_their_spelling(value: str) -> None:
    text = f"a: {value}\nb: [{value}, x]\nc: {{k: {value}}}\nd:\n  - {value}\n"
    assert YamlFile(text).dump() == text


def test_a_text_written_beside_a_signed_number_leaves_the_number_alone() -> None:
    text = "text: {en: Go}\neffects: {trust: +20, patience: -5}\n"
    edited = YamlFile(text)
    edited.set_text(("text",), "zh-Hant", "en", "走")
    assert edited.dump() == "text: {en: Go, zh-Hant: 走}\neffects: {trust: +20, patience: -5}\n"


@pytest.mark.parametrize("text", [
    "nodes:\n- id: a\n  choices:\n  - id: x\n",  # lists not indented
    "nodes:\n  - id: a\n    choices:\n      - id: x\n",  # indented by two
    "nodes:\n    - id: a\n      choices:\n          - id: x\n",  # dash at four, item at six
    "nodes:\n    -   id: a\n        choices:\n            -   id: x\n",  # four spaces everywhere
    "intro:\n    en: |\n        Four.\n    zh-Hant: |\n        四。\n",  # mappings by four
])
def test_the_layout_is_measured_from_the_file(text: str) -> None:
    assert YamlFile(text).dump() == text


def test_a_file_mixing_two_layouts_is_refused_at_the_line_that_differs() -> None:
    text = "nodes:\n  - id: a\n    choices:\n    - id: x\n  - id: b\n    choices:\n      - id: y\n"
    with pytest.raises(LayoutUnknown) as refused:
        YamlFile(text)
    assert refused.value.line == 4 and "indent it by 6 spaces" in str(refused.value)
