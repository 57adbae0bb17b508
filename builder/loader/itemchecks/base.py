"""What every item check works on: a pool of questions from one file, and a warning that respects `allow:`."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.diagnostics import Report
from builder.structure import Question


@dataclass(frozen=True)
class Pool:
    file: str  # the source file, e.g. "lessons/01-greeting/quiz.yaml"
    questions: tuple[Question, ...]
    shown_as_written: bool  # the player shows the choices in written order (its shuffle_choices is off)
    practice: bool  # a lesson quiz (True) or a final-assessment bank (False)
    scope: str = "this file"  # how messages name the pool


@dataclass
class Warn:
    """Reports a warning unless the question allows its code."""

    report: Report
    file: str
    files: dict[str, str] = field(default_factory=dict)  # question id → its file, for a course-wide pool

    def __call__(self, question: Question, line: int, code: str, message: str, hint: str) -> None:
        if code in dict(question.allow):
            return
        silence = f"; or, if it is deliberate, add 'allow: {{{code}: \"why\"}}' to the question"
        self.report.warning(self.file, line, message, hint + silence, code=code)

    def pool(self, first: Question, code: str, message: str, hint: str) -> None:
        """A pattern across a pool, shown at the first question that has it (those that allow it are not counted)."""
        silence = f"; a question that is so on purpose says why with 'allow: {{{code}: \"why\"}}'"
        self.report.warning(self.files.get(first.id, self.file), first.line, message, hint + silence, code=code)
