"""Markdown pages as translation units: one per block of text, inline markup as codes.

markdown-it-py parses (a CommonMark parser with a token stream and line maps; cmark-gfm, which renders the
pages, gives neither in Python). Every `inline` token is one unit: a paragraph, a heading, a list item's
text, a table cell, a quoted paragraph; inside the panels of an interactive block (```tabs…), the same. Code
blocks, raw HTML blocks and knowledge checks (```check, YAML) are not translated. The inline rules
that drop source characters (links, images, code spans, autolinks, raw HTML) are wrapped so that each token
keeps the characters it was written with; a translation is written back with exactly that markup.

tests/test_translate_markdown.py checks that splitting a page and writing every block back gives a page that
cmark-gfm renders to the same HTML, on every page of the shipped and the example course.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_inline import autolink, backtick, html_inline, image, link

from builder.loader.blocks import PANEL_KINDS
from builder.translation.content import Code, Content, Span, plain_text


@dataclass(frozen=True)
class Block:
    number: int  # 1-based, in reading order
    what: str  # "heading", "paragraph", "list item", "table cell", "quote"…
    line: int  # 1-based line of the block's first text
    content: Content
    start: int  # character offsets of the text in the file (the markup around it stays)
    end: int
    continuation: str  # what a new line inside this block starts with (list indentation, '> ')
    in_table: bool = False


class Unplaceable(ValueError):
    """A block whose text could not be found where the parser says it is; never written to."""


def _keep_source(rule, *, label_from: int = -1):
    """Wrap an inline rule so its first token records the source it consumed (and, for links and images, where
    the label ends, so the closing markup '](target)' is known exactly)."""

    def wrapped(state, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        label_end = -1
        if label_from >= 0 and not silent:
            label_end = state.md.helpers.parseLinkLabel(state, start + label_from, True)
        if not rule(state, silent):
            return False
        # Text pending before the markup is pushed first: the rule's own token is the first that is not text.
        token = next((t for t in state.tokens[count:] if t.type != "text"), None)
        if not silent and token is not None:
            meta = dict(token.meta or {})
            meta["source"] = state.src[start:state.pos]
            if label_end >= 0:
                meta["closing"] = state.src[label_end:state.pos]
            token.meta = meta
        return True

    return wrapped


@functools.cache
def _parser() -> MarkdownIt:
    # The GFM parts cmark-gfm renders for courses: tables and strikethrough (autolinks of bare URLs stay text
    # here; cmark links them in the translated page exactly as in the source).
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.inline.ruler.at("link", _keep_source(link, label_from=0))
    md.inline.ruler.at("image", _keep_source(image, label_from=1))
    md.inline.ruler.at("backticks", _keep_source(backtick))
    md.inline.ruler.at("autolink", _keep_source(autolink))
    md.inline.ruler.at("html_inline", _keep_source(html_inline))
    return md


_CONTAINERS = {"li": "list item", "blockquote": "quote", "th": "table header cell", "td": "table cell"}


def blocks(text: str) -> list[Block]:
    """The translatable blocks of a Markdown text, with where their text sits in it."""
    tokens = _parser().parse(text)
    line_starts = _line_starts(text)
    found: list[Block] = []
    stack: list[str] = []
    row_cursor: dict[int, int] = {}  # table line -> offset after the previous cell
    heading = ""
    for token in tokens:
        if token.type == "fence" and token.info.strip() in PANEL_KINDS and token.map is not None:
            found.extend(_panel_blocks(text, line_starts, token, len(found)))
            continue
        if token.nesting == 1:
            stack.append(token.tag)
            if token.type == "heading_open":
                heading = f"heading (level {token.tag[1:]})"
            continue
        if token.nesting == -1:
            stack.pop()
            continue
        if token.type != "inline" or not token.content.strip() or token.map is None:
            continue
        what = heading if stack and stack[-1].startswith("h") and heading else _what(stack)
        in_table = bool(stack) and stack[-1] in ("th", "td")
        start, end, continuation = _locate(text, line_starts, token, in_table, row_cursor)
        numbering = _Numbering()
        content = numbering.convert(token.children or [])
        found.append(Block(len(found) + 1, what, token.map[0] + 1, content, start, end, continuation, in_table))
    return found


def checks_in_place(text: str) -> list[tuple[int, str]]:
    """The knowledge checks written in place in a page (```check with a question's YAML, not `question: <id>`),
    as (line of the fence, its YAML): their texts are not translation units (docs/translation.md)."""
    found: list[tuple[int, str]] = []
    if "check" not in text:  # most pages: no second parse
        return found
    for token in _parser().parse(text):
        if token.type == "fence" and token.info.strip() == "check" and token.map is not None:
            try:
                written = yaml.safe_load(token.content)
            except yaml.YAMLError:
                written = None
            if not (isinstance(written, dict) and set(written) == {"question"}):
                found.append((token.map[0] + 1, token.content))
    return found


def _panel_blocks(text: str, line_starts: list[int], token, numbered: int) -> list[Block]:
    """The blocks of an interactive block's panels (```tabs, ```accordion, ```reveal, ```process: Markdown inside a
    fence, builder/loader/blocks.py), placed in the page. A fence indented inside a list or quote carries that
    indentation on every line, so its content is not the page's text: it stays untranslated, like code."""
    offset = line_starts[token.map[0] + 1] if token.map[0] + 1 < len(line_starts) else len(text)
    if text[offset:offset + len(token.content)] != token.content:
        return []
    kind = token.info.strip()
    return [Block(numbered + index, f"{inner.what} in a {kind} block", token.map[0] + 1 + inner.line, inner.content,
                  inner.start + offset, inner.end + offset, inner.continuation, inner.in_table)
            for index, inner in enumerate(blocks(token.content), start=1)]


def _what(stack: list[str]) -> str:
    for tag in reversed(stack):
        if tag in _CONTAINERS:
            return _CONTAINERS[tag]
    return "paragraph"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    starts.append(len(text) + 1)
    return starts


def _line(text: str, starts: list[int], number: int) -> str:
    return text[starts[number]:max(starts[number], starts[number + 1] - 1)]


def _locate(text: str, starts: list[int], token, in_table: bool, row_cursor: dict[int, int]) -> tuple[int, int, str]:
    """Where the block's text is: the first text line is found on the block's first line, the last on its last
    line; everything between is the block's own. Checked: what lies between must be the parser's content."""
    first_line, last_line = token.map[0], token.map[1] - 1
    lines = token.content.split("\n")
    if in_table:
        row = _line(text, starts, first_line)
        cursor = row_cursor.get(first_line, 0)
        for written in (token.content, token.content.replace("|", "\\|")):
            found = row.find(written, cursor)
            if found >= 0:
                row_cursor[first_line] = found + len(written)
                start = starts[first_line] + found
                return start, start + len(written), ""
        raise Unplaceable(f"line {first_line + 1}: table cell text not found")
    head = _line(text, starts, first_line)
    column = head.find(lines[0])
    if column < 0:
        raise Unplaceable(f"line {first_line + 1}: text not found")
    start = starts[first_line] + column
    for number in range(last_line, first_line - 1, -1):
        row = _line(text, starts, number)
        found = row.rfind(lines[-1])
        if found >= 0 and starts[number] + found >= start:
            end = starts[number] + found + len(lines[-1])
            break
    else:
        raise Unplaceable(f"line {first_line + 1}: end of text not found")
    written = text[start:end].split("\n")
    if len(written) != len(lines) or any(not w.rstrip().endswith(c.rstrip()) for w, c in zip(written, lines, strict=True)):
        raise Unplaceable(f"line {first_line + 1}: the text spans lines the parser does not give it")
    prefix = head[:column]
    continuation = "".join(c if c in "> " else " " for c in prefix)
    return start, end, continuation


class _Numbering:
    """Turns inline tokens into content, numbering codes 1, 2, 3… in order."""

    def __init__(self) -> None:
        self.count = 0

    def next_id(self) -> str:
        self.count += 1
        return str(self.count)

    def convert(self, tokens: list) -> Content:
        out: list = []
        stack: list[tuple[dict, list]] = []  # (span fields, parent list)
        current = out
        skip_until_close = False
        for token in tokens:
            kind = token.type
            if skip_until_close:
                skip_until_close = kind != "link_close"
                continue
            if kind == "text":
                _append_text(current, token.content)
            elif kind == "softbreak":
                current.append(Code(self.next_id(), "\n", "fmt", "xlf:lb", "↵"))
            elif kind == "hardbreak":
                current.append(Code(self.next_id(), "\\\n", "fmt", "xlf:lb", "↵"))
            elif kind == "code_inline":
                source = (token.meta or {}).get("source", f"{token.markup}{token.content}{token.markup}")
                current.append(Code(self.next_id(), source, "other", "", source, deletable=False))
            elif kind == "html_inline":
                source = (token.meta or {}).get("source", token.content)
                current.append(Code(self.next_id(), source, "other", "", source, deletable=False))
            elif kind == "image":
                meta = token.meta or {}
                alt = _Numbering.convert(self, token.children or [])
                current.append(Span(self.next_id(), "![", meta.get("closing", f"]({token.attrGet('src')})"),
                                    tuple(alt), "image", "", deletable=False))
            elif kind == "link_open" and token.markup in ("autolink", "linkify"):
                source = (token.meta or {}).get("source", str(token.attrGet("href")))
                current.append(Code(self.next_id(), source, "link", "", source, deletable=False))
                skip_until_close = True
            elif kind.endswith("_open"):
                fields = self._span_fields(token)
                stack.append((fields, current))
                current = []
                fields["children"] = current
            elif kind.endswith("_close") and stack:
                fields, parent = stack.pop()
                fields["children"] = tuple(fields["children"])
                parent.append(Span(**fields))
                current = parent
        return tuple(out)

    def _span_fields(self, token) -> dict:
        identifier = self.next_id()
        if token.type == "link_open":
            closing = (token.meta or {}).get("closing", f"]({token.attrGet('href')})")
            return {"id": identifier, "start": "[", "end": closing, "kind": "link", "deletable": False}
        sub = {"strong_open": "xlf:b", "em_open": "xlf:i"}.get(token.type, "")
        return {"id": identifier, "start": token.markup, "end": token.markup, "kind": "fmt", "sub": sub}


def _append_text(parts: list, text: str) -> None:
    if not text:
        return
    if parts and isinstance(parts[-1], str):
        parts[-1] += text
    else:
        parts.append(text)


# Characters that can start inline markup anywhere; escaping any ASCII punctuation is allowed by CommonMark.
_ESCAPE_ANYWHERE = set("\\`*_[]<|~")


def to_markdown(content: Content, *, continuation: str = "", in_table: bool = False, what: str = "paragraph") -> str:
    """A translation written as Markdown inline text: the words escaped, the markup exactly as in the source.
    Spaces just inside bold or a link are moved outside it, where CommonMark needs them."""
    out: list[str] = []
    _write(content, out, continuation, in_table)
    text = "".join(out).strip(" ")
    # Only a paragraph's lines can turn into a heading, list or quote; a heading's or a cell's cannot.
    return text if in_table or what.startswith("heading") else _escape_line_start(text)


def _write(content: Content, out: list[str], continuation: str, in_table: bool) -> None:
    for part in content:
        if isinstance(part, str):
            out.append(_escape(part, in_table))
        elif isinstance(part, Code):
            data = part.data
            if data.endswith("\n"):
                data = data + continuation
            out.append(data)
        else:
            inner: list[str] = []
            _write(part.children, inner, continuation, in_table)
            words = "".join(inner)
            stripped = words.strip(" ")
            leading, trailing = words[: len(words) - len(words.lstrip(" "))], words[len(words.rstrip(" ")):]
            out.append(f"{leading}{part.start}{stripped}{part.end}{trailing}")


def _escape(text: str, in_table: bool) -> str:
    out = []
    for index, char in enumerate(text):
        if char in _ESCAPE_ANYWHERE or (char == "!" and text[index + 1:index + 2] == "[") or (
                char == "&" and (text[index + 1:index + 2].isalnum() or text[index + 1:index + 2] == "#")):
            out.append("\\" + char)
        elif char == "\n":
            out.append(" ")  # a bare newline in a translation is a space; line breaks travel as codes
        else:
            out.append(char)
    del in_table  # '|' is escaped everywhere: harmless outside tables, required inside them
    return "".join(out)


def _escape_line_start(text: str) -> str:
    """A translation that begins like a heading, quote, list item or rule would turn into one: escape it."""
    lines = text.split("\n")
    return "\n".join(_escape_start(line) for line in lines)


def _escape_start(line: str) -> str:
    body = line.lstrip("> ")
    prefix = line[: len(line) - len(body)]
    if body[:1] in ("#", "-", "+", "=", ">"):
        return prefix + "\\" + body
    digits = len(body) - len(body.lstrip("0123456789"))
    if 0 < digits <= 9 and body[digits:digits + 1] in (".", ")"):
        return prefix + body[:digits] + "\\" + body[digits:]
    return line


def replace_blocks(text: str, new_texts: dict[int, str]) -> str:
    """The Markdown text with the given blocks' text replaced (block number -> Markdown inline text)."""
    located = {block.number: block for block in blocks(text)}
    pieces: list[str] = []
    cursor = 0
    for number in sorted(new_texts, key=lambda n: located[n].start):
        block = located[number]
        pieces.append(text[cursor:block.start])
        pieces.append(new_texts[number])
        cursor = block.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def structure(found: list[Block]) -> list[str]:
    """What kind of block each one is, to tell whether two language versions of a page run in parallel."""
    return [block.what for block in found]


def source_of(block: Block) -> str:
    return plain_text(block.content)
