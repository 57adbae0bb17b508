"""Reading handbooks back with poppler and pypdf, the way a reviewer would check a printout."""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

from pypdf import PdfReader

BLANK_NOTICES = ("This page is intentionally left blank.", "此頁刻意留白。")


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    """pdftotext's text of each page (form feeds separate the pages): in reading order, so table columns
    stay apart; with `layout`, line by line as printed."""
    return run("pdftotext", *(["-layout"] if layout else []), pdf, "-").split("\f")[:-1]


def squeeze(text: str) -> str:
    """Text without any whitespace: pdftotext breaks lines and spaces CJK differently from the source."""
    return re.sub(r"\s+", "", text)


def outline_titles(pdf: Path) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every PDF bookmark."""
    reader = PdfReader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


def is_blank_page(text: str) -> bool:
    return squeeze(text) in {squeeze(n) for n in BLANK_NOTICES}


def fonts(pdf: Path) -> list[dict[str, str]]:
    lines = run("pdffonts", pdf).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name, type words…, encoding, emb, sub, uni, object, generation
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def page_size_points(pdf: Path) -> tuple[float, float]:
    box = PdfReader(pdf).pages[0].mediabox
    return float(box.width), float(box.height)


def decompressed(pdf: Path) -> bytes:
    """The file with every Flate stream inflated, to search for paths that compression would hide."""
    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end():match.end() + 5_000_000]))
        except zlib.error:
            continue
    return b"\n".join(parts)
