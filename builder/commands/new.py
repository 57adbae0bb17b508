"""`coursebuild new`: scaffold a course that validates and builds, from the templates in builder/templates/new."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import click
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from builder import schemagen
from builder.loader.placeholders import MARKER, page_note
from builder.loader.schema import ID_PATTERN, LANG_PATTERN
from builder.wording import counted

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "new"
# A template named `page.LANG.md.j2` is written once per course language as `page.<lang>.md`.
PER_LANGUAGE = "LANG"
SOURCE_LANGUAGE = "en"  # the templates are written in English
DEFAULT_TITLE = "My first course"

EPILOG = """\b
Exit codes: 0 created, 1 DIR exists and is not empty (nothing is written),
2 wrong command line (e.g. a malformed language tag).
\b
Examples:
  coursebuild new my-course                          # English only
  coursebuild new my-course --lang zh-Hant --lang en # source language first
  coursebuild new my-course --title "Customer calls"
  coursebuild validate my-course && coursebuild build my-course
"""


def _language_tag(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if not LANG_PATTERN.match(value):
            raise click.BadParameter(
                f"'{value}' is not a BCP 47 language tag; write e.g. 'en', 'zh-Hant', 'zh-Hans' or 'pt-BR' "
                "(hyphen, not underscore; script in Title case, region in CAPITALS)")
    if len(set(values)) != len(values):
        raise click.BadParameter("a language is given twice")
    return values or (SOURCE_LANGUAGE,)


@click.command(epilog=EPILOG)
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option("--lang", "languages", multiple=True, metavar="LANG", callback=_language_tag,
              help="Course language, source language first; repeat for several. Default: en.")
@click.option("--title", default=None, help="The course title, in the first --lang language (default: My first course).")
def new(folder: Path, languages: tuple[str, ...], title: str | None) -> None:
    """Create a course in DIR: one complete lesson, quiz, glossary and final assessment.

    Texts in languages other than English start as English placeholders marked
    "(Translate)"; the course validates and builds as it is, and `validate` warns
    about every mark left (so `validate --strict` fails until all are translated).
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        click.secho(f"error: {folder} already exists and is not empty; nothing was written", fg="red", err=True)
        click.echo("  fix: give a new folder name, or an empty folder", err=True)
        sys.exit(1)
    written = scaffold(folder, languages, title)
    click.echo(f"created {folder} ({counted(len(written), 'file')}, languages: {', '.join(languages)})", err=True)
    click.echo(f"next:  coursebuild validate {folder}\n       coursebuild build {folder} -o output", err=True)


def scaffold(folder: Path, languages: tuple[str, ...], title: str | None = None) -> list[Path]:
    """Write the course; every text is given in every language, placeholders marked for translation. A title
    given on the command line is the author's, in the first language; the other languages get it marked."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, keep_trailing_newline=True,
                      autoescape=False)  # YAML and Markdown, not HTML
    written_in = {title: languages[0]} if title else {}
    localized = _localized(languages, written_in)
    common = {
        "languages": languages,
        "course_id": _course_id(folder),
        "folder": folder.name,
        "title": title or DEFAULT_TITLE,
        "loc": localized,
        "loc_item": lambda text, indent: localized(text, indent).lstrip(),
        "loc_list": _localized_list(languages),
    }
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(p for p in TEMPLATES.rglob("*") if p.is_file()):
        relative = source.relative_to(TEMPLATES)
        if source.suffix != ".j2":
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.append(target)
            continue
        template = env.get_template(relative.as_posix())
        name = relative.as_posix().removesuffix(".j2")
        for language in languages if PER_LANGUAGE in relative.name else (None,):
            target = folder / (name.replace(f".{PER_LANGUAGE}.", f".{language}.") if language else name)
            target.parent.mkdir(parents=True, exist_ok=True)
            note = "" if language in (None, SOURCE_LANGUAGE) else page_note(language)
            text = schemagen.modeline(folder, target) + template.render(common, lang=language, translate_note=note)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    written += schemagen.write(folder / schemagen.COURSE_SCHEMA_FOLDER, languages)  # editor completion, offline
    return written


def _course_id(folder: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")[:64].strip("-")
    return slug if ID_PATTERN.match(slug) else "my-course"


def _placeholder(text: str, language: str, written_in: str) -> str:
    """The text as it stands in `language`: as written in its own language, marked in every other."""
    if language == written_in:
        return text
    return f"{MARKER}\n\n{text}" if "\n" in text else f"{MARKER} {text}"


def _localized(languages: tuple[str, ...], written_in: dict[str, str]) -> Callable[[str, int], str]:
    """A YAML mapping language -> text, one line per language at `indent`, to follow `key:`. Template texts
    are English; `written_in` names the language of the author's own texts (the title from --title)."""

    def render(text: str, indent: int) -> str:
        pad = " " * indent
        lines = []
        for language in languages:
            value = _placeholder(text, language, written_in.get(text, SOURCE_LANGUAGE))
            if "\n" in value:
                body = "".join(f"{pad}  {line}\n" if line else "\n" for line in value.rstrip("\n").split("\n"))
                lines.append(f"{pad}{language}: |\n{body.rstrip()}")
            else:
                lines.append(f"{pad}{language}: {json.dumps(value, ensure_ascii=False)}")
        return "\n" + "\n".join(lines)

    return render


def _localized_list(languages: tuple[str, ...]) -> Callable[[list[str], int], str]:
    """Accepted answers per language; the English words stand in until someone translates them."""

    def render(values: list[str], indent: int) -> str:
        items = json.dumps(values, ensure_ascii=False)
        return "\n" + "\n".join(f"{' ' * indent}{language}: {items}" for language in languages)

    return render
