"""`coursebuild validate`: check a course and list every problem, without writing anything."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from builder.commands.common import COURSE_DIR, echo_json, print_report, report_format_option, report_json
from builder.loader import load_course
from builder.wording import counted

EPILOG = """\b
Exit codes: 0 no errors (warnings allowed), 1 errors (or warnings with --strict), 2 wrong command line.
\b
Examples:
  coursebuild validate                 # checks ./course
  coursebuild validate my-course --strict
  coursebuild validate --format github # annotations on the source lines in CI
"""


@click.command(epilog=EPILOG)
@COURSE_DIR
@report_format_option("--format")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 when there is any).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only, and no summary line.")
def validate(course_dir: Path, report_format: str, strict: bool, quiet: bool) -> None:
    """Check COURSE_DIR (default: course) and report every problem with file, line and fix."""
    course, report = load_course(course_dir)
    if course is not None:
        from builder.translation.stale import check_translations  # late: build and preview never need it

        check_translations(course_dir, report)  # stale or draft translations; only when the course keeps a record
    failed = report.has_errors or (strict and bool(report.warnings))
    if report_format == "json":
        echo_json(report_json(report, course_dir, not failed))
    else:
        print_report(report, report_format, course_dir, quiet=quiet)
        if not quiet:
            count = len(course.lessons) if course else 0
            lessons = f", {counted(count, 'lesson')}" if course else ""
            verdict = "failed" if failed else "ok"
            click.echo(f"{course_dir}: {verdict}{lessons} ({report.summary()})", err=True)
    sys.exit(1 if failed else 0)
