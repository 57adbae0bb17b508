"""Fixtures shared by every test module. Browser and PDF fixtures live beside their tests."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest

from builder.loader import load_course
from builder.structure import Course

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_COURSE = ROOT / "tests" / "example-course"
SHIPPED_COURSE = ROOT / "course"
NODE_MODULES = ROOT / "tests" / "js" / "node_modules"
# Every translatable text of the example course, one XLIFF unit each (36 of them in its scenario, 18 in its pages'
# interactive blocks, 8 in its facilitator notes): the translate tests count them.
EXAMPLE_TEXTS = 223


# Builds in the tests never read or fill the user's build cache (~/.cache/coursebuild), nor one another's: the
# session's fixtures get a cache of their own, and each test a fresh one (below).
_SESSION_CACHE = tempfile.mkdtemp(prefix="coursebuild-test-cache-")
atexit.register(shutil.rmtree, _SESSION_CACHE, ignore_errors=True)
os.environ["COURSEBUILD_CACHE_DIR"] = _SESSION_CACHE


@pytest.fixture(autouse=True)
def _own_build_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEBUILD_CACHE_DIR", str(tmp_path_factory.mktemp("build-cache")))


def interruptible() -> None:
    """`preexec_fn` for a process a test stops with Ctrl-C: a suite started in the background (`cmd &`)
    ignores SIGINT, every child would inherit that, and coursebuild rightly keeps ignoring it then."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="session")
def example_course() -> Course:
    course, report = load_course(EXAMPLE_COURSE)
    assert course is not None, report.render()
    return course


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the example course, for tests that break it on purpose."""
    target = tmp_path / "course"
    shutil.copytree(EXAMPLE_COURSE, target)
    return target
