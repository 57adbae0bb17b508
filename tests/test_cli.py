"""The command line, through click's runner and through the installed console script."""

from __future__ import annotations

import json
import re
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


def test_validate_github_annotations(course_copy: Path, monkeypatch) -> None:
    break_duration(course_copy)
    monkeypatch.chdir(course_copy.parent)
    result = CliRunner().invoke(cli, ["validate", "course", "--format", "github"])
    assert result.exit_code == 1
    assert "::error file=course/lessons/01-greeting/lesson.yaml,line=8,col=11,title=wrong-type::duration must be" \
        in result.output


def test_validate_json(course_copy: Path, monkeypatch) -> None:
    break_duration(course_copy)
    monkeypatch.chdir(course_copy.parent)
    result = CliRunner().invoke(cli, ["validate", "course", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["errors"][0]["file"] == "course/lessons/01-greeting/lesson.yaml" and data["errors"][0]["line"] == 8


def test_build_report_format_json_prints_the_diagnostics(course_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """Like `validate --format json`: {"ok", "errors", "warnings"} on stdout, the progress on stderr."""
    monkeypatch.chdir(course_copy.parent)
    problems_in(course_copy)
    runner = CliRunner()
    failed = runner.invoke(cli, ["build", "course", "-o", str(tmp_path / "out"), "--report-format", "json"])
    assert failed.exit_code == 1
    data = json.loads(failed.stdout)
    assert set(data) == {"ok", "errors", "warnings"} and data["ok"] is False
    assert [e["code"] for e in data["errors"]] == ["wrong-type"] and data["warnings"]
    lesson = course_copy / "lessons/01-greeting/lesson.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("duration: soon", "duration: 30"), encoding="utf-8")
    built = runner.invoke(cli, ["build", "course", "-o", str(tmp_path / "out"), "-f", "scorm12",
                                "--report-format", "json"])
    assert built.exit_code == 0, built.output
    data = json.loads(built.stdout)
    assert data["ok"] is True and data["errors"] == [] and data["warnings"]


# --- where the files named in reports are, as seen by who reads them ----------------------------------------

def problems_in(course: Path) -> None:
    """One error and one warning, in two files of the course."""
    break_duration(course)
    quiz = course / "lessons/02-closing/quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("objective: close-check", "objective: close-thanks"),
                    encoding="utf-8")


def reported(*args: str) -> dict[str, list[str]]:
    """The file of every diagnostic, per output style, of `validate` and `build` run with `args`."""
    runner = CliRunner()
    files: dict[str, list[str]] = {}
    for command, flag in (("validate", "--format"), ("build", "--report-format")):
        extra = ["-o", "out", "-f", "scorm12"] if command == "build" else []
        github = runner.invoke(cli, [command, *args, *extra, flag, "github"])
        files[f"{command} github"] = sorted(set(re.findall(r"::(?:error|warning) file=([^,]+),", github.output)))
        as_json = json.loads(runner.invoke(cli, [command, *args, *extra, flag, "json"]).stdout)
        files[f"{command} json"] = sorted({d["file"] for d in as_json["errors"] + as_json["warnings"]})
        text = runner.invoke(cli, [command, *args, *extra, flag, "text"]).output
        files[f"{command} text"] = sorted(set(re.findall(r"^(\S+?)(?::\d+){0,2}: (?:error|warning):", text, re.M)))
    if "--json" not in args:
        summary = json.loads(runner.invoke(cli, ["build", *args, "-o", "out", "-f", "scorm12", "--json"]).stdout)
        files["build --json"] = sorted({d["file"] for d in summary["errors"] + summary["warnings"]})
    return files


EXPECTED_FILES = ["{}lessons/01-greeting/lesson.yaml", "{}lessons/02-closing/lesson.yaml"]


def test_a_course_in_a_subfolder_is_reported_with_paths_from_the_working_directory(tmp_path, monkeypatch):
    """No git repository: every style names files from where the command runs, as GitHub needs it from there."""
    course = tmp_path / "project" / "course"
    shutil.copytree(EXAMPLE_COURSE, course)
    problems_in(course)
    monkeypatch.chdir(tmp_path / "project")
    files = reported("course")
    expected = sorted(f.format("course/") for f in EXPECTED_FILES)
    assert files == {key: expected for key in files}, files


def test_inside_a_git_repository_annotations_name_files_from_its_top_folder(tmp_path, monkeypatch):
    repository = tmp_path / "repository"
    course = repository / "courses" / "phone"
    shutil.copytree(EXAMPLE_COURSE, course)
    problems_in(course)
    subprocess.run(["git", "init", "-q", str(repository)], check=True, timeout=60)
    from_top = sorted(f.format("courses/phone/") for f in EXPECTED_FILES)

    monkeypatch.chdir(repository)  # where CI runs
    files = reported("courses/phone")
    assert files == {key: from_top for key in files}, files

    monkeypatch.chdir(course)  # an author inside the course folder: people and tools get paths from there
    files = reported(".")
    from_here = sorted(f.format("") for f in EXPECTED_FILES)
    assert files == {key: from_top if key.endswith("github") else from_here for key in files}, files


def test_a_missing_course_folder_is_named_as_given(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "no-such-course"])
    assert result.exit_code == 1
    assert result.output.startswith("no-such-course: error: the course folder 'no-such-course' does not exist")


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
