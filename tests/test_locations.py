"""Every part of the model knows where it was written (file and line), and messages raised after loading
(builders, cross-file checks) point there instead of guessing paths."""

from __future__ import annotations

from pathlib import Path

from builder.builders.handbook.sources import locate
from builder.structure import Course, SourceLocation
from tests.conftest import EXAMPLE_COURSE
from tests.edits import LESSON, PAGE, QUIZ, line_of
from tests.scorm.test_package import build, course_with_long_answers


def _line(rel: str, fragment: str, *, last: bool = False) -> int:
    return line_of(EXAMPLE_COURSE, rel, fragment, last=last)


def test_lessons_objectives_activities_questions_know_their_place(example_course: Course) -> None:
    greeting, closing = example_course.lessons
    assert greeting.where == SourceLocation(LESSON, _line(LESSON, "id: greeting"))
    assert closing.where.file == "lessons/02-closing/lesson.yaml"
    assert [o.where for o in greeting.objectives] == [
        SourceLocation(LESSON, _line(LESSON, f"id: {o.id}")) for o in greeting.objectives]
    (activity,) = greeting.activities
    assert activity.where == SourceLocation(LESSON, _line(LESSON, "id: greet-pairs"))
    assert greeting.quiz.where == SourceLocation(QUIZ)
    for question in greeting.quiz.questions:
        assert question.where == SourceLocation(QUIZ, _line(QUIZ, f"id: {question.id}")), question.id
    assert closing.quiz.questions[0].where.file == "lessons/02-closing/quiz.yaml"


def test_pages_and_assets_know_their_place(example_course: Course) -> None:
    greeting = example_course.lessons[0]
    assert greeting.pages[0].location("en") == SourceLocation(PAGE, 1)
    (asset,) = greeting.assets
    assert asset.source == "lessons/01-greeting/assets/headset.svg"
    assert asset.where.file in (PAGE, PAGE.replace(".en.", ".zh-Hant."))
    assert asset.where.line == _line(asset.where.file, "headset.svg")
    assert str(asset.where) == f"{asset.where.file}:{asset.where.line}"


def test_a_printed_text_is_traced_to_its_line(example_course: Course) -> None:
    """What the handbook's font check reports when a character has no glyph."""
    greeting = example_course.lessons[0]
    objective = greeting.objectives[1]
    word = objective.text["en"].split()[-1]
    file, line = locate(example_course, "en", objective.text["en"])
    assert (file, line) == (LESSON, objective.where.line), word
    question = greeting.quiz.questions[2]
    assert locate(example_course, "en", question.prompt["en"]) == (QUIZ, question.where.line)


def test_a_suspend_data_overflow_points_at_the_largest_fill_in_question(course_copy: Path, tmp_path: Path) -> None:
    course = course_with_long_answers(course_copy, 10)
    _, report = build(course, ["scorm12"], tmp_path / "out", mode="single")
    (error,) = [d for d in report.errors if d.code == "suspend-data-too-long" and "(scorm12, en)" in d.message]
    assert (error.file, error.line) == (QUIZ, line_of(course_copy, QUIZ, "id: long-answer-0"))
