"""The longest suspend_data the player can write, known at build time.

The player (static/player/state.js) stores its state as compact JSON:

    {"v":1,"c":course version,"l":location,"i":introduction seen 0/1,
     "p":[[pages fingerprint,"0101"] per lesson of the SCO],
     "q":[lesson quiz state or 0 per lesson of the SCO],
     "a":final assessment state or 0}

    quiz state: [fingerprint, attempts used (capped at 99), best %×100 or -1, last %×100 or -1,
                 seed, phase, position, [question index per drawn question], [answer or 0 per drawn question]]

An answer is a short string: a choice index in base 36 (single), several (multiple), "t"/"f",
the typed text (fill-in), the right item's index per left item (matching), item indices (ordering),
or a normalised number (numeric). The player strips control characters from typed text, so JSON
escapes at most one extra character per typed one (`"` and `\\`). This module builds the
largest such state for a SCO and measures it exactly as JSON.stringify would write it.
"""

from __future__ import annotations

import json
from typing import Any

from builder.builders.scorm.player import (
    ASSESSMENT_SCO,
    SINGLE_SCO,
    lesson_pages,
    pages_fingerprint,
    quiz_fingerprint,
)
from builder.builders.scorm.scenario_state import worst_scenario_part
from builder.structure import Course, Lesson, Question, QuestionType

SUSPEND_LIMITS = {"1.2": 4096, "2004": 64000}
# SCORM 2004 3rd edition still had the old smallest permitted maximum; the 4th edition raised it.
SUSPEND_LIMIT_2004_3RD = 4000


def suspend_limit(version: str, edition: int | None = None) -> int:
    """The characters of cmi.suspend_data every LMS of that version and edition must store."""
    if version == "2004" and edition == 3:
        return SUSPEND_LIMIT_2004_3RD
    return SUSPEND_LIMITS[version]

STATE_FORMAT = 1
MAX_ATTEMPTS_STORED = 99
MAX_PERCENT = 10000  # a percentage ×100
MAX_SEED = 2**32 - 1
PHASE_MAX = 2
NUMERIC_MAX_LENGTH = 32  # the numeric input's maxlength; the player stores a normalised number no longer
WORST_TYPED_CHAR = '"'  # JSON writes it as two characters


def worst_case_suspend_length(course: Course, language: str, version: str, sco_id: str) -> int:
    """The longest suspend_data the player could write for that SCO (fill-in answers at max_length, every
    question answered, every page visited...)."""
    return len(encode(worst_case_state(course, sco_id)))


def encode(state: dict[str, Any]) -> str:
    """The same characters as the player's JSON.stringify of the same state."""
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def worst_case_state(course: Course, sco_id: str) -> dict[str, Any]:
    lessons = _sco_lessons(course, sco_id)
    with_assessment = course.assessment is not None and sco_id in (SINGLE_SCO, ASSESSMENT_SCO)
    return {
        "v": STATE_FORMAT,
        "c": course.version,
        "l": _longest_location(course, lessons, sco_id),
        "i": 1,
        "p": [[pages_fingerprint(lesson_pages(lesson)), "1" * len(lesson_pages(lesson))] for lesson in lessons],
        "q": [_worst_lesson_quiz(lesson) for lesson in lessons],
        "a": _worst_assessment(course) if with_assessment else 0,
        **worst_scenario_part(lessons),  # "s": see scenario_state.py
    }


def _sco_lessons(course: Course, sco_id: str) -> list[Lesson]:
    if sco_id == SINGLE_SCO:
        return list(course.lessons)
    if sco_id == ASSESSMENT_SCO:
        return []
    return [course.lesson(sco_id)]


def _longest_location(course: Course, lessons: list[Lesson], sco_id: str) -> str:
    # Locations (see player.js): "i", "m", "g", "a", "p<lesson>.<page>", "q<lesson>", indices in the SCO.
    candidates = ["i", "m", "g", "a"]
    for index, lesson in enumerate(lessons):
        candidates.append(f"q{index}")
        candidates.extend(f"p{index}.{page}" for page in range(len(lesson_pages(lesson))))
    return max(candidates, key=len)


def _worst_lesson_quiz(lesson: Lesson) -> list[Any] | int:
    if not lesson.quiz:
        return 0
    pool = lesson.quiz.questions
    drawn = _longest_answers(list(enumerate(pool)), lesson.quiz.questions_per_attempt)
    return _quiz_state(quiz_fingerprint(pool, lesson.quiz.settings), drawn)


def _worst_assessment(course: Course) -> list[Any]:
    assert course.assessment
    pool = course.assessment.questions
    indexed = list(enumerate(pool))
    drawn: list[tuple[int, Question]] = []
    for lesson_id, count in course.assessment.draw:
        drawn.extend(_longest_answers([(i, q) for i, q in indexed if q.lesson == lesson_id], count))
    return _quiz_state(quiz_fingerprint(pool, course.assessment.settings, course.assessment.draw), drawn)


def _longest_answers(candidates: list[tuple[int, Question]], count: int) -> list[tuple[int, Question]]:
    ranked = sorted(candidates, key=lambda item: (len(encode(_worst_answer(item[1]))), item[0]), reverse=True)
    return ranked[:count]


def _quiz_state(fingerprint: str, drawn: list[tuple[int, Question]]) -> list[Any]:
    return [fingerprint, MAX_ATTEMPTS_STORED, MAX_PERCENT, MAX_PERCENT, MAX_SEED, PHASE_MAX, max(len(drawn) - 1, 0),
            [index for index, _ in drawn], [_worst_answer(q) for _, q in drawn]]


def _worst_answer(q: Question) -> str:
    match q.type:
        case QuestionType.SINGLE | QuestionType.TRUE_FALSE:
            return "t"
        case QuestionType.MULTIPLE | QuestionType.ORDERING:
            return "0" * len(q.choices)
        case QuestionType.MATCHING:
            return "0" * len(q.pairs)
        case QuestionType.FILL_IN:
            return WORST_TYPED_CHAR * (q.fill_in.max_length if q.fill_in else 0)
        case QuestionType.NUMERIC:
            return "0" * NUMERIC_MAX_LENGTH
    return ""
