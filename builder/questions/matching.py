"""Matching: each left item with its right one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from builder.questions.base import (
    InLanguage,
    Printed,
    QuestionKind,
    distinct_texts,
    letter,
    scrambled,
    sized_list,
    unique_ids,
)
from builder.structure import MatchPair, Question, Text

if TYPE_CHECKING:
    from builder.loader.schema import Context, Rec


class Matching(QuestionKind):
    name = "matching"
    keys = ("pairs",)
    item_checks = ("duplicate-choice",)
    exercise = "questions/matching.html"

    def build(self, raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
        pairs = sized_list(raw, "pairs", qid, ctx, "add 'pairs:' with two or more items, each with 'left' and 'right'")
        if pairs is None or not unique_ids(pairs, ctx, f"question '{qid}'", "pair"):
            return None
        owner = f"matching question '{qid}'"
        if not (distinct_texts([p["left"] for p in pairs], ctx, pairs.line, owner, "left items")
                and distinct_texts([p["right"] for p in pairs], ctx, pairs.line, owner, "right items")):
            return None
        return {"pairs": tuple(MatchPair(p["id"], Text(p["left"]), Text(p["right"])) for p in pairs)}

    def runtime_data(self, question: Question, text: InLanguage) -> dict[str, Any]:
        return {"pairs": [{"id": p.id, "left": text(p.left), "right": text(p.right)} for p in question.pairs]}

    def worst_answer(self, question: Question) -> str:
        return "0" * len(question.pairs)  # the right item's digit per left item

    @staticmethod
    def printed_right(question: Question) -> list[MatchPair]:
        """The right items in the order the handbook prints them: fixed, never the answer."""
        return scrambled(question.pairs, lambda p: p.id)

    def answer_lines(self, question: Question, language: str, printed: Printed) -> list[str]:
        right = self.printed_right(question)
        sep = printed.words("match_sep")
        return [f"{i}{sep}{letter(right.index(p))}: {p.left[language]}{sep}{p.right[language]}"
                for i, p in enumerate(question.pairs, start=1)]
