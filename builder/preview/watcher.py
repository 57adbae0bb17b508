"""Notices changes in a course folder by polling: no dependency, and it works the same on every platform
and file system (network drives and containers included, where change notifications often do not)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]

# Editors' swap, backup and lock files change while the author types; they are not sources.
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~")


def snapshot(folder: Path) -> Snapshot:
    """Every source file under `folder` with its modification time (ns) and size; hidden files and folders
    (.git, .DS_Store) are left out."""
    files: Snapshot = {}
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith(".") or name.startswith("#") or name.endswith(IGNORED_SUFFIXES):
                continue
            path = os.path.join(root, name)
            try:
                info = os.stat(path)
            except OSError:  # deleted between listing and stat: the next poll sees it gone
                continue
            files[os.path.relpath(path, folder)] = (info.st_mtime_ns, info.st_size)
    return files


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


class Watcher:
    """Calls `on_change(paths)` from its own thread whenever files under `folder` were added, removed or
    modified since the previous poll."""

    def __init__(self, folder: Path, on_change: Callable[[list[str]], None], interval: float = 0.5) -> None:
        self.folder = folder
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="coursebuild-preview-watcher", daemon=True)
        self._last = snapshot(folder)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            current = snapshot(self.folder)
            paths = changed_files(self._last, current)
            self._last = current
            if paths:
                self.on_change(paths)
