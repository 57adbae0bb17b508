"""Glossary terms found in a page's text, for the outputs that mark them (the player's definitions).

Matched once, at build time, over the page's sanitised HTML read with lxml, so the player only opens and
closes what it is handed. The rules authors expect (README, `glossary.yaml`):

- each term is marked at its first occurrence on a page, never inside a link, code, a heading, an
  abbreviation or another term (`SKIPPED`);
- the longest term wins where two overlap ("hold time" before "hold"), and a term's text inside a longer
  term's occurrence is not marked;
- Chinese (and any text without spaces) matches the term's exact text anywhere; a term in a script with
  word spaces matches whole words, with its first letter in either case and the plurals -s and -es
  ("Greeting", "greetings"), plus the forms the author lists (`forms: {en: [called]}`);
- `link: false` leaves a term out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import unescape

import lxml.html
from lxml import etree

from builder.structure import GlossaryEntry

# Text inside these is never marked: links and controls already do something, code is literal, headings and
# abbreviations are labels of their own.
SKIPPED = frozenset({"a", "abbr", "button", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "pre",
                     "samp", "script", "style", "svg", "math"})
# Letters of scripts that separate words with spaces (Latin, Greek, Cyrillic): whole words only, inflected.
_SPACED = re.compile(r"[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]")

Mark = Callable[[GlossaryEntry, str], list[etree._Element]]


def link_terms(html: str, entries: Iterable[GlossaryEntry], language: str, mark: Mark) -> str:
    """The page's HTML with the first occurrence of each term replaced by `mark(entry, text as written)`; the
    HTML itself, unchanged, when no term occurs."""
    text = unescape(html)  # the page's text with its entities read: every text node is a part of it
    pattern, found_in = _pattern([e for e in entries if e.link and e.term.get(language)], language, text)
    if pattern is None or not pattern.search(text):  # a quick no
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    linked: set[str] = set()
    if not _visit(root, pattern, found_in, mark, linked):
        return html
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _forms(entry: GlossaryEntry, language: str) -> set[str]:
    forms = {entry.term[language], *entry.forms_in(language)}
    spaced = {form for form in forms if _SPACED.search(form)}
    return forms | {form + ending for form in spaced for ending in ("s", "es")}


def _alternative(form: str) -> str:
    text = re.escape(form)
    first = form[0]
    if first.lower() != first.upper():  # a first letter with case: either case
        text = f"[{re.escape(first.upper())}{re.escape(first.lower())}]" + re.escape(form[1:])
    if _SPACED.match(form[0]):
        text = r"(?<!\w)" + text
    if _SPACED.match(form[-1]):
        text += r"(?!\w)"
    return text


def _pattern(entries: list[GlossaryEntry], language: str,
             page: str) -> tuple[re.Pattern[str] | None, list[GlossaryEntry]]:
    """One alternation of every form the page can hold, longest first, and the entry each group stands for.

    A form matches with its first letter in either case and the rest as written, so one whose rest is not in
    the page cannot match there: leaving it out changes no match, and keeps the alternation short (Python's
    `re` tries every alternative at every position of every text)."""
    forms = sorted({(form, entry.id): entry for entry in entries for form in _forms(entry, language)
                    if form[1:] in page}.items(),
                   key=lambda item: (-len(item[0][0]), item[0][0], item[0][1]))
    if not forms:
        return None, []
    pattern = "|".join(f"({_alternative(form)})" for (form, _), _entry in forms)
    return re.compile(pattern), [entry for _, entry in forms]


def _marked(text: str, pattern: re.Pattern[str], found_in: list[GlossaryEntry], mark: Mark,
            linked: set[str]) -> tuple[str, list[etree._Element]] | None:
    """The text before the first mark and the marks, each with the text after it as its tail; None: nothing."""
    head: str | None = None
    nodes: list[etree._Element] = []
    position = 0
    for match in pattern.finditer(text):
        entry = found_in[match.lastindex - 1]  # type: ignore[operator]
        if entry.id in linked:
            continue  # already marked on this page; its text still keeps shorter terms out
        linked.add(entry.id)
        before = text[position:match.start()]
        if nodes:
            nodes[-1].tail = (nodes[-1].tail or "") + before
        else:
            head = before
        nodes.extend(mark(entry, match.group()))
        position = match.end()
    if not nodes:
        return None
    nodes[-1].tail = (nodes[-1].tail or "") + text[position:]
    return head or "", nodes


def _visit(element: etree._Element, pattern: re.Pattern[str], found_in: list[GlossaryEntry], mark: Mark,
           linked: set[str]) -> bool:
    changed = False
    # The page's own elements, taken before any mark is inserted: a mark's text (the term as written, the
    # player's definition) is not the page's, so no term is marked inside it or used up by it.
    children = [c for c in element if isinstance(c.tag, str)]
    if element.text:
        result = _marked(element.text, pattern, found_in, mark, linked)
        if result:
            element.text, nodes = result
            for index, node in enumerate(nodes):
                element.insert(index, node)
            changed = True
    for child in children:
        if child.tag not in SKIPPED:
            changed |= _visit(child, pattern, found_in, mark, linked)
        if child.tail:
            result = _marked(child.tail, pattern, found_in, mark, linked)
            if result:
                child.tail, nodes = result
                anchor = child
                for node in nodes:
                    anchor.addnext(node)
                    anchor = node
                changed = True
    return changed
