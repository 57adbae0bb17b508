"""Print rules checked on the laid-out pages, where CSS alone cannot keep them.

- Writing lines never spill alone onto a page: an activity whose ruled lines run over a page break is
  laid out again with only the lines that fit beside its text (one more layout, only when needed).
- A job aid fits the one page learners keep: one that runs over is laid out again in smaller type, and
  if it still runs over, a warning names the file to shorten. A card that is longer than its half page
  (or page) is reported too. Both are read from the anchors WeasyPrint records on each page.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.builders.handbook.classroom import printable_anchor
from builder.builders.handbook.content import activity_anchor
from builder.builders.handbook.crossref import CrossRefs, anchor_pages, anchor_positions
from builder.builders.handbook.render import HandbookSpec, Laidout, layout
from builder.structure import Course

PX_PER_MM = 96 / 25.4
CARD_MM = {"a4": (128, 262), "letter": (119, 244)}  # min-heights in render.CARD_HEIGHT
CARD_PADDING_MM = 6


@dataclass(frozen=True)
class LayoutNote:
    """A warning found on the laid-out pages, pointing at the source to change."""

    file: str
    line: int
    message: str
    hint: str
    code: str


def line_caps(laidout: Laidout, course: Course) -> dict[str, int]:
    """Activity anchor → the writing lines on the page their first line is on, for each activity whose
    lines run onto a later page."""
    pages = anchor_pages(laidout.document)
    caps = {}
    for lesson in course.lessons:
        for activity in lesson.activities:
            anchor = activity_anchor(lesson, activity)
            lines = [pages[name] for n in range(activity.writing_lines) if (name := f"{anchor}-line-{n}") in pages]
            if lines and lines[-1] > lines[0]:
                caps[anchor] = lines.count(lines[0])
    return caps


def workbook(course: Course, spec: HandbookSpec) -> tuple[Laidout, tuple[LayoutNote, ...]]:
    """The participant workbook with no writing lines spilled alone onto a page and each job aid on its one
    page (set tighter when it ran over), and a warning for each job aid still too long."""
    laidout = layout(course, spec, CrossRefs())
    caps, tight = line_caps(laidout, course), frozenset(long_job_aids(laidout, course))
    if caps or tight:
        laidout = layout(course, spec, CrossRefs(line_caps=caps, tight=tight))
    return laidout, job_aid_notes(laidout, course, spec.language)


def long_job_aids(laidout: Laidout, course: Course) -> dict[str, tuple[int, int]]:
    """Lesson id → (first page, last page) of each job aid that runs over one page."""
    pages = anchor_pages(laidout.document)
    found = {}
    for lesson in course.lessons:
        first, last = pages.get(f"job-aid-{lesson.id}", 0), pages.get(f"job-aid-{lesson.id}-end", 0)
        if lesson.job_aid and first and last > first:
            found[lesson.id] = (first, last)
    return found


def job_aid_notes(laidout: Laidout, course: Course, language: str) -> tuple[LayoutNote, ...]:
    notes = []
    for lesson_id, (first, last) in long_job_aids(laidout, course).items():
        job_aid = course.lesson(lesson_id).job_aid
        assert job_aid is not None
        notes.append(LayoutNote(
            job_aid.source.get_or_empty(language), 1,
            f"the job aid '{job_aid.title[language]}' runs to {last - first + 1} pages in the {language} workbook, "
            "even set in smaller type; a job aid is the one page learners keep",
            "shorten it: keep the steps and the table learners look up, and leave explanations to the pages",
            "job-aid-too-long"))
    return tuple(notes)


def printables(course: Course, spec: HandbookSpec) -> tuple[Laidout, dict[str, int], tuple[LayoutNote, ...]]:
    """The printables laid out twice (the print list on page 1 gives the pages of what follows), their
    anchors' pages, and a warning for each card longer than its place."""
    pages = anchor_pages(layout(course, spec, CrossRefs()).document)
    laidout = layout(course, spec, CrossRefs(printables=pages))
    return laidout, anchor_pages(laidout.document), card_notes(laidout, course, spec)


def card_notes(laidout: Laidout, course: Course, spec: HandbookSpec) -> tuple[LayoutNote, ...]:
    positions = anchor_positions(laidout.document)
    notes = []
    for printable in course.printables():
        if not printable.is_cards:
            continue
        height = CARD_MM[spec.paper][0 if printable.cards_per_page == 2 else 1]
        room = (height - CARD_PADDING_MM) * PX_PER_MM
        for number in range(1, len(printable.sheets) + 1):
            anchor = f"{printable_anchor(printable)}-card-{number}"
            (start_page, top), (end_page, bottom) = positions[anchor], positions[anchor + "-end"]
            if end_page != start_page or bottom - top > room + 1:
                where = "half a page" if printable.cards_per_page == 2 else "a page"
                notes.append(LayoutNote(
                    printable.file, printable.line,
                    f"card {number} of '{printable.id}' is longer than {where} in the {spec.language} printables, "
                    "so it does not cut out as a card", "shorten the card" + (
                        ", or set 'cards_per_page: 1'" if printable.cards_per_page == 2 else ""),
                    "card-too-long"))
    return tuple(notes)
