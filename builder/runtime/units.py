"""How a delivery splits the course into units a learner launches: one for the whole course, or one per lesson
(and one for the final assessment). A unit is what SCORM calls a SCO and cmi5 an AU; the runtime only needs
its id, its launch page and what it holds.
"""

from __future__ import annotations

from enum import StrEnum

from builder.structure import Course, Lesson, Page, Text

SINGLE_UNIT = "course"
ASSESSMENT_UNIT = "assessment"


class PackagingMode(StrEnum):
    SINGLE = "single"  # one unit with its own menu
    PER_LESSON = "per-lesson"  # one unit per lesson, then the final assessment


def unit_ids(course: Course, mode: PackagingMode) -> list[str]:
    """['course'] in single mode; in per-lesson mode each lesson id in order, then 'assessment' when the
    course has a final assessment."""
    if PackagingMode(mode) is PackagingMode.SINGLE:
        return [SINGLE_UNIT]
    ids = [lesson.id for lesson in course.lessons]
    if course.assessment:
        ids.append(ASSESSMENT_UNIT)
    return ids


def launch_file(unit: str) -> str:
    """'index.html' for 'course'; f'sco-{unit}.html' otherwise (every launch page at the package root)."""
    return "index.html" if unit == SINGLE_UNIT else f"sco-{unit}.html"


def unit_lesson_indices(course: Course, unit: str) -> list[int]:
    """The lessons a unit holds, as indices into the course's lessons."""
    if unit == SINGLE_UNIT:
        return list(range(len(course.lessons)))
    if unit == ASSESSMENT_UNIT:
        return []
    return [next(n for n, lesson in enumerate(course.lessons) if lesson.id == unit)]


def unit_lessons(course: Course, unit: str) -> list[Lesson]:
    return [course.lessons[n] for n in unit_lesson_indices(course, unit)]


def lesson_pages(lesson: Lesson) -> list[Page]:
    """The content pages of a lesson as the learner pages through them: its pages, then its job aid."""
    return [*lesson.pages, *([lesson.job_aid] if lesson.job_aid else [])]


def holds_assessment(course: Course, unit: str) -> bool:
    return course.assessment is not None and unit in (SINGLE_UNIT, ASSESSMENT_UNIT)


def unit_title(course: Course, unit: str, language: str) -> str:
    if unit == SINGLE_UNIT:
        return text_in(course.title, language, course)
    if unit == ASSESSMENT_UNIT and course.assessment:
        return text_in(course.assessment.title, language, course)
    return text_in(course.lesson(unit).title, language, course)


def text_in(text: Text, language: str, course: Course) -> str:
    """A text in the delivery's language; the source language when a translation is missing."""
    return text.get(language) or text.get_or_empty(course.source_language)
