"""`coursebuild new`: the scaffold validates strictly and builds; bad folders and tags are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.loader import load_course
from builder.structure import QuestionType, Text

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


def test_scaffold_validates(scaffolded) -> None:
    folder, languages = scaffolded
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert "ok, 1 lesson (0 errors" in result.output
    course, _ = load_course(folder)
    assert course is not None
    assert course.id == "team-feedback" and course.languages == languages
    lesson = course.lessons[0]
    assert len(lesson.pages) == 2 and lesson.job_aid is not None and lesson.activities and lesson.facilitator
    assert course.glossary and course.assessment is not None
    assert {question.type for question in lesson.quiz.questions} == set(QuestionType), "all seven types are shown"
    [scenario] = lesson.scenarios  # a short one: 5 nodes, 2 endings, one meter, assessed, in every language
    assert (len(scenario.nodes), len(scenario.endings), len(scenario.meters)) == (5, 2, 1)
    assert scenario.assessed and scenario.facts.best_points == 4
    assert all(node.text.get(language) for node in scenario.nodes for language in languages)
    scenario_file = folder / "lessons" / "01-first-lesson" / "scenarios" / "talk-to-sam.yaml"
    assert scenario_file.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../.coursebuild/schema/scenario.schema.json\n")
    for language in languages:
        marked = lesson.title[language].startswith("(Translate)")
        assert marked == (language != "en"), (language, lesson.title[language])


def test_an_untouched_translation_fails_strict_validation(scaffolded) -> None:
    """Every text still marked "(Translate)" is a warning at its line, so --strict fails until all are done;
    an English-only scaffold has nothing to translate and passes."""
    folder, languages = scaffolded
    _, report = load_course(folder)
    marked = [d for d in report.warnings if d.code == "untranslated"]
    assert {d.code for d in report.warnings} <= {"untranslated"}, report.render()
    result = CliRunner().invoke(cli, ["validate", str(folder), "--strict"])
    if languages == ("en",):
        assert not marked and result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    files = {d.file for d in marked}
    assert {"course.yaml", "glossary.yaml", "lessons/01-first-lesson/lesson.yaml", "lessons/01-first-lesson/quiz.yaml",
            "lessons/01-first-lesson/scenarios/talk-to-sam.yaml",
            "introduction.zh-Hant.md", "lessons/01-first-lesson/job-aid.zh-Hant.md",
            "lessons/01-first-lesson/pages/02-sbi.zh-Hant.md"} <= files
    assert all(d.line > 0 for d in marked)
    for diagnostic in marked:  # at the marked line (a block text '|' is marked on the line after it)
        lines = (folder / diagnostic.file).read_text(encoding="utf-8").splitlines()
        assert "Translate" in " ".join(lines[diagnostic.line - 1:diagnostic.line + 1]), diagnostic.as_text()


def test_a_title_given_on_the_command_line_is_marked_in_the_other_languages(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    result = CliRunner().invoke(cli, ["new", str(folder), "--lang", "zh-Hant", "--lang", "en", "--title", "回饋的藝術"])
    assert result.exit_code == 0, result.output
    course, report = load_course(folder)
    assert course.title == Text({"zh-Hant": "回饋的藝術", "en": "(Translate) 回饋的藝術"})
    assert any(d.file == "course.yaml" and "title (en) is still marked" in d.message for d in report.warnings)


def test_each_language_has_its_own_diagram(scaffolded) -> None:
    """Words in a picture belong in SVG text, one file per language, each page showing its own."""
    folder, languages = scaffolded
    course, _ = load_course(folder)
    lesson = course.lessons[0]
    for language in languages:
        assert (folder / f"lessons/01-first-lesson/assets/sbi.{language}.svg").is_file()
        page = lesson.pages[0]
        (asset,) = [a for a in lesson.assets if a.source.endswith(f"sbi.{language}.svg")]
        assert f'src="{asset.href}"' in page.html[language]
        assert "Situation, Behaviour and Impact" in page.html[language], "the alt text says what the labels say"


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
