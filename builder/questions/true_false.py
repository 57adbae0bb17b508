"""True or false: a statement and whether it holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from builder.questions.base import InLanguage, Printed, QuestionKind
from builder.structure import Question

if TYPE_CHECKING:
    from builder.loader.schema import Context, Rec


class TrueFalse(QuestionKind):
    name = "true-false"
    keys = ("answer",)
    exercise = "questions/true-false.html"

    def build(self, raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
        if raw.get("answer") is None:
            ctx.error(raw.line, f"true/false question '{qid}' has no 'answer'", "add 'answer: true' or 'answer: false'",
                      code="unanswerable")
            return None
        return {"true_false": raw["answer"]}

    def runtime_data(self, question: Question, text: InLanguage) -> dict[str, Any]:
        return {"answer": bool(question.true_false)}

    def worst_answer(self, question: Question) -> str:
        return "t"

    def answer_lines(self, question: Question, language: str, printed: Printed) -> list[str]:
        return [printed.words("true" if question.true_false else "false")]
