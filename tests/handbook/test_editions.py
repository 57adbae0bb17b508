"""What each edition holds: no answer in the workbook, every answer and real workbook pages in the guide."""

from __future__ import annotations

import re

import pytest

from builder.builders.handbook.content import activity_anchor, agenda, answers, printed_choices, reasons
from builder.builders.handbook.strings import Strings
from tests.handbook.conftest import LANGUAGES
from tests.handbook.pdf import page_texts, squeeze

# Single, multiple and true/false answers are options the workbook prints too; their key is checked in the guide.
CHOSEN_FROM_OPTIONS = {"single", "multiple", "true-false"}


def answer_texts(course, language: str) -> tuple[list[str], list[str]]:
    """(every line of the answer key, the lines that give an answer away if printed)."""
    strings = Strings(language)
    printed = printed_choices(course)
    key, secrets = [], []
    for _, quiz in course.lesson_quizzes():
        for question in quiz.questions:
            lines = answers(question, language, strings, printed)
            key += [*lines, *reasons(question, language, printed)]
            secrets += reasons(question, language, printed)
            if question.type not in CHOSEN_FROM_OPTIONS:
                secrets += lines
    return key, secrets


@pytest.mark.parametrize("language", LANGUAGES)
def test_workbook_has_no_answer_and_guide_has_every_answer(handbooks, example_course, language):
    workbook = squeeze("".join(page_texts(handbooks[language, "participant"])))
    guide = squeeze("".join(page_texts(handbooks[language, "facilitator"])))
    key, secrets = answer_texts(example_course, language)
    assert len(key) >= 20 and len(secrets) >= 14  # the example course's 10 questions, with reasons
    for text in key:
        assert squeeze(text) in guide, text
    for text in secrets:
        assert squeeze(text) not in workbook, text
    assert squeeze(Strings(language)("answer_key")) not in workbook
    # every question is printed in the workbook as an exercise
    for _, quiz in example_course.lesson_quizzes():
        for question in quiz.questions:
            assert squeeze(question.prompt[language]) in workbook


def test_printed_exercise_order_is_not_the_answer(example_course):
    from builder.builders.handbook.content import matching_right, ordering_items

    for question in example_course.questions():
        if question.type == "ordering":
            assert ordering_items(question) != list(question.choices)
        if question.type == "matching":
            assert matching_right(question) != list(question.pairs)


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_page_references_are_the_workbook_pages(handbooks, example_course, language):
    workbook = page_texts(handbooks[language, "participant"])
    guide = squeeze("".join(page_texts(handbooks[language, "facilitator"])))
    reference = squeeze(Strings(language)("workbook_page", page=999)).replace("999", r"(\d+)")
    checked = 0
    for lesson in example_course.lessons:
        for activity in lesson.activities:
            title = squeeze(activity.title[language])
            found = re.search(re.escape(title) + reference.replace("(\\d+)", "PAGE").replace("PAGE", r"(\d+)"), guide)
            assert found, f"the guide gives no workbook page for {activity.id}"
            page = int(found[1])
            assert title in squeeze(workbook[page - 1]), f"{activity.id} is not on workbook page {page}"
            assert title not in squeeze(workbook[page - 2]), f"{activity.id} begins before page {page}"
            checked += 1
    assert checked == sum(len(lesson.activities) for lesson in example_course.lessons) > 0


def test_guide_page_references_when_only_the_guide_is_built(example_course, handbooks, tmp_path):
    from tests.handbook.conftest import build_handbooks

    built, report = build_handbooks(example_course, tmp_path, languages=("en",), editions=("facilitator",))
    assert not report.has_errors, report.render()
    assert list(built) == [("en", "facilitator")]
    assert built["en", "facilitator"].read_bytes() == handbooks["en", "facilitator"].read_bytes()
    assert not (tmp_path / handbooks["en", "participant"].name).exists()


def test_guide_agenda_runs_a_clock_over_every_step(handbooks, example_course):
    guide = squeeze("".join(page_texts(handbooks["en", "facilitator"])))
    for lesson in example_course.lessons:
        rows, end, total = agenda(lesson)
        assert total == lesson.duration
        for row in rows:
            assert squeeze(f"{row.start}{row.minutes}") in guide
        assert squeeze(f"{end}{total}End") in guide
    first = example_course.lessons[0]
    assert [r.start for r in agenda(first)[0]] == ["0:00", "0:05", "0:20"]
    assert activity_anchor(first, first.activities[0]) == "activity-greeting-greet-pairs"
