"""The classroom kit's source keys: printables, materials that name them, model answers, workbook steps,
course.yaml's classroom and handbook sides. Each mistake is reported with its file, line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.loader import load_course
from builder.structure import PrintableKind
from tests.edits import COURSE, LESSON, line_of, replace

CLOSING = "lessons/02-closing/lesson.yaml"


def _diagnostic(report, *says: str):
    found = [d for d in report.diagnostics if all(s in d.message + " " + d.hint for s in says)]
    assert found, f"nothing says {says}:\n{report.render()}"
    return found[0]


def test_the_example_course_loads_every_classroom_key(example_course):
    greeting, closing = example_course.lessons
    assert [p.id for p in example_course.printables()] == ["greet-call-cards", "greet-roles", "greet-plan",
                                                            "close-steps"]
    roles = example_course.printable("greet-roles")
    assert roles.kind == PrintableKind.ROLE_CARD and roles.per == "pair" and roles.cards_per_page == 2
    assert [s.role["en"] for s in roles.sheets] == ["Caller", "Agent"]
    assert "<strong>A lost parcel.</strong>" in example_course.printable("greet-call-cards").sheets[0].body["en"]
    plan = example_course.printable("greet-plan")
    assert plan.kind == PrintableKind.WORKSHEET and plan.writing_lines == 6 and plan.copies_for(
        example_course.classroom) == 12
    assert example_course.printable("greet-call-cards").copies_for(example_course.classroom) == 6
    assert example_course.printable("close-steps").copies_for(example_course.classroom) == 2
    assert [m.printable for m in greeting.all_materials()] == [None, "greet-plan", "greet-call-cards", "greet-roles"]
    assert "Acme" in greeting.activities[0].model_answer["en"]
    assert [s.workbook for s in greeting.facilitator] == ["first-words", None, "job-aid"]
    assert closing.facilitator[0].workbook == "close"
    classroom = example_course.classroom
    assert (classroom.participants, classroom.group_size, classroom.start) == (12, 3, "09:00")
    assert [(b.after, b.minutes, b.title["en"]) for b in classroom.breaks] == [("greeting", 15, "Coffee break")]
    assert len(classroom.checklist) == 2
    assert example_course.facilitator_page.title["zh-Hant"] == "講師須知"


def test_a_materials_line_naming_an_unknown_printable_is_an_error_with_a_suggestion(course_copy: Path):
    replace(course_copy, LESSON, "      - printable: greet-roles", "      - printable: greet-role")
    course, report = load_course(course_copy)
    found = _diagnostic(report, "names the printable 'greet-role'", "did you mean 'greet-roles'?")
    assert course is None and found.severity.value == "error" and found.code == "unknown-printable"
    assert (found.file, found.line) == (LESSON, line_of(course_copy, LESSON, "printable: greet-role"))


def test_a_printable_nothing_names_is_a_warning(course_copy: Path):
    replace(course_copy, CLOSING, "materials:\n  - printable: close-steps\n", "")
    course, report = load_course(course_copy)
    found = _diagnostic(report, "no materials list names the printable 'close-steps'", "- printable: close-steps")
    assert course is not None and found.severity.value == "warning" and found.code == "printable-not-used"
    assert (found.file, found.line) == (CLOSING, line_of(course_copy, CLOSING, "id: close-steps"))


@pytest.mark.parametrize(("old", "new", "says", "at"), [
    ("    cards:                 # role cards: one card per side, each says whose it is",
     "    body: {en: x, zh-Hant: x}\n    cards:",
     ("has a 'body'; cards are written under 'cards'",), "body: {en: x"),
    ("      - for: {en: Caller, zh-Hant: 來電者}\n        body:", "      - body:",
     ("does not say whose role it is", "for: {…}"), "- body:\n"),
    ("    kind: worksheet", "    kind: worksheet\n    cards_per_page: 1", ("'cards_per_page' is for cards",),
     "cards_per_page: 1"),
    ("    kind: task-card        # role-card | task-card | handout | worksheet", "    kind: task-cards", ("did you mean 'task-card'",), "task-cards"),
    ("    per: pair              # participant | pair | group | room: who gets 'copies' (default participant)",
     "    per: table", ("one of participant, pair, group, room",),
     "per: table"),
])
def test_a_misshapen_printable_is_reported_where_it_is_written(course_copy: Path, old, new, says, at):
    replace(course_copy, LESSON, old, new)
    course, report = load_course(course_copy)
    found = _diagnostic(report, *says)
    assert course is None and found.file == LESSON and (found.hint or "must be" in found.message)
    first = at.split("\n")[0]
    assert found.line == line_of(course_copy, LESSON, first) or (first == "- body:" and found.line > 0)


def test_a_printable_id_is_unique_in_the_course(course_copy: Path):
    replace(course_copy, CLOSING, "  - id: close-steps", "  - id: greet-plan")
    replace(course_copy, CLOSING, "  - printable: close-steps", "  - printable: greet-plan")
    _, report = load_course(course_copy)
    _diagnostic(report, "the id 'greet-plan' is already used by the printable")


def test_a_step_using_an_unknown_workbook_item_is_an_error_listing_the_items(course_copy: Path):
    replace(course_copy, LESSON, "workbook: first-words", "workbook: first-word")
    course, report = load_course(course_copy)
    found = _diagnostic(report, "uses 'first-word' of the workbook", "did you mean 'first-words'?",
                        "stressed-callers", "greet-pairs", "job-aid", "reflection", "exercises")
    assert course is None and found.code == "unknown-workbook-item"
    assert (found.file, found.line) == (LESSON, line_of(course_copy, LESSON, "workbook: first-word"))


def test_exercises_are_a_workbook_item_only_when_the_lesson_has_a_quiz(course_copy: Path):
    (course_copy / "lessons/02-closing/quiz.yaml").unlink()
    replace(course_copy, CLOSING, "workbook: close", "workbook: exercises")
    _, report = load_course(course_copy)
    _diagnostic(report, "uses 'exercises' of the workbook")


@pytest.mark.parametrize(("old", "new", "says"), [
    ("    - after: greeting", "    - after: greetings", ("after the lesson 'greetings'", "did you mean 'greeting'")),
    ('  start: "09:00"', "  start: 9:00", ('write the time as "09:00", in quotes',)),
    ('  start: "09:00"', '  start: "25:00"', ('write the time as "09:00", in quotes',)),
    ("  participants: 12", "  participants: 0", ("participants must be a whole number at least 1",)),
    ("  sides: double", "  sides: one", ("sides must be one of double, single",)),
])
def test_course_yaml_classroom_and_sides_mistakes(course_copy: Path, old, new, says):
    replace(course_copy, COURSE, old, new)
    course, report = load_course(course_copy)
    found = _diagnostic(report, *says)
    assert course is None and found.file == COURSE
    assert found.line == line_of(course_copy, COURSE, new.strip().split(":")[0] + ":", last="after" in new)


def test_a_break_after_the_last_lesson_is_a_warning(course_copy: Path):
    replace(course_copy, COURSE, "    - after: greeting", "    - after: closing")
    course, report = load_course(course_copy)
    found = _diagnostic(report, "after 'closing', the last lesson")
    assert course is not None and found.severity.value == "warning"


def test_model_answers_and_printables_stay_out_of_the_scorm_player(example_course):
    from builder.runtime.data import course_data
    from builder.runtime.units import PackagingMode

    data = str(course_data(example_course, "en", PackagingMode.SINGLE))
    assert "Acme, this is Lee. I'm sorry" not in data
    assert "calling from a train" not in data
