"""The print proof: one lesson's workbook and guide pages, laid out alone, for the author to check while writing.

The course is cut down to that lesson (no introduction, glossary, final assessment or facilitator notes), so the
pages come out in seconds rather than a whole handbook's time; page numbers and the guide's references to the
workbook's pages are those of the lesson alone, and the preview says so. Paper and sides are the course's own
(its `handbook:` section). WeasyPrint is imported on the first proof, not when the preview starts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from builder.structure import Course

EDITIONS = ("participant", "facilitator")


def lesson_alone(course: Course, lesson_id: str) -> Course:
    """The course as if it had only this lesson: what its pages need (title, languages, assets) and nothing else."""
    return dataclasses.replace(course, lessons=(course.lesson(lesson_id),), assessment=None, introduction=None,
                               glossary=(), facilitator_page=None)


def proof_pdf(course: Course, settings: Mapping[str, Mapping[str, Any]], lesson_id: str, language: str,
              edition: str) -> bytes:
    """The PDF of one lesson's pages in the participant workbook or the facilitator guide."""
    from builder.builders.handbook import fit  # imports WeasyPrint
    from builder.builders.handbook.crossref import CrossRefs, anchor_pages
    from builder.builders.handbook.render import HandbookSpec, layout

    if edition not in EDITIONS:
        raise ValueError(f"no print proof of the {edition} edition")
    alone = lesson_alone(course, lesson_id)
    handbook = settings.get("handbook", {})
    paper, sides = str(handbook.get("paper", "a4")).lower(), str(handbook.get("sides", "double")).lower()
    workbook, _ = fit.workbook(alone, HandbookSpec(language, "participant", paper, sides))
    if edition == "participant":
        return workbook.pdf_bytes()
    guide = layout(alone, HandbookSpec(language, "facilitator", paper, sides),
                   CrossRefs(workbook=anchor_pages(workbook.document)))
    return guide.pdf_bytes()


def lesson_of(course: Course, changed: list[str]) -> str | None:
    """The lesson whose folder holds the last of the changed files (paths relative to the course folder)."""
    folders = {PurePosixPath(lesson.where.file).parent: lesson.id for lesson in course.lessons if lesson.where.file}
    for path in reversed(changed):
        for parent in PurePosixPath(path.replace("\\", "/")).parents:
            if parent in folders:
                return folders[parent]
    return None
