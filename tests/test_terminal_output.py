"""What `coursebuild build` prints: progress per output, colour only on a terminal, a one-line summary; --json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from builder.cli import cli
from tests.conftest import EXAMPLE_COURSE

ANSI = "\x1b["
SUMMARY = re.compile(r"^built (\d+) files in (.+), ([\d,.]+ [KM]B) in \d+\.\d s \(0 errors, 0 warnings\)$")


def build(tmp_path: Path, *args: str, color: bool = False, course: Path = EXAMPLE_COURSE):
    return CliRunner().invoke(cli, ["build", str(course), "-o", str(tmp_path / "out"), *args], color=color)


def test_plain_text_when_not_a_terminal(tmp_path: Path) -> None:
    result = build(tmp_path, "-f", "scorm12", "-f", "scorm2004")
    assert result.exit_code == 0, result.output
    assert ANSI not in result.output
    lines = result.stderr.splitlines()
    zips = sorted((tmp_path / "out").glob("*.zip"))
    assert len(zips) == 4
    progress = [line for line in lines if ".zip" in line]
    assert len(progress) == 4, lines  # one line per output, as each is written
    for zip_path in zips:
        line = next(line for line in progress if str(zip_path) in line)
        assert re.search(r"\d+ KB$", line), line
    summary = SUMMARY.match(lines[-1])
    assert summary, lines[-1]
    assert summary.group(1) == "4" and summary.group(2) == str(tmp_path / "out")
    total_kb = sum(p.stat().st_size for p in zips) / 1024
    assert summary.group(3) == f"{total_kb:,.0f} KB"
    assert lines.index(progress[-1]) < len(lines) - 1  # progress comes before the summary


def test_colour_on_a_terminal(tmp_path: Path) -> None:
    result = build(tmp_path, "-f", "scorm12", color=True)
    assert result.exit_code == 0, result.output
    assert "\x1b[32m" in result.stderr  # the summary in green
    assert "\x1b[36m" in result.stderr  # format and language of each progress line in cyan
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr)
    assert SUMMARY.match(plain.splitlines()[-1]), plain


def test_failure_is_plain_and_says_nothing_changed(tmp_path: Path, course_copy: Path) -> None:
    lesson = course_copy / "lessons/01-greeting/lesson.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("duration: 30", "duration: 31"), encoding="utf-8")
    result = build(tmp_path, "-f", "scorm12", course=course_copy)
    assert result.exit_code == 1
    assert ANSI not in result.output
    assert result.stderr.splitlines()[-1].startswith("build failed; nothing was changed in ")
    assert not list((tmp_path / "out").glob("*.zip"))


def test_quiet_prints_no_progress(tmp_path: Path) -> None:
    result = build(tmp_path, "-f", "scorm12", "-q")
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""


def test_json_unchanged(tmp_path: Path) -> None:
    result = build(tmp_path, "-f", "scorm12", "--json", color=True)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert list(summary) == ["ok", "output_dir", "outputs", "errors", "warnings", "seconds"]
    assert summary["ok"] is True and len(summary["outputs"]) == 2
    assert list(summary["outputs"][0]) == ["format", "language", "path", "size", "sha256", "cached"]
    assert ANSI not in result.stdout
    assert ".zip" not in result.stderr and "built" not in result.stderr  # no progress or summary lines
