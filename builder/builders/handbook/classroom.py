"""What the facilitator guide's front matter and the printables PDF print, worked out from the model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder.builders.handbook.strings import Strings
from builder.structure import Break, Course, Lesson, Material, Printable


@dataclass(frozen=True)
class DayRow:
    start: str
    end: str
    minutes: int
    lesson: Lesson | None
    pause: Break | None


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def day_schedule(course: Course) -> tuple[DayRow, ...]:
    """The lessons in teaching order with the breaks between them, on a clock from `classroom.start`
    (or from 0:00 when the course gives no start time)."""
    start = course.classroom.start
    now = int(start[:-3]) * 60 + int(start[-2:]) if start else 0
    breaks = {b.after: b for b in course.classroom.breaks}
    rows = []
    for lesson in course.lessons:
        rows.append(DayRow(_clock(now), _clock(now + lesson.duration), lesson.duration, lesson, None))
        now += lesson.duration
        pause = breaks.get(lesson.id)
        if pause and lesson is not course.lessons[-1]:
            rows.append(DayRow(_clock(now), _clock(now + pause.minutes), pause.minutes, None, pause))
            now += pause.minutes
    return tuple(rows)


def printable_anchor(printable: Printable) -> str:
    return f"printable-{printable.id}"


def page_range(printable: Printable, pages: Mapping[str, int]) -> str:
    """"3" or "3–4": the pages of the printables PDF it is on ("?" before they are known)."""
    anchor = printable_anchor(printable)
    first, last = pages.get(anchor, 0), pages.get(anchor + "-end", 0)
    if not first:
        return "?"
    return str(first) if last <= first else f"{first}–{last}"


def copies(printable: Printable, course: Course, strings: Strings) -> str:
    """"6 sets (1 per pair)": what to print for the class the course is planned for."""
    unit = "sets" if printable.is_cards else "copies"
    return strings(f"printables.{unit}", count=printable.copies_for(course.classroom),
                   each=strings(f"printables.per.{printable.per}", copies=printable.copies))


def material_line(material: Material, course: Course, language: str, strings: Strings,
                  pages: Mapping[str, int]) -> str:
    """A materials entry as the guide prints it; a printable says where it is in the printables PDF and
    how many to print."""
    if material.text is not None:
        return material.text[language]
    printable = course.printable(material.printable or "")
    return strings("printables.material", title=printable.title[language],
                   pages=strings("printables.pages", pages=page_range(printable, pages)),
                   copies=copies(printable, course, strings))


def lesson_of(course: Course, printable: Printable) -> Lesson:
    return next(lesson for lesson in course.lessons if printable in lesson.printables)
