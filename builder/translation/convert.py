"""`translate convert`: a draft edition in another Chinese script, from OpenCC's phrase-level conversion.

OpenCC's `tw2sp` converts Taiwan usage to mainland usage: first the regional phrases (軟體 → 軟件, 資訊 → 信息,
滑鼠 → 鼠標), then characters (軟件 → 软件). `s2twp` goes the other way. Every converted text is recorded as a
draft, which `validate` warns about until someone reviews it and runs `translate mark-current`.

The terms a reviewer must look at are the ones whose wording differs by region, not the character mapping:
they are found by converting with the regional phrase table alone (OpenCC's own TWPhrasesRev / TWPhrases
dictionaries) and comparing. Terms OpenCC does not know (品質監控 stays 品质监控 although mainland contact
centres say 质量监控) are the reviewer's to catch; `--terms FILE` applies a team's own list first.
"""

from __future__ import annotations

import difflib
import json
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import opencc
from lxml import etree

from builder.translation import record
from builder.translation.apply import Changes, Outcome, Refusal, commit
from builder.translation.content import Code, Content, Span, source_hash
from builder.translation.importer import image_base, localize_images
from builder.translation.units import read_course

# (from, to) -> (OpenCC config, the regional phrase dictionary that config applies before characters)
PAIRS = {("zh-Hant", "zh-Hans"): ("tw2sp", "TWPhrasesRev.ocd2"),
         ("zh-Hans", "zh-Hant"): ("s2twp", "TWPhrases.ocd2")}


@dataclass
class Term:
    source: str  # as written in the source text
    converted: str  # what the conversion wrote
    by_characters: str  # what character mapping alone would have written
    count: int = 0
    first: str = ""  # file:line of its first use
    own: bool = False  # from the team's --terms list


@dataclass
class Converted:
    outcome: Outcome
    texts: int = 0
    terms: dict[str, Term] = field(default_factory=dict)
    pictures: list[str] = field(default_factory=list)


class Converter:
    def __init__(self, pair: tuple[str, str], own_terms: dict[str, str] | None = None) -> None:
        config, phrases = PAIRS[pair]
        self.full = opencc.OpenCC(config)
        self.characters = opencc.OpenCC(config.removesuffix("p") if config != "s2twp" else "s2tw")
        self.phrases = _phrase_only(phrases)
        self.own = dict(sorted((own_terms or {}).items(), key=lambda item: -len(item[0])))
        self.terms: dict[str, Term] = {}

    def text(self, text: str, where: str) -> str:
        pieces = self._split_own(text)
        out = []
        for piece, own in pieces:
            if own is not None:
                self._note(piece, own, self.characters.convert(piece), where, own=True)
                out.append(own)
            else:
                self._find_terms(piece, where)
                out.append(self.full.convert(piece))
        return "".join(out)

    def content(self, content: Content, where: str) -> Content:
        out: list = []
        for part in content:
            if isinstance(part, str):
                out.append(self.text(part, where))
            elif isinstance(part, Code):
                out.append(part)
            else:
                out.append(Span(part.id, part.start, part.end, self.content(part.children, where), part.kind,
                                part.sub, part.deletable))
        return tuple(out)

    def _split_own(self, text: str) -> list[tuple[str, str | None]]:
        """The text cut around the team's own terms (longest first), which OpenCC then leaves alone."""
        if not self.own:
            return [(text, None)]
        pieces: list[tuple[str, str | None]] = []
        start = index = 0
        while index < len(text):
            for source, target in self.own.items():
                if text.startswith(source, index):
                    if start < index:
                        pieces.append((text[start:index], None))
                    pieces.append((source, target))
                    index += len(source)
                    start = index
                    break
            else:
                index += 1
        if start < len(text):
            pieces.append((text[start:], None))
        return pieces

    def _find_terms(self, text: str, where: str) -> None:
        phrased = self.phrases.convert(text)
        if phrased == text:
            return
        matcher = difflib.SequenceMatcher(None, text, phrased, autojunk=False)
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag == "equal":
                continue
            term = self._phrase_around(text, i1, max(i2, i1 + 1))
            if term:
                self._note(term, self.full.convert(term), self.characters.convert(term), where)

    def _phrase_around(self, text: str, start: int, end: int) -> str:
        """The shortest stretch around a change that the regional table converts on its own: the phrase."""
        for width in range(end - start, min(len(text), end - start + 8) + 1):
            for left in range(max(0, end - width), min(start, len(text) - width) + 1):
                window = text[left:left + width]
                if self.phrases.convert(window) != window:
                    return window
        return ""

    def _note(self, source: str, converted: str, by_characters: str, where: str, *, own: bool = False) -> None:
        if converted == by_characters and not own:
            return
        term = self.terms.setdefault(source, Term(source, converted, by_characters, first=where, own=own))
        term.count += 1


@cache
def _phrase_only(dictionary: str) -> opencc.OpenCC:
    """An OpenCC converter that applies one regional phrase table and nothing else."""
    share = Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"
    path = str(share / dictionary)
    config = {"name": f"{dictionary} only", "segmentation": {"type": "mmseg", "dict": {"type": "ocd2", "file": path}},
              "conversion_chain": [{"dict": {"type": "ocd2", "file": path}}]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    converter = opencc.OpenCC(handle.name)
    Path(handle.name).unlink(missing_ok=True)
    return converter


def read_terms(path: Path) -> dict[str, str]:
    """A team's own regional terms: one per line, 'source<TAB>converted'; '#' starts a comment."""
    terms: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        source, _, target = line.partition("\t")
        if source.strip() and target.strip():
            terms[source.strip()] = target.strip()
    return terms


def convert(root: Path, from_lang: str, to_lang: str, own_terms: dict[str, str] | None = None) -> Converted:
    target = read_course(root, to_lang)
    result = Converted(Outcome())
    if from_lang not in target.languages:
        result.outcome.refusals.append(Refusal("", f"'{from_lang}' is not a language of this course "
                                                   f"({', '.join(target.languages)})"))
        return result
    if to_lang == target.source_lang:
        result.outcome.refusals.append(Refusal("", f"'{to_lang}' is the course's source language; convert into "
                                                   "a translation, never over the source"))
        return result
    converter = Converter((from_lang, to_lang), own_terms)
    if from_lang == target.source_lang:
        originals = {unit.key: (unit.source, f"{unit.source_file}:{unit.source_line}") for unit in target.units}
    else:
        originals = {unit.key: (unit.target, f"{unit.target_file}:{unit.target_line}")
                     for unit in read_course(root, from_lang).units if unit.target is not None}
    changes = Changes(target, state=record.DRAFT, add_language=to_lang not in target.languages)
    changes.extra_files.update(_pictures(root, from_lang, to_lang, converter))
    pictures = frozenset(root / name for name in changes.extra_files)
    for unit in target.units:
        original = originals.get(unit.key)
        if original is None:
            continue
        converted = converter.content(original[0], original[1])
        changes.targets[unit.key] = localize_images(converted, from_lang, to_lang, image_base(root, unit.doc), pictures)
        changes.hashes[unit.key] = source_hash(unit.source)
        result.texts += 1
    result.pictures = sorted(changes.extra_files)
    result.outcome = commit(root, changes)
    result.terms = converter.terms
    return result


_SVG_TEXT = ("text", "tspan", "title", "desc", "textPath")


def _pictures(root: Path, from_lang: str, to_lang: str, converter: Converter) -> dict[str, str]:
    """Per-language SVG pictures (`matrix.zh-Hant.svg`) get a converted copy (`matrix.zh-Hans.svg`) when the
    course has none yet; only the SVG's text is converted."""
    made: dict[str, str] = {}
    for path in sorted(root.rglob(f"*.{from_lang}.svg")):
        target = path.with_name(path.name.replace(f".{from_lang}.svg", f".{to_lang}.svg"))
        if target.exists():
            continue
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
        try:
            tree = etree.parse(str(path), parser)
        except etree.XMLSyntaxError:
            continue
        where = path.relative_to(root).as_posix()
        for element in tree.iter():
            if isinstance(element.tag, str) and etree.QName(element).localname in _SVG_TEXT:
                if element.text:
                    element.text = converter.text(element.text, where)
                for child in element:
                    if child.tail:
                        child.tail = converter.text(child.tail, where)
        declaration = path.read_bytes().lstrip().startswith(b"<?xml")
        text = etree.tostring(tree, encoding="UTF-8", xml_declaration=declaration).decode("utf-8")
        made[target.relative_to(root).as_posix()] = (text + "\n").replace(f'lang="{from_lang}"', f'lang="{to_lang}"')
    return made
