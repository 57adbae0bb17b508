"""`coursebuild schema`: JSON Schemas of the course files, for editors (completion, inline errors)."""

from __future__ import annotations

from pathlib import Path

import click

from builder.loader.schema import LANG_PATTERN
from builder.wording import counted

EPILOG = """\b
Examples:
  coursebuild schema -o schemas                        # any BCP 47 language
  coursebuild schema -o course/.coursebuild/schema --lang zh-Hant --lang en
\b
Then start each course file with a comment naming its schema (coursebuild new does this):
  # yaml-language-server: $schema=.coursebuild/schema/course.schema.json
"""


def _tags(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if not LANG_PATTERN.match(value):
            raise click.BadParameter(f"'{value}' is not a BCP 47 language tag; write e.g. 'en', 'zh-Hant'")
    return values


@click.command(epilog=EPILOG)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="The folder to write the .schema.json files into.")
@click.option("--lang", "languages", multiple=True, callback=_tags, metavar="LANG",
              help="A course language (repeatable, source first): texts must then be given in exactly these.")
def schema(output: Path, languages: tuple[str, ...]) -> None:
    """Write JSON Schemas (draft 2020-12) for course.yaml, lesson.yaml, quiz.yaml, assessment.yaml and
    glossary.yaml, made from the same declarations coursebuild validate checks."""
    from builder import schemagen

    written = schemagen.write(output, languages)
    click.echo(f"wrote {counted(len(written), 'schema')} to {output}: {', '.join(p.name for p in written)}", err=True)
