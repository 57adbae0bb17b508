"""What the templates print, worked out from the model: agendas, exercise orders, answer keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from builder.builders.handbook.strings import Strings
from builder.questions import kind_of, letter
from builder.questions.matching import Matching
from builder.questions.ordering import Ordering
from builder.structure import (
    Activity,
    Choice,
    Course,
    FacilitatorStep,
    KnowledgeCheck,
    Lesson,
    MatchPair,
    Page,
    Question,
)
from builder.structure.order import static_orders

__all__ = ["AgendaRow", "PrintedChoices", "activity_anchor", "agenda", "answers", "clock", "letter",
           "matching_right", "ordering_items", "page_parts", "printed_choices", "reasons"]


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


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


CHECK_MARK = '<div class="cb-block cb-check" data-check="{}"></div>'  # where a check stands (loader/blocks.py)


def page_parts(page: Page, language: str) -> list[tuple[str, KnowledgeCheck | None]]:
    """The page's HTML cut at its knowledge checks: (HTML, the check after it or None), for the templates to print
    each check as an exercise where it stands."""
    html = page.html[language]
    parts: list[tuple[str, KnowledgeCheck | None]] = []
    for check in page.checks_in(language):
        before, found, html = html.partition(CHECK_MARK.format(check.id))
        if found:
            parts.append((before, check))
        else:
            html = before
    parts.append((html, None))
    return parts


def ordering_items(question: Question) -> list[Choice]:
    return Ordering.printed_items(question)


def matching_right(question: Question) -> list[MatchPair]:
    return Matching.printed_right(question)


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


@dataclass(frozen=True)
class _Printed:
    """The handbook's words and printed choice order, for a question type writing its answer."""

    strings: Strings
    printed: PrintedChoices

    def words(self, key: str, **values: object) -> str:
        return self.strings(key, **values)

    def choices(self, question: Question) -> Sequence[Choice]:
        return self.printed(question)


def answers(question: Question, language: str, strings: Strings, printed: PrintedChoices) -> list[str]:
    """The correct answer, written out as the facilitator reads it aloud, with its printed letter: as its type
    writes it (builder/questions, `answer_lines`)."""
    return kind_of(question).answer_lines(question, language, _Printed(strings, printed))


def reasons(question: Question, language: str, printed: PrintedChoices) -> list[str]:
    """Why: the question's feedback for a right answer, then each choice's own feedback, by printed letter."""
    found = []
    if question.feedback_correct and question.feedback_correct.get(language):
        found.append(question.feedback_correct[language])
    for i, choice in enumerate(printed(question)):
        if choice.feedback and choice.feedback.get(language):
            found.append(f"{letter(i)}. {choice.feedback[language]}")
    return found
