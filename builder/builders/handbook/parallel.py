"""Handbooks laid out in worker processes: a job is one language's documents, or one of them (plan.py), and
render_all runs jobs on the cores, adding those a finished job makes ready.

Workers are forked after the course is set in a module global: they inherit the model instead of receiving it
(no copy per job). A worker returns only small records.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from builder.builders.handbook import fit
from builder.builders.handbook.crossref import CrossRefs, anchor_pages
from builder.builders.handbook.render import HandbookSpec, file_name, layout, weasyprint_messages
from builder.structure import Course


@dataclass(frozen=True)
class Job:
    language: str
    editions: tuple[str, ...]  # in the order participant, facilitator, printables
    paper: str
    folder: str  # where the PDFs are written
    sides: str = "double"
    # Pages laid out by another worker (plan.py): the guide prints them, so this job need not lay them out.
    workbook_pages: Mapping[str, int] | None = None
    printable_pages: Mapping[str, int] | None = None


@dataclass(frozen=True)
class Rendered:
    language: str
    edition: str
    name: str
    pages: int
    seconds: float
    peak_mb: float  # the rendering process's peak resident memory so far
    warnings: tuple[str, ...] = ()  # what WeasyPrint logged while laying out and writing this PDF
    notes: tuple[fit.LayoutNote, ...] = ()  # print rules the laid-out pages break (a job aid too long…)
    anchors: Mapping[str, int] = field(default_factory=dict)  # anchor id → page: what the guide prints of it


@dataclass(frozen=True)
class Pages:
    """Sent by a worker as soon as a document is laid out, before it is written: the anchors' pages a guide
    prints, so that the guide can start while the PDF is still being written."""

    edition: str
    anchors: Mapping[str, int]


@dataclass(frozen=True)
class Failed:
    language: str
    message: str


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def render_job(course: Course, job: Job, laid_out: Callable[[Pages], None] = lambda pages: None) -> list[Rendered]:
    """The workbook is laid out for the guide too, and the printables: the guide prints their page numbers.
    Each is written only if asked for; `laid_out` hears of their pages before they are written."""
    results = []
    pages: Mapping[str, int] = job.workbook_pages or {}
    if job.workbook_pages is None and {"participant", "facilitator"} & set(job.editions):
        started = time.perf_counter()
        workbook_spec = HandbookSpec(job.language, "participant", job.paper, job.sides)
        with weasyprint_messages() as messages:
            workbook, notes = fit.workbook(course, workbook_spec)
            pages = anchor_pages(workbook.document)
            laid_out(Pages("participant", pages))
            if "participant" in job.editions:
                name = file_name(course, workbook_spec)
                Path(job.folder, name).write_bytes(workbook.pdf_bytes())
                results.append(Rendered(job.language, "participant", name, len(workbook.document.pages),
                                        time.perf_counter() - started, _peak_mb(), tuple(messages), notes,
                                        pages))
        del workbook  # a laid-out document holds every box of every page; let it go before the next
    printable_pages: Mapping[str, int] = job.printable_pages or {}
    if job.printable_pages is None and course.printables() and {"printables", "facilitator"} & set(job.editions):
        started = time.perf_counter()
        sheets_spec = HandbookSpec(job.language, "printables", job.paper, "single")
        with weasyprint_messages() as messages:
            sheets, printable_pages, notes = fit.printables(course, sheets_spec)
            laid_out(Pages("printables", printable_pages))
            if "printables" in job.editions:
                name = file_name(course, sheets_spec)
                Path(job.folder, name).write_bytes(sheets.pdf_bytes())
                results.append(Rendered(job.language, "printables", name, len(sheets.document.pages),
                                        time.perf_counter() - started, _peak_mb(), tuple(messages), notes,
                                        printable_pages))
        del sheets
    if "facilitator" in job.editions:
        started = time.perf_counter()
        guide_spec = HandbookSpec(job.language, "facilitator", job.paper, job.sides)
        with weasyprint_messages() as messages:
            guide = layout(course, guide_spec, CrossRefs(workbook=pages, printables=printable_pages))
            name = file_name(course, guide_spec)
            Path(job.folder, name).write_bytes(guide.pdf_bytes())
        results.append(Rendered(job.language, "facilitator", name, len(guide.document.pages),
                                time.perf_counter() - started, _peak_mb(), tuple(messages)))
    return results


_course: Course | None = None  # set before forking; the workers read it


# Errors of the disk the PDFs are written to: the build reports them as an output problem, not a handbook one.
DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)


def _render_in_worker(job: Job, laid_out: Callable[[Pages], None] = lambda pages: None) -> list[Rendered] | Failed:
    assert _course is not None
    try:
        return render_job(_course, job, laid_out)
    except OSError as exc:
        if exc.errno in DISK_ERRORS:
            raise
        return Failed(job.language, f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # reported by the parent as a build error, not a traceback
        return Failed(job.language, f"{type(exc).__name__}: {exc}")


def _worker_main(job: Job, sender: Connection) -> None:
    """A worker's whole life: the parent decides when to stop (Ctrl-C reaches the whole terminal group),
    so SIGINT is ignored and SIGTERM, the parent's way of stopping it, ends it at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        result: list[Rendered] | Failed | OSError = _render_in_worker(job, sender.send)
    except OSError as exc:  # a disk error: the parent raises it again and reports it as an output problem
        result = exc
    sender.send(result)
    sender.close()


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
CHECKPOINT_SECONDS = 0.25


Follow = Callable[[int, "Pages | list[Rendered] | Failed"], list[Job]]


def render_all(course: Course, jobs: list[Job], workers: int | None = None,
               checkpoint: Callable[[], None] = lambda: None, follow: Follow | None = None) -> list[list[Rendered] | Failed]:
    """Render the jobs, in parallel when there are several jobs and several cores; `checkpoint` is called
    between jobs and, while workers run, a few times a second (it raises to stop the rendering). `follow(index,
    message)`, called with a job's Pages as soon as a document of it is laid out and with its result when it
    ends, returns jobs to render next (a guide once the pages it prints are known); the result list holds every
    job's result, in the order the jobs were given or followed."""
    global _course
    workers = (workers or usable_cores()) if follow else min(workers or usable_cores(), len(jobs))
    _course = course
    try:
        if workers <= 1:
            return _render_here(jobs, checkpoint, follow)
        return _render_in_processes(jobs, workers, checkpoint, follow)
    finally:
        _course = None


def _render_here(jobs: list[Job], checkpoint: Callable[[], None], follow: Follow | None) -> list[list[Rendered] | Failed]:
    results: list[list[Rendered] | Failed] = []
    queue = list(jobs)
    while len(results) < len(queue):
        checkpoint()
        results.append(_render_in_worker(queue[len(results)]))  # one at a time: early pages would gain nothing
        if follow:
            queue.extend(follow(len(results) - 1, results[-1]))
    return results


def _render_in_processes(jobs: list[Job], workers: int, checkpoint: Callable[[], None],
                         follow: Follow | None) -> list[list[Rendered] | Failed]:
    """At most `workers` forked processes at a time, each sending one result through its own pipe.

    Plain processes and pipes rather than ProcessPoolExecutor: stopping a pool's workers from outside can
    leave its queue threads blocked, and the interpreter then hangs at exit. Here every worker is daemonic,
    and whatever happens the finally clause terminates and reaps the ones still running."""
    context = multiprocessing.get_context("fork")
    every = list(jobs)
    results: dict[int, list[Rendered] | Failed] = {}
    waiting = list(enumerate(jobs))
    running: dict[Connection, tuple[int, multiprocessing.process.BaseProcess]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                index, job = waiting.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                # A stop signal arriving mid-fork would reach the child before it ignores SIGINT.
                signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
                try:
                    process = context.Process(target=_worker_main, args=(job, sender), daemon=True)
                    process.start()
                finally:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
                sender.close()
                running[receiver] = (index, process)
            checkpoint()
            for receiver in wait(list(running), timeout=CHECKPOINT_SECONDS):
                index, process = running[receiver]
                message = _receive(receiver, every[index])
                if not isinstance(message, Pages):  # the job's result: its worker is done
                    del running[receiver]
                    receiver.close()
                    process.join()
                    results[index] = message
                for job in follow(index, message) if follow else ():
                    waiting.append((len(every), job))
                    every.append(job)
        return [results[index] for index in range(len(every))]
    finally:
        for _, process in running.values():
            process.terminate()
        for receiver, (_, process) in running.items():
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
            receiver.close()


def _receive(receiver: Connection, job: Job) -> Pages | list[Rendered] | Failed:
    try:
        result = receiver.recv()
    except (EOFError, OSError):  # the worker died without answering, e.g. killed when memory ran out
        return Failed(job.language, "a handbook process was killed (out of memory?)")
    if isinstance(result, OSError):
        raise result
    return result
