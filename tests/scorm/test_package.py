"""The zips: names, contents read back and checked, byte-identical rebuilds, the suspend_data limit, the CLI."""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.builders import BuildOptions, run_builders
from builder.builders.scorm import checks, xsd
from builder.cli import cli
from builder.diagnostics import BuildFailed, Report
from builder.loader import load_course
from builder.structure import Course
from builder.writer import Staging
from tests.conftest import EXAMPLE_COURSE

from .test_manifest import NPM_SCHEMAS

FLAVOURS = {"scorm12": "1.2", "scorm2004-3rd": "2004-3rd", "scorm2004-4th": "2004-4th"}


def build(course: Course, formats: list[str], output: Path, languages: tuple[str, ...] = (),
          **given) -> tuple[list[Path], Report]:
    """Runs builders as `coursebuild build` does: init, write into a staging folder, commit only on success;
    `given`: builder options as on the command line (mode, scorm2004_edition…)."""
    report = Report()
    staging = Staging(output)
    try:
        run_builders(formats, course, BuildOptions(languages=languages, given=given), report, staging)
        return staging.commit(), report
    except BuildFailed:
        return [], report
    finally:
        staging.discard()


@pytest.fixture(scope="module")
def every_zip(example_course, tmp_path_factory) -> list[Path]:
    """Every format x edition x mode x language of the example course, built once."""
    output = tmp_path_factory.mktemp("scorm")
    placed = []
    for mode in ("single", "per-lesson"):
        for formats, extra in ((["scorm12", "scorm2004"], {}), (["scorm2004"], {"scorm2004_edition": 3})):
            paths, report = build(example_course, formats, output, mode=mode, **extra)
            assert not report.has_errors, report.render()
            placed += paths
    return placed


def test_zip_names_say_course_version_language_format_and_mode(every_zip):
    names = sorted(path.name for path in every_zip)
    expected = sorted(f"phone-basics-1.2.0-{language}-{fmt}-{mode}.zip"
                      for language in ("en", "zh-Hant") for fmt in ("scorm12", "scorm2004-4th", "scorm2004-3rd")
                      for mode in ("single", "per-lesson"))
    assert names == expected
    assert len({path.parent for path in every_zip}) == 1  # all 12 side by side: no build overwrote another


def test_every_zip_read_back_is_a_valid_checked_package(every_zip):
    for path in every_zip:
        flavour = next(f for label, f in FLAVOURS.items() if f"-{label}-" in path.name)
        version = flavour[:4].rstrip("-")
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            infos = archive.infolist()
            names = [info.filename for info in infos]
            data = archive.read("imsmanifest.xml")
            assert names == sorted(names), path.name
            assert {info.external_attr >> 16 for info in infos} == {0o100644}
            assert not any(name.startswith("/") or ".." in name.split("/") for name in names)
            for schema_file in xsd.schema_folder(flavour).iterdir():
                assert archive.read(schema_file.name) == schema_file.read_bytes()
        assert xsd.validate(data, flavour, NPM_SCHEMAS) == [], path.name
        assert checks.check_manifest(data, names, version) == [], path.name
        assert path.stat().st_size < 300 * 1024


def test_the_same_sources_give_byte_identical_zips(example_course, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, _ = build(example_course, ["scorm12", "scorm2004"], tmp_path / "one" / "deep")
    # A fresh load of the same sources from a copy in another folder: no absolute path may leak in.
    copy = tmp_path / "elsewhere" / "course"
    copy.parent.mkdir()
    shutil.copytree(EXAMPLE_COURSE, copy)
    reloaded, report = load_course(copy)
    assert reloaded is not None, report.render()
    second, _ = build(reloaded, ["scorm12", "scorm2004"], tmp_path / "two")
    assert [p.name for p in first] == [p.name for p in second] and len(first) == 4
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
        with zipfile.ZipFile(a) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            for info in archive.infolist():
                assert str(tmp_path).encode() not in archive.read(info)


def test_source_date_epoch_sets_the_timestamps(example_course, tmp_path, monkeypatch):
    epoch = 1_767_225_600  # 2026-01-01 00:00:00 UTC
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    (path,), _ = build(example_course, ["scorm12"], tmp_path / "a", languages=("en",))
    again, _ = build(example_course, ["scorm12"], tmp_path / "b", languages=("en",))
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    plain, _ = build(example_course, ["scorm12"], tmp_path / "c", languages=("en",))
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {time.gmtime(epoch)[:6]}
    assert path.read_bytes() == again[0].read_bytes()
    assert path.read_bytes() != plain[0].read_bytes()


FILL_IN = """\
  - id: long-answer-{n}
    type: fill-in
    objective: greet-offer
    prompt: {{en: "Write answer {n}", zh-Hant: "寫下答案 {n}"}}
    answers: {{en: [agreed], zh-Hant: [是]}}
    max_length: 250
"""


def course_with_long_answers(course_dir: Path, count: int) -> Course:
    """The example course with `count` extra fill-in questions of 250 characters in lesson 1."""
    quiz = course_dir / "lessons" / "01-greeting" / "quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8") + "".join(FILL_IN.format(n=n) for n in range(count)),
                    encoding="utf-8")
    course, report = load_course(course_dir)
    assert course is not None, report.render()
    return course


def test_a_course_whose_suspend_data_could_pass_4096_characters_fails_the_12_build(course_copy, tmp_path):
    course = course_with_long_answers(course_copy, 10)
    output = tmp_path / "out"
    output.mkdir()
    (output / "earlier.zip").write_bytes(b"an earlier build")
    placed, report = build(course, ["scorm12"], output, mode="single")
    assert placed == []
    (error,) = {d for d in report.errors if d.code == "suspend-data-too-long" and "(scorm12, en)" in d.message}
    assert "SCORM 1.2 allows 4,096" in error.message and "SCO 'course'" in error.message
    length = int(error.message.split("could reach ")[1].split(" characters")[0].replace(",", ""))
    assert length > 10 * 250 * 2  # ten answers of 250 characters, each of which JSON may double
    assert error.file.endswith("01-greeting/quiz.yaml")
    assert "long-answer-" in error.hint and "SCORM 2004" in error.hint
    assert sorted(p.name for p in output.iterdir()) == ["earlier.zip"]  # nothing written, nothing replaced
    # The same course fits SCORM 2004's 64,000 characters.
    placed, report = build(course, ["scorm2004"], tmp_path / "out2004", mode="single")
    assert not report.has_errors and len(placed) == 2


def test_a_course_whose_suspend_data_could_pass_64000_characters_fails_the_2004_build(course_copy, tmp_path):
    course = course_with_long_answers(course_copy, 130)
    placed, report = build(course, ["scorm2004"], tmp_path / "out", mode="per-lesson")
    assert placed == []
    messages = [d.message for d in report.errors]
    assert any("SCO 'greeting'" in m and "SCORM 2004 4th edition allows 64,000" in m for m in messages), messages
    assert not any("SCO 'closing'" in m for m in messages)


def test_the_2004_3rd_edition_is_held_to_its_4000_characters(course_copy, tmp_path):
    course = course_with_long_answers(course_copy, 10)
    placed, report = build(course, ["scorm2004"], tmp_path / "out", mode="single", scorm2004_edition=3)
    assert placed == []
    assert any("SCORM 2004 3rd edition allows 4,000" in d.message for d in report.errors), report.render()
    assert any("4th edition (64,000 characters)" in d.hint for d in report.errors)


def test_coursebuild_build_scorm12_and_scorm2004_on_the_command_line(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE_COURSE), "-o", str(tmp_path), "-f", "scorm12",
                                       "-f", "scorm2004", "--mode", "per-lesson", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["ok"] and summary["errors"] == []
    names = sorted(Path(o["path"]).name for o in summary["outputs"])
    assert names == sorted(f"phone-basics-1.2.0-{lang}-{fmt}-per-lesson.zip"
                           for lang in ("en", "zh-Hant") for fmt in ("scorm12", "scorm2004-4th"))
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # the staging folder is gone
