"""Several handbooks at once: one process per language, each laying out its workbook then its guide.

The model's Text values cannot be pickled, so workers are forked after the course is set in a
module global: they inherit it instead of receiving it. A worker returns only small records.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import resource
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from builder.builders.handbook.crossref import anchor_pages
from builder.builders.handbook.render import HandbookSpec, file_name, layout
from builder.structure import Course


@dataclass(frozen=True)
class Job:
    language: str
    editions: tuple[str, ...]  # in the order participant, facilitator
    paper: str
    folder: str  # where the PDFs are written


@dataclass(frozen=True)
class Rendered:
    language: str
    edition: str
    name: str
    pages: int
    seconds: float
    peak_mb: float  # the rendering process's peak resident memory so far


@dataclass(frozen=True)
class Failed:
    language: str
    message: str


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def render_job(course: Course, job: Job) -> list[Rendered]:
    """The workbook is always laid out: the guide prints its page numbers. It is written only if asked for."""
    results = []
    started = time.perf_counter()
    workbook_spec = HandbookSpec(job.language, "participant", job.paper)
    workbook = layout(course, workbook_spec, {})
    pages = anchor_pages(workbook.document)
    if "participant" in job.editions:
        name = file_name(course, workbook_spec)
        Path(job.folder, name).write_bytes(workbook.pdf_bytes())
        results.append(Rendered(job.language, "participant", name, len(workbook.document.pages),
                                time.perf_counter() - started, _peak_mb()))
    del workbook  # a laid-out document holds every box of every page; let it go before the next
    if "facilitator" in job.editions:
        started = time.perf_counter()
        guide_spec = HandbookSpec(job.language, "facilitator", job.paper)
        guide = layout(course, guide_spec, pages)
        name = file_name(course, guide_spec)
        Path(job.folder, name).write_bytes(guide.pdf_bytes())
        results.append(Rendered(job.language, "facilitator", name, len(guide.document.pages),
                                time.perf_counter() - started, _peak_mb()))
    return results


_course: Course | None = None  # set before forking; the workers read it


# Errors of the disk the PDFs are written to: the build reports them as an output problem, not a handbook one.
DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)


def _render_in_worker(job: Job) -> list[Rendered] | Failed:
    assert _course is not None
    try:
        return render_job(_course, job)
    except OSError as exc:
        if exc.errno in DISK_ERRORS:
            raise
        return Failed(job.language, f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # reported by the parent as a build error, not a traceback
        return Failed(job.language, f"{type(exc).__name__}: {exc}")


def _worker_signals() -> None:
    """The parent decides when to stop (Ctrl-C reaches the whole terminal group) and stops workers by SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def render_all(course: Course, jobs: list[Job], workers: int | None = None) -> list[list[Rendered] | Failed]:
    """Render the jobs, in parallel when there are several jobs and several cores."""
    global _course
    workers = min(workers or usable_cores(), len(jobs))
    _course = course
    try:
        if workers <= 1:
            return [_render_in_worker(job) for job in jobs]
        return _render_in_pool(jobs, workers)
    finally:
        _course = None


def _render_in_pool(jobs: list[Job], workers: int) -> list[list[Rendered] | Failed]:
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_signals)
    try:
        return list(pool.map(_render_in_worker, jobs))
    except BrokenProcessPool:  # a worker was killed from outside, e.g. by the kernel when memory ran out
        return [Failed(job.language, "a handbook process was killed (out of memory?)") for job in jobs]
    except BaseException:
        # Stopped (Ctrl-C, SIGTERM) or failed: a worker must not run on, writing into a stage about to be removed.
        # ProcessPoolExecutor has no public way to stop running workers before Python 3.14.
        for process in list(pool._processes.values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
