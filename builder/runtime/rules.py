"""The course's rules, decided once here for every delivery: what each unit holds and reports, which score
counts and against which pass mark, and what waits for which pages. The player only applies them to what the
learner did; the SCORM manifest's mastery scores come from the same place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from builder.runtime.units import (
    ASSESSMENT_UNIT,
    SINGLE_UNIT,
    PackagingMode,
    holds_assessment,
    lesson_pages,
    unit_lesson_indices,
    unit_lessons,
)
from builder.structure import CompletionRule, Course, LessonAccess, Quiz


@dataclass(frozen=True)
class UnitRules:
    """What one unit holds and reports (README, "Which score reaches the LMS")."""

    lessons: tuple[int, ...]  # indices into the course's lessons
    intro: bool  # holds the introduction
    assessment: bool  # holds the final assessment
    objectives: tuple[str, ...]  # the objectives it reports
    # The quiz whose score it reports: 'a' the final assessment, 'q0' its lesson's quiz, 'lessons' the lesson
    # quizzes together (each weighted by the points of one attempt), or None: the unit reports no score.
    scored: str | None
    pass_mark: int  # percent, for the score it reports
    weights: tuple[tuple[int, float], ...]  # for 'lessons': (lesson index, points of one attempt)
    # What completes it: its pages viewed, and/or its score passed (README, `completion`).
    needs_pages: bool
    needs_pass: bool
    # Its places in reading order, as the player names them (also the bookmark): "i" the introduction,
    # "p<lesson>.<page>" a content page, "q<lesson>" a lesson quiz, "a" the final assessment; lessons are
    # numbered within the unit. The glossary ("g") is outside the flow.
    flow: tuple[str, ...]

    @property
    def mastery(self) -> int | None:
        """The pass mark an LMS should hold the unit to; None when the unit reports no score."""
        return self.pass_mark if self.scored else None

    def data(self) -> dict[str, Any]:
        return {
            "lessons": list(self.lessons), "intro": self.intro, "assessment": self.assessment,
            "objectives": list(self.objectives), "scored": self.scored, "passMark": self.pass_mark,
            "weights": [list(w) for w in self.weights], "needsPages": self.needs_pages, "needsPass": self.needs_pass,
            "flow": list(self.flow),
        }


def unit_rules(course: Course, unit: str) -> UnitRules:
    lessons = unit_lesson_indices(course, unit)
    has_assessment = holds_assessment(course, unit)
    quizzes = [(n, course.lessons[n].quiz) for n in lessons if course.lessons[n].quiz]
    scored, pass_mark, weights = None, course.pass_mark, []
    if has_assessment:
        scored = "a"
    elif unit == SINGLE_UNIT and quizzes:
        scored, weights = "lessons", [(n, attempt_points(quiz)) for n, quiz in quizzes if quiz]
    elif quizzes and quizzes[0][1]:
        scored, pass_mark = "q0", quizzes[0][1].settings.pass_mark
    reported = [course.lessons[n] for n in lessons]
    if unit == ASSESSMENT_UNIT and course.assessment:
        drawn = {lesson_id for lesson_id, _ in course.assessment.draw}
        reported = [lesson for lesson in course.lessons if lesson.id in drawn]
    completion = course.completion
    return UnitRules(
        lessons=tuple(lessons), intro=unit == SINGLE_UNIT and course.introduction is not None,
        assessment=has_assessment, objectives=tuple(o.id for lesson in reported for o in lesson.objectives),
        scored=scored, pass_mark=pass_mark, weights=tuple(weights),
        # `assessment` completes by the pages in a unit that has no score to pass.
        needs_pages=completion is not CompletionRule.ASSESSMENT or scored is None,
        needs_pass=completion is not CompletionRule.PAGES and scored is not None,
        flow=tuple(_flow(course, unit)),
    )


def _flow(course: Course, unit: str) -> list[str]:
    flow = ["i"] if unit == SINGLE_UNIT and course.introduction is not None else []
    for li, lesson in enumerate(unit_lessons(course, unit)):
        flow += [f"p{li}.{pi}" for pi in range(len(lesson_pages(lesson)))]
        flow += [f"q{li}"] if lesson.quiz else []
    return flow + (["a"] if holds_assessment(course, unit) else [])


def _pages(course: Course, lessons: list[int], intro: bool) -> list[str]:
    """The places of the single unit's content pages: of those lessons, and the introduction when asked."""
    places = ["i"] if intro and course.introduction is not None else []
    return places + [f"p{li}.{pi}" for li in lessons for pi in range(len(lesson_pages(course.lessons[li])))]


def attempt_points(quiz: Quiz) -> float:
    """The points one attempt of a lesson quiz is worth: its drawn share of the pool's points."""
    return sum(q.points for q in quiz.questions) * quiz.questions_per_attempt / len(quiz.questions)


def assessment_needs(course: Course, mode: PackagingMode) -> list[str] | None:
    """The pages (places in the single unit) the final assessment waits for before it opens: every content page of
    the course, the pages the completion rule counts (Course.assessment_after_pages); None when it is open. Only
    a single unit holds the pages; in per-lesson packages the LMS orders the units (packaging.sequencing)."""
    if PackagingMode(mode) is not PackagingMode.SINGLE or not course.assessment_after_pages:
        return None
    return _pages(course, list(range(len(course.lessons))), intro=True)


def lesson_needs(course: Course, index: int, mode: PackagingMode) -> list[str] | None:
    """With `navigation: lessons: in-order` in a single unit, a lesson waits for every page of the one before."""
    if PackagingMode(mode) is not PackagingMode.SINGLE or course.navigation.lessons is not LessonAccess.IN_ORDER \
            or index == 0:
        return None
    return _pages(course, [index - 1], intro=False)
