"""Questions and quizzes: seven question types, each with what makes it answerable."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from builder.structure.source import NOWHERE, SourceLocation
from builder.structure.text import Text


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"
    FILL_IN = "fill-in"
    MATCHING = "matching"
    ORDERING = "ordering"
    NUMERIC = "numeric"


class FeedbackTiming(StrEnum):
    IMMEDIATE = "immediate"  # after each question is checked
    END = "end"  # only on the results screen


@dataclass(frozen=True)
class Choice:
    """A choice of a single/multiple question, an item to order, or one side of a matching pair."""

    id: str
    text: Text
    correct: bool = False
    feedback: Text | None = None
    line: int = 0  # where the choice starts in its source file, for messages


@dataclass(frozen=True)
class MatchPair:
    id: str
    left: Text
    right: Text


@dataclass(frozen=True)
class FillInRule:
    accepted: tuple[tuple[str, tuple[str, ...]], ...]  # (language, accepted answers)
    case_sensitive: bool
    whitespace: str  # "normalize": trim and collapse runs; "exact"; "ignore": drop all spaces
    max_length: int

    def answers(self, language: str) -> tuple[str, ...]:
        return dict(self.accepted).get(language, ())


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    objective: str  # an objective id of the question's lesson
    lesson: str  # the lesson id
    prompt: Text
    points: int
    feedback_correct: Text | None
    feedback_incorrect: Text | None
    choices: tuple[Choice, ...] = ()  # single, multiple; ordering items in the correct order
    pairs: tuple[MatchPair, ...] = ()  # matching
    true_false: bool | None = None
    fill_in: FillInRule | None = None
    numeric_value: float | None = None
    numeric_tolerance: float = 0.0
    # False keeps single/multiple choices in the written order everywhere (the author's `shuffle: false`,
    # or a choice such as "All of the above" that refers to the others).
    shuffle: bool = True
    # Item-writing checks the author has silenced for this question: (check code, the author's reason).
    allow: tuple[tuple[str, str], ...] = ()
    where: SourceLocation = NOWHERE  # its quiz.yaml and the line where the question starts

    @property
    def line(self) -> int:
        """The line in quiz.yaml where the question starts (0 when unknown)."""
        return self.where.line

    @property
    def correct_choices(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.correct)


@dataclass(frozen=True)
class QuizSettings:
    pass_mark: int  # percent of points
    shuffle_questions: bool
    shuffle_choices: bool
    draw: int  # questions per attempt; 0 means the whole pool
    attempts: int  # 0 means unlimited
    feedback: FeedbackTiming


@dataclass(frozen=True)
class Quiz:
    settings: QuizSettings
    questions: tuple[Question, ...]
    where: SourceLocation = NOWHERE  # its quiz.yaml

    @property
    def questions_per_attempt(self) -> int:
        """The pool, or the draw from it; never more than the pool holds (the loader refuses that anyway)."""
        return min(self.settings.draw or len(self.questions), len(self.questions))


@dataclass(frozen=True)
class FinalAssessment:
    """Drawn at each attempt from the lessons' own assessment banks (never their practice quizzes):
    `draw` maps lesson id to how many; `questions` holds every bank question of the drawn lessons, in
    draw order, each knowing its lesson."""

    settings: QuizSettings
    draw: tuple[tuple[str, int], ...]
    title: Text
    questions: tuple[Question, ...] = ()

    def bank(self, lesson_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.lesson == lesson_id)
