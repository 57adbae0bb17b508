"""Every translatable text of a course, as units with stable ids, read straight from the sources.

Which YAML values are texts is not listed here: the loader's declarations (builder/loader/sources.py) say it,
since every `Localized` field is a text in each course language. A unit's id is its key path in the file,
with list items named by their `id` where they have one (questions, choices, objectives…) and by their
position otherwise (materials, debrief questions, facilitator steps); Markdown blocks are numbered in
reading order. Editing one text never changes another text's id.

A course file type is one entry of DOCUMENTS or LESSON_DOCUMENTS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.builders import course_sections
from builder.loader.scenarios import FOLDER as SCENARIO_FOLDER
from builder.loader.schema import Field, ListOf, Localized, MapOf, Record, Str
from builder.loader.sources import (
    ASSESSMENT_FILE,
    GLOSSARY_FILE,
    LESSON_FILE,
    QUESTION,
    QUIZ_FILE,
    SCENARIO_FILE,
    course_file,
)
from builder.loader.yamlsource import Node, YamlProblem, parse_yaml
from builder.translation.content import Content
from builder.translation.markdown import Block, Unplaceable, blocks, checks_in_place, structure

# Texts that are Markdown inside a YAML file (the loader renders them with localized_markdown): translated block
# by block, like pages.
MARKDOWN_KEYS = frozenset({"instructions", "body", "model_answer", "intro", "debrief"})
FILL_IN_MAX_LENGTH = QUESTION.by_name["max_length"].default
# course.yaml as the loader reads it: the course's own keys and each builder's section (handbook, packaging, web).
COURSE_FILE = course_file(course_sections())


@dataclass(frozen=True)
class YamlDocument:
    name: str  # file name, e.g. "quiz.yaml"; "scenarios/*.yaml": every such file, in name order
    shape: Record
    what: str  # how a translator's note names it


@dataclass(frozen=True)
class MarkdownDocument:
    stem: str  # "introduction" -> introduction.<lang>.md; "pages/*" -> every page
    what: str


DOCUMENTS = (YamlDocument("course.yaml", COURSE_FILE, "course"),
             YamlDocument("glossary.yaml", GLOSSARY_FILE, "glossary"),
             MarkdownDocument("introduction", "introduction"),
             MarkdownDocument("facilitator", "facilitator notes"))
LESSON_DOCUMENTS = (YamlDocument("lesson.yaml", LESSON_FILE, "lesson"),
                    YamlDocument("quiz.yaml", QUIZ_FILE, "practice quiz"),
                    YamlDocument("assessment.yaml", ASSESSMENT_FILE, "final-assessment bank"),
                    MarkdownDocument("pages/*", "page"),
                    MarkdownDocument("job-aid", "job aid"),
                    YamlDocument(f"{SCENARIO_FOLDER}/*.yaml", SCENARIO_FILE, "scenario"))


@dataclass(frozen=True)
class Place:
    """Where a unit's text is written, so that import can write a translation there."""

    key_path: tuple = ()  # YAML: keys and list positions down to the per-language mapping (or scalar)
    item: int | None = None  # a fill-in answer: its position in the per-language list
    block: int | None = None  # Markdown: the block number (in a page, or in a YAML Markdown text)


@dataclass(frozen=True)
class Unit:
    doc: str  # the language-neutral source: 'lessons/01-x/quiz.yaml', 'lessons/01-x/pages/01-why.md'
    id: str  # unique in its doc: 'questions.q1.choices.a.text', 'b3'
    what: str  # for the translator: what the text is
    context: str  # for the translator: where it is used
    source: Content
    source_file: str
    source_line: int
    target: Content | None
    target_file: str
    target_line: int
    place: Place
    max_length: int = 0

    @property
    def key(self) -> str:
        """The unit's name across the course (the stale record uses it)."""
        return f"{self.doc}#{self.id}"


@dataclass
class Problem:
    file: str
    line: int
    message: str


@dataclass
class Extraction:
    source_lang: str
    target_lang: str
    languages: tuple[str, ...]
    course_id: str
    units: list[Unit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Markdown files of the target language whose blocks do not run parallel to the source's: import rewrites
    # them from the source's structure.
    rewritten: set[str] = field(default_factory=set)
    # Knowledge checks written in place whose texts the target page lacks (no page yet, or the source's check as
    # it is): not units, so export warns (file and line of the source's check, why).
    untranslated_checks: list[Problem] = field(default_factory=list)


def read_course(root: Path, target_lang: str, *, with_targets: bool = True) -> Extraction:
    """Every unit of the course in `root`, with the texts of `target_lang` where they exist (without them, and
    faster, when `with_targets` is false: only the source texts are parsed)."""
    course_node = _yaml(root / "course.yaml")
    course = course_node.value if course_node is not None and course_node.kind == "mapping" else {}
    languages = tuple(str(n.value) for n in course["languages"].value) if "languages" in course else ()
    source_lang = languages[0] if languages else ""
    course_id = str(course["id"].value) if "id" in course else ""
    extraction = Extraction(source_lang, target_lang, languages, course_id)
    if not languages:
        extraction.problems.append(Problem("course.yaml", 0, "course.yaml has no languages"))
        return extraction
    reader = _Reader(root, extraction, with_targets)
    for document in DOCUMENTS:
        reader.read(document, root, "")
    lessons = course["lessons"].value if "lessons" in course and course["lessons"].kind == "list" else []
    for number, folder_node in enumerate(lessons, start=1):
        folder = root / "lessons" / str(folder_node.value)
        lesson_node = _yaml(folder / "lesson.yaml")
        title = ""
        if lesson_node is not None and lesson_node.kind == "mapping" and "title" in lesson_node.value:
            title = _text_of(lesson_node.value["title"], source_lang, single=len(languages) == 1) or ""
        for document in LESSON_DOCUMENTS:
            reader.read(document, folder, f"lesson {number} “{title}”")
    return extraction


def _yaml(path: Path) -> Node | None:
    return _parse(_read_or_empty(path))


def _read_or_empty(path: Path) -> str:
    try:
        return _read(path)
    except (OSError, UnicodeDecodeError):
        return ""


def _parse(text: str) -> Node | None:
    try:
        return parse_yaml(text) if text else None
    except YamlProblem:
        return None


def _text_of(node: Node, lang: str, *, single: bool) -> str | None:
    if node.kind == "scalar" and single and node.value is not None:
        return str(node.value)
    if node.kind == "mapping" and lang in node.value and node.value[lang].kind == "scalar":
        value = node.value[lang].value
        return None if value is None else str(value)
    return None


class _Reader:
    def __init__(self, root: Path, extraction: Extraction, with_targets: bool = True) -> None:
        self.root, self.x, self.with_targets = root, extraction, with_targets
        self.single = len(extraction.languages) == 1
        self.lines: list[str] = []  # the YAML file being read, to tell a block scalar from a one-line text

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read(self, document: YamlDocument | MarkdownDocument, folder: Path, context: str) -> None:
        if isinstance(document, YamlDocument):
            paths = ([p for p in sorted(folder.glob(document.name)) if not p.name.startswith(".")]  # as the loader
                     if "*" in document.name else [folder / document.name])
            for path in paths:
                self._yaml_document(document, path, context)
            return
        if document.stem.endswith("/*"):
            sub = folder / document.stem[:-2]
            stems = sorted({p.name.split(".", 1)[0] for p in sub.glob("*.md")}) if sub.is_dir() else []
            for stem in stems:
                self._markdown(sub, stem, f"{context}, {document.what} {stem}" if context else document.what)
        else:
            self._markdown(folder, document.stem, f"{context}, {document.what}" if context else document.what)

    # --- YAML ---------------------------------------------------------------------------------------------

    def _yaml_document(self, document: YamlDocument, path: Path, context: str) -> None:
        if not path.is_file():
            return
        text = _read_or_empty(path)
        node = _parse(text)
        if node is None:
            self.x.problems.append(Problem(self.rel(path), 0, "this file cannot be read as YAML; run validate"))
            return
        what = f"{document.what} {path.stem}" if "*" in document.name else document.what
        where = f"{context}, {what}" if context else what
        self.lines = text.split("\n")
        self._walk(node, document.shape, (), [], self.rel(path), where)

    def _walk(self, node: Node, shape, path: tuple, names: list[str], file: str, context: str,
              max_length: int = 0) -> None:
        if isinstance(shape, Record):
            if node.kind != "mapping":
                return
            limit = max_length
            if "max_length" in shape.by_name and "answers" in node.value:
                value = node.value.get("max_length")
                limit = value.value if value is not None and isinstance(value.value, int) else FILL_IN_MAX_LENGTH
            for key, child in node.value.items():
                spec: Field | None = shape.by_name.get(key)
                if spec is not None:
                    self._walk(child, spec.type, (*path, key), [*names, key], file, context, limit)
        elif isinstance(shape, ListOf):
            if node.kind != "list":
                return
            for index, child in enumerate(node.value):
                name = str(index + 1)
                if child.kind == "mapping" and "id" in child.value and child.value["id"].kind == "scalar":
                    name = str(child.value["id"].value)
                self._walk(child, shape.item, (*path, index), [*names, name], file, context, max_length)
        elif isinstance(shape, MapOf):
            return  # keys the author chooses (draw counts, allow reasons): not texts
        elif isinstance(shape, Localized):
            self._localized(node, shape, path, names, file, context, max_length)
        elif node.kind == "mapping" and node.value and set(node.value) <= set(self.x.languages):
            # A type of its own that holds a text per language (e.g. a materials line that may instead name a
            # printable): a mapping whose keys are all course languages is a text.
            self._localized(node, Localized(), path, names, file, context, max_length)

    def _localized(self, node: Node, shape: Localized, path: tuple, names: list[str], file: str, context: str,
                   max_length: int) -> None:
        src, trg = self.x.source_lang, self.x.target_lang
        unit_id = ".".join(_id_part(n) for n in names)
        what = " › ".join(names)
        if isinstance(shape.item, ListOf):  # accepted answers of a fill-in question, one unit per answer
            answers = self._values(node, src)
            targets = self._values(node, trg)
            for index, (text, line) in enumerate(answers):
                target = targets[index] if index < len(targets) else None
                self._add(file, f"{unit_id}.{index + 1}", f"{what} › accepted answer {index + 1}", context,
                          (text,), line, None if target is None else (target[0],), target[1] if target else 0,
                          Place(path, item=index), max_length)
            return
        source = self._value(node, src)
        if source is None:
            return
        target = self._value(node, trg) if self.with_targets else None
        limit = shape.item.max_length if isinstance(shape.item, Str) else 0
        if names[-1] in MARKDOWN_KEYS:
            self._markdown_text(file, unit_id, what, context, source, target, path)
            return
        self._add(file, unit_id, what, context, (source[0],), source[1],
                  None if target is None else (target[0],), target[1] if target else 0, Place(path), limit)

    def _value(self, node: Node, lang: str) -> tuple[str, int] | None:
        if node.kind == "scalar" and self.single and lang == self.x.source_lang and node.value is not None:
            return str(node.value), self._first_line(node)
        if node.kind == "mapping" and lang in node.value:
            child = node.value[lang]
            if child.kind == "scalar" and child.value is not None:
                return str(child.value), self._first_line(child)
        return None

    def _first_line(self, node: Node) -> int:
        """The line a text's first line is written on: a block scalar ('|', '>') starts on the line after its
        indicator, any other text on the indicator's own line."""
        line = self.lines[node.line - 1] if 0 < node.line <= len(self.lines) else ""
        return node.line + 1 if line[node.column - 1:node.column] in ("|", ">") else node.line

    def _values(self, node: Node, lang: str) -> list[tuple[str, int]]:
        holder = node if node.kind == "list" and self.single and lang == self.x.source_lang else None
        if node.kind == "mapping" and lang in node.value:
            holder = node.value[lang]
        if holder is None or holder.kind != "list":
            return []
        return [(str(item.value), item.line) for item in holder.value if item.kind == "scalar" and item.value is not None]

    def _markdown_text(self, file: str, unit_id: str, what: str, context: str, source: tuple[str, int],
                       target: tuple[str, int] | None, path: tuple) -> None:
        try:
            source_blocks = blocks(source[0])
            target_blocks = blocks(target[0]) if target else None
        except Unplaceable as problem:
            self.x.problems.append(Problem(file, source[1], f"the Markdown of {what} cannot be split: {problem}"))
            return
        if target_blocks is not None and structure(target_blocks) != structure(source_blocks):
            target_blocks = None
            self.x.rewritten.add(f"{file}#{unit_id}")
        self._blocks(file, file, unit_id, what, context, source_blocks, source[1], target_blocks,
                     target[1] if target else 0, file, path)

    # --- Markdown files -----------------------------------------------------------------------------------

    def _markdown(self, folder: Path, stem: str, context: str) -> None:
        src, trg = self.x.source_lang, self.x.target_lang
        source_path, target_path = folder / f"{stem}.{src}.md", folder / f"{stem}.{trg}.md"
        if not source_path.is_file():
            return
        doc = self.rel(folder / f"{stem}.md")
        source_text = _read(source_path)
        try:
            source_blocks = blocks(source_text)
        except Unplaceable as problem:
            self.x.problems.append(Problem(self.rel(source_path), 0, f"cannot split this page: {problem}"))
            return
        target_blocks = None
        target_text = _read(target_path) if target_path.is_file() and trg != src and self.with_targets else None
        if self.with_targets and trg != src:
            self._untranslated_checks(source_path, source_text, target_path, target_text)
        if target_text is not None:
            try:
                target_blocks = blocks(target_text)
            except Unplaceable:
                target_blocks = None
            if target_blocks is not None and structure(target_blocks) != structure(source_blocks):
                target_blocks = None
                self.x.rewritten.add(self.rel(target_path))
        self._blocks(doc, self.rel(source_path), "", "", context, source_blocks, 1, target_blocks, 1,
                     self.rel(target_path), ())

    def _untranslated_checks(self, source_path: Path, source_text: str, target_path: Path,
                             target_text: str | None) -> None:
        target_checks = [content for _, content in checks_in_place(target_text)] if target_text is not None else []
        for number, (line, content) in enumerate(checks_in_place(source_text)):
            if target_text is None:
                why = f"{self.rel(target_path)} does not exist yet: import writes this check into it as it is"
            elif number < len(target_checks) and target_checks[number] == content:
                why = f"{self.rel(target_path)} has it exactly as the source"
            else:
                continue
            self.x.untranslated_checks.append(Problem(self.rel(source_path), line, why))

    def _blocks(self, doc: str, source_file: str, prefix: str, what: str, context: str, source_blocks: list[Block],
                first_line: int, target_blocks: list[Block] | None, target_first_line: int, target_file: str,
                path: tuple) -> None:
        for block in source_blocks:
            target = target_blocks[block.number - 1] if target_blocks else None
            unit_id = f"{prefix}.b{block.number}" if prefix else f"b{block.number}"
            label = f"{what} › {block.what} {block.number}" if what else f"{block.what} {block.number}"
            self._add(doc, unit_id, label, context, block.content, first_line + block.line - 1,
                      None if target is None else target.content,
                      (target_first_line + target.line - 1) if target else 0,
                      Place(path, block=block.number), 0, source_file=source_file, target_file=target_file)

    def _add(self, doc: str, unit_id: str, what: str, context: str, source: Content, line: int,
             target: Content | None, target_line: int, place: Place, max_length: int, *,
             source_file: str = "", target_file: str = "") -> None:
        self.x.units.append(Unit(doc, unit_id, what, context, source, source_file or doc, line, target,
                                 target_file or doc, target_line, place, max_length))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def _id_part(name: str) -> str:
    """Key names and ids are already NMTOKEN-safe ([a-z0-9_-]); anything else is spelled out."""
    safe = all(c.isascii() and (c.isalnum() or c in "-_") for c in name)
    return name if safe and name else "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in name)
