"""The one fixed order of each question's choices, for media that cannot shuffle per learner (print).

Authors tend to write the right answer first (or longest, or last); printing choices as written would
hand that habit to every reader. The printed order is therefore fixed by the question and choice ids
(the same sources always print the same way) and balanced across a pool: among the pool's single-choice
questions, each position holds the right answer about equally often, assigned in an order that does not
follow the printed one, so no A-B-C-D pattern shows. The item checks and the handbooks both call this.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from builder.structure.quiz import Choice, Question, QuestionType

SHUFFLED_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)


def _rank(*ids: str) -> str:
    return hashlib.sha256("\0".join(ids).encode()).hexdigest()


def static_orders(pool: Iterable[Question]) -> dict[str, tuple[Choice, ...]]:
    """Question id → its choices in printed order, for every single and multiple question of the pool.
    A question with `shuffle` False keeps its written order."""
    questions = [q for q in pool if q.type in SHUFFLED_TYPES]
    singles = sorted((q for q in questions if q.shuffle and q.type is QuestionType.SINGLE), key=lambda q: _rank(q.id))
    slot = {q.id: index % len(q.choices) for index, q in enumerate(singles)}
    orders: dict[str, tuple[Choice, ...]] = {}
    for question in questions:
        if not question.shuffle:
            orders[question.id] = question.choices
            continue
        if question.id not in slot:
            orders[question.id] = tuple(sorted(question.choices, key=lambda c: _rank(question.id, c.id)))
            continue
        wrong = sorted((c for c in question.choices if not c.correct), key=lambda c: _rank(question.id, c.id))
        wrong.insert(slot[question.id], question.correct_choices[0])
        orders[question.id] = tuple(wrong)
    return orders
