"""Preview fixtures: `coursebuild preview` run as the author runs it, in a subprocess on a free port, and
Chromium with the launch settings of tests/browser.

Playwright's sync API allows one instance per thread, and other test folders keep their own session-wide
instance in the main thread of the same worker. So the preview's Chromium lives in a thread of its own and
each browser test runs its steps there (`chromium.in_page(steps)`); a failed assertion comes back to the
test with its traceback.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import EXAMPLE_COURSE, ROOT, interruptible

URL = re.compile(r"at (http://127\.0\.0\.1:\d+/)")
START_TIMEOUT = 30.0


class PreviewProcess:
    """`coursebuild preview COURSE --port 0 --no-open ...` with its terminal output collected line by line."""

    def __init__(self, course_dir: Path, *args: str) -> None:
        self.course_dir = course_dir
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "builder", "preview", str(course_dir), "--port", "0", "--no-open", *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, preexec_fn=interruptible,
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


class ChromiumThread:
    """One Chromium, driven from a dedicated thread; `in_page` runs a test's steps there in a fresh page."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Callable[[Any], Any], queue.Queue[tuple[bool, Any]]] | None] = queue.Queue()
        self._started: queue.Queue[BaseException | None] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name="preview-chromium", daemon=True)
        self._thread.start()
        failure = self._started.get(timeout=120)
        if failure is not None:
            raise failure

    def _serve(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                self._started.put(None)
                while (job := self._jobs.get()) is not None:
                    steps, answer = job
                    try:
                        answer.put((True, steps(browser)))
                    except BaseException as exc:  # handed back to the test's thread, which raises it
                        answer.put((False, exc))
                browser.close()
        except BaseException as exc:
            self._started.put(exc)

    def in_page(self, steps: Callable[[Any], Any], timeout: float = 180) -> Any:
        """Run steps(page) in a fresh context (no sessionStorage from an earlier test); fails on any
        JavaScript error the page raised."""

        def job(browser: Any) -> Any:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            try:
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                result = steps(page)
                assert not errors, f"JavaScript errors: {errors}"
                return result
            finally:
                context.close()

        answer: queue.Queue[tuple[bool, Any]] = queue.Queue()
        self._jobs.put((job, answer))
        ok, value = answer.get(timeout=timeout)
        if not ok:
            raise value
        return value

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=30)


@pytest.fixture(scope="session")
def chromium() -> Iterator[ChromiumThread]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    thread = ChromiumThread()
    yield thread
    thread.close()


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
