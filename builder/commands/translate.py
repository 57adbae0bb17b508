"""`coursebuild translate`: exchange texts with translators (XLIFF 2.0), track stale translations, convert
between Chinese scripts. The work is in builder/translation; these are the verbs. docs/translation.md."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from builder.commands.common import COURSE_DIR
from builder.diagnostics import Diagnostic, Report, Severity
from builder.loader.schema import LANG_PATTERN
from builder.wording import counted

EPILOG = """\b
Exit codes: 0 done, 1 refused (nothing was changed), 2 wrong command line.
\b
Examples:
  coursebuild translate export course --to en -o course-en.xlf
  coursebuild translate export course --to en -o stale-en.xlf --stale-only
  coursebuild translate import course-en.xlf course
  coursebuild translate mark-current course --lang en
  coursebuild translate convert --from zh-Hant --to zh-Hans course
"""


def _tag(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not LANG_PATTERN.match(value):
        raise click.BadParameter(f"'{value}' is not a BCP 47 language tag; write e.g. 'en', 'zh-Hant', 'zh-Hans'")
    return value


@click.group(epilog=EPILOG)
def translate() -> None:
    """Send a course's texts to translators and bring the translations back (docs/translation.md)."""


def _print_errors(report: Report) -> None:
    for diagnostic in report.errors:
        click.secho(diagnostic.as_text(), fg="red", err=True)


def _load_or_exit(course_dir: Path):
    """The course must validate before its texts are exchanged: units are read from well-formed sources."""
    from builder.loader import load_course

    course, report = load_course(course_dir)
    if course is None:
        _print_errors(report)
        click.secho(f"error: {course_dir} has errors; fix them first ('coursebuild validate {course_dir}')",
                    fg="red", err=True)
        sys.exit(1)
    return course


@translate.command(epilog=EPILOG)
@COURSE_DIR
@click.option("--to", "target_lang", required=True, callback=_tag, metavar="LANG",
              help="The language to translate into (a course language, or a new one).")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The XLIFF file to write, e.g. course-en.xlf.")
@click.option("--stale-only", is_flag=True,
              help="Only the texts whose source changed since they were translated, and unreviewed drafts.")
def export(course_dir: Path, target_lang: str, output: Path, stale_only: bool) -> None:
    """Write the texts of COURSE_DIR as XLIFF 2.0 for a translator or CAT tool."""
    from builder.translation.export import export as run
    from builder.translation.record import write_atomically

    course = _load_or_exit(course_dir)
    if target_lang == course.languages[0]:
        raise click.BadParameter(f"'{target_lang}' is the course's source language", param_hint="--to")
    result = run(course_dir, target_lang, stale_only=stale_only)
    if not result.units:
        click.echo(f"nothing to export: no {target_lang} text is stale or a draft; {output} was not written", err=True)
        return
    if result.schema_errors:  # a bug in coursebuild, never the author's: say so plainly
        for error in result.schema_errors[:20]:
            click.echo(f"  {error}", err=True)
        click.secho("error: the XLIFF coursebuild made is not valid XLIFF 2.0; nothing was written. "
                    "This is a bug in coursebuild: please report it.", fg="red", err=True)
        sys.exit(3)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(output, result.data.decode("utf-8"))
    for check in result.extraction.untranslated_checks:
        click.secho(Diagnostic(
            check.file, check.line, 0, Severity.WARNING,
            f"a knowledge check written in place is not in the XLIFF file, and {check.message}",
            f"translate its texts in the {target_lang} page by hand, or name a quiz.yaml question instead "
            "(```check with 'question: <id>'), whose texts are exported", "translate-check-in-place").as_text(),
            fg="yellow", err=True)
    what = "stale or draft texts" if stale_only else "texts"
    click.echo(f"wrote {output}: {result.units} {what}, {result.translated} already translated, {result.stale} "
               f"stale ({course.languages[0]} → {target_lang}; checked against the XLIFF 2.0 schema)", err=True)


@translate.command(name="import", epilog=EPILOG)
@click.argument("xliff_file", metavar="FILE.xlf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@COURSE_DIR
def import_(xliff_file: Path, course_dir: Path) -> None:
    """Write the translations in FILE.xlf into COURSE_DIR; nothing changes if any of it cannot be placed."""
    from builder.translation.importer import import_xliff

    _load_or_exit(course_dir)
    outcome, counts = import_xliff(course_dir, xliff_file.read_bytes())
    if outcome.refusals or outcome.report is not None:
        for refusal in outcome.refusals:
            where = f"{refusal.where}: " if refusal.where else ""
            click.secho(f"{xliff_file}: {where}{refusal.reason}", fg="red", err=True)
        if outcome.report is not None:
            click.secho(f"{xliff_file}: with these translations the course would not validate:", fg="red", err=True)
            _print_errors(outcome.report)
        problems = len(outcome.refusals) + (len(outcome.report.errors) if outcome.report else 0)
        click.secho(f"error: {counted(problems, 'problem')}; nothing was changed", fg="red", err=True)
        sys.exit(1)
    files = [f for f in outcome.written if not f.startswith(".coursebuild/")]
    click.echo(f"imported {xliff_file}: {counts['translated']} of {counted(counts['units'], 'text')} translated, "
               f"{counts['changed']} changed in {counted(len(files), 'file')}", err=True)
    for file in files:
        click.echo(f"  {file}", err=True)
    if counts["stale"]:
        click.echo(f"note: {counts['stale']} were translated from a source text that has changed since; "
                   f"'coursebuild validate {course_dir}' lists them", err=True)


@translate.command(name="mark-current", epilog=EPILOG)
@click.argument("names", nargs=-1, metavar="[COURSE_DIR] [UNIT]...")
@click.option("--lang", "languages", multiple=True, callback=lambda c, p, v: [_tag(c, p, x) for x in v],
              metavar="LANG", help="Only this language (repeatable). Default: every translation language.")
def mark_current(names: tuple[str, ...], languages: list[str]) -> None:
    """Record that translations are current: reviewed against today's source.

    UNIT is a unit id as export and validate show it (lessons/01-x/quiz.yaml#questions.q1.prompt) or a file
    (every text in it). With no UNIT, every translated text is marked; run it once to start tracking.
    """
    from builder.translation.importer import mark_current as run

    course_dir, units = Path("course"), list(names)
    if units and Path(units[0]).is_dir():
        course_dir, units = Path(units[0]), units[1:]
    course = _load_or_exit(course_dir)
    chosen = languages or list(course.languages[1:])
    unknown_langs = [lang for lang in chosen if lang not in course.languages[1:]]
    if unknown_langs:
        raise click.BadParameter(f"'{unknown_langs[0]}' is not a translation language of this course "
                                 f"({', '.join(course.languages[1:]) or 'none'})", param_hint="--lang")
    marked, unknown = run(course_dir, chosen, units)
    if unknown:
        for name in unknown:
            click.secho(f"error: '{name}' is not a text or a file of {course_dir}", fg="red", err=True)
        click.echo("  fix: copy the id from 'coursebuild validate' or from the XLIFF notes; nothing was recorded",
                   err=True)
        sys.exit(1)
    click.echo(f"recorded {counted(marked, 'translation')} as current ({', '.join(chosen)}) in "
               f"{course_dir}/.coursebuild/translations.tsv", err=True)


@translate.command(epilog=EPILOG)
@COURSE_DIR
@click.option("--from", "from_lang", required=True, type=click.Choice(["zh-Hant", "zh-Hans"]),
              help="The language converted from.")
@click.option("--to", "to_lang", required=True, type=click.Choice(["zh-Hans", "zh-Hant"]),
              help="The language drafted; added to the course if it is new.")
@click.option("--terms", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Your own regional terms, one 'source<TAB>converted' per line, applied before OpenCC's.")
def convert(course_dir: Path, from_lang: str, to_lang: str, terms: Path | None) -> None:
    """Draft the TO texts from the FROM texts with OpenCC (Taiwan and mainland phrases), marked for review."""
    from builder.translation.convert import convert as run
    from builder.translation.convert import read_terms

    if from_lang == to_lang:
        raise click.BadParameter("--from and --to are the same language")
    _load_or_exit(course_dir)
    result = run(course_dir, from_lang, to_lang, read_terms(terms) if terms else None)
    outcome = result.outcome
    if outcome.refusals or outcome.report is not None:
        for refusal in outcome.refusals:
            click.secho(f"{refusal.where + ': ' if refusal.where else ''}{refusal.reason}", fg="red", err=True)
        if outcome.report is not None:
            _print_errors(outcome.report)
        click.secho("error: nothing was changed", fg="red", err=True)
        sys.exit(1)
    files = [f for f in outcome.written if not f.startswith(".coursebuild/")]
    click.echo(f"drafted {counted(result.texts, to_lang + ' text')} from {from_lang} in {counted(len(files), 'file')} "
               f"({counted(len(result.pictures), 'picture')}); each is a draft until 'coursebuild translate mark-current "
               f"{course_dir} --lang {to_lang}'", err=True)
    if result.terms:
        click.echo(f"\nTerms worded differently in {to_lang} (review each; character mapping alone in brackets):")
        for term in sorted(result.terms.values(), key=lambda t: (-t.count, t.source)):
            own = " (your list)" if term.own else ""
            click.echo(f"  {term.source} → {term.converted}  [{term.by_characters}]  ×{term.count}, first at "
                       f"{term.first}{own}")
