"""The `coursebuild` command: a click group with one sub-command per module in builder/commands."""

from __future__ import annotations

import sys

import click

from builder import __version__
from builder.commands.build import build
from builder.commands.new import new
from builder.commands.preview import preview
from builder.commands.schema import schema
from builder.commands.translate import translate
from builder.commands.validate import validate

EPILOG = """\b
Examples:
  coursebuild new my-course --lang en
  coursebuild validate course
  coursebuild preview course --scorm 2004
  coursebuild build course -o output -f scorm12 -f scorm2004 --lang en
  coursebuild build --json > build.json
  coursebuild translate export course --to en -o course-en.xlf
  coursebuild schema -o schemas
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="coursebuild")
def cli() -> None:
    """Turn a course written as plain text into SCORM packages and printable handbooks."""


cli.add_command(validate)
cli.add_command(build)
cli.add_command(new)
cli.add_command(preview)
cli.add_command(translate)
cli.add_command(schema)


def main() -> None:
    """Entry point: no input, however broken, may end in a Python traceback."""
    try:
        cli.main(prog_name="coursebuild", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:
        click.echo(f"coursebuild stopped on an internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("This is a bug in coursebuild, not in your course. Please report it with the command you ran.",
                   err=True)
        sys.exit(3)
