"""The cmi5 test harness: one Ralph LRS per test process (pytest-xdist workers each start their own, on a
free loopback port), and a fresh test LMS in front of it for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from builder.builders import BuildOptions
from builder.builders.cmi5 import Cmi5Builder
from builder.cmi5 import structure
from builder.runtime.units import PackagingMode
from builder.structure import Course
from tests.cmi5.lms import Cmi5Lms
from tests.cmi5.ralph import RalphLrs


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphLrs]:
    lrs = RalphLrs.start(tmp_path_factory.mktemp("ralph"))
    try:
        yield lrs
    finally:
        lrs.stop()


@pytest.fixture
def cmi5_lms(ralph: RalphLrs) -> Iterator[Cmi5Lms]:
    lms = Cmi5Lms(ralph).start()
    try:
        yield lms
    finally:
        lms.stop()


def example_package(course: Course, mode: PackagingMode = PackagingMode.PER_LESSON,
                    language: str = "en") -> tuple[bytes, dict[str, bytes]]:
    """cmi5.xml and the other files of the example course's cmi5 package, as `build -f cmi5` zips them."""
    files = Cmi5Builder(course, BuildOptions(given={"mode": PackagingMode(mode).value}), None).package(language)  # type: ignore[arg-type]
    return files.pop(structure.FILE_NAME), files
