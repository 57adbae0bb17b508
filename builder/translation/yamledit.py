"""Writing texts into course YAML files without disturbing anything else.

ruamel.yaml's round-trip mode keeps comments, key order, quoting, flow `{…}` mappings and block `|` texts;
it is pinned in requirements/constraints.txt because its emitter decides every byte of a rewritten file,
and a new version may lay out the same data differently. Each file's indentation is measured before it is
rewritten. Values that are not texts (numbers, true/false, null) are never edited, so they are kept as the
author spelled them: ruamel alone would write `effects: {trust: +20}` as `{trust: 20}` and `True` as `true`. A
file is only rewritten when one of its texts changes; tests check that loading and dumping every course file
with no change gives the same bytes.
"""

from __future__ import annotations

import io
from collections import Counter

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)


class LayoutUnknown(ValueError):
    """No layout ruamel can write reproduces the file as written: editing it would re-lay it out."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class Verbatim(str):
    """A plain scalar that is not a text (a number, true/false, null), as written, with the tag it resolved to."""

    tag = ""


_KEPT_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
              "tag:yaml.org,2002:null")


class _Constructor(RoundTripConstructor):
    pass


class _Representer(RoundTripRepresenter):
    pass


def _construct_verbatim(constructor: RoundTripConstructor, node: ScalarNode):
    if node.style:  # quoted with an explicit tag: ruamel keeps those
        return RoundTripConstructor.yaml_constructors[node.tag](constructor, node)
    value = Verbatim(node.value)
    value.tag = node.tag
    return value


def _represent_verbatim(representer: RoundTripRepresenter, value: Verbatim) -> ScalarNode:
    # Written back plain with the tag it was read with, it resolves to that tag again: no tag, no quotes.
    return representer.represent_scalar(value.tag, str(value))


for _tag in _KEPT_TAGS:
    _Constructor.add_constructor(_tag, _construct_verbatim)
_Representer.add_representer(Verbatim, _represent_verbatim)


# (mapping, sequence, offset) indentations to try after the one measured in the file.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 0), (2, 3, 1))


class YamlFile:
    """One YAML file loaded for editing, with the indentation that reproduces it byte for byte."""

    def __init__(self, original: str) -> None:
        self.original = original
        # Windows line ends and a byte-order mark are put back on dump; ruamel works on the plain text.
        self.bom = "\ufeff" if original.startswith("\ufeff") else ""
        self.crlf = "\r\n" in original
        text = original.removeprefix("\ufeff").replace("\r\n", "\n")
        self.text = text
        self.yaml = _round_trip(2, 4, 2)
        self.data = self.yaml.load(text)
        measured = measure_layout(self.data)
        first_try = ""
        for layout in dict.fromkeys((measured, *_LAYOUTS)):  # the measured layout first, each layout once
            self.yaml = _round_trip(*layout)
            dumped = self._dump()
            if dumped == text:
                return
            first_try = first_try or dumped
        raise _not_reproduced(text, first_try)

    def dump(self) -> str:
        text = self._dump()
        if text == self.text:
            return self.original
        return self.bom + (text.replace("\n", "\r\n") if self.crlf else text)

    def _dump(self) -> str:
        buffer = io.StringIO()
        self.yaml.dump(self.data, buffer)
        return buffer.getvalue()

    def holder(self, key_path: tuple):
        """The per-language mapping (or single-language scalar's parent and key) at `key_path`."""
        node = self.data
        for step in key_path[:-1]:
            node = node[step]
        return node, key_path[-1]

    def get(self, key_path: tuple, lang: str, source_lang: str, *, single: bool):
        parent, key = self.holder(key_path)
        value = parent[key]
        if isinstance(value, CommentedMap):
            return value.get(lang)
        return value if single and lang == source_lang else None

    def set_text(self, key_path: tuple, lang: str, source_lang: str, text: str) -> None:
        parent, key = self.holder(key_path)
        localized = self._localized(parent, key, source_lang)
        like = localized.get(lang, localized.get(source_lang))
        _put(localized, lang, styled(text, like))

    def set_answer(self, key_path: tuple, lang: str, source_lang: str, index: int, text: str) -> None:
        parent, key = self.holder(key_path)
        localized = self._localized(parent, key, source_lang)
        answers = localized.get(lang)
        if answers is None:
            source = localized[source_lang]
            answers = CommentedSeq()
            if source.fa.flow_style():
                answers.fa.set_flow_style()
            _put(localized, lang, answers)
        like = answers[index] if index < len(answers) else (localized[source_lang][index]
                                                              if index < len(localized[source_lang]) else None)
        value = styled(text, like)
        if index < len(answers):
            answers[index] = value
        else:
            answers.append(value)

    def add_language(self, lang: str) -> None:
        """course.yaml: append a language to `languages`."""
        self.data["languages"].append(lang)

    @staticmethod
    def _localized(parent, key, source_lang: str) -> CommentedMap:
        value = parent[key]
        if isinstance(value, CommentedMap):
            return value
        # A single-language course writes plain texts; a second language turns each into a mapping.
        mapping = CommentedMap()
        mapping[source_lang] = value
        parent[key] = mapping
        return mapping


def measure_layout(data) -> tuple[int, int, int]:
    """The (mapping, sequence, offset) indentation the file uses most, measured where each block mapping and
    block list starts relative to its key. ruamel writes one layout for a whole file, so a file that mixes
    two cannot be reproduced whichever is chosen."""
    mappings: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()

    def walk(node, key_column: int | None) -> None:
        block = isinstance(node, (CommentedMap, CommentedSeq)) and not node.fa.flow_style()
        if not block or not node:
            return
        if isinstance(node, CommentedMap):
            if key_column is not None:
                mappings[node.lc.col - key_column] += 1
            for key, value in node.items():
                walk(value, node.lc.key(key)[1])
            return
        if key_column is not None:
            sequences[(node.lc.item(0)[1] - key_column, node.lc.col - key_column)] += 1
        for value in node:
            walk(value, None)  # an item's own keys start where the item does: nothing to measure

    walk(data, None)
    mapping = mappings.most_common(1)[0][0] if mappings else 2
    sequence, offset = sequences.most_common(1)[0][0] if sequences else (mapping + 2, mapping)
    return mapping, max(sequence, offset + 2), offset


def _not_reproduced(text: str, dumped: str) -> LayoutUnknown:
    """Where the file and ruamel's best attempt at it first differ, for the author to lay out differently."""
    written, attempt = text.split("\n"), dumped.split("\n")
    line = next((n for n, (a, b) in enumerate(zip(written, attempt, strict=False), start=1) if a != b),
                min(len(written), len(attempt)) + 1)
    mine = written[line - 1] if line <= len(written) else ""
    theirs = attempt[line - 1] if line <= len(attempt) else ""
    if mine.strip() == theirs.strip():
        spaces = len(theirs) - len(theirs.lstrip(" "))
        return LayoutUnknown("this line is indented differently from the rest of the file: indent it by "
                             f"{spaces} spaces, as the rest of the file is laid out, then import again", line)
    return LayoutUnknown("this line cannot be written back as it is: coursebuild would write it as "
                         f"“{theirs.strip()}”; write it that way (a {{…}} mapping on one line, for instance), "
                         "then import again", line)


def _round_trip(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML()
    yaml.Constructor, yaml.Representer = _Constructor, _Representer
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line: CJK texts must stay on one line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _put(mapping: CommentedMap, lang: str, value) -> None:
    if lang in mapping:
        mapping[lang] = value
    else:
        mapping.insert(len(mapping), lang, value)


def styled(text: str, like) -> object:
    """`text` written the way the text it replaces (or its source) was: block, quoted or plain."""
    if isinstance(like, LiteralScalarString):
        return LiteralScalarString(text if text.endswith("\n") or not str(like).endswith("\n") else text + "\n")
    if isinstance(like, FoldedScalarString):
        return LiteralScalarString(text)  # folding would join CJK lines with a space
    if "\n" in text:
        return LiteralScalarString(text)
    if isinstance(like, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(text)
    if isinstance(like, SingleQuotedScalarString):
        return SingleQuotedScalarString(text)
    return text
