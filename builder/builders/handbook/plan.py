"""Every language's handbooks as one plan of documents, so that the cores stay busy to the end of the build.

A language's guide prints the page numbers of its workbook and its printables, so it is laid out after them;
nothing else depends on anything. One job per language (workbook, printables, guide in a row) left a core idle
while the last language ran alone: with three languages on two cores, a third of the build. Here each
document is a job of its own: every workbook first (the longest), then the printables, and each guide as soon
as its language's pages are known (a worker sends them once a document is laid out, before writing its PDF,
which takes a workbook seconds). With the page numbers of the last build (a hint from the build cache) and a
core to spare, a guide is also laid out at once from those, and kept only when the new pages are exactly the
same (then it is the guide they give, byte for byte); otherwise it is laid out again from the new ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from builder.builders.handbook.parallel import Failed, Job, Pages, Rendered
from builder.structure import Course

PARTICIPANT, PRINTABLES, GUIDE, GUESS = "participant", "printables", "facilitator", "guess"


def complete(course: Course, job: Job) -> bool:
    """Whether the job asks for every edition the course has (a plan needs the workbook and printables written
    anyway, since the guide prints their pages)."""
    needed = {PARTICIPANT, GUIDE} | ({PRINTABLES} if course.printables() else set())
    return set(job.editions) == needed


def pages_hint(course: Course, rendered: list[Rendered]) -> dict[str, dict[str, int]] | None:
    """The page numbers a guide prints, as laid out in this build, for the next build's plan; None when this
    build did not lay out both the workbook and the printables the course has."""
    by_edition = {r.edition: dict(r.anchors) for r in rendered}
    if PARTICIPANT not in by_edition or (PRINTABLES not in by_edition and course.printables()):
        return None
    return {"workbook": by_edition[PARTICIPANT], "printables": by_edition.get(PRINTABLES, {})}


def _hinted_pages(hint: object) -> tuple[dict[str, int], dict[str, int]] | None:
    """The workbook's and the printables' pages a hint holds; None when it is not such a hint."""
    def pages(value: object) -> bool:
        return isinstance(value, dict) and all(isinstance(k, str) and type(v) is int for k, v in value.items())

    if isinstance(hint, dict) and pages(hint.get("workbook")) and pages(hint.get("printables")):
        return hint["workbook"], hint["printables"]
    return None


@dataclass
class _Language:
    job: Job
    guessed_from: tuple[dict[str, int], dict[str, int]] | None  # the hint's pages a guide was started with
    laid_out: dict[str, Rendered] = field(default_factory=dict)  # participant, printables: written
    pages: dict[str, dict[str, int]] = field(default_factory=dict)  # their anchors' pages, known before that
    guessed: list[Rendered] | Failed | None = None
    guide: list[Rendered] | Failed | None = None
    guide_started: bool = False
    failed: Failed | None = None


class EditionPlan:
    """`jobs` to start with; `follow(index, result)` for render_all, which returns the guides that became ready;
    `results()` once rendering is over: per language, its documents or why it failed."""

    def __init__(self, course: Course, jobs: list[Job], hints: Mapping[str, object]) -> None:
        self.course = course
        self.languages: list[_Language] = []
        self.jobs: list[Job] = []
        self._owner: list[tuple[int, str]] = []  # job index -> (language index, role)
        workbooks, guesses, printables = [], [], []
        for number, job in enumerate(jobs):
            guessed_from = _hinted_pages(hints.get(job.language))
            self.languages.append(_Language(job, guessed_from))
            workbooks.append((number, PARTICIPANT, dataclasses.replace(job, editions=(PARTICIPANT,))))
            if guessed_from is not None:
                guesses.append((number, GUESS, self._guide(job, *guessed_from)))
            if course.printables():
                printables.append((number, PRINTABLES, dataclasses.replace(job, editions=(PRINTABLES,))))
        for number, role, planned in (*workbooks, *guesses, *printables):
            self._add(number, role, planned)

    def _add(self, language: int, role: str, job: Job) -> Job:
        self._owner.append((language, role))
        self.jobs.append(job)
        return job

    @staticmethod
    def _guide(job: Job, workbook: Mapping[str, int], printables: Mapping[str, int]) -> Job:
        return dataclasses.replace(job, editions=(GUIDE,), workbook_pages=workbook, printable_pages=printables)

    def follow(self, index: int, message: Pages | list[Rendered] | Failed) -> list[Job]:
        """A job's pages (its document is laid out, not yet written) or its result."""
        number, role = self._owner[index]
        language = self.languages[number]
        if isinstance(message, Pages):
            if role in (PARTICIPANT, PRINTABLES):
                language.pages[role] = dict(message.anchors)
        elif role == GUIDE:
            language.guide = message
            return []
        elif role == GUESS:
            language.guessed = message
        elif isinstance(message, Failed):
            language.failed = language.failed or message
            return []
        else:
            language.laid_out[role] = message[0]
            language.pages[role] = dict(message[0].anchors)
        return self._ready(number)

    def _ready(self, number: int) -> list[Job]:
        """The language's guide, once the pages it prints are known and no guess from the hint stands."""
        language = self.languages[number]
        if language.failed or language.guide is not None or language.guide_started:
            return []
        if PARTICIPANT not in language.pages or (PRINTABLES not in language.pages and self.course.printables()):
            return []
        pages = (language.pages[PARTICIPANT], language.pages.get(PRINTABLES, {}))
        if language.guessed_from is not None:
            if language.guessed is None:
                return []  # its guess is still being laid out: decided when it ends
            if not isinstance(language.guessed, Failed) and language.guessed_from == pages:
                language.guide = language.guessed
                return []
        language.guide_started = True
        return [self._add(number, GUIDE, self._guide(language.job, *pages))]

    def results(self) -> list[list[Rendered] | Failed]:
        out: list[list[Rendered] | Failed] = []
        for language in self.languages:
            if language.failed is not None:
                out.append(language.failed)
            elif isinstance(language.guide, Failed) or language.guide is None or len(language.laid_out) < len(
                    language.pages):
                out.append(language.guide if isinstance(language.guide, Failed) else Failed(
                    language.job.language, "a document was not finished"))
            else:
                laid_out = [language.laid_out[e] for e in (PARTICIPANT, PRINTABLES) if e in language.laid_out]
                out.append([*laid_out, *language.guide])
        return out
