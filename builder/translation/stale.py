"""Translations whose source changed since they were made, and machine drafts not yet reviewed.

`validate` calls `check_translations` once; it reads the sources only when the course has a record file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from builder.diagnostics import Report
from builder.translation import record
from builder.translation.content import source_hash

if TYPE_CHECKING:
    from builder.translation.units import Unit


@dataclass(frozen=True)
class Finding:
    unit: Unit
    language: str
    entry: record.Entry
    stale: bool  # the source changed (else: a draft waiting for review)


def findings(root: Path, languages: list[str] | None = None) -> tuple[list[Finding], str]:
    """(every stale or draft translation, the source language); nothing when the course keeps no record."""
    entries = record.load(root)
    if not entries:
        return [], ""
    # Late: the parsers are only needed by a course that keeps a record.
    from builder.translation.units import read_course

    tracked = sorted({lang for _, lang in entries})
    found: list[Finding] = []
    source_lang = ""
    for lang in languages or tracked:
        # Sources alone first (half the Markdown to parse); the translations only when something is to be said.
        extraction = read_course(root, lang, with_targets=False)
        source_lang = extraction.source_lang
        if lang == source_lang or lang not in extraction.languages:
            continue
        if not any(_stale_or_draft(entries.get((unit.key, lang)), unit) for unit in extraction.units):
            continue
        for unit in read_course(root, lang).units:
            entry = entries.get((unit.key, lang))
            if entry is None or unit.target is None:
                continue
            stale = entry.source_hash != source_hash(unit.source)
            if stale or entry.state == record.DRAFT:
                found.append(Finding(unit, lang, entry, stale))
    return found, source_lang


def _stale_or_draft(entry: record.Entry | None, unit: Unit) -> bool:
    return entry is not None and (entry.state == record.DRAFT or entry.source_hash != source_hash(unit.source))


def check_translations(root: Path, report: Report) -> None:
    """One warning per stale translation, at the translation's own file and line."""
    found, source_lang = findings(root)
    dates: dict[str, str] = {}
    for finding in found:
        unit, lang = finding.unit, finding.language
        target_file = unit.target_file
        if finding.stale:
            if unit.source_file not in dates:
                dates[unit.source_file] = record.changed_on(root / unit.source_file)
            report.warning(target_file, unit.target_line,
                           f"the {source_lang} source changed on {dates[unit.source_file]}; the {lang} text may be "
                           f"out of date ({unit.what}; translated from an earlier text, recorded "
                           f"{finding.entry.date})",
                           f"compare with {unit.source_file}:{unit.source_line}, update the {lang} text, then run "
                           f"'coursebuild translate mark-current {root} --lang {lang} {unit.key}' (or export the "
                           f"stale texts: 'coursebuild translate export {root} --to {lang} --stale-only -o FILE.xlf')",
                           code="stale-translation")
        else:
            report.warning(target_file, unit.target_line,
                           f"the {lang} text is an unreviewed draft converted from {source_lang} on "
                           f"{finding.entry.date} ({unit.what})",
                           f"review it, then run 'coursebuild translate mark-current {root} --lang {lang}' for the "
                           "texts you checked", code="draft-translation")
