"""The course model: immutable, fully resolved, and ignorant of every output format.

Loaded once from the sources by `builder.loader`; every builder reads only this.
Markdown is already safe HTML here, asset bytes are already read and checked,
and every id reference has been resolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from builder.structure.classroom import Classroom, Material, Printable
from builder.structure.quiz import FinalAssessment, Question, Quiz
from builder.structure.scenario import Scenario
from builder.structure.source import NOWHERE, SourceLocation
from builder.structure.text import Text


class CompletionRule(StrEnum):
    PAGES = "pages"  # every content page viewed
    ASSESSMENT = "assessment"  # the final assessment (or the lesson quizzes) passed
    BOTH = "both"


class AssessmentAccess(StrEnum):
    AUTO = "auto"  # after-pages when the completion rule counts the pages (pages or both), else anytime
    AFTER_PAGES = "after-pages"  # opens once every content page is viewed
    ANYTIME = "anytime"


class LessonAccess(StrEnum):
    ANYTIME = "anytime"
    IN_ORDER = "in-order"  # a lesson opens once every page of the one before is viewed


@dataclass(frozen=True)
class Asset:
    href: str  # where pages refer to it, e.g. "media/time-management/matrix-1a2b3c4d.svg"
    data: bytes  # checked; an SVG already rebuilt from its allowed parts
    media_type: str
    source: str = ""  # the image file, relative to the course folder
    where: SourceLocation = NOWHERE  # the first page line that shows it


@dataclass(frozen=True)
class KnowledgeCheck:
    """One practice question inside a page (a ```check block), never scored nor reported to an LMS. The page's
    HTML holds `<div class="cb-block cb-check" data-check="ID">` where it stands; the player and the handbooks
    put the question there."""

    id: str  # unique within its page, the same in every language ("<page id>-check-<n>")
    language: str  # the page file it is written in
    question: Question  # from the lesson's quiz.yaml (every language), or written in place (this language only)
    from_pool: bool
    where: SourceLocation = NOWHERE


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    html: Text  # safe HTML of the body (the title heading excluded)
    source: Text  # the source file per language, for messages and links back
    checks: tuple[KnowledgeCheck, ...] = ()  # every language's, in page order

    def checks_in(self, language: str) -> tuple[KnowledgeCheck, ...]:
        return tuple(check for check in self.checks if check.language == language)

    def location(self, language: str) -> SourceLocation:
        return SourceLocation(self.source.get_or_empty(language), 1)


@dataclass(frozen=True)
class Objective:
    id: str
    text: Text
    where: SourceLocation = NOWHERE


@dataclass(frozen=True)
class Activity:
    id: str
    kind: str  # individual | pair | group
    title: Text
    minutes: int
    materials: tuple[Material, ...]
    instructions: Text  # safe HTML
    debrief: tuple[Text, ...]
    writing_lines: int  # ruled lines left for answers in the participant workbook
    where: SourceLocation = NOWHERE
    model_answer: Text | None = None  # safe HTML; printed in the facilitator guide only


@dataclass(frozen=True)
class FacilitatorStep:
    minutes: int
    do: Text | None
    say: Text | None
    activity: str | None = None  # an activity id: the step runs that activity
    workbook: str | None = None  # what it uses in the workbook: a page id, an activity id, job-aid, reflection…


@dataclass(frozen=True)
class Lesson:
    id: str
    number: int
    title: Text
    goal: Text
    duration: int  # minutes of classroom time
    materials: tuple[Material, ...]
    objectives: tuple[Objective, ...]
    pages: tuple[Page, ...]
    activities: tuple[Activity, ...]
    reflection: tuple[Text, ...]
    facilitator: tuple[FacilitatorStep, ...]
    job_aid: Page | None
    quiz: Quiz | None
    assets: tuple[Asset, ...]
    where: SourceLocation = NOWHERE  # its lesson.yaml (the line of its id)
    printables: tuple[Printable, ...] = ()
    scenarios: tuple[Scenario, ...] = ()  # lessons/<folder>/scenarios/*.yaml, in file-name order

    def activity(self, activity_id: str) -> Activity:
        return next(a for a in self.activities if a.id == activity_id)

    def all_materials(self) -> tuple[Material, ...]:
        """The lesson's own materials, then its activities', each once."""
        found = [*self.materials, *(m for a in self.activities for m in a.materials)]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Theme:
    """The course's branding (course.yaml `theme`), its colours as "#rrggbb", each already checked against the
    backgrounds and texts it meets (builder/loader/theme.py)."""

    logo: Asset | None = None
    primary: str | None = None  # buttons, links, the current menu item; headings and rules in print
    accent: str | None = None  # the focus ring


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: Text
    definition: Text
    link: bool = True  # whether the term is marked in page text (glossary.yaml `link`)
    forms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (language, more forms of the term in it), `forms`

    def forms_in(self, language: str) -> tuple[str, ...]:
        """The other ways the term is written in that language, beyond its own text (e.g. 'called', 'calls')."""
        return next((forms for lang, forms in self.forms if lang == language), ())


@dataclass(frozen=True)
class NavigationOptions:
    """What stays locked until pages are viewed (course.yaml `navigation`): course behaviour that every delivery
    with a menu of its own applies (a single SCORM SCO, the web export)."""

    assessment: AssessmentAccess = AssessmentAccess.AUTO
    lessons: LessonAccess = LessonAccess.ANYTIME


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
    introduction: Page | None
    glossary: tuple[GlossaryEntry, ...]
    lessons: tuple[Lesson, ...]
    assessment: FinalAssessment | None
    navigation: NavigationOptions = NavigationOptions()
    assets: tuple[Asset, ...] = ()  # the course's own images (those of the introduction); lessons hold theirs
    classroom: Classroom = field(default_factory=Classroom)
    facilitator_page: Page | None = None  # facilitator.<lang>.md: printed at the front of the facilitator guide
    theme: Theme | None = None  # course.yaml `theme`: logo and colours, checked for contrast

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

    def printables(self) -> tuple[Printable, ...]:
        return tuple(p for lesson in self.lessons for p in lesson.printables)

    def printable(self, printable_id: str) -> Printable:
        return next(p for p in self.printables() if p.id == printable_id)

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

    @property
    def assessment_after_pages(self) -> bool:
        """Whether the final assessment opens only once every content page is viewed. By default it does when
        the completion rule counts the pages: otherwise an LMS that turns a score into `passed` (Moodle's
        "mastery score overrides status") would pass a learner who never opened a page."""
        if not self.assessment:
            return False
        if self.navigation.assessment is AssessmentAccess.AUTO:
            return self.completion in (CompletionRule.PAGES, CompletionRule.BOTH)
        return self.navigation.assessment is AssessmentAccess.AFTER_PAGES

    def lesson_quizzes(self) -> tuple[tuple[Lesson, Quiz], ...]:
        return tuple((lesson, lesson.quiz) for lesson in self.lessons if lesson.quiz)


__all__ = [
    "Activity", "AssessmentAccess", "Asset", "CompletionRule", "Course", "FacilitatorStep", "GlossaryEntry",
    "Lesson", "LessonAccess", "NavigationOptions", "Objective", "Page",
]
