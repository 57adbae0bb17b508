"""Print rules read back from the PDFs of the stress course, whose sources are built to break them: a table
that would straddle a page break, a header word in a narrow column, writing lines that would spill onto a
page of their own, a job aid three pages long, glossary terms whose dictionary order is not code-point order."""

from __future__ import annotations

import re

from builder.builders.handbook.crossref import CrossRefs
from builder.builders.handbook.render import HandbookSpec, handbook_html
from builder.collation import in_dictionary_order
from builder.runtime.data import course_data
from builder.runtime.units import PackagingMode
from tests.handbook.pdf import is_blank_page, page_texts, squeeze


def _pages_with(texts: list[str], fragment: str) -> list[int]:
    return [number for number, text in enumerate(texts, start=1) if squeeze(fragment) in squeeze(text)]


def test_a_table_that_fits_on_a_page_is_never_split(stress_handbooks):
    texts = page_texts(stress_handbooks["zh-Hant", "participant"])
    first, last = _pages_with(texts, "第 1 通來電"), _pages_with(texts, "第 6 通來電")
    assert first and first == last, f"the table's first row is on page {first}, its last on {last}"
    assert _pages_with(texts, "急迫程度評估") == first  # its header is printed once, with it


def test_a_header_cell_breaks_only_between_words(stress_handbooks):
    lines = [line.strip() for text in page_texts(stress_handbooks["zh-Hant", "participant"])
             for line in text.splitlines()]
    assert "急迫程度評估" in lines, "the header word of the narrow first column was broken across lines"


def _body(text: str) -> str:
    """A page's text without its running header (first line) and footer (last line)."""
    lines = [line for line in text.splitlines() if line.strip()]
    return "".join(lines[1:-1])


def test_writing_lines_never_spill_onto_a_page_of_their_own(stress_handbooks):
    texts = page_texts(stress_handbooks["zh-Hant", "participant"])
    activity = _pages_with(texts, "長篇筆記")
    assert activity and _pages_with(texts, "你的筆記")[-1] == activity[0]
    emptied = [number for number, text in enumerate(texts, start=1)
               if number > 1 and not is_blank_page(text) and not _body(text).strip()]
    assert not emptied, f"pages {emptied} hold nothing to read (spilled writing lines)"
    after = texts[activity[0]]  # the page after the activity starts with something else
    assert _body(after).strip()


def test_a_job_aid_longer_than_its_page_is_reported_with_its_file(stress_build):
    _, report = stress_build
    found = [w for w in report.warnings if w.code == "job-aid-too-long"]
    assert [(w.file, w.line) for w in found] == [("lessons/02-closing/job-aid.zh-Hant.md", 1)], report.render()
    assert "結束通話檢查表" in found[0].message and found[0].hint


def test_the_example_job_aids_fit_their_page(handbooks, example_course):
    texts = page_texts(handbooks["zh-Hant", "participant"])
    for lesson in example_course.lessons:
        pages = _pages_with(texts, lesson.job_aid.title["zh-Hant"])
        assert len(pages) == 1


STROKE_ORDER = ["一對一", "門市", "保留", "開場問候", "督導"]  # 1, 8, 9, 12, 13 strokes; code points: 一 保 督 門 開
ALPHABETICAL = ["after-call work", "AHT", "Greeting", "Hold", "Zebra"]  # code points: AHT Greeting Hold Zebra after…


def test_the_glossary_prints_in_stroke_order_in_traditional_chinese(stress_handbooks, stress_course):
    glossary = squeeze(page_texts(stress_handbooks["zh-Hant", "participant"])[-1])
    positions = [glossary.index(term) for term in STROKE_ORDER]
    assert positions == sorted(positions), glossary
    assert sorted(STROKE_ORDER) != STROKE_ORDER  # code-point order would differ


def test_the_glossary_is_alphabetical_in_english_in_print_and_in_the_player(stress_course):
    html = handbook_html(stress_course, HandbookSpec("en", "participant", "a4"), CrossRefs())
    glossary = html[html.index('id="glossary"'):]
    terms = re.findall(r"<dt[^>]*>(.*?)</dt>", glossary)  # each entry has its id (glossary references)
    assert terms == ALPHABETICAL and sorted(ALPHABETICAL) != ALPHABETICAL
    for language, expected in (("en", ALPHABETICAL), ("zh-Hant", STROKE_ORDER)):
        data = course_data(stress_course, language, PackagingMode.SINGLE)
        assert [entry["term"] for entry in data["glossary"]] == expected


def test_equal_terms_keep_a_fixed_order():
    items = [("b", "Hold"), ("a", "hold")]
    assert in_dictionary_order(items, "en", lambda i: i[1].lower(), lambda i: i[0]) == [("a", "hold"), ("b", "Hold")]


def test_no_workbook_page_ends_with_a_heading(stress_handbooks, stress_course):
    texts = page_texts(stress_handbooks["zh-Hant", "participant"], layout=True)
    headings = {squeeze(p.title["zh-Hant"]) for lesson in stress_course.lessons for p in lesson.pages}
    headings |= {squeeze(a.title["zh-Hant"]) for lesson in stress_course.lessons for a in lesson.activities}
    headings |= {"反思", "自我檢測", "學習目標"}  # "你的筆記" is followed by lines, which hold no text
    for number, text in enumerate(texts, start=1):
        body = [squeeze(line) for line in text.splitlines() if line.strip()][:-1]  # the footer is last
        assert not body or body[-1] not in headings, f"page {number} ends with the heading {body[-1]}"
