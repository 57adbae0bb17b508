"""`translate export`: the course's texts as one XLIFF 2.0 file, checked against the official schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.translation import record, xsd
from builder.translation.content import source_hash
from builder.translation.units import Extraction, Unit, read_course
from builder.translation.xliff import ExportFile, ExportUnit, write


@dataclass
class Exported:
    data: bytes
    extraction: Extraction
    units: int = 0
    translated: int = 0
    stale: int = 0
    schema_errors: list[str] = field(default_factory=list)


def export(root: Path, target_lang: str, *, stale_only: bool = False) -> Exported:
    extraction = read_course(root, target_lang)
    entries = record.load(root) or {}
    files: dict[str, ExportFile] = {}
    counts = {"units": 0, "translated": 0, "stale": 0}
    for unit in extraction.units:
        entry = entries.get((unit.key, target_lang))
        stale = entry is not None and unit.target is not None and entry.source_hash != source_hash(unit.source)
        draft = entry is not None and entry.state == record.DRAFT
        if stale_only and not (stale or draft):
            continue
        export_file = files.get(unit.doc)
        if export_file is None:
            export_file = files[unit.doc] = ExportFile(_file_id(unit.doc, files), unit.doc)
        export_file.units.append(_export_unit(unit, extraction, entry, stale, draft))
        counts["units"] += 1
        counts["translated"] += unit.target is not None
        counts["stale"] += stale
    data = write(extraction.source_lang, target_lang, extraction.course_id, list(files.values()))
    return Exported(data, extraction, counts["units"], counts["translated"], counts["stale"], xsd.validate(data))


def _export_unit(unit: Unit, extraction: Extraction, entry: record.Entry | None, stale: bool,
                 draft: bool) -> ExportUnit:
    notes = [("location", f"{unit.source_file}:{unit.source_line}"), ("context", unit.context),
             ("what", unit.what)]
    if unit.target is not None:
        notes.append(("target-location", f"{unit.target_file}:{unit.target_line}"))
    if unit.max_length:
        notes.append(("limit", f"at most {unit.max_length} characters"))
    if unit.place.item is not None:
        notes.append(("answers", f"one accepted answer of a fill-in question; the {extraction.target_lang} "
                                 "list may hold more answers than the source's (add them in the YAML)"))
    state, sub_state = "translated", ""
    if stale:
        notes.append(("stale", f"the {extraction.source_lang} source changed after this translation was made "
                               f"(recorded {entry.date}); check it"))
    elif draft:
        state, sub_state = "translated", "coursebuild:draft"
        notes.append(("draft", f"machine-converted draft (recorded {entry.date}); review it"))
    elif entry is not None:
        state = "final"
    return ExportUnit(unit.id, unit.source, unit.target, notes, unit.max_length, state, sub_state)


def _file_id(doc: str, existing: dict[str, ExportFile]) -> str:
    """An NMTOKEN made from the path; `original` keeps the path itself."""
    base = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in doc.replace("/", "_"))
    taken = {f.id for f in existing.values()}
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
