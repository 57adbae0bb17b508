"""`coursebuild new`: the scaffold validates strictly and builds; bad folders and tags are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.loader import load_course

LANGUAGE_SETS = {"en": ("en",), "zh-Hant+en": ("zh-Hant", "en")}


def scaffold(folder: Path, languages: tuple[str, ...]) -> None:
    args = ["new", str(folder)]
    for language in languages:
        args += ["--lang", language]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module", params=list(LANGUAGE_SETS))
def scaffolded(request, tmp_path_factory) -> tuple[Path, tuple[str, ...]]:
    languages = LANGUAGE_SETS[request.param]
    folder = tmp_path_factory.mktemp("new") / "team-feedback"
    scaffold(folder, languages)
    return folder, languages


def test_scaffold_validates_strictly(scaffolded) -> None:
    folder, languages = scaffolded
    result = CliRunner().invoke(cli, ["validate", str(folder), "--strict"])
    assert result.exit_code == 0, result.output
    assert "(0 errors, 0 warnings)" in result.output
    course, report = load_course(folder)
    assert course is not None and not report.warnings
    assert course.id == "team-feedback" and course.languages == languages
    lesson = course.lessons[0]
    assert len(lesson.pages) == 2 and lesson.job_aid is not None and lesson.activities and lesson.facilitator
    assert course.glossary and course.assessment is not None
    kinds = {question.type for question in lesson.quiz.questions}
    assert len(kinds) >= 4, kinds
    for language in languages:
        marked = lesson.title[language].startswith("(Translate)")
        assert marked == (language != "en"), (language, lesson.title[language])


def test_scaffold_builds_scorm(scaffolded, tmp_path: Path) -> None:
    folder, languages = scaffolded
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(out), "-f", "scorm12", "-f", "scorm2004"])
    assert result.exit_code == 0, result.output
    zips = sorted(out.glob("*.zip"))
    assert len(zips) == 2 * len(languages), zips
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            assert "imsmanifest.xml" in archive.namelist()
            assert any("/sbi-" in name and name.endswith(".svg") for name in archive.namelist()), "the lesson's picture is packaged"


@pytest.mark.slow
def test_scaffold_builds_handbooks(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    scaffold(folder, LANGUAGE_SETS["zh-Hant+en"])
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "-f", "handbook"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 4, pdfs  # two editions, two languages
    assert all((tmp_path / "out" / name).read_bytes().startswith(b"%PDF-") for name in pdfs)


def test_same_command_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        scaffold(tmp_path / name / "course", ("zh-Hant", "en"))
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) > 10
    assert all((tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes() for p in files_a)


def test_non_empty_folder_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", str(tmp_path)])
    assert result.exit_code == 1
    assert "already exists and is not empty" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_empty_folder_accepted(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "course.yaml").is_file()


@pytest.mark.parametrize("tag", ["zh_TW", "english", "EN", "zh-hant"])
def test_bad_language_tag_refused(tmp_path: Path, tag: str) -> None:
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "course"), "--lang", tag])
    assert result.exit_code == 2
    assert f"'{tag}' is not a BCP 47 language tag" in result.output
    assert not (tmp_path / "course").exists()


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["new", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "coursebuild new my-course --lang zh-Hant --lang en" in result.output
