"""The course data the player reads (`data/course.js`): the whole course in one language, each unit's rules,
what waits for what, and fingerprints that let a resumed attempt keep the parts of its stored state whose
structure has not changed. Everything derivable is decided here (rules.py); the player applies it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from lxml.builder import E

from builder.collation import in_dictionary_order
from builder.questions import InLanguage, kind_of
from builder.runtime.rules import assessment_needs, lesson_needs, unit_rules
from builder.runtime.scenarios import scenario_data
from builder.runtime.units import PackagingMode, lesson_pages, text_in, unit_ids
from builder.scenario.rules import lesson_shares
from builder.structure import Course, GlossaryEntry, Lesson, Page, Question, Quiz, QuizSettings
from builder.termlinks import link_terms

DATA_FORMAT = 1


def course_data(course: Course, language: str, mode: PackagingMode, state_limit: int = 0) -> dict[str, Any]:
    """`state_limit`: the characters of saved state the delivery's LMS must keep (0: no limit), so that the player
    can say so if it ever wrote more (the build checks the worst case, builder/runtime/state.py)."""

    def t(text: Any) -> str:
        return text_in(text, language, course)

    return {
        "format": DATA_FORMAT,
        "id": course.id,
        "version": course.version,
        "language": language,
        "stateLimit": state_limit,
        "title": t(course.title),
        "units": {unit: unit_rules(course, unit).data() for unit in unit_ids(course, mode)},
        "introduction": _page(course.introduction, "introduction", course, language) if course.introduction else None,
        "lessons": [_lesson(lesson, course, language, lesson_needs(course, n, mode))
                    for n, lesson in enumerate(course.lessons)],
        "assessment": _assessment(course, language, assessment_needs(course, mode)),
        "glossary": [
            {"id": entry.id, "term": t(entry.term), "definition": t(entry.definition)}
            for entry in in_dictionary_order(course.glossary, language, lambda e: t(e.term), lambda e: e.id)
        ],
    }


def quiz_fingerprint(questions: tuple[Question, ...], settings: QuizSettings, draw: tuple[tuple[str, int], ...] = ()) -> str:
    """Changes whenever a stored answer could no longer mean the same thing: question ids, types, the ids and
    order of their choices, and how many questions an attempt holds."""
    shape = [[q.id, q.type.value, [c.id for c in q.choices], [p.id for p in q.pairs],
              q.fill_in.max_length if q.fill_in else 0] for q in questions]
    return _fingerprint([shape, settings.draw, settings.attempts, list(draw)])


def pages_fingerprint(pages: list[Page]) -> str:
    return _fingerprint([page.id for page in pages])


def _lesson(lesson: Lesson, course: Course, language: str, needs: list[str] | None) -> dict[str, Any]:
    pages = lesson_pages(lesson)
    return {
        "id": lesson.id,
        "number": lesson.number,
        "title": text_in(lesson.title, language, course),
        "objectives": [{"id": o.id, "text": text_in(o.text, language, course)} for o in lesson.objectives],
        "pages": [_page(page, page.id, course, language) for page in pages],
        "pagesFingerprint": pages_fingerprint(pages),
        "quiz": _quiz(lesson.quiz, course, language) if lesson.quiz else None,
        "scenarios": [scenario_data(s, course, language) for s in lesson.scenarios],
        "shares": _shares(lesson),
        "needs": needs,
    }


def _shares(lesson: Lesson) -> list[int]:
    """[quiz percent, scenario percent, index of the assessed scenario or -1]: how its lesson score is made."""
    shares = lesson_shares(lesson)
    index = next((i for i, s in enumerate(lesson.scenarios) if s.id == shares.scenario_id), -1)
    return [shares.quiz, shares.scenario, index]


def _assessment(course: Course, language: str, needs: list[str] | None) -> dict[str, Any] | None:
    if not course.assessment:
        return None
    questions = course.assessment.questions  # each lesson's bank, in draw order; the player draws per lesson
    return {
        "title": text_in(course.assessment.title, language, course),
        "settings": _settings(course.assessment.settings),
        "draw": [[lesson_id, count] for lesson_id, count in course.assessment.draw],
        "perAttempt": sum(count for _, count in course.assessment.draw),
        "questions": [_question(q, course, language) for q in questions],
        "fingerprint": quiz_fingerprint(questions, course.assessment.settings, course.assessment.draw),
        "needs": needs,
    }


def _quiz(quiz: Quiz, course: Course, language: str) -> dict[str, Any]:
    return {
        "settings": _settings(quiz.settings),
        "questions": [_question(q, course, language) for q in quiz.questions],
        "perAttempt": quiz.questions_per_attempt,
        "fingerprint": quiz_fingerprint(quiz.questions, quiz.settings),
    }


def _settings(settings: QuizSettings) -> dict[str, Any]:
    return {
        "passMark": settings.pass_mark,
        "shuffleQuestions": settings.shuffle_questions,
        "shuffleChoices": settings.shuffle_choices,
        "draw": settings.draw if isinstance(settings.draw, int) else 0,
        "attempts": settings.attempts,
        "feedback": settings.feedback.value,
    }


def _question(q: Question, course: Course, language: str) -> dict[str, Any]:
    """What every question has, then what its type shows and scores it with (builder/questions)."""
    text = InLanguage(language, course.source_language)
    return {
        "id": q.id,
        "type": q.type.value,
        "lesson": q.lesson,
        "objective": q.objective,
        "prompt": text(q.prompt),
        "points": q.points,
        "feedbackCorrect": text(q.feedback_correct) if q.feedback_correct else "",
        "feedbackIncorrect": text(q.feedback_incorrect) if q.feedback_incorrect else "",
        **kind_of(q).runtime_data(q, text),
    }


def _page(page: Page, page_id: str, course: Course, language: str) -> dict[str, Any]:
    html = link_terms(text_in(page.html, language, course), course.glossary, language,
                      lambda entry, written: _term(entry, written, course, language))
    data = {"id": page_id, "title": text_in(page.title, language, course), "html": html}
    checks = page.checks_in(language) or page.checks_in(course.source_language)  # a draft language has its source's
    if checks:  # by the id in the page's HTML (blocks.js puts each where it stands)
        data["checks"] = {check.id: _question(check.question, course, language) for check in checks}
    return data


def _term(entry: GlossaryEntry, written: str, course: Course, language: str) -> list[Any]:
    """A glossary term in page text: a button that opens its definition in a native popover (no script: Enter or
    Space opens it, Escape or a click elsewhere closes it, the focus stays on the button), the definition also
    being the button's description, read when the button takes the focus."""
    target = f"gt-{entry.id}"
    return [E.button(written, {"type": "button", "class": "term", "popovertarget": target, "aria-describedby": target}),
            E.span(text_in(entry.definition, language, course), {"class": "term-def", "id": target, "popover": ""})]


def _fingerprint(value: object) -> str:
    return hashlib.sha256(json.dumps(value, separators=(",", ":")).encode()).hexdigest()[:8]
