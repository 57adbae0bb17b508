"""The command line, through click's runner and through the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from builder import __version__
from builder.cli import cli
from tests.conftest import EXAMPLE_COURSE, ROOT

CONSOLE_SCRIPT = Path(sys.executable).parent / "coursebuild"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CONSOLE_SCRIPT), *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def break_duration(course: Path) -> None:
    lesson = course / "lessons/01-greeting/lesson.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("duration: 30", "duration: soon"), encoding="utf-8")


def test_version_and_help_with_examples() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--version"]).output.strip() == f"coursebuild, version {__version__}"
    for command in ([], ["validate"], ["build"], ["new"], ["preview"]):
        result = runner.invoke(cli, [*command, "--help"])
        assert result.exit_code == 0
        assert "Examples:" in result.output and "coursebuild " in result.output


def test_validate_exit_codes(course_copy: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(EXAMPLE_COURSE)]).exit_code == 0
    # a warning: exit 0, and 1 with --strict
    quiz = course_copy / "lessons/02-closing/quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("objective: close-check", "objective: close-thanks"),
                    encoding="utf-8")
    warned = runner.invoke(cli, ["validate", str(course_copy)])
    assert warned.exit_code == 0 and "warning: no question assesses the objective 'close-check'" in warned.output
    assert runner.invoke(cli, ["validate", str(course_copy), "--strict"]).exit_code == 1
    break_duration(course_copy)
    assert runner.invoke(cli, ["validate", str(course_copy)]).exit_code == 1
    assert runner.invoke(cli, ["validate", "--no-such-option"]).exit_code == 2


def test_validate_github_annotations(course_copy: Path) -> None:
    break_duration(course_copy)
    result = CliRunner().invoke(cli, ["validate", str(course_copy), "--format", "github"])
    assert result.exit_code == 1
    assert "::error file=lessons/01-greeting/lesson.yaml,line=8,col=11,title=wrong-type::duration must be" in result.output


def test_validate_json(course_copy: Path) -> None:
    break_duration(course_copy)
    result = CliRunner().invoke(cli, ["validate", str(course_copy), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["errors"][0]["file"] == "lessons/01-greeting/lesson.yaml" and data["errors"][0]["line"] == 8


def test_console_script_validates_without_traceback(tmp_path: Path) -> None:
    good = run("validate", str(EXAMPLE_COURSE))
    assert good.returncode == 0, good.stderr
    assert "ok, 2 lessons" in good.stderr
    broken = tmp_path / "course"
    shutil.copytree(EXAMPLE_COURSE, broken)
    (broken / "course.yaml").write_bytes(b"\xff\xfe not yaml at all [[[")
    bad = run("validate", str(broken))
    assert bad.returncode == 1
    assert "course.yaml:1: error: this course file is not UTF-8" in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout


def test_build_rejects_unknown_format_and_language() -> None:
    runner = CliRunner()
    unknown = runner.invoke(cli, ["build", str(EXAMPLE_COURSE), "-f", "pdf"])
    assert unknown.exit_code == 2 and "unknown format 'pdf'; the formats are:" in unknown.output
    language = runner.invoke(cli, ["build", str(EXAMPLE_COURSE), "--lang", "fr"])
    assert language.exit_code == 2 and "its languages are: en, zh-Hant" in language.output


def test_failed_build_leaves_earlier_outputs_intact(course_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    earlier = output / "earlier.zip"
    earlier.write_bytes(b"an earlier build")
    break_duration(course_copy)
    result = CliRunner().invoke(cli, ["build", str(course_copy), "-o", str(output), "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["ok"] is False and summary["outputs"] == []
    assert sorted(p.name for p in output.iterdir()) == ["earlier.zip"]
    assert earlier.read_bytes() == b"an earlier build"
