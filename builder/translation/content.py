"""What a translator sees of one text: words, and markup they may move but not edit.

A text is a tuple of parts: plain strings, `Code`s (a placeholder such as inline code, a line break or an
autolink: XLIFF `<ph>`) and `Span`s (markup around translatable words such as bold or a link: XLIFF `<pc>`).
The markup's exact source characters travel with it (`data`, `start`, `end`), so writing a translation back
never invents markup the author did not write.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

Part = "str | Code | Span"


@dataclass(frozen=True)
class Code:
    id: str
    data: str  # the source characters, e.g. "`F1`" or "\n"
    kind: str = "fmt"  # XLIFF type: fmt | link | image | other
    sub: str = ""  # XLIFF subType, e.g. xlf:lb for a line break
    disp: str = ""  # what a CAT tool shows instead of the data
    deletable: bool = True


@dataclass(frozen=True)
class Span:
    id: str
    start: str  # the opening markup, e.g. "**" or "["
    end: str  # the closing markup, e.g. "**" or "](https://example.org)"
    children: tuple = ()
    kind: str = "fmt"
    sub: str = ""
    deletable: bool = True


Content = tuple  # of str | Code | Span


def plain_text(content: Content) -> str:
    """The text with its markup as written: what the source hash is taken over."""
    out: list[str] = []
    for part in content:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Code):
            out.append(part.data)
        else:
            out.append(part.start + plain_text(part.children) + part.end)
    return "".join(out)


def words_only(content: Content) -> str:
    """The translatable words alone (for size limits and notes)."""
    out: list[str] = []
    for part in content:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Span):
            out.append(words_only(part.children))
    return "".join(out)


def source_hash(content: Content) -> str:
    """A short, stable fingerprint of a source text; 12 hex digits keep the record file readable."""
    return hashlib.sha256(plain_text(content).encode("utf-8")).hexdigest()[:12]


def codes_of(content: Content) -> dict[str, Code | Span]:
    """Every code and span by id, nested ones included."""
    found: dict[str, Code | Span] = {}
    for part in content:
        if isinstance(part, Code):
            found[part.id] = part
        elif isinstance(part, Span):
            found[part.id] = part
            found.update(codes_of(part.children))
    return found


def is_empty(content: Content) -> bool:
    return not words_only(content).strip() and not any(isinstance(p, (Code, Span)) for p in content)
