"""Numeric: a number, right within a tolerance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from builder.questions.base import InLanguage, Printed, QuestionKind
from builder.structure import Question

if TYPE_CHECKING:
    from builder.loader.schema import Context, Rec

# The longest number the player takes (its input's maxlength); it stores a normalised number no longer.
MAX_LENGTH = 32


def _number(value: float) -> str:
    return f"{value:g}"


class Numeric(QuestionKind):
    name = "numeric"
    keys = ("value", "tolerance")
    exercise = "questions/numeric.html"

    def build(self, raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
        if raw.get("value") is None:
            ctx.error(raw.line, f"numeric question '{qid}' has no 'value'", "add 'value: 42' (the right answer)",
                      code="unanswerable")
            return None
        if raw["tolerance"] < 0:
            ctx.error(raw.line_of("tolerance"), f"numeric question '{qid}' has a negative tolerance ({raw['tolerance']})",
                      "use 0 for an exact answer, or a positive margin such as 0.5", code="unanswerable")
            return None
        return {"numeric_value": float(raw["value"]), "numeric_tolerance": float(raw["tolerance"])}

    def runtime_data(self, question: Question, text: InLanguage) -> dict[str, Any]:
        return {"value": question.numeric_value, "tolerance": question.numeric_tolerance, "maxLength": MAX_LENGTH}

    def worst_answer(self, question: Question) -> str:
        return "0" * MAX_LENGTH

    def answer_lines(self, question: Question, language: str, printed: Printed) -> list[str]:
        value = question.numeric_value or 0.0
        if not question.numeric_tolerance:
            return [_number(value)]
        low, high = value - question.numeric_tolerance, value + question.numeric_tolerance
        return [printed.words("tolerance", value=_number(value), low=_number(low), high=_number(high))]
