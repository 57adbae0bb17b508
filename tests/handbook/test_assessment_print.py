"""The final assessment in print: never in the participant workbook; in the facilitator guide, its key with
the choices in their printed order and the answers by the printed letters. Read back from the PDFs."""

from __future__ import annotations

import pytest

from builder.builders.handbook.content import answers, letter, printed_choices, reasons
from builder.builders.handbook.strings import Strings
from builder.structure import QuestionType
from tests.handbook.conftest import LANGUAGES
from tests.handbook.pdf import page_texts, squeeze

CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)


def _text(pdf) -> str:
    return squeeze("".join(page_texts(pdf)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_workbook_never_prints_the_final_assessment(handbooks, example_course, language):
    workbook = _text(handbooks[language, "participant"])
    assert squeeze(Strings(language)("assessment_key")) not in workbook
    for question in example_course.assessment.questions:
        assert squeeze(question.prompt[language]) not in workbook, question.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_prints_the_final_assessment_key_with_reasons(handbooks, example_course, language):
    guide = _text(handbooks[language, "facilitator"])
    strings = Strings(language)
    printed = printed_choices(example_course)
    key = guide[guide.index(squeeze(strings("assessment_key.lead", title=example_course.assessment.title[language]))):]
    for question in example_course.assessment.questions:
        assert squeeze(question.prompt[language]) in key, question.id
        for line in (*answers(question, language, strings, printed), *reasons(question, language, printed)):
            assert squeeze(line) in key, (question.id, line)
    assert squeeze(strings("assessment_key.draw", count=3, total=4)) in key


def _printed_order(text: str, question, language: str) -> list[str]:
    """The choice ids in the order their texts follow the question's prompt in `text`."""
    start = text.index(squeeze(question.prompt[language]))
    found = {c.id: text.index(squeeze(c.text[language]), start) for c in question.choices}
    return sorted(found, key=found.get)


@pytest.mark.parametrize("language", LANGUAGES)
def test_letters_of_the_keys_are_the_printed_letters(handbooks, example_course, language):
    workbook = _text(handbooks[language, "participant"])
    guide = _text(handbooks[language, "facilitator"])
    printed = printed_choices(example_course)
    practice = [q for q in example_course.questions() if q.type in CHOICE_TYPES]
    bank = [q for q in example_course.assessment.questions if q.type in CHOICE_TYPES]
    assert practice and bank
    for question, pdf in [*((q, workbook) for q in practice), *((q, guide) for q in bank)]:
        order = _printed_order(pdf, question, language)
        assert order == [c.id for c in printed(question)], question.id
        for index, choice_id in enumerate(order):
            choice = next(c for c in question.choices if c.id == choice_id)
            assert squeeze(f"{letter(index)}. {choice.text[language]}") in pdf, (question.id, choice_id)
            if choice.correct:  # the key names the right choice by the letter it was printed under
                assert squeeze(f"{letter(index)}. {choice.text[language]}") in guide


def test_printed_order_is_not_simply_the_written_order(example_course):
    printed = printed_choices(example_course)
    questions = [q for q in example_course.all_questions() if q.type in CHOICE_TYPES]
    moved = [q.id for q in questions if [c.id for c in printed(q)] != [c.id for c in q.choices]]
    assert len(moved) >= len(questions) // 2, moved
    # The right answer of the written-first questions does not stay first in print.
    firsts = [q for q in questions if q.type is QuestionType.SINGLE and q.choices[0].correct]
    assert any(not printed(q)[0].correct for q in firsts)
