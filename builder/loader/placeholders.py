"""The marks `coursebuild new` leaves on texts it copied from English, and finding them again.

`new` writes them; the loader warns about every one still there, so `validate --strict` fails until a
course is really translated.
"""

from __future__ import annotations

import re

MARKER = "(Translate)"  # starts every YAML text copied into a language it is not written in
PAGE_NOTE = "> **Translate** this page into {language}."  # the first line of a copied Markdown page

_IN_MARKDOWN = re.compile(r"\(Translate\)|\*\*Translate\*\* this page")
TRANSLATE_HINT = "translate the text and delete the '(Translate)' mark (coursebuild new copied it from English)"


def page_note(language: str) -> str:
    return PAGE_NOTE.format(language=language) + "\n\n"


def marked_lines(text: str) -> list[int]:
    """The lines (from 1) of a Markdown text that still carry a translation mark."""
    if "Translate" not in text:
        return []
    return [number for number, line in enumerate(text.split("\n"), start=1) if _IN_MARKDOWN.search(line)]
