"""Single choice (one right answer) and multiple response (every right answer, at least one)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from builder.questions.base import (
    MAX_CHOICES,
    InLanguage,
    Printed,
    QuestionKind,
    distinct_texts,
    letter,
    text_or_none,
    unique_ids,
)
from builder.structure import Choice, Question, Text
from builder.wording import counted

if TYPE_CHECKING:
    from builder.loader.schema import Context, Rec


class ChoiceKind(QuestionKind):
    keys = ("choices", "shuffle")
    needs = ("choices",)
    exercise = "questions/choices.html"
    lettered = True
    one_answer: ClassVar[bool]

    def build(self, raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
        choices = raw.get("choices")
        if not choices:
            ctx.error(raw.line, f"question '{qid}' has no 'choices'", "add 'choices:' with at least two choices",
                      code="no-choices")
            return None
        if not unique_ids(choices, ctx, f"question '{qid}'", "choice"):
            return None
        if not 2 <= len(choices) <= MAX_CHOICES:
            ctx.error(choices.line, f"question '{qid}' has {counted(len(choices), 'choice')}; give between 2 and {MAX_CHOICES}",
                      code="choice-count")
            return None
        if not self.answerable(sum(1 for c in choices if c["correct"]), choices.line, qid, ctx):
            return None
        if not distinct_texts([c["text"] for c in choices], ctx, choices.line, f"question '{qid}'", "choices"):
            return None
        return {"choices": tuple(Choice(c["id"], Text(c["text"]), c["correct"], text_or_none(c["feedback"]), c.line)
                                 for c in choices)}

    def answerable(self, correct: int, line: int, qid: str, ctx: Context) -> bool:
        raise NotImplementedError

    def runtime_data(self, question: Question, text: InLanguage) -> dict[str, Any]:
        data: dict[str, Any] = {"choices": [
            {"id": c.id, "text": text(c.text), "correct": c.correct, "feedback": text(c.feedback) if c.feedback else ""}
            for c in question.choices]}
        if not question.shuffle:
            data["fixedOrder"] = True  # shown as written even when the quiz shuffles choices
        return data

    def answer_lines(self, question: Question, language: str, printed: Printed) -> list[str]:
        return [f"{letter(i)}. {c.text[language]}" for i, c in enumerate(printed.choices(question)) if c.correct]


class Single(ChoiceKind):
    name = "single"
    one_answer = True
    item_checks = ("longest-correct", "all-of-the-above", "none-of-the-above", "no-choice-feedback",
                   "negative-stem", "duplicate-choice")

    def answerable(self, correct: int, line: int, qid: str, ctx: Context) -> bool:
        if correct != 1:
            ctx.error(line, f"single-choice question '{qid}' has {correct} correct choices; it needs exactly one",
                      "mark exactly one choice 'correct: true', or make it a 'multiple' question", code="unanswerable")
        return correct == 1

    def worst_answer(self, question: Question) -> str:
        return "t"  # one base-36 digit


class Multiple(ChoiceKind):
    name = "multiple"
    one_answer = False
    item_checks = ("all-of-the-above", "none-of-the-above", "no-choice-feedback", "negative-stem", "duplicate-choice")

    def answerable(self, correct: int, line: int, qid: str, ctx: Context) -> bool:
        if not correct:
            ctx.error(line, f"multiple-response question '{qid}' has no correct choice",
                      "mark at least one choice 'correct: true'", code="unanswerable")
        return correct > 0

    def worst_answer(self, question: Question) -> str:
        return "0" * len(question.choices)  # a digit per choice
