"""Markdown to safe HTML, once, with the checks authors need (titles, alt text, assets, raw HTML).

cmark-gfm (C) parses: validating 500 lessons in under two seconds rules out pure-Python
parsers. nh3 (ammonia) keeps a safe subset of any raw HTML; lxml then walks the result
to check images and point them at the course's checked assets.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import cmarkgfm
import lxml.etree
import lxml.html
import nh3
from cmarkgfm.cmark import Options

from builder.loader.files import MAX_ASSET_BYTES, SourceFolder
from builder.structure import Asset

RAW_HTML_POLICY = (
    "raw HTML is allowed but only a safe subset is kept: formatting, lists, tables, links and images stay; "
    "<script>, <style>, <iframe>, forms, event handlers (onclick=…) and javascript: links are removed"
)

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p",
    "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"data-sourcepos", "lang"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
_DANGEROUS = re.compile(r"<\s*(script|style|iframe|object|embed|form|input)\b|\son[a-z]+\s*=|javascript:", re.I)
_HTML_TAG = re.compile(r"<[A-Za-z!/?]")
_EXTENSIONS_WITHOUT_TAGFILTER = ["table", "strikethrough", "autolink"]
_H1 = re.compile(r"<(/?)h1")  # '#' inside a page is demoted: the page title is its only top heading
_MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                ".svg": "image/svg+xml", ".webp": "image/webp"}


@dataclass
class AssetStore:
    """The assets a lesson's pages use, each read and checked once."""

    folder: SourceFolder
    owner: str  # lesson id, or "course"
    base: Path  # image paths in Markdown are relative to this folder
    assets: dict[str, Asset] = field(default_factory=dict)  # by reference as written

    def href(self, reference: str, file: str, line: int, problems: list[tuple[int, str, str]]) -> str | None:
        if reference in self.assets:
            return self.assets[reference].href
        if re.match(r"^[a-z][a-z0-9+.-]*:", reference, re.I):
            problems.append((line, f"the image '{reference}' is on the internet; a course must work offline",
                             "download the image into the lesson's assets/ folder and refer to it there"))
            return None
        path, reason = self.folder.resolve_reference(self.base, reference)
        if path is None:
            problems.append((line, f"the image path '{reference}' is not allowed: {reason}",
                             "put the image in the lesson's assets/ folder and write e.g. 'assets/picture.png'"))
            return None
        media_type = _MEDIA_TYPES.get(path.suffix.lower())
        if media_type is None:
            problems.append((line, f"'{reference}' is not a supported image type",
                             f"use one of {', '.join(sorted(_MEDIA_TYPES))}"))
            return None
        if not path.is_file():
            problems.append((line, f"the image '{reference}' does not exist",
                             f"add the file at {self.folder.rel(path)}, or fix the path"))
            return None
        size = path.stat().st_size
        if size > MAX_ASSET_BYTES:
            problems.append((line, f"the image '{reference}' is {size:,} bytes; the limit is {MAX_ASSET_BYTES:,}",
                             "export it smaller (LMSs reject large packages)"))
            return None
        data = path.read_bytes()
        if media_type == "image/svg+xml" and not _is_well_formed_svg(data):
            problems.append((line, f"the SVG image '{reference}' is not well-formed XML",
                             "open it in an SVG editor and save it again"))
            return None
        stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "image"
        digest = hashlib.sha1(reference.encode()).hexdigest()[:8]
        href = f"media/{self.owner}/{stem}-{digest}{path.suffix.lower()}"
        self.assets[reference] = Asset(href=href, data=data, media_type=media_type)
        return href


def _is_well_formed_svg(data: bytes) -> bool:
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError:
        return False
    return root.tag.endswith("svg")


@dataclass
class Rendered:
    html: str
    # (line, message, hint) relative to the Markdown text's first line
    errors: list[tuple[int, str, str]]
    warnings: list[tuple[int, str, str]]


def render_markdown(text: str, file: str, assets: AssetStore) -> Rendered:
    errors: list[tuple[int, str, str]] = []
    warnings: list[tuple[int, str, str]] = []
    raw_html = _HTML_TAG.search(text)
    if raw_html is None and "![" not in text:
        # cmark's default (safe) mode escapes everything and drops javascript: links: nothing to clean or check.
        html = _H1.sub(r"<\1h2", cmarkgfm.github_flavored_markdown_to_html(text))
        if "<table" in html:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
            _mark_table_headers(root)
            html = _serialize_children(root)
        return Rendered(html.strip(), errors, warnings)
    if raw_html is not None:
        safe = cmarkgfm.github_flavored_markdown_to_html(text)
        if "<!-- raw HTML omitted -->" in safe:
            line = text[: raw_html.start()].count("\n") + 1
            removed = " Something unsafe was removed here." if _DANGEROUS.search(text) else ""
            warnings.append((line, f"raw HTML in the text.{removed}", RAW_HTML_POLICY))
    # Without GFM's tagfilter: it would show <script> as visible text; nh3 removes it with its content instead.
    html = cmarkgfm.markdown_to_html_with_extensions(
        text, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_SOURCEPOS, extensions=_EXTENSIONS_WITHOUT_TAGFILTER)
    html = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     clean_content_tags={"script", "style"}, link_rel="noopener noreferrer")
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    line = 1
    for element in root.iter():
        position = element.attrib.pop("data-sourcepos", None)
        if position:
            line = int(position.split(":", 1)[0])
        if element.tag == "h1":
            element.tag = "h2"
        if element.tag != "img":
            continue
        if not element.get("alt", "").strip():
            errors.append((line, "an image has no alt text (a description for people who cannot see it)",
                           "write the description between the brackets: ![What the picture shows](assets/file.png)"))
        reference = unquote(element.get("src", ""))  # cmark percent-encodes spaces and non-ASCII letters
        href = assets.href(reference, file, _line_of(text, reference, line), errors)
        if href:
            element.set("src", href)
    _mark_table_headers(root)
    return Rendered(_serialize_children(root).strip(), errors, warnings)


def _line_of(text: str, reference: str, near: int) -> int:
    """The line of an image reference at or after `near`: cmark gives raw HTML blocks no source position, so
    an <img> written as HTML would otherwise be reported at the line of the element before it."""
    if not reference:
        return near
    start = sum(len(line) + 1 for line in text.split("\n")[: near - 1])
    found = text.find(reference, start)
    return near if found < 0 else text.count("\n", 0, found) + 1


def _serialize_children(root: lxml.html.HtmlElement) -> str:
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode", method="html") for child in root)


def _mark_table_headers(root: lxml.html.HtmlElement) -> None:
    """Give screen readers the table structure Markdown cannot express: header cells get a scope, and a
    first column whose every cell is wholly bold becomes row headers (the way authors mark them)."""
    for table in root.iter("table"):
        for cell in table.iterfind("thead/tr/th"):
            cell.set("scope", "col")
        rows = table.findall("tbody/tr")
        firsts = [row[0] for row in rows if len(row)]
        if not rows or len(firsts) != len(rows) or not all(_wholly_bold(cell) for cell in firsts):
            continue
        for cell in firsts:
            strong = cell[0]
            cell.tag = "th"
            cell.set("scope", "row")
            cell.text = strong.text
            for child in strong:
                cell.append(child)
            cell.remove(strong)


def _wholly_bold(cell: lxml.html.HtmlElement) -> bool:
    return (cell.tag == "td" and len(cell) == 1 and cell[0].tag == "strong" and not (cell.text or "").strip()
            and not (cell[0].tail or "").strip())


def split_title(text: str) -> tuple[str, str, int]:
    """('Title', body, body's first line) for a page that starts with '# Title'; ('', text, 1) if none."""
    lines = text.split("\n")
    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        match = re.match(r"^#\s+(.+?)\s*#*\s*$", raw)
        if not match:
            return "", text, 1
        return match.group(1).strip(), "\n".join(lines[index + 1:]), index + 2
    return "", text, 1
