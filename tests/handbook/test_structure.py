"""Titles, outline, table of contents, right-hand lesson starts, metadata: read back from the PDFs."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from builder.builders.handbook.strings import Strings
from tests.handbook.conftest import EDITIONS, LANGUAGES
from tests.handbook.pdf import outline_titles, page_texts, run, squeeze

BOOKS = [(language, edition) for language in LANGUAGES for edition in EDITIONS]


def lesson_start_pages(texts: list[str], course, language: str) -> dict[str, int]:
    """The first page after the contents that carries both the lesson's number label and its title."""
    strings = Strings(language)
    starts = {}
    for lesson in course.lessons:
        label = squeeze(strings("lesson", number=lesson.number)).casefold()
        title = squeeze(lesson.title[language]).casefold()
        starts[lesson.id] = next(number for number, text in enumerate(texts, start=1)
                                 if number > 3 and label + title in squeeze(text).casefold())
    return starts


@pytest.mark.parametrize(("language", "edition"), BOOKS)
def test_every_lesson_title_is_in_the_text_and_the_outline(handbooks, example_course, language, edition):
    pdf = handbooks[language, edition]
    text = squeeze("".join(page_texts(pdf)))
    outline = outline_titles(pdf)
    top_level = {squeeze(title) for level, title, _ in outline if level == 1}
    for lesson in example_course.lessons:
        assert squeeze(lesson.title[language]) in text
        assert squeeze(lesson.title[language]) in top_level, outline
    for lesson in example_course.lessons:  # sections are bookmarked one level down
        for page in lesson.pages:
            assert (2, page.title[language]) in {(level, title) for level, title, _ in outline}


@pytest.mark.parametrize(("language", "edition"), BOOKS)
def test_contents_page_numbers_are_where_lessons_start_on_right_hand_pages(handbooks, example_course, language,
                                                                          edition):
    texts = page_texts(handbooks[language, edition])
    contents = [squeeze(line) for line in texts[2].splitlines()]  # cover, its blank back, then the contents
    starts = lesson_start_pages(texts, example_course, language)
    outline = {squeeze(title): page for level, title, page in outline_titles(handbooks[language, edition])}
    for lesson in example_course.lessons:
        title = squeeze(lesson.title[language])
        listed = [int(m[1]) for line in contents if (m := re.search(re.escape(title) + r"\.*(\d+)$", line))]
        assert listed == [starts[lesson.id]], (lesson.id, contents)
        assert starts[lesson.id] % 2 == 1, f"{lesson.id} starts on a left-hand page"
        assert outline[title] == starts[lesson.id]


@pytest.mark.parametrize(("language", "edition"), BOOKS)
def test_title_language_and_tags_are_set(handbooks, example_course, language, edition):
    pdf = handbooks[language, edition]
    info = run("pdfinfo", pdf)
    edition_name = Strings(language)(f"edition.{edition}")
    assert re.search(r"^Title:\s+" + re.escape(f"{example_course.title[language]} — {edition_name}") + "$",
                     info, re.M)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    catalog = PdfReader(pdf).trailer["/Root"]
    assert catalog["/Lang"] == language
    assert "/StructTreeRoot" in catalog


@pytest.mark.parametrize(("language", "edition"), BOOKS)
def test_footer_says_page_x_of_y_in_the_handbook_language(handbooks, language, edition):
    texts = page_texts(handbooks[language, edition])
    footer = Strings(language)("page_of", page=5, pages=len(texts))
    assert squeeze(footer) in squeeze(texts[4])


def test_running_header_names_the_lesson(handbooks, example_course):
    texts = page_texts(handbooks["en", "participant"])
    starts = lesson_start_pages(texts, example_course, "en")
    first = example_course.lessons[0]
    # the lesson's right-hand pages carry its title in the header line
    assert texts[starts[first.id] + 1].lstrip().splitlines()[0].strip() == first.title["en"]
