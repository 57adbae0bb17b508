"""Fill in: typed text, compared with the accepted answers of the learner's language."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from builder.questions.base import InLanguage, Printed, QuestionKind
from builder.structure import FillInRule, Question

if TYPE_CHECKING:
    from builder.loader.schema import Context, Rec

# JSON writes '"' as two characters: the longest typed answer the player stores is max_length of them (it
# strips control characters, whose escapes are longer).
WORST_TYPED_CHAR = '"'


class FillIn(QuestionKind):
    name = "fill-in"
    keys = ("answers", "case_sensitive", "whitespace", "max_length")
    item_checks = ("answer-in-prompt",)
    exercise = "questions/fill-in.html"

    def build(self, raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
        answers = raw.get("answers")
        if not answers:
            ctx.error(raw.line, f"fill-in question '{qid}' has no accepted 'answers'",
                      "add 'answers:' with a list of accepted answers per language", code="unanswerable")
            return None
        limit = raw["max_length"]
        ok = True
        for lang, accepted in answers.items():
            for answer in accepted:
                if len(answer) > limit:
                    ctx.error(raw.line_of("answers"),
                              f"the accepted {lang} answer '{answer}' of question '{qid}' is longer than max_length "
                              f"({limit})", "raise 'max_length' or shorten the answer", code="unanswerable")
                    ok = False
                if raw["whitespace"] == "ignore" and not re.sub(r"\s+", "", answer):
                    ok = False
        if not ok:
            return None
        rule = FillInRule(tuple(sorted((lang, tuple(a)) for lang, a in answers.items())),
                          raw["case_sensitive"], raw["whitespace"], limit)
        return {"fill_in": rule}

    def runtime_data(self, question: Question, text: InLanguage) -> dict[str, Any]:
        rule = question.fill_in
        assert rule
        return {"accepted": list(rule.answers(text.language) or rule.answers(text.source)),
                "caseSensitive": rule.case_sensitive, "whitespace": rule.whitespace, "maxLength": rule.max_length}

    def worst_answer(self, question: Question) -> str:
        return WORST_TYPED_CHAR * (question.fill_in.max_length if question.fill_in else 0)

    def answer_lines(self, question: Question, language: str, printed: Printed) -> list[str]:
        accepted = question.fill_in.answers(language) if question.fill_in else ()
        return [printed.words("accepted", answers=" / ".join(accepted))]
