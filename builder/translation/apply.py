"""Writing translations into a course's sources, all or nothing.

`Changes` collects new target texts per unit; `commit` works out every changed file, writes them into a
copy of the course and validates the copy, checks that each written text reads back as the translation it
came from, and only then renames the files into place. Any problem leaves the course untouched.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import Report
from builder.translation import record
from builder.translation.content import Content
from builder.translation.markdown import Unplaceable, blocks, replace_blocks, to_markdown
from builder.translation.units import Extraction, Unit, read_course
from builder.translation.yamledit import LayoutUnknown, YamlFile


@dataclass
class Refusal:
    where: str  # a unit key, a file, or "" for the whole file
    reason: str


@dataclass
class Changes:
    extraction: Extraction
    targets: dict[str, Content] = field(default_factory=dict)  # unit key -> new target
    hashes: dict[str, str] = field(default_factory=dict)  # unit key -> hash of the source translated
    state: str = record.CURRENT
    add_language: bool = False
    extra_files: dict[str, str] = field(default_factory=dict)  # new files (converted pictures), by path


@dataclass
class Outcome:
    refusals: list[Refusal] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # files changed, relative to the course
    report: Report | None = None  # validation of the result, when it failed


def commit(root: Path, changes: Changes) -> Outcome:
    outcome = Outcome()
    x = changes.extraction
    lang, source_lang = x.target_lang, x.source_lang
    units = {unit.key: unit for unit in x.units}
    if changes.add_language:
        missing = [key for key in units if key not in changes.targets]
        for key in missing:
            outcome.refusals.append(Refusal(key, f"has no {lang} translation, and {lang} is a new language of the "
                                                 "course: every text needs one"))
    files: dict[str, str] = {}  # relative path -> new text
    yaml_files: dict[str, YamlFile | None] = {}
    markdown_pages: dict[str, dict[int, str]] = {}  # target file -> block number -> Markdown
    markdown_texts: dict[tuple[str, tuple], dict[int, str]] = {}  # (yaml file, key path) -> blocks
    changed: dict[str, Content] = {k: v for k, v in changes.targets.items()
                                   if k in units and units[k].target != v}
    for key, content in changed.items():
        unit = units[key]
        if unit.place.block is None:
            yaml_file = _yaml(root, unit.source_file, yaml_files, outcome)
            if yaml_file is None:
                continue
            text = "".join(p for p in content if isinstance(p, str))
            if unit.place.item is not None:
                yaml_file.set_answer(unit.place.key_path, lang, source_lang, unit.place.item, text)
            else:
                yaml_file.set_text(unit.place.key_path, lang, source_lang, text)
        elif unit.place.key_path:
            markdown_texts.setdefault((unit.source_file, unit.place.key_path), {})[unit.place.block] = key
        else:
            markdown_pages.setdefault(unit.target_file, {})[unit.place.block] = key
    for (file, key_path), numbered in markdown_texts.items():
        yaml_file = _yaml(root, file, yaml_files, outcome)
        if yaml_file is None:
            continue
        current = yaml_file.get(key_path, lang, source_lang, single=len(x.languages) == 1)
        rewritten = f"{file}#{_unit_prefix(units[next(iter(numbered.values()))])}" in x.rewritten or current is None
        skeleton = str(current) if not rewritten else str(yaml_file.get(key_path, source_lang, source_lang,
                                                                       single=len(x.languages) == 1))
        new = _fill(skeleton, numbered, units, changed, rewritten, outcome, lang)
        if new is not None:
            yaml_file.set_text(key_path, lang, source_lang, new)
    for target_file, numbered in markdown_pages.items():
        any_unit = units[next(iter(numbered.values()))]
        target_path = root / target_file
        rewritten = target_file in x.rewritten or not target_path.is_file()
        skeleton = _read(root / (any_unit.source_file if rewritten else target_file))
        new = _fill(skeleton, numbered, units, changed, rewritten, outcome, lang)
        if new is not None:
            raw = _read_raw(target_path) if target_path.is_file() else ""
            new = new.replace("\n", "\r\n") if "\r\n" in raw else new  # keep the file's own line ends
            files[target_file] = ("\ufeff" + new) if raw.startswith("\ufeff") else new
    if changes.add_language:
        course_yaml = _yaml(root, "course.yaml", yaml_files, outcome)
        if course_yaml is not None:
            course_yaml.add_language(lang)
    for file, yaml_file in yaml_files.items():
        if yaml_file is None:
            continue
        text = yaml_file.dump()
        if text != yaml_file.original:
            files[file] = text
    if outcome.refusals:
        return outcome
    files.update(changes.extra_files)
    entries = record.load(root) or {}
    today = record.today()
    for key, source_hash in changes.hashes.items():
        if key in units:
            entries[(key, lang)] = record.Entry(source_hash, today, changes.state)
    if files:  # with no source changed, the course is as valid as it was (the caller checked it)
        _verify(root, files, changes, outcome)
    files[record.RECORD.as_posix()] = record.render(entries)
    if outcome.refusals or outcome.report is not None:
        return outcome
    for file, text in files.items():
        if (root / file).is_file() and _read_raw(root / file) == text:
            continue
        record.write_atomically(root / file, text)
        outcome.written.append(file)
    return outcome


def _unit_prefix(unit: Unit) -> str:
    return unit.id.rsplit(".b", 1)[0]


def _fill(skeleton: str, numbered: dict[int, str], units: dict[str, Unit], changed: dict[str, Content],
          rewritten: bool, outcome: Outcome, lang: str) -> str | None:
    """The Markdown with each numbered block's text replaced. When the skeleton is the source (the translation
    is new, or its blocks do not match the source's), every block must have a translation."""
    first = units[next(iter(numbered.values()))]
    try:
        located = {block.number: block for block in blocks(skeleton)}
    except Unplaceable as problem:
        outcome.refusals.append(Refusal(first.key, f"cannot place the text: {problem}"))
        return None
    if rewritten:
        siblings = [u for u in units.values() if u.doc == first.doc and u.place.key_path == first.place.key_path
                    and u.place.block is not None and u.place.block not in numbered]
        for unit in siblings:
            if unit.target is None:
                outcome.refusals.append(Refusal(unit.key, f"has no {lang} translation, and the {lang} text is "
                                                          "written anew from the source's blocks"))
            else:
                numbered[unit.place.block] = unit.key
                changed.setdefault(unit.key, unit.target)
    new_texts = {}
    for number, key in numbered.items():
        block = located.get(number)
        if block is None:
            outcome.refusals.append(Refusal(key, "its block is not in the file any more"))
            continue
        new_texts[number] = to_markdown(changed[key], continuation=block.continuation, in_table=block.in_table,
                                        what=block.what)
    return replace_blocks(skeleton, new_texts)


def _yaml(root: Path, file: str, cache: dict[str, YamlFile | None], outcome: Outcome) -> YamlFile | None:
    """The file loaded for editing; a file that cannot be rewritten is refused once, however many texts it has."""
    if file not in cache:
        cache[file] = None
        try:
            cache[file] = YamlFile(_read_raw(root / file))
        except LayoutUnknown as problem:
            outcome.refusals.append(Refusal(f"{file}:{problem.line}", f"cannot rewrite this file: {problem}"))
        except (OSError, UnicodeDecodeError, ValueError) as problem:
            outcome.refusals.append(Refusal(file, f"cannot rewrite this file: {problem}"))
    return cache[file]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def _read_raw(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as stream:
        return stream.read()


def _verify(root: Path, files: dict[str, str], changes: Changes, outcome: Outcome) -> None:
    """Write the changes into a copy of the course; it must validate, and every translation must read back."""
    from builder.loader import load_course  # late: the loader is only needed once something is written

    with tempfile.TemporaryDirectory(prefix="coursebuild-translate-") as temporary:
        copy = Path(temporary) / root.name
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"), symlinks=True)
        for file, text in files.items():
            path = copy / file
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
        _, report = load_course(copy)
        if report.has_errors:
            outcome.report = report
            return
        lang = changes.extraction.target_lang
        again = {unit.key: unit for unit in read_course(copy, lang).units}
        for key, content in changes.targets.items():
            unit = again.get(key)
            if unit is None or unit.target is None:
                outcome.refusals.append(Refusal(key, "the translation could not be written where the text is"))
            elif _normal(unit.target) != _normal(content):
                outcome.refusals.append(Refusal(key, "written as Markdown, the translation reads back differently "
                                                     "(often bold or italic next to punctuation, which CommonMark "
                                                     "then shows as plain asterisks); move the markup or the "
                                                     "punctuation"))


def _normal(content: Content) -> tuple:
    """What Markdown must keep of a translation: its words without spacing (spaces move out of bold and links,
    line breaks gain indentation) and its markup, in order."""
    from builder.translation.content import Code

    out: list = []
    for part in content:
        if isinstance(part, str):
            out.extend(c for c in part if not c.isspace())
        elif isinstance(part, Code):
            out.append(("code", part.data.strip(" >\n")))
        else:
            out.append(("open", part.start))
            out.extend(_normal(part.children))
            out.append(("close", part.end))
    return tuple(out)
