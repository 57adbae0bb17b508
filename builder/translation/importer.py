"""`translate import`: an XLIFF file's translations written back into the course, all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

from builder.translation import record
from builder.translation.apply import Changes, Outcome, Refusal, commit
from builder.translation.content import Content, Span, source_hash, words_only
from builder.translation.units import read_course
from builder.translation.xliff import XliffError, read, target_content


def import_xliff(root: Path, data: bytes) -> tuple[Outcome, dict[str, int]]:
    """(what happened, counts: units, translated, changed, stale); nothing is written when any refusal."""
    outcome = Outcome()
    counts = {"units": 0, "translated": 0, "changed": 0, "stale": 0}
    try:
        xliff = read(data)
    except XliffError as problem:
        outcome.refusals.append(Refusal("", str(problem)))
        return outcome, counts
    extraction = read_course(root, xliff.target_lang)
    for problem in extraction.problems:
        outcome.refusals.append(Refusal(f"{problem.file}:{problem.line}", problem.message))
    course_id, source_lang = extraction.course_id, extraction.source_lang
    if xliff.course_id and xliff.course_id != course_id:
        outcome.refusals.append(Refusal("", f"this XLIFF file is for the course '{xliff.course_id}', but "
                                            f"{root}/course.yaml is the course '{course_id}'"))
    if xliff.source_lang != source_lang:
        outcome.refusals.append(Refusal("", f"this XLIFF file translates from '{xliff.source_lang}', but the "
                                            f"course's source language is '{source_lang}' (first in languages)"))
    if not xliff.target_lang or xliff.target_lang == source_lang:
        outcome.refusals.append(Refusal("", f"this XLIFF file's target language is '{xliff.target_lang}': "
                                            "it must be another language than the source"))
    if outcome.refusals:
        return outcome, counts
    units = {(unit.doc, unit.id): unit for unit in extraction.units}
    changes = Changes(extraction, add_language=xliff.target_lang not in extraction.languages)
    seen: set[tuple[str, str]] = set()
    for item in xliff.units:
        counts["units"] += 1
        where = f"{item.file_original}#{item.id} (XLIFF line {item.line})"
        unit = units.get((item.file_original, item.id))
        if (item.file_original, item.id) in seen:
            outcome.refusals.append(Refusal(where, "this unit appears twice in the XLIFF file"))
            continue
        seen.add((item.file_original, item.id))
        if unit is None:
            outcome.refusals.append(Refusal(where, "the course has no such text (removed or renamed since the "
                                                   "export? export again and carry the translation over)"))
            continue
        if item.target is None or (not "".join(item.target.itertext()).strip() and not len(item.target)):
            continue  # not translated yet: left as it is
        try:
            content = target_content(item.target, unit.source, unit.target)
        except XliffError as problem:
            outcome.refusals.append(Refusal(where, str(problem)))
            continue
        content = localize_images(content, source_lang, xliff.target_lang, image_base(root, unit.doc))
        words = words_only(content).strip()
        if not words:
            outcome.refusals.append(Refusal(where, "the translation has no words"))
            continue
        if unit.max_length and len(words) > unit.max_length:
            outcome.refusals.append(Refusal(where, f"the translation is {len(words)} characters long; at most "
                                                   f"{unit.max_length} are allowed here"))
            continue
        counts["translated"] += 1
        changes.targets[unit.key] = content
        translated_from = _hash(item.source_text())
        changes.hashes[unit.key] = translated_from
        counts["changed"] += unit.target != content
        counts["stale"] += translated_from != source_hash(unit.source)
    if outcome.refusals:
        return outcome, counts
    result = commit(root, changes)
    return result, counts


def image_base(root: Path, doc: str) -> Path:
    """Image paths in pages are relative to the lesson folder; elsewhere to the file's own folder."""
    folder = (root / doc).parent
    return folder.parent if folder.name == "pages" else folder


def localize_images(content: Content, source_lang: str, target_lang: str, base: Path,
                    new_files: frozenset[Path] = frozenset()) -> Content:
    """A picture drawn per language (`matrix.zh-Hant.svg`) points at the translation's own language's file
    (`matrix.en.svg`) when that file exists."""
    out: list = []
    for part in content:
        if isinstance(part, Span):
            end = part.end
            if part.kind == "image" and f".{source_lang}." in end:
                swapped = end.replace(f".{source_lang}.", f".{target_lang}.")
                path = swapped[2:].split(")", 1)[0].strip().strip("<>").split(" ", 1)[0]
                if path and ((base / path).is_file() or (base / path) in new_files):
                    end = swapped
            out.append(Span(part.id, part.start, end,
                            localize_images(part.children, source_lang, target_lang, base, new_files),
                            part.kind, part.sub, part.deletable))
        else:
            out.append(part)
    return tuple(out)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def mark_current(root: Path, languages: list[str], keys: list[str]) -> tuple[int, list[str]]:
    """Record the named texts (every translated text when none is named) as current in each language.
    A name is a unit key ('lessons/01-x/quiz.yaml#questions.q1.prompt') or a file, which names all its texts.
    Returns (how many were marked, the names that match nothing); nothing is written when a name is unknown."""
    entries = record.load(root) or {}
    today = record.today()
    marked = 0
    matched: set[str] = set()
    for lang in languages:
        for unit in read_course(root, lang).units:
            names = {unit.key, unit.doc, unit.source_file, unit.target_file}
            hits = names.intersection(keys)
            matched |= hits
            if unit.target is None or (keys and not hits):
                continue
            entries[(unit.key, lang)] = record.Entry(source_hash(unit.source), today, record.CURRENT)
            marked += 1
    unknown = [key for key in keys if key not in matched]
    if not unknown:
        record.write_atomically(record.record_path(root), record.render(entries))
    return marked, unknown
