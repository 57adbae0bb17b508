"""Lesson folders are independent, so large courses load them on every core."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from builder.diagnostics import Diagnostic, Report
from builder.loader.files import SourceFolder
from builder.loader.lessons import load_lesson
from builder.loader.reading import Loading
from builder.structure import Lesson

# Below this many lessons, starting worker processes costs more than it saves.
PARALLEL_FROM = 40


def load_lessons(loading: Loading, folders: list[Path]) -> list[Lesson]:
    workers = min(len(os.sched_getaffinity(0)), 8)
    if len(folders) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _load_range(loading, folders, 1)
    size = -(-len(folders) // workers)
    chunks = [(folders[i:i + size], i + 1) for i in range(0, len(folders), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_load_chunk, loading.folder.root, loading.languages, chunk, first)
                   for chunk, first in chunks]
        lessons: list[Lesson] = []
        for future in futures:
            chunk_lessons, diagnostics, claims = future.result()
            lessons.extend(chunk_lessons)
            loading.report.diagnostics.extend(diagnostics)
            loading.claims.extend(claims)
    return lessons


def _load_range(loading: Loading, folders: list[Path], first: int) -> list[Lesson]:
    loaded = (load_lesson(loading, folder, number) for number, folder in enumerate(folders, start=first))
    return [lesson for lesson in loaded if lesson is not None]


def _load_chunk(root: Path, languages: tuple[str, ...], folders: list[Path], first: int
                ) -> tuple[list[Lesson], list[Diagnostic], list[tuple[str, str, str, int]]]:
    loading = Loading(SourceFolder(root), Report(), languages)
    lessons = _load_range(loading, folders, first)
    return lessons, loading.report.diagnostics, loading.claims
