"""The final assessment's own banks (lessons/<folder>/assessment.yaml): loading, what validate says about
draws, the old quiz-drawn form, and what the SCORM player and its suspend_data budget receive."""

from __future__ import annotations

from pathlib import Path

from builder.loader import load_course
from builder.runtime.data import course_data, quiz_fingerprint
from builder.runtime.state import worst_case_state
from builder.runtime.units import PackagingMode
from builder.structure import Course
from tests.edits import line_of, replace

GREETING_BANK = "lessons/01-greeting/assessment.yaml"
CLOSING_BANK = "lessons/02-closing/assessment.yaml"


def _codes(report) -> list[str]:
    return [d.code for d in report.diagnostics]


def test_the_assessment_holds_each_drawn_lessons_bank(example_course: Course) -> None:
    assessment = example_course.assessment
    assert assessment is not None
    assert [q.id for q in assessment.questions] == [
        "greet-a-missing", "greet-a-parts", "greet-a-offer-first", "greet-a-stressed",
        "close-a-summary", "close-a-thanks-polite", "close-a-check"]
    assert {q.lesson for q in assessment.bank("greeting")} == {"greeting"}
    practice = {q.id for q in example_course.questions()}
    assert practice.isdisjoint(q.id for q in assessment.questions)
    assert example_course.all_questions()[-1].id == "close-a-check"


def test_player_data_carries_the_banks_with_their_lessons(example_course: Course) -> None:
    data = course_data(example_course, "en", PackagingMode.SINGLE)["assessment"]
    assert data["draw"] == [["greeting", 3], ["closing", 2]]
    assert [(q["id"], q["lesson"]) for q in data["questions"]] == [
        (q.id, q.lesson) for q in example_course.assessment.questions]
    assessment = example_course.assessment
    assert data["fingerprint"] == quiz_fingerprint(assessment.questions, assessment.settings, assessment.draw)


def test_worst_case_suspend_data_draws_from_the_banks(example_course: Course) -> None:
    state = worst_case_state(example_course, "course")["a"]
    bank = example_course.assessment.questions
    drawn = [bank[index] for index in state[7]]
    assert [q.lesson for q in drawn] == ["greeting"] * 3 + ["closing"] * 2
    assert "close-a-check" in {q.id for q in drawn}  # the fill-in answer is the longest to store


def test_fixed_order_reaches_the_player(course_copy: Path) -> None:
    replace(course_copy, GREETING_BANK, "    type: single\n    objective: greet-name\n",
            "    type: single\n    objective: greet-name\n    shuffle: false\n")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    questions = {q["id"]: q for q in course_data(course, "en", PackagingMode.SINGLE)["assessment"]["questions"]}
    assert questions["greet-a-missing"]["fixedOrder"] is True
    assert "fixedOrder" not in questions["greet-a-stressed"]


def test_drawing_more_than_a_bank_holds(course_copy: Path) -> None:
    replace(course_copy, "course.yaml", "closing: 2", "closing: 4")
    course, report = load_course(course_copy)
    assert course is None
    [error] = report.errors
    assert (error.file, error.line, error.code) == ("course.yaml", line_of(course_copy, "course.yaml", "closing: 4"),
                                                    "draw-too-many")
    assert error.message == (f"the assessment draws 4 questions from 'closing', but its bank ({CLOSING_BANK}) "
                             "holds only 3")


def test_drawing_from_a_lesson_with_no_bank_and_no_quiz(course_copy: Path) -> None:
    (course_copy / CLOSING_BANK).unlink()
    (course_copy / "lessons/02-closing/quiz.yaml").unlink()
    course, report = load_course(course_copy)
    assert course is None
    [error] = report.errors
    assert (error.file, error.line, error.code) == ("course.yaml", line_of(course_copy, "course.yaml", "closing: 2"),
                                                    "no-bank")
    assert error.message == "the assessment draws from 'closing', which has no assessment.yaml"
    assert "lessons/02-closing/assessment.yaml" in error.hint


def test_an_old_course_drawing_from_quizzes_still_builds_with_a_deprecation_warning(course_copy: Path) -> None:
    (course_copy / GREETING_BANK).unlink()
    (course_copy / CLOSING_BANK).unlink()
    course, report = load_course(course_copy)
    assert course is not None and course.assessment is not None, report.render()
    warnings = [d for d in report.warnings if d.code == "assessment-from-quiz"]
    assert [(d.file, d.line) for d in warnings] == [
        ("course.yaml", line_of(course_copy, "course.yaml", "greeting: 3")),
        ("course.yaml", line_of(course_copy, "course.yaml", "closing: 2"))]
    assert warnings[0].message == ("the final assessment draws from the practice quiz of 'greeting' "
                                   "(lessons/01-greeting/quiz.yaml): learners have already seen those questions "
                                   "and their answers")
    assert "lessons/01-greeting/assessment.yaml" in warnings[0].hint and "format 2" in warnings[0].hint
    # As before: the quiz questions, in draw order.
    assert course.assessment.questions == course.lessons[0].quiz.questions + course.lessons[1].quiz.questions
    # Those questions are checked once, as practice: no item check repeats itself for the assessment.
    assert "assessment-in-practice" not in _codes(report)


def test_a_bank_nothing_draws_from(course_copy: Path) -> None:
    replace(course_copy, "course.yaml", "    closing: 2\n", "")
    course, report = load_course(course_copy)
    assert course is not None
    [warning] = [d for d in report.warnings if d.code == "bank-not-drawn"]
    assert (warning.file, warning.line) == (CLOSING_BANK, 0)
    assert warning.message == "the final assessment does not draw from this bank ('closing')"
    assert warning.hint.startswith("add 'closing: 3' under 'draw:' of 'assessment:' in course.yaml")


def test_a_bank_question_for_an_objective_the_lesson_lacks(course_copy: Path) -> None:
    replace(course_copy, CLOSING_BANK, "objective: close-thanks", "objective: close-thank")
    course, report = load_course(course_copy)
    assert course is None
    [error] = report.errors
    assert (error.file, error.line, error.code) == (
        CLOSING_BANK, line_of(course_copy, CLOSING_BANK, "objective: close-thank"), "unknown-objective")


def test_an_objective_no_bank_question_assesses(course_copy: Path) -> None:
    replace(course_copy, CLOSING_BANK, "objective: close-thanks", "objective: close-summary")
    course, report = load_course(course_copy)
    assert course is not None
    [warning] = [d for d in report.warnings if d.code == "objective-not-in-bank"]
    assert warning.file == CLOSING_BANK
    assert warning.message == "no final-assessment question assesses the objective 'close-thanks'"


def test_bank_and_quiz_ids_are_unique_across_the_course(course_copy: Path) -> None:
    replace(course_copy, CLOSING_BANK, "id: close-a-summary", "id: close-q1")
    course, report = load_course(course_copy)
    assert course is None
    [error] = report.errors
    assert (error.file, error.code) == (CLOSING_BANK, "duplicate-id")
    assert "the id 'close-q1' is already used by the question (lessons/02-closing/quiz.yaml:" in error.message


def test_a_broken_bank_is_reported_once(course_copy: Path) -> None:
    replace(course_copy, CLOSING_BANK, "    type: fill-in\n", "    type: fill-inn\n")
    course, report = load_course(course_copy)
    assert course is None
    assert [(d.file, d.code) for d in report.errors] == [(CLOSING_BANK, "wrong-type")]
    assert "did you mean 'fill-in'?" in report.errors[0].hint
