"""The course model: immutable, fully resolved, and ignorant of every output format.

Loaded once from the sources by `builder.loader`; every builder reads only this.
Markdown is already safe HTML here, asset bytes are already read and checked,
and every id reference has been resolved.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from builder.structure.quiz import FinalAssessment, Question, Quiz
from builder.structure.scenario import Scenario
from builder.structure.text import Text


class CompletionRule(StrEnum):
    PAGES = "pages"  # every content page viewed
    ASSESSMENT = "assessment"  # the final assessment (or the lesson quizzes) passed
    BOTH = "both"


class PackagingMode(StrEnum):
    SINGLE = "single"  # one SCO with its own navigation
    PER_LESSON = "per-lesson"  # one SCO per lesson


class Sequencing(StrEnum):
    LINEAR = "linear"  # lessons in order
    FREE = "free"  # any lesson, any order


@dataclass(frozen=True)
class Asset:
    href: str  # where pages refer to it, e.g. "assets/time-management/matrix.svg"
    data: bytes
    media_type: str


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    html: Text  # safe HTML of the body (the title heading excluded)
    source: Text  # the source file per language, for messages and links back


@dataclass(frozen=True)
class Objective:
    id: str
    text: Text


@dataclass(frozen=True)
class Activity:
    id: str
    kind: str  # individual | pair | group
    title: Text
    minutes: int
    materials: tuple[Text, ...]
    instructions: Text  # safe HTML
    debrief: tuple[Text, ...]
    writing_lines: int  # ruled lines left for answers in the participant workbook


@dataclass(frozen=True)
class FacilitatorStep:
    minutes: int
    do: Text | None
    say: Text | None
    activity: str | None = None  # an activity id: the step runs that activity


@dataclass(frozen=True)
class Lesson:
    id: str
    number: int
    title: Text
    goal: Text
    duration: int  # minutes of classroom time
    materials: tuple[Text, ...]
    objectives: tuple[Objective, ...]
    pages: tuple[Page, ...]
    activities: tuple[Activity, ...]
    reflection: tuple[Text, ...]
    facilitator: tuple[FacilitatorStep, ...]
    job_aid: Page | None
    quiz: Quiz | None
    assets: tuple[Asset, ...]
    scenarios: tuple[Scenario, ...] = ()  # lessons/<folder>/scenarios/*.yaml, in file-name order

    def activity(self, activity_id: str) -> Activity:
        return next(a for a in self.activities if a.id == activity_id)


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: Text
    definition: Text


@dataclass(frozen=True)
class HandbookOptions:
    paper: str  # a4 | letter


@dataclass(frozen=True)
class PackagingOptions:
    mode: PackagingMode
    sequencing: Sequencing
    scorm2004_edition: int  # 4 (default) or 3


@dataclass(frozen=True)
class Course:
    format: int
    id: str
    version: str
    languages: tuple[str, ...]  # the source language first
    title: Text
    description: Text
    organization: Text
    authors: tuple[str, ...]
    date: str  # ISO date printed on handbooks; empty when the course gives none
    learning_time: int  # typical learning time in minutes
    completion: CompletionRule
    handbook: HandbookOptions
    packaging: PackagingOptions
    introduction: Page | None
    glossary: tuple[GlossaryEntry, ...]
    lessons: tuple[Lesson, ...]
    assessment: FinalAssessment | None

    @property
    def source_language(self) -> str:
        return self.languages[0]

    def questions(self) -> tuple[Question, ...]:
        """The lesson quizzes' (practice) questions."""
        return tuple(q for lesson in self.lessons if lesson.quiz for q in lesson.quiz.questions)

    def all_questions(self) -> tuple[Question, ...]:
        """Practice questions, then the final assessment's bank questions (each once)."""
        practice = self.questions()
        bank = self.assessment.questions if self.assessment else ()
        return practice + tuple(q for q in bank if q not in practice)

    def lesson(self, lesson_id: str) -> Lesson:
        return next(lesson for lesson in self.lessons if lesson.id == lesson_id)

    @property
    def scored_by(self) -> str:
        """Which score the course reports: see README, "Which score reaches the LMS"."""
        return "assessment" if self.assessment else "lesson-quizzes"

    @property
    def pass_mark(self) -> int:
        """The percentage the reported score must reach: the final assessment's pass mark, or, with no
        final assessment, the strictest lesson quiz's (the lesson quizzes are then scored together)."""
        if self.assessment:
            return self.assessment.settings.pass_mark
        marks = [quiz.settings.pass_mark for _, quiz in self.lesson_quizzes()]
        return max(marks) if marks else 0

    def lesson_quizzes(self) -> tuple[tuple[Lesson, Quiz], ...]:
        return tuple((lesson, lesson.quiz) for lesson in self.lessons if lesson.quiz)


__all__ = [
    "Activity", "Asset", "CompletionRule", "Course", "FacilitatorStep", "GlossaryEntry",
    "HandbookOptions", "Lesson", "Objective", "PackagingMode", "PackagingOptions", "Page", "Sequencing",
]
