"""What the templates print, worked out from the model: agendas, exercise orders, answer keys."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from builder.builders.handbook.strings import Strings
from builder.structure import Activity, Choice, Course, FacilitatorStep, Lesson, MatchPair, Question, QuestionType
from builder.structure.order import static_orders

T = TypeVar("T")


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def letter(index: int) -> str:
    """A, B, … Z, AA, AB…: choice labels that never run out."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


@dataclass(frozen=True)
class AgendaRow:
    start: str
    minutes: int
    step: FacilitatorStep
    activity: Activity | None
    workbook: str | None = None  # the anchor of what the step uses in the workbook


def agenda(lesson: Lesson) -> tuple[tuple[AgendaRow, ...], str, int]:
    """The lesson's steps with a running clock; a step that runs an activity takes the activity's minutes."""
    rows = []
    elapsed = 0
    for step in lesson.facilitator:
        activity = lesson.activity(step.activity) if step.activity else None
        minutes = activity.minutes if activity else step.minutes
        used = activity_anchor(lesson, activity) if activity else None
        if step.workbook:
            used = workbook_anchor(lesson, step.workbook)
        rows.append(AgendaRow(clock(elapsed), minutes, step, activity, used))
        elapsed += minutes
    return tuple(rows), clock(elapsed), elapsed


def activity_anchor(lesson: Lesson, activity: Activity) -> str:
    return f"activity-{lesson.id}-{activity.id}"


def workbook_anchor(lesson: Lesson, target: str) -> str:
    """Where a workbook item starts: a page or activity of the lesson by id, or its job-aid, reflection, exercises."""
    if target in ("job-aid", "reflection", "exercises"):
        return f"{target}-{lesson.id}"
    if any(a.id == target for a in lesson.activities):
        return f"activity-{lesson.id}-{target}"
    return f"page-{lesson.id}-{target}"


def _scrambled(items: tuple[T, ...], key: Callable[[T], str]) -> list[T]:
    """A fixed order that is not the answer: sorted by a hash of each id, rotated if it came out solved."""
    order = sorted(items, key=lambda item: hashlib.sha256(key(item).encode()).hexdigest())
    if len(order) > 1 and order == list(items):
        order = order[1:] + order[:1]
    return order


def ordering_items(question: Question) -> list[Choice]:
    return _scrambled(question.choices, lambda c: c.id)


def matching_right(question: Question) -> list[MatchPair]:
    return _scrambled(question.pairs, lambda p: p.id)


@dataclass(frozen=True)
class PrintedChoices:
    """Each single/multiple question's choices in the order the handbooks print them (see structure/order.py):
    the letters of the workbook, of the answer keys and of the validator's messages are the same."""

    orders: Mapping[str, tuple[Choice, ...]]

    def __call__(self, question: Question) -> tuple[Choice, ...]:
        return self.orders.get(question.id, question.choices)


def printed_choices(course: Course) -> PrintedChoices:
    """Balanced per pool, as the item checks count them: each lesson quiz, each lesson's assessment bank."""
    orders: dict[str, tuple[Choice, ...]] = {}
    for lesson in course.lessons:
        if lesson.quiz:
            orders.update(static_orders(lesson.quiz.questions))
    for lesson in course.lessons:
        if course.assessment:
            # A course still drawing from a quiz (deprecated) prints those questions as the quiz does.
            orders.update(static_orders(q for q in course.assessment.bank(lesson.id) if q.id not in orders))
    return PrintedChoices(orders)


def _number(value: float) -> str:
    return f"{value:g}"


def answers(question: Question, language: str, strings: Strings, printed: PrintedChoices) -> list[str]:
    """The correct answer, written out as the facilitator reads it aloud, with its printed letter."""
    match question.type:
        case QuestionType.SINGLE | QuestionType.MULTIPLE:
            return [f"{letter(i)}. {c.text[language]}" for i, c in enumerate(printed(question)) if c.correct]
        case QuestionType.TRUE_FALSE:
            return [strings("true" if question.true_false else "false")]
        case QuestionType.FILL_IN:
            accepted = question.fill_in.answers(language) if question.fill_in else ()
            return [strings("accepted", answers=" / ".join(accepted))]
        case QuestionType.NUMERIC:
            value = question.numeric_value or 0.0
            if not question.numeric_tolerance:
                return [_number(value)]
            low, high = value - question.numeric_tolerance, value + question.numeric_tolerance
            return [strings("tolerance", value=_number(value), low=_number(low), high=_number(high))]
        case QuestionType.MATCHING:
            right = matching_right(question)
            sep = strings("match_sep")
            return [f"{i}{sep}{letter(right.index(p))}: {p.left[language]}{sep}{p.right[language]}"
                    for i, p in enumerate(question.pairs, start=1)]
        case QuestionType.ORDERING:
            return [strings("order_sep").join(c.text[language] for c in question.choices)]
    return []


def reasons(question: Question, language: str, printed: PrintedChoices) -> list[str]:
    """Why: the question's feedback for a right answer, then each choice's own feedback, by printed letter."""
    found = []
    if question.feedback_correct and question.feedback_correct.get(language):
        found.append(question.feedback_correct[language])
    for i, choice in enumerate(printed(question)):
        if choice.feedback and choice.feedback.get(language):
            found.append(f"{letter(i)}. {choice.feedback[language]}")
    return found
