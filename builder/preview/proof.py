"""The print proof: one lesson's workbook and guide pages, laid out alone, for the author to check while writing.

The course is cut down to that lesson (no introduction, glossary, final assessment or facilitator notes), so the
pages come out in seconds rather than a whole handbook's time; page numbers and the guide's references to the
workbook's pages are those of the lesson alone, and the preview says so. Paper and sides are the course's own
(its `handbook:` section). WeasyPrint is imported in the background once the preview has started (warm_up),
not before the first build is shown.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from builder.structure import Course

if TYPE_CHECKING:
    from builder.builders.handbook.render import HandbookSpec

EDITIONS = ("participant", "facilitator")


def lesson_alone(course: Course, lesson_id: str) -> Course:
    """The course as if it had only this lesson: what its pages need (title, languages, assets) and nothing else."""
    return dataclasses.replace(course, lessons=(course.lesson(lesson_id),), assessment=None, introduction=None,
                               glossary=(), facilitator_page=None)


@dataclass(frozen=True)
class WorkbookProof:
    """A lesson's workbook proof, the pages of its anchors (the guide prints them) and the writing space it
    fitted (a hint for the lesson's next proof)."""

    pdf: bytes
    pages: Mapping[str, int]
    line_caps: Mapping[str, int]
    tight: frozenset[str] = frozenset()  # lessons whose job aid was set tighter to fit its page


def warm_up() -> None:
    """Import WeasyPrint and lay out a line, which loads fontconfig's font list: done once in the background
    when the preview starts, so that the first proof after a save does not pay for it."""
    import weasyprint

    from builder.builders.handbook import fit  # noqa: F401 - the proof's modules

    weasyprint.HTML(string="<p>.</p>").render()


def _spec(settings: Mapping[str, Mapping[str, Any]], language: str, edition: str) -> HandbookSpec:
    from builder.builders.handbook.render import HandbookSpec

    handbook = settings["handbook"]  # the loader fills in the declared defaults of what course.yaml leaves out
    return HandbookSpec(language, edition, str(handbook["paper"]).lower(), str(handbook["sides"]).lower())


def workbook_proof(course: Course, settings: Mapping[str, Mapping[str, Any]], lesson_id: str, language: str,
                   previous: WorkbookProof | None = None) -> WorkbookProof:
    """The lesson's workbook pages, laid out lean: only the lesson's pages (no cover, contents or glossary) and
    a plain PDF (a proof is looked at, not handed out, so it skips PDF/UA's tagging). The writing lines are
    fitted as the build fits them, starting from the `previous` proof's fit: the second layout a spill needs
    is made only when that hint no longer holds."""
    from builder.builders.handbook import fit  # imports WeasyPrint
    from builder.builders.handbook.crossref import CrossRefs, anchor_pages
    from builder.builders.handbook.render import layout

    alone, spec = lesson_alone(course, lesson_id), _spec(settings, language, "participant")
    caps, tight = (dict(previous.line_caps), previous.tight) if previous else ({}, frozenset())
    workbook = layout(alone, spec, CrossRefs(line_caps=caps, tight=tight), proof=True)
    spilled, long = fit.line_caps(workbook, alone), frozenset(fit.long_job_aids(workbook, alone)) - tight
    if spilled or long:  # what the hint did not fit spills or runs over: fit it as the build does
        caps, tight = {**caps, **spilled}, tight | long
        workbook = layout(alone, spec, CrossRefs(line_caps=caps, tight=tight), proof=True)
    return WorkbookProof(workbook.document.write_pdf(), anchor_pages(workbook.document), caps, tight)


def guide_proof(course: Course, settings: Mapping[str, Mapping[str, Any]], lesson_id: str, language: str,
                workbook: WorkbookProof) -> bytes:
    """The lesson's guide pages, lean as the workbook's, printing the page numbers of the workbook proof."""
    return guide_pdf(lesson_alone(course, lesson_id), _spec(settings, language, "facilitator"), workbook.pages)


def guide_pdf(alone: Course, spec: HandbookSpec, workbook_pages: Mapping[str, int]) -> bytes:
    """The guide proof of a course cut down to one lesson (lesson_alone), printing these workbook pages."""
    from builder.builders.handbook.crossref import CrossRefs
    from builder.builders.handbook.render import layout  # imports WeasyPrint

    return layout(alone, spec, CrossRefs(workbook=workbook_pages), proof=True).document.write_pdf()


def _end_with_parent(parent: int) -> None:
    """In the worker: exit once the preview is gone. A preview stopped by Ctrl-C ends its worker itself; one
    killed outright cannot, and the worker, left waiting for work that never comes, would stay forever."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


class GuideWorker:
    """A process beside the preview that lays out a lesson's guide proof while the preview lays out its workbook.

    The guide prints the workbook's page numbers, so it is started with those of the lesson's previous workbook
    proof; an edit seldom moves them, and when it did, the caller lays the guide out again with the new ones.
    Spawned rather than forked: the preview runs threads (server, watcher) that a fork would copy mid-work.
    """

    def __init__(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_end_with_parent, initargs=(os.getpid(),))
        self._pool.submit(warm_up)  # WeasyPrint and the fonts, loaded before the first guide is asked for

    def start(self, course: Course, settings: Mapping[str, Mapping[str, Any]], lesson_id: str, language: str,
              workbook_pages: Mapping[str, int]) -> Future[bytes]:
        return self._pool.submit(guide_pdf, lesson_alone(course, lesson_id), _spec(settings, language, "facilitator"),
                                 dict(workbook_pages))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def proof_pdf(course: Course, settings: Mapping[str, Mapping[str, Any]], lesson_id: str, language: str,
              edition: str) -> bytes:
    """The PDF of one lesson's pages in the participant workbook or the facilitator guide."""
    if edition not in EDITIONS:
        raise ValueError(f"no print proof of the {edition} edition")
    workbook = workbook_proof(course, settings, lesson_id, language)
    return workbook.pdf if edition == "participant" else guide_proof(course, settings, lesson_id, language, workbook)


def lesson_of(course: Course, changed: list[str]) -> str | None:
    """The lesson whose folder holds the last of the changed files (paths relative to the course folder)."""
    folders = {PurePosixPath(lesson.where.file).parent: lesson.id for lesson in course.lessons if lesson.where.file}
    for path in reversed(changed):
        for parent in PurePosixPath(path.replace("\\", "/")).parents:
            if parent in folders:
                return folders[parent]
    return None
