"""Options and output shared by the commands."""

from __future__ import annotations

import json
from pathlib import Path

import click

from builder.diagnostics import Report, repository_root

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


def as_seen(report: Report, course_dir: Path, style: str) -> Report:
    """Files named as the reader of `style` resolves them: GitHub from the repository's top folder (it
    attaches an annotation to `file=` read from there), people and tools from the working directory.
    Outside a git repository, the github style uses the working directory too."""
    cwd = Path.cwd()
    base = (repository_root(cwd) or cwd) if style == "github" else cwd
    return report.seen_from(course_dir, base)


def print_report(report: Report, style: str, course_dir: Path, *, quiet: bool = False) -> None:
    """Problems go to stderr so that --json output on stdout stays parseable; the json style prints nothing
    here (the commands print their JSON on stdout)."""
    if style == "json":
        return
    diagnostics = as_seen(report, course_dir, style).sorted()
    if quiet:
        diagnostics = [d for d in diagnostics if d.severity.value == "error"]
    for diagnostic in diagnostics:
        text = diagnostic.as_github() if style == "github" else diagnostic.as_text()
        color = "red" if diagnostic.severity.value == "error" else "yellow"
        click.secho(text, err=True, fg=color if style == "text" else None)


def report_json(report: Report, course_dir: Path, ok: bool) -> dict[str, object]:
    """`{"ok", "errors", "warnings"}`, as `validate --format json` and `build --report-format json` print it."""
    seen = as_seen(report, course_dir, "json")
    return {"ok": ok, "errors": [d.as_json() for d in seen.errors], "warnings": [d.as_json() for d in seen.warnings]}


def echo_json(data: dict[str, object]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
