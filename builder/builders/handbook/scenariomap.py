"""The facilitator guide's scenario map: the scenario's graph laid out by Graphviz `dot`, as SVG.

Nodes carry the workbook's section numbers, so a trainer can follow a participant who says "I am at
section 14"; a choice's arrow carries the number of its consequence section, which is a small box of
its own only when it branches (its conditions in full, one row and one arrow each). The model path is
drawn thick in the accent colour, and each ending is labelled with its verdict.

Why Graphviz: laying out a directed graph readably (ranks, few crossings, edge routing) is a solved and
hard problem; `dot` (Debian's graphviz package, driven through the `graphviz` PyPI wrapper) is the
well-kept tool for it. Its text sizes come from Pango with the same Noto fonts the handbook uses, so
labels in Chinese get boxes of the right width.

Same sources, same bytes: the DOT text is written in a fixed order, and the SVG is cleaned of what varies
or is noise (Graphviz's version comment, comments per node, <title> elements with our ids), by lxml.
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from functools import cache, lru_cache

import graphviz
import icu
from lxml import etree

from builder.builders.handbook.fonts import FontStack
from builder.builders.handbook.scenarios import (
    PrintedScenario,
    Section,
    condition_text,
    model_edges,
    points_mark,
    section_mark,
)
from builder.builders.handbook.strings import Strings

ACCENT, TINT, INK, MUTED, RULE = "#1f5f74", "#e9f2f5", "#1d2327", "#5b6b72", "#9fb8c1"  # as handbook.css
VERDICT_FILL = {"best": "#d7ecd9", "good": "#f6ecc9", "poor": "#f3d5d2"}
# Short labels keep a long scenario's map legible on one page (the guide's scoring table has every text in
# full): measured on the shipped course, the smallest label prints at about 6 pt, most at 8 pt or more.
LABEL_COLUMNS = 20  # a label line's width, a CJK character counting two columns
LABEL_LINES = 2
BRANCH_COLUMNS = 24  # a branch's condition, in full, in its row of the branching box
BRANCH_LINES = 8


class MapUnavailable(Exception):
    """Graphviz's `dot` is not installed."""


def dot_available() -> bool:
    try:
        graphviz.version()
    except graphviz.ExecutableNotFound:
        return False
    return True


def dot_version() -> str:
    """The `dot` that lays out the maps, as the build cache keys them ("" when it is missing)."""
    try:
        return ".".join(map(str, graphviz.version()))
    except graphviz.ExecutableNotFound:
        return ""


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@cache
def _line_breaks(language: str) -> icu.BreakIterator:
    return icu.BreakIterator.createLineInstance(icu.Locale.forLanguageTag(language))


def _pieces(text: str, language: str) -> list[str]:
    """`text` cut where Unicode's line-breaking rules (ICU) allow a break: never before a closing
    punctuation mark such as ？or 」, never inside an English word."""
    breaker = _line_breaks(language)
    breaker.setText(text)
    pieces, start = [], 0
    for end in breaker:
        pieces.append(text[start:end])
        start = end
    return pieces


def wrap_label(text: str, language: str, columns: int = LABEL_COLUMNS, lines: int = LABEL_LINES) -> list[str]:
    """`text` in lines of at most `columns` (a CJK character counts two), broken where the language allows,
    at most `lines` of them, the last ending in an ellipsis when the text is longer."""
    out: list[str] = []
    line = ""
    for piece in _pieces(re.sub(r"[ \t\r\n]+", " ", text).strip(), language):  # no-break spaces kept
        while _columns(line + piece.rstrip()) > columns:
            if line:
                out.append(line.rstrip())
                line = ""
                continue
            cut = next(n for n in range(len(piece), 0, -1) if _columns(piece[:n]) <= columns)
            out.append(piece[:cut])
            piece = piece[cut:]
        line += piece
    if line.strip():
        out.append(line.rstrip())
    if len(out) > lines:
        last = out[lines - 1]
        while last and _columns(last + "…") > columns:
            last = last[:-1]
        out = [*out[:lines - 1], last.rstrip() + "…"]
    return out


def _node_label(printed: PrintedScenario, section: Section, language: str, strings: Strings) -> str:
    node = section.node
    speaker = next((m.name[language] for m in printed.scenario.cast if m.id == node.speaker), None)
    head = section_mark(section.number)
    if node.ending:
        head += " · " + strings(f"scenario.verdict.short.{node.ending.verdict.value}")
    text = node.text[language]
    body = wrap_label(strings("scenario.map.line", speaker=speaker, text=text) if speaker else text, language,
                      LABEL_COLUMNS, LABEL_LINES)
    return "\n".join([head, *body])


def dot_source(printed: PrintedScenario, language: str, stack: FontStack, strings: Strings) -> str:
    """The map as DOT text: the same scenario and language always give the same text.

    Compact, so that a long scenario stays legible on one page: what follows a choice is a box only when
    it branches; otherwise its section number rides on the choice's arrow ("§23 +2"), and arrow labels are
    placed after the layout (`xlabel`), so they add no ranks; labels are short (the scoring table has the texts)."""
    fonts = ",".join(stack.sans)
    graph = graphviz.Digraph(printed.scenario.id)
    graph.attr("graph", rankdir="TB", nodesep="0.3", ranksep="0.3", fontname=fonts, bgcolor="transparent",
               pad="0.05", forcelabels="true")
    graph.attr("node", fontname=fonts, fontsize="9", color=RULE, fontcolor=INK, penwidth="0.8")
    graph.attr("edge", fontname=fonts, fontsize="8", color=MUTED, fontcolor=MUTED, arrowsize="0.6",
               penwidth="0.8")
    on_path = model_edges(printed)
    model_nodes = {anchor for edge in on_path for anchor in edge}
    branching = {section.number: _conditions(printed, section, language, strings) for section in printed.sections
                 if section.choice is not None and section.choice.branches}
    for section in printed.sections:
        node_id = str(section.number)
        if section.choice is not None:
            if section.number in branching:
                graph.node(node_id, _branch_table(section, branching[section.number],
                                                  ACCENT if section.anchor in model_nodes else RULE),
                           shape="plain", fontsize="7")
            continue
        label = _node_label(printed, section, language, strings)
        highlighted = section.anchor in model_nodes or section is printed.start
        common = {"shape": "box", "style": "rounded,filled", "margin": "0.08,0.04",
                  "color": ACCENT if highlighted else RULE, "penwidth": "2" if highlighted else "0.8"}
        if section.node.ending:
            graph.node(node_id, label, peripheries="2", fillcolor=VERDICT_FILL[section.node.ending.verdict.value],
                       **common)
        else:
            graph.node(node_id, label, fillcolor=TINT if highlighted else "white", **common)
    for section in printed.sections:
        if section.choice is not None:
            if section.number in branching:
                _branches(graph, section, branching[section.number], on_path)
            continue
        # Choices leading to the same section share one arrow, its label listing them, so that converging
        # choices do not draw a sheaf of parallel arrows with their labels printed over each other; the model
        # path's choice keeps its own.
        arrows: dict[tuple[int, bool], tuple[Section, list[str]]] = {}
        for choice in section.node.choices:
            target = printed.of_choice(section.node, choice)
            marks = [points_mark(choice.points)] if choice.points else []
            if target.choice is not None and not target.choice.branches:  # drawn on the arrow, not as a box
                marks.insert(0, section_mark(target.number))
                on = (section.anchor, target.anchor) in on_path
                target = printed.of_node(target.choice.goto)
            else:
                on = (section.anchor, target.anchor) in on_path
            arrows.setdefault((target.number, on), (target, []))[1].append(" ".join(marks))
        for (_, on), (target, labels) in arrows.items():
            _edge(graph, str(section.number), target, ", ".join(label for label in labels if label), on, dashed=False)
    return graph.source


def _conditions(printed: PrintedScenario, section: Section, language: str,
                strings: Strings) -> list[tuple[Section, list[str]]]:
    """A branching consequence's ways on, in the order they are tried: each target with its condition's lines,
    `otherwise` last."""
    assert section.choice is not None
    ways = [(printed.of_node(b.goto), wrap_label(_comparisons_unbroken(condition_text(
        b.condition, printed.scenario, language, strings)), language, BRANCH_COLUMNS, BRANCH_LINES))
        for b in section.choice.branches]
    return [*ways, (printed.of_node(section.choice.goto), [strings("scenario.map.otherwise")])]


def _comparisons_unbroken(text: str) -> str:
    """"queue < 30" kept on one line: no-break spaces around each comparison sign."""
    return re.sub(r" ([<>≤≥=≠]) ", "\u00a0\\1\u00a0", text)


def _branch_table(section: Section, ways: list[tuple[Section, list[str]]], color: str) -> str:
    """A branching consequence as a small box: its section number, then one row per condition, each row the port
    its arrow leaves from. The conditions sit inside the box rather than beside arrows that fan out from one
    point, where they were printed over each other."""
    rows = "".join(f'<TR><TD PORT="w{n}">{"<BR/>".join(html.escape(line) for line in lines)}</TD></TR>'
                   for n, (_, lines) in enumerate(ways))
    return (f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" STYLE="ROUNDED" COLOR="{color}" '
            f'BGCOLOR="white" ROWS="*"><TR><TD>{html.escape(section_mark(section.number))}</TD></TR>{rows}</TABLE>>')


def _branches(graph: graphviz.Digraph, section: Section, ways: list[tuple[Section, list[str]]],
              on_path: frozenset[tuple[str, str]]) -> None:
    """A branching consequence's arrows, one from each of its rows (_branch_table)."""
    for n, (target, _) in enumerate(ways):
        _edge(graph, f"{section.number}:w{n}", target, "", (section.anchor, target.anchor) in on_path, dashed=True)


def _edge(graph: graphviz.Digraph, source: str, target: Section, label: str, on_path: bool, dashed: bool) -> None:
    """Arrow labels are `xlabel`s, set beside the arrow after the layout: a `label` would take a rank of its own
    and make a long map twice as tall."""
    attributes = {"xlabel": label} if label else {}
    if on_path:
        attributes.update(color=ACCENT, penwidth="2.4", fontcolor=ACCENT, weight="4")
    if dashed and not on_path:
        attributes["style"] = "dashed"
    graph.edge(source, str(target.number), **attributes)


def clean_svg(svg: bytes) -> bytes:
    """The SVG without comments, <title> elements and the DOCTYPE: nothing that names a Graphviz version
    or our internal ids, nothing that varies."""
    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True))
    for title in root.findall(".//{http://www.w3.org/2000/svg}title"):
        title.getparent().remove(title)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def render_svg(printed: PrintedScenario, language: str, stack: FontStack, strings: Strings) -> bytes:
    return _drawn(dot_source(printed, language, stack, strings))


@lru_cache(maxsize=64)
def _drawn(source: str) -> bytes:
    """The same DOT text gives the same picture: the guide is laid out more than once (its fonts are checked
    first), and `dot` runs once per map."""
    try:
        svg = graphviz.pipe("dot", "svg", source.encode("utf-8"))
    except graphviz.ExecutableNotFound as exc:
        raise MapUnavailable(str(exc)) from exc
    return clean_svg(svg)


def data_uri(svg: bytes) -> str:
    """The map embedded in the handbook's HTML: no file is written, and the HTML digest (the PDF's file
    identifier) covers the picture."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
