"""Counts in the command line's English (builder/wording.py): '1 lesson', never '1 lessons'."""

from __future__ import annotations

from builder.diagnostics import Report
from builder.wording import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "lesson") == "1 lesson"
    assert counted(0, "lesson") == "0 lessons"
    assert counted(2, "copy", "copies") == "2 copies"
    assert counted(1204, "character") == "1,204 characters"


def test_the_report_summary_counts_each_kind() -> None:
    report = Report()
    report.error("course.yaml", 1, "wrong", "fix it")
    assert report.summary() == "1 error, 0 warnings"
