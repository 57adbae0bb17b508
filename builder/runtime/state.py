"""The learner's saved state: its layout, and the longest one the player can write, known at build time.

The player (static/state.js) stores its state (SCORM's suspend_data; localStorage without an LMS) as compact
JSON, one key per part:

    {"v":1,"c":course version,"l":location,"i":introduction seen 0/1,
     "p":[[pages fingerprint,"0101"] per lesson of the unit],
     "q":[lesson quiz state or 0 per lesson of the unit],
     "a":final assessment state or 0,
     "s":[[scenario state per scenario of the lesson, in file-name order] or 0 per lesson of the unit]}

    quiz state: [fingerprint, attempts used (capped at 99), best %×100 or -1, last %×100 or -1,
                 seed, phase, position, [question index per drawn question], [answer or 0 per drawn question]]

    scenario state: [fingerprint, attempts used (capped at 99), best run's points or -1,
                     best run's ending (node index) or -1, current node index or -1 (no run under way),
                     [meter value per meter, in declared order], path]

An answer is a short string: a choice index in base 36 (single), several (multiple), "t"/"f",
the typed text (fill-in), the right item's index per left item (matching), item indices (ordering),
or a normalised number (numeric); each type gives its longest (builder/questions, `worst_answer`).

"s" is there only in units whose lessons have scenarios. A scenario's path is the run under way: one character
per choice taken, the choice's index among its node's choices in base 36 (a node has at most 20 choices), at
most `stored_steps` characters (the scenario's longest run, or 64 when a run can loop: see
builder/scenario/rules.py). The node and the meters are stored as well as the path, so a run longer than the
stored path still resumes exactly. The fingerprint is `rules.fingerprint`: a state made for another version of
the scenario is dropped, not misread.
This module builds the largest such state for a unit and measures it exactly as JSON.stringify would
write it.
"""

from __future__ import annotations

import json
from typing import Any

from builder.questions import kind_of
from builder.runtime.data import pages_fingerprint, quiz_fingerprint
from builder.runtime.units import holds_assessment, lesson_pages, unit_lessons
from builder.scenario import rules as scenario_rules
from builder.structure import Course, Lesson, Question
from builder.structure.scenario import Scenario

STATE_FORMAT = 1
MAX_ATTEMPTS_STORED = 99
MAX_PERCENT = 10000  # a percentage ×100
MAX_SEED = 2**32 - 1
PHASE_MAX = 2


def worst_case_length(course: Course, unit: str) -> int:
    """The longest state the player could write for that unit (fill-in answers at max_length, every question
    answered, every page visited...), in characters."""
    return len(encode(worst_case_state(course, unit)))


def encode(state: dict[str, Any]) -> str:
    """The same characters as the player's JSON.stringify of the same state."""
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def worst_case_state(course: Course, unit: str) -> dict[str, Any]:
    """The largest state of each part, keyed as the player writes it; a new part is one more key here and in
    state.js (the round trip in tests/js checks that both read the same)."""
    lessons = unit_lessons(course, unit)
    return {
        "v": STATE_FORMAT,
        "c": course.version,
        "l": _longest_location(lessons),
        "i": 1,
        "p": [[pages_fingerprint(lesson_pages(lesson)), "1" * len(lesson_pages(lesson))] for lesson in lessons],
        "q": [_worst_lesson_quiz(lesson) for lesson in lessons],
        "a": _worst_assessment(course) if holds_assessment(course, unit) else 0,
        **worst_scenario_part(lessons),
    }


def _longest_location(lessons: list[Lesson]) -> str:
    # Locations (see player.js): "i", "m", "g", "a", "p<lesson>.<page>", "q<lesson>", indices in the unit.
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
    return kind_of(q).worst_answer(q)


def worst_scenario_part(lessons: list[Lesson]) -> dict[str, Any]:
    """{"s": ...} at its longest for these lessons, or {} when none has a scenario (nothing is stored)."""
    if not any(lesson.scenarios for lesson in lessons):
        return {}
    return {"s": [[worst_scenario_state(s) for s in lesson.scenarios] if lesson.scenarios else 0
                  for lesson in lessons]}


def worst_scenario_state(scenario: Scenario) -> list[Any]:
    endings = [i for i, node in enumerate(scenario.nodes) if node.ending]
    return [
        scenario_rules.fingerprint(scenario),
        scenario_rules.MAX_ATTEMPTS_STORED,
        _widest(-1, scenario.facts.best_points),
        _widest(-1, max(endings)),
        _widest(-1, len(scenario.nodes) - 1),
        [_widest(m.minimum, m.maximum) for m in scenario.meters],  # no value in the range is written longer
        "0" * scenario_rules.stored_steps(scenario),
    ]


def _widest(*numbers: int) -> int:
    return max(numbers, key=lambda n: len(str(n)))
