"""Preview fixtures: `coursebuild preview` run as the author runs it, in a subprocess on a free port, and
the browser fixtures of tests/browser (same Chromium, same launch arguments)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import browser, page  # noqa: F401 (fixtures shared with the player's tests)
from tests.conftest import EXAMPLE_COURSE, ROOT

URL = re.compile(r"at (http://127\.0\.0\.1:\d+/)")
START_TIMEOUT = 30.0


class PreviewProcess:
    """`coursebuild preview COURSE --port 0 --no-open ...` with its terminal output collected line by line."""

    def __init__(self, course_dir: Path, *args: str) -> None:
        self.course_dir = course_dir
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "builder", "preview", str(course_dir), "--port", "0", "--no-open", *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        self.lines: list[str] = []
        self._ended = False
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        match = URL.search(self.wait_for_output("Previewing", START_TIMEOUT))
        assert match, self.output()
        self.url = match.group(1)

    def _read(self) -> None:
        assert self.process.stdout
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_output(self, text: str, timeout: float = 15.0, after: int = 0) -> str:
        """The first line from line number `after` on that contains `text`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((line for line in self.lines[after:] if text in line), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0 or self._ended:
                    raise AssertionError(f"no line with {text!r} in the preview's output:\n{self.output()}")
                self._changed.wait(min(left, 0.5))

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.fixture
def start_preview() -> Iterator[object]:
    """Starts preview processes for one test and stops every one of them afterwards."""
    started: list[PreviewProcess] = []

    def start(course_dir: Path, *args: str) -> PreviewProcess:
        preview = PreviewProcess(course_dir, *args)
        started.append(preview)
        return preview

    yield start
    for preview in started:
        preview.stop()


@pytest.fixture(scope="module")
def module_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example course a test module may edit."""
    target = tmp_path_factory.mktemp("preview") / "course"
    shutil.copytree(EXAMPLE_COURSE, target)
    return target
