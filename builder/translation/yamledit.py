"""Writing texts into course YAML files without disturbing anything else.

ruamel.yaml's round-trip mode keeps comments, key order, quoting, flow `{…}` mappings and block `|` texts;
it is pinned in requirements/constraints.txt because its emitter decides every byte of a rewritten file,
and a new version may lay out the same data differently. Each file's indentation is measured before it is
rewritten. A file is only rewritten when one of its texts changes; tests check that loading and dumping every
course file with no change gives the same bytes.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent


class LayoutUnknown(ValueError):
    """No indentation setting reproduces the file as written: editing it would re-lay it out."""


# (mapping, sequence, offset) indentations to try; the file's own guess comes first.
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
        _, indent, block_seq_indent = load_yaml_guess_indent(text)
        guesses = [(2, indent, block_seq_indent or 0)] if indent else []
        for layout in (*guesses, *_LAYOUTS):
            self.yaml = _round_trip(*layout)
            self.data = self.yaml.load(text)
            if self._dump() == text:
                return
        raise LayoutUnknown("its indentation is not one coursebuild can reproduce")

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


def _round_trip(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML()
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
