"""Markdown pages split into translation units and written back: agreement with cmark-gfm, which renders them."""

from __future__ import annotations

from pathlib import Path

import cmarkgfm
import pytest

from builder.translation.content import Code, Span, plain_text
from builder.translation.markdown import blocks, replace_blocks, to_markdown
from tests.conftest import EXAMPLE_COURSE, ROOT, SHIPPED_COURSE

PAGES = sorted([*SHIPPED_COURSE.rglob("*.md"), *EXAMPLE_COURSE.rglob("*.md")])
PAGES = [p for p in PAGES if p.name not in ("STYLE.md", "LICENSE.md")]


def _html(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text)


def _rewrite_every_block(text: str) -> str:
    found = blocks(text)
    return replace_blocks(text, {b.number: to_markdown(b.content, continuation=b.continuation, in_table=b.in_table,
                                                       what=b.what) for b in found})


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_block_written_back_renders_as_cmark_gfm_rendered_the_source(page: Path) -> None:
    """The split agrees with cmark-gfm: writing every block's text back from its units (escaped words, markup
    as written) gives the same HTML, for every page of both courses."""
    text = page.read_text(encoding="utf-8")
    assert blocks(text), page
    assert _html(_rewrite_every_block(text)) == _html(text)


def test_units_are_the_text_blocks_and_markup_travels_as_codes() -> None:
    text = ("# A title\n\nSay **the company** and *your* name, see [the guide](guide.md \"Guide\").\n\n"
            "- one `F1` item\n- two\n\n> quoted\n> on two lines\n\n| Caller | Start with |\n| --- | --- |\n"
            "| Angry \\| loud | ![a headset](assets/headset.svg) |\n\n```\ncode is not translated\n```\n")
    found = blocks(text)
    assert [b.what for b in found] == ["heading (level 1)", "paragraph", "list item", "list item", "quote",
                                       "table header cell", "table header cell", "table cell", "table cell"]
    paragraph = found[1].content
    assert paragraph[0] == "Say " and isinstance(paragraph[1], Span) and paragraph[1].start == "**"
    link = paragraph[-2]
    assert isinstance(link, Span) and link.kind == "link" and link.end == '](guide.md "Guide")'
    assert any(isinstance(p, Code) and p.data == "`F1`" for p in found[2].content)
    assert found[4].content[1].sub == "xlf:lb"  # the soft line break inside the quote
    assert found[7].content == ("Angry | loud",)
    image = found[8].content[0]
    assert image.kind == "image" and image.children == ("a headset",) and image.end == "](assets/headset.svg)"
    assert [b.line for b in found] == [1, 3, 5, 6, 8, 11, 11, 13, 13]
    for block in found:  # each block's place in the file holds exactly its text
        assert plain_text(block.content).replace("\n", "") in text[block.start:block.end].replace("\n> ", "").replace(
            "\\|", "|").replace("\n", "")


@pytest.mark.parametrize("words, expected", [
    ("1. not a list", "1\\. not a list"),
    ("# not a heading", "\\# not a heading"),
    ("- not an item", "\\- not an item"),
    ("a *star* and [brackets] and `tick` and a | pipe", "a \\*star\\* and \\[brackets\\] and \\`tick\\` and a \\| pipe"),
    ("AT&T &amp; more", "AT\\&T \\&amp; more"),
    ("中文「引號」不需要跳脫。", "中文「引號」不需要跳脫。"),
])
def test_a_translators_words_are_escaped_so_they_cannot_become_markup(words: str, expected: str) -> None:
    written = to_markdown((words,))
    assert written == expected
    assert blocks(written)[0].content == (words,)  # and read back as the same words


def test_spaces_inside_bold_move_outside_where_commonmark_needs_them() -> None:
    bold = Span("1", "**", "**", ("bold ",), "fmt", "xlf:b")
    written = to_markdown(("a ", bold, "word"))
    assert written == "a **bold** word"
    assert isinstance(blocks(written)[0].content[1], Span)


def test_a_line_break_in_a_list_item_continues_at_the_items_indentation() -> None:
    text = "- first line\n  second line\n"
    block = blocks(text)[0]
    assert block.continuation == "  "
    new = replace_blocks(text, {1: to_markdown(("eins", block.content[1], "zwei"), continuation=block.continuation)})
    assert new == "- eins\n  zwei\n"


def test_the_panels_of_interactive_blocks_are_units_and_checks_are_not() -> None:
    """```tabs and its kin hold Markdown: their titles and texts are translated like the page's; a check is YAML
    (a quiz.yaml question by id, or written in each language's page) and stays as written, like code."""
    text = ("# Page\n\nIntro.\n\n```tabs\n## Angry\nLet them **finish**.\n\n## Confused\nSlow down.\n```\n\n"
            "```check\nquestion: q1\n```\n\n- item\n\n  ```reveal\n  ## Indented\n  Stays as written.\n  ```\n")
    found = blocks(text)
    assert [(b.what, b.line, text[b.start:b.end]) for b in found] == [
        ("heading (level 1)", 1, "Page"), ("paragraph", 3, "Intro."),
        ("heading (level 2) in a tabs block", 6, "Angry"), ("paragraph in a tabs block", 7, "Let them **finish**."),
        ("heading (level 2) in a tabs block", 9, "Confused"), ("paragraph in a tabs block", 10, "Slow down."),
        ("list item", 17, "item")]
    rewritten = replace_blocks(text, {3: "生氣", 4: to_markdown(found[3].content, what=found[3].what)})
    assert rewritten == text.replace("## Angry", "## 生氣")
