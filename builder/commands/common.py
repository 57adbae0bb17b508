"""Options and output shared by the commands."""

from __future__ import annotations

from pathlib import Path

import click

from builder.diagnostics import Report

COURSE_DIR = click.argument("course_dir", default="course", type=click.Path(path_type=Path, file_okay=False))


def report_format_option(flag: str = "--format"):
    return click.option(
        flag,
        "report_format",
        type=click.Choice(["text", "github", "json"]),
        default="text",
        show_default=True,
        help="How to print problems: text for people, github for CI annotations on the source line, json for tools.",
    )


def print_report(report: Report, style: str, *, quiet: bool = False) -> None:
    """Problems go to stderr so that --json output on stdout stays parseable."""
    if style == "json":
        return
    diagnostics = report.sorted()
    if quiet:
        diagnostics = [d for d in diagnostics if d.severity.value == "error"]
    for diagnostic in diagnostics:
        text = diagnostic.as_github() if style == "github" else diagnostic.as_text()
        color = "red" if diagnostic.severity.value == "error" else "yellow"
        click.secho(text, err=True, fg=color if style == "text" else None)
