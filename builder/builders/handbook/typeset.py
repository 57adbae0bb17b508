"""Typesetting WeasyPrint cannot be told in CSS: table header cells that break only between words.

CSS says this with `word-break: keep-all`, which WeasyPrint 70 does not support: in a narrow header
it breaks Chinese between any two characters, "緊急性" into "緊" and "急性". Here the line-break
opportunities of each header cell come from ICU (Unicode's line-breaking rules); those between two
letters or digits are dropped, which is what keep-all does, and each remaining piece is wrapped in
a `.word` span that the stylesheet keeps on one line. Breaks at spaces and after punctuation stay.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import icu
from lxml import etree
from lxml import html as lxml_html


@cache
def _line_breaks(language: str) -> icu.BreakIterator:
    return icu.BreakIterator.createLineInstance(icu.Locale.forLanguageTag(language))


def _is_letter(character: str) -> bool:
    return unicodedata.category(character)[0] in "LN"


def keep_all_pieces(text: str, language: str) -> list[str]:
    """`text` cut only where a line may break and at least one side is not a letter or digit."""
    breaker = _line_breaks(language)
    breaker.setText(text)
    pieces: list[str] = []
    start = 0
    for end in breaker:
        if end < len(text) and _is_letter(text[end - 1]) and _is_letter(text[end]):
            continue
        pieces.append(text[start:end])
        start = end
    return pieces


def _wrap(text: str, language: str) -> list[etree._Element | str]:
    parts: list[etree._Element | str] = []
    for piece in keep_all_pieces(text, language):
        word = piece.rstrip()
        if word:
            span = etree.Element("span", {"class": "word"})
            span.text = word
            parts.append(span)
        if piece[len(word):]:
            parts.append(piece[len(word):])
    return parts


def _rebuild(element: etree._Element, language: str) -> None:
    """Every text inside `element` (its own and its descendants', with their tails) becomes .word spans."""
    for child in list(element):
        _rebuild(child, language)
        if child.tail:
            tail, child.tail = child.tail, None
            _place(element, element.index(child) + 1, child, _wrap(tail, language))
    if element.text:
        text, element.text = element.text, None
        _place(element, 0, None, _wrap(text, language))


def _place(parent: etree._Element, position: int, before: etree._Element | None,
           parts: list[etree._Element | str]) -> None:
    """Insert `parts` into `parent` at `position`, after `before` (None: at the start of its text)."""
    last = before
    for part in parts:
        if isinstance(part, str):
            if last is None:
                parent.text = (parent.text or "") + part
            else:
                last.tail = (last.tail or "") + part
        else:
            parent.insert(position, part)
            position += 1
            last = part


def keep_words_in_headers(document: str, language: str) -> str:
    """The HTML document with every `th` cell's text set in unbreakable words."""
    if "<th" not in document:
        return document
    tree = lxml_html.document_fromstring(document)
    for cell in tree.iter("th"):
        _rebuild(cell, language)
    return lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
