"""Ordering: items written in the right order, shown shuffled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from builder.questions.base import InLanguage, Printed, QuestionKind, distinct_texts, scrambled, sized_list, unique_ids
from builder.structure import Choice, Question, Text

if TYPE_CHECKING:
    from builder.loader.schema import Context, Rec


class Ordering(QuestionKind):
    name = "ordering"
    keys = ("items",)
    item_checks = ("duplicate-choice",)
    exercise = "questions/ordering.html"

    def build(self, raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
        items = sized_list(raw, "items", qid, ctx,
                           "list two or more items, in the right order (the player shuffles them)")
        if items is None or not unique_ids(items, ctx, f"question '{qid}'", "item"):
            return None
        if not distinct_texts([i["text"] for i in items], ctx, items.line, f"ordering question '{qid}'", "items"):
            return None
        return {"choices": tuple(Choice(i["id"], Text(i["text"]), True, line=i.line) for i in items)}

    def runtime_data(self, question: Question, text: InLanguage) -> dict[str, Any]:
        return {"choices": [
            {"id": c.id, "text": text(c.text), "correct": c.correct, "feedback": text(c.feedback) if c.feedback else ""}
            for c in question.choices]}

    def worst_answer(self, question: Question) -> str:
        return "0" * len(question.choices)  # a digit per item

    @staticmethod
    def printed_items(question: Question) -> list[Choice]:
        """The items in the order the handbook prints them: fixed, never the answer."""
        return scrambled(question.choices, lambda c: c.id)

    def answer_lines(self, question: Question, language: str, printed: Printed) -> list[str]:
        return [printed.words("order_sep").join(c.text[language] for c in question.choices)]
