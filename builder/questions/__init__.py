"""The question types: one entry per type in each of the two registries, this one (validation, what the player
scores with, the stored answer's worst case, printing) and builder/runtime/static/questions.js (showing, reading,
scoring and recording it in the player). A new type is one class here, listed below, one entry there, the
template its `exercise` names, and its member of the model's QuestionType (with any field it needs).
"""

from __future__ import annotations

from builder.questions.base import InLanguage, Printed, QuestionKind, letter, scrambled
from builder.questions.choice import Multiple, Single
from builder.questions.fill_in import FillIn
from builder.questions.matching import Matching
from builder.questions.numeric import Numeric
from builder.questions.ordering import Ordering
from builder.questions.true_false import TrueFalse
from builder.structure import Question

QUESTION_KINDS: dict[str, QuestionKind] = {
    kind.name: kind for kind in (Single(), Multiple(), TrueFalse(), FillIn(), Matching(), Ordering(), Numeric())
}


def kind_of(question: Question | str) -> QuestionKind:
    """The registry's entry for a question (or a type name)."""
    return QUESTION_KINDS[question if isinstance(question, str) else question.type.value]


__all__ = ["QUESTION_KINDS", "InLanguage", "Printed", "QuestionKind", "kind_of", "letter", "scrambled"]
