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
import lxml.html
import nh3
from cmarkgfm.cmark import Options

from builder.loader.blocks import CheckSite, Fence, block_token, expand, kind_of_fence
from builder.loader.files import MAX_ASSET_BYTES, SourceFolder, nfc
from builder.loader.images import check_image
from builder.structure import Asset, SourceLocation

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
    "*": {"lang"},
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
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_HEADINGS = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.S)
_ANY_TAG = re.compile(r"<[^>]*>")
_MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                ".svg": "image/svg+xml", ".webp": "image/webp"}


@dataclass
class AssetStore:
    """The assets a lesson's pages use, each read and checked once."""

    folder: SourceFolder
    owner: str  # lesson id, or "course"
    base: Path  # image paths in Markdown are relative to this folder
    assets: dict[str, Asset] = field(default_factory=dict)  # by reference as written (in NFC)

    def href(self, reference: str, where: SourceLocation, line: int, problems: list[tuple[int, str, str]],
             warnings: list[tuple[int, str, str, str]] | None = None) -> str | None:
        """Where the page refers to the image in a package; None after adding to `problems` why it cannot.
        `where` is the reference's file and line; problems go at `line`, counted within the Markdown text."""
        reference = nfc(reference)
        if reference in self.assets:
            return self.assets[reference].href
        scheme = _SCHEME.match(reference)
        if scheme or reference.startswith("//"):
            name = scheme.group(1).lower() if scheme else "//"
            if name in ("http", "https", "ftp", "//"):
                problems.append((line, f"the image '{_short(reference)}' is on the internet; a course must work "
                                       "offline", "download the image into the lesson's assets/ folder and refer "
                                               "to it there"))
            else:
                problems.append((line, f"the image '{_short(reference)}' uses the '{name}:' scheme, which is not "
                                       "allowed: a course's images are files in its folders",
                                 "save the picture as a file in the lesson's assets/ folder and write e.g. "
                                 "'assets/picture.png'"))
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
        found = self.folder.lookup(path)
        if found.path is None:
            problems.append((line, f"the image '{reference}' is not there: {found.problem}" if found.problem
                             else f"the image '{reference}' does not exist",
                             "write the file's name exactly as it is (letter case included)" if found.problem
                             else f"add the file at {self.folder.rel(path)}, or fix the path"))
            return None
        data, problem = self.folder.read(found.path, MAX_ASSET_BYTES, "image")
        if data is None:
            message, hint, _ = problem
            problems.append((line, f"the image '{reference}': {message}", hint))
            return None
        checked = check_image(data, media_type)
        if checked.data is None:
            problems.append((line, f"the image '{reference}' {checked.problem}", checked.hint))
            return None
        if checked.removed and warnings is not None:
            warnings.append((line, f"the SVG image '{reference}' held parts a package must not carry; removed: "
                                   f"{_listing(checked.removed)}", SVG_POLICY, "svg-sanitised"))
        stem = re.sub(r"[^a-z0-9]+", "-", found.path.stem.lower()).strip("-") or "image"
        digest = hashlib.sha1(reference.encode()).hexdigest()[:8]
        href = f"media/{self.owner}/{stem}-{digest}{path.suffix.lower()}"
        self.assets[reference] = Asset(href=href, data=checked.data, media_type=media_type,
                                       source=self.folder.rel(found.path), where=where)
        return href


SVG_POLICY = ("SVG images are rebuilt from their drawing alone: scripts, event handlers (onload=…), links, "
              "<foreignObject>, animations, references to other files or addresses and entity declarations are "
              "left out; save the picture without them to silence this")


def _short(reference: str) -> str:
    return reference if len(reference) <= 60 else reference[:57] + "…"


def _listing(items: list[str]) -> str:
    shown = "; ".join(items[:8])
    return shown + (f"; and {len(items) - 8} more" if len(items) > 8 else "")


@dataclass
class Rendered:
    html: str
    # (line, message, hint) relative to the Markdown text's first line; warnings also have their code
    errors: list[tuple[int, str, str]]
    warnings: list[tuple[int, str, str, str]]


def render_markdown(text: str, file: str, assets: AssetStore, first_line: int = 1, site: CheckSite | None = None,
                    *, nested: bool = False) -> Rendered:
    """`text` starts at `first_line` of `file` (for the places assets record). Interactive blocks (blocks.py)
    become their HTML; knowledge checks only where `site` is given (a lesson page), and none inside a block."""
    errors: list[tuple[int, str, str]] = []
    warnings: list[tuple[int, str, str, str]] = []
    raw_html = _HTML_TAG.search(text)
    if raw_html is None and "![" not in text and "```" not in text and "~~~" not in text:
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
            warnings.append((line, f"raw HTML in the text.{removed}", RAW_HTML_POLICY, "raw-html"))
    # Without GFM's tagfilter: it would show <script> as visible text; nh3 removes it with its content instead.
    html = cmarkgfm.markdown_to_html_with_extensions(
        text, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_SOURCEPOS, extensions=_EXTENSIONS_WITHOUT_TAGFILTER)
    # Images are checked before nh3 cleans: it drops a src whose scheme it refuses (file:, data:), and the
    # author must hear which one. nh3 still has the last word on the markup.
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks = _interactive_blocks(root, text, file, assets, first_line, site, nested, errors, warnings)
    lines = _SourceLines(text)
    line = 1
    for element in root.iter():
        position = element.attrib.pop("data-sourcepos", None)
        if position:
            line = int(position.split(":", 1)[0])
        if element.tag == "h1":
            element.tag = "h2"
        if element.tag != "img":
            continue
        raw = element.get("src", "")
        reference = unquote(raw)  # cmark percent-encodes spaces and non-ASCII letters
        image_line = lines.find(line, reference, raw)
        if not element.get("alt", "").strip():
            errors.append((image_line, "an image has no alt text (a description for people who cannot see it)",
                           "write the description between the brackets: ![What the picture shows](assets/file.png)"))
        href = assets.href(reference, SourceLocation(file, first_line + image_line - 1), image_line, errors, warnings)
        if href:
            element.set("src", href)
        else:
            element.attrib.pop("src", None)
    _mark_table_headers(root)
    html = nh3.clean(_serialize_children(root), tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, clean_content_tags={"script", "style"},
                     link_rel="noopener noreferrer")
    for token, block in blocks.items():
        html = html.replace(f"<p>{token}</p>", block)
    return Rendered(html.strip(), errors, warnings)


def _interactive_blocks(root: lxml.html.HtmlElement, text: str, file: str, assets: AssetStore, first_line: int,
                        site: CheckSite | None, nested: bool, errors: list[tuple[int, str, str]],
                        warnings: list[tuple[int, str, str, str]]) -> dict[str, str]:
    """Replace each interactive block (a fenced code block naming a kind) by a paragraph holding a token, and
    return each token's HTML, put in once nh3 has cleaned the rest (it would strip the blocks' classes)."""
    blocks: dict[str, str] = {}

    def render(body: str, body_first_line: int) -> tuple[str, list, list]:
        rendered = render_markdown(body, file, assets, body_first_line, site, nested=True)
        return rendered.html, rendered.errors, rendered.warnings

    for pre in list(root.iter("pre")):
        code = pre.find("code")
        info = code.get("class", "") if code is not None else ""
        kind = kind_of_fence(info.removeprefix("language-")) if info.startswith("language-") else None
        if kind is None:
            continue
        line = int(pre.get("data-sourcepos", "1").split(":", 1)[0])
        fence = Fence(kind, code.text or "", line, file, first_line)
        token = block_token(text, len(blocks))
        blocks[token] = expand(fence, render, site, nested, errors, warnings)
        stand_in = lxml.html.Element("p")
        stand_in.text, stand_in.tail = token, pre.tail
        pre.getparent().replace(pre, stand_in)
    return blocks


class _SourceLines:
    """Finds the line each image is written on. cmark gives raw HTML blocks no source position, so an image is
    looked for by its path from the line of the element it stands in; each image's search starts after the
    one before, so two images with the same path get their own lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for match in re.finditer("\n", text):
            self.starts.append(match.end())
        self.cursor = 0

    def find(self, near: int, *needles: str) -> int:
        start = max(self.cursor, self.starts[min(max(near, 1), len(self.starts)) - 1])
        for needle in needles:
            found = self.text.find(needle, start) if needle else -1
            if found >= 0:
                self.cursor = found + len(needle)
                return self.text.count("\n", 0, found) + 1
        return near


def has_text(html: str) -> bool:
    """True when rendered HTML holds something besides headings: text, or a picture."""
    rest = _HEADINGS.sub("", html)
    return "<img" in rest or bool(_ANY_TAG.sub("", rest).strip())


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
