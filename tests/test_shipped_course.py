"""The shipped course: complete, warning-free in both languages, original, and buildable in every format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.builders import BUILDERS
from builder.cli import cli
from builder.loader import load_course
from builder.structure import QuestionType
from tests.conftest import ROOT, SHIPPED_COURSE

COPYCHECK = ROOT.parent / "shared" / "tools" / "copycheck.py"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def shipped():
    course, report = load_course(SHIPPED_COURSE)
    assert course is not None, report.render()
    return course, report


def test_validates_strictly_with_no_warnings() -> None:
    result = CliRunner().invoke(cli, ["validate", str(SHIPPED_COURSE), "--strict"])
    assert result.exit_code == 0, result.output


def test_five_complete_lessons_in_both_languages(shipped) -> None:
    course, _ = shipped
    assert course.languages == ("zh-Hant", "en")
    assert [lesson.id for lesson in course.lessons] == [
        "time-management", "emotional-management", "execution", "integrity", "coaching-leadership"]
    assert course.assessment is not None and course.assessment.settings.pass_mark == 80
    assert course.introduction is not None and len(course.glossary) >= 15
    for lesson in course.lessons:
        assert 3 <= len(lesson.objectives) <= 4, lesson.id
        assert 5 <= len(lesson.pages) <= 8, lesson.id
        assert lesson.activities and lesson.reflection and lesson.job_aid, lesson.id
        assert sum(step.minutes for step in lesson.facilitator) == lesson.duration, lesson.id
        quiz = lesson.quiz
        assert quiz is not None and len(quiz.questions) >= 8, lesson.id
        assert len({q.type for q in quiz.questions}) >= 4, lesson.id
        for objective in lesson.objectives:
            assert sum(q.objective == objective.id for q in quiz.questions) >= 2, (lesson.id, objective.id)
        for question in quiz.questions:
            assert question.feedback_correct and question.feedback_incorrect, question.id


def test_matrix_is_a_real_table(shipped) -> None:
    course, _ = shipped
    lesson = course.lessons[0]
    html = "".join(page.html["en"] + page.html["zh-Hant"] for page in lesson.pages)
    assert "<table>" in html and '<th scope="col">' in html


def test_every_question_type_is_used(shipped) -> None:
    course, _ = shipped
    assert {q.type for q in course.questions()} == set(QuestionType)


@pytest.mark.skipif(not COPYCHECK.exists(), reason="the shared copycheck tool is beside the repository only")
def test_no_sentence_copied_from_the_seed_articles() -> None:
    result = subprocess.run([sys.executable, str(COPYCHECK), str(SHIPPED_COURSE), str(SEEDS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_every_format_builds(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(SHIPPED_COURSE), "-o", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    built = {(o["format"], language) for o in summary["outputs"] for language in o["language"].split(",")}
    for name in BUILDERS:  # the web site holds every language in one output
        assert {(name, "zh-Hant"), (name, "en")} <= built, name
