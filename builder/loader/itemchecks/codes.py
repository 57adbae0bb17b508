"""The item-writing checks by code, and the `allow:` key that silences one for a question.

README's "Item-writing checks" table documents the same codes; tests/test_item_checks.py keeps the two
in step.
"""

from __future__ import annotations

import difflib

from builder.loader.schema import INVALID, Context, Str, Type
from builder.loader.yamlsource import Node

# Per question.
LONGEST_CORRECT = "longest-correct"
ALL_OF_THE_ABOVE = "all-of-the-above"
NONE_OF_THE_ABOVE = "none-of-the-above"
NEGATIVE_STEM = "negative-stem"
ANSWER_IN_PROMPT = "answer-in-prompt"
DUPLICATE_CHOICE = "duplicate-choice"
NO_CHOICE_FEEDBACK = "no-choice-feedback"
ASSESSMENT_IN_PRACTICE = "assessment-in-practice"
FEEDBACK_REPEATS_VERDICT = "feedback-repeats-verdict"
# Per pool (a quiz.yaml or an assessment.yaml): a question that allows the code is left out of the count.
LONGEST_CORRECT_SHARE = "longest-correct-share"
ANSWER_POSITION = "answer-position"
TRUE_FALSE_BALANCE = "true-false-balance"

CODES = (LONGEST_CORRECT, LONGEST_CORRECT_SHARE, ANSWER_POSITION, TRUE_FALSE_BALANCE, ALL_OF_THE_ABOVE,
         NONE_OF_THE_ABOVE, NEGATIVE_STEM, ANSWER_IN_PROMPT, DUPLICATE_CHOICE, NO_CHOICE_FEEDBACK,
         ASSESSMENT_IN_PRACTICE, FEEDBACK_REPEATS_VERDICT)


class CheckCode(Type):
    """A key of `allow:`: the code of an item check."""

    label = "the code of an item-writing check"

    def check(self, node: Node, ctx: Context, where: str) -> object:
        code = str(node.value)
        if code in CODES:
            return code
        close = difflib.get_close_matches(code, CODES, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"the codes are: {', '.join(CODES)}"
        ctx.error(node, f"'{code}' in {where} is not an item-writing check", hint, code="unknown-check")
        return INVALID


class Reason(Str):
    """Why a check does not apply to this question: required, so a silenced warning explains itself."""

    label = "a reason"

    def check(self, node: Node, ctx: Context, where: str) -> object:
        if node.kind == "scalar" and (node.value is None or (isinstance(node.value, str) and not node.value.strip())):
            ctx.error(node, f"{where} gives no reason",
                      "say why the check does not apply to this question, e.g. "
                      "'longest-correct: \"the legal wording cannot be shortened\"'", code="allow-without-reason")
            return INVALID
        return super().check(node, ctx, where)
