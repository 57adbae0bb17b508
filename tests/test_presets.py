"""`coursebuild build --preset NAME`: LMS defaults from builder/presets.yaml, under the explicit options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.builders import BUILDERS, declared_options
from builder.cli import cli
from builder.loader.schema import Choice
from builder.presets import presets
from tests.conftest import EXAMPLE_COURSE, ROOT

EDITION_IN_NAME = {3: "scorm2004-3rd", 4: "scorm2004-4th"}


def built(tmp_path: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE_COURSE), "-o", str(tmp_path / "out"), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["outputs"]


def test_every_preset_is_complete() -> None:
    """A preset sets builder options by the names the builders declare, to values those options take."""
    assert set(presets()) == {"moodle", "successfactors", "cornerstone", "docebo", "talentlms", "canvas"}
    declared = declared_options()
    for preset in presets().values():
        assert preset.formats and all(f in BUILDERS for f in preset.formats), preset
        for name, value in preset.options.items():
            assert name in declared, f"{preset.name}: no builder has an option '{name}'"
            option_type = declared[name].type
            assert isinstance(option_type, Choice) and value in option_type.values, (preset.name, name, value)
        assert (ROOT / preset.guide).is_file(), preset.guide
        assert f"--preset {preset.name}" in (ROOT / preset.guide).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(presets()))
def test_preset_sets_format_mode_and_edition(tmp_path: Path, name: str) -> None:
    preset = presets()[name]
    outputs = built(tmp_path, "--preset", name)
    assert {o["format"] for o in outputs} == set(preset.formats)
    names = [Path(o["path"]).name for o in outputs]
    mode = preset.options.get("mode", "single")
    assert all(n.endswith(f"-{mode}.zip") for n in names), names
    edition = preset.options.get("scorm2004_edition")
    if "scorm2004" in preset.formats and edition:
        # the example course asks for the 4th edition: the preset overrides the course
        assert all(EDITION_IN_NAME[edition] in n for n in names if "scorm2004" in n), names


def test_explicit_options_win(tmp_path: Path) -> None:
    assert {o["format"] for o in built(tmp_path / "a", "--preset", "cornerstone", "-f", "scorm12")} == {"scorm12"}
    names = [Path(o["path"]).name for o in built(tmp_path / "b", "--preset", "cornerstone", "--scorm2004-edition", "4")]
    assert names and all("scorm2004-4th" in n for n in names), names
    names = [Path(o["path"]).name for o in built(tmp_path / "c", "--preset", "moodle", "--mode", "per-lesson")]
    assert names and all(n.endswith("-scorm12-per-lesson.zip") for n in names), names


def test_unknown_preset_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE_COURSE), "-o", str(tmp_path), "--preset", "blackboard"])
    assert result.exit_code == 2
    assert "'blackboard' is not one of" in result.output
    assert not list(tmp_path.iterdir())
