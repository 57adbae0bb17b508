"""The cmi5 test harness: one Ralph LRS per test process (pytest-xdist workers each start their own, on a
free loopback port), and a fresh test LMS in front of it for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from builder.cmi5 import structure
from builder.runtime.files import Delivery, delivery_files
from builder.runtime.units import PackagingMode, launch_file
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
    """cmi5.xml and files of the example course. Until the cmi5 builder exists, today's SCORM player files
    stand in for the AU's files (they are what the cmi5 AU adapter will be added to)."""
    plan = structure.plan_structure(course, mode, (language,), launch_file)
    files = delivery_files(course, language, Delivery("scorm2004", mode))
    return structure.structure_xml(plan), files
