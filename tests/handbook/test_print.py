"""The printed object: paper, fonts, pages with ink, typography, and bytes that never vary."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from builder.structure import Course
from tests.handbook.conftest import EDITIONS, LANGUAGES, build_handbooks
from tests.handbook.pdf import decompressed, fonts, is_blank_page, page_size_points, page_texts, squeeze

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
# Unicode line-breaking classes CL, CP, EX, IS, NS that must never begin a line (kinsoku).
CLOSING = set("，。、：；！？）」』】〉》〕”’,.!?:;)]}…ー")


@pytest.mark.parametrize(("language", "edition"), [(lang, ed) for lang in LANGUAGES for ed in EDITIONS])
def test_fonts_are_embedded_subset_and_the_language_s_own(handbooks, language, edition):
    found = fonts(handbooks[language, edition])
    assert found and all(f["emb"] == "yes" and f["sub"] == "yes" and f["uni"] == "yes" for f in found), found
    names = {re.sub(r"^[A-Z]{6}\+", "", f["name"]) for f in found}
    assert "Noto-Serif" in names and "Noto-Sans-Bold" in names
    if language == "zh-Hant":
        assert {"Noto-Serif-CJK-TC", "Noto-Sans-CJK-TC-Bold"} <= names
        assert not any("Oblique" in name for name in names)  # no synthetic italics in Chinese
    else:
        assert not any("CJK" in name for name in names)


def test_paper_is_a4_by_default_and_letter_on_request(handbooks, example_course, tmp_path):
    for pdf in handbooks.values():
        assert page_size_points(pdf) == pytest.approx(A4, abs=0.1)
    built, report = build_handbooks(example_course, tmp_path, languages=("en",), editions=("participant",),
                                    paper="letter")
    assert not report.has_errors, report.render()
    assert page_size_points(built["en", "participant"]) == pytest.approx(LETTER, abs=0.1)


def ink_in_body(png: Path) -> float:
    """The share of dark pixels between the header and the footer (the running furniture does not count)."""
    image = Image.open(png).convert("L")
    width, height = image.size
    body = image.crop((0, int(height * 0.1), width, int(height * 0.9)))
    return sum(body.histogram()[:200]) / (body.width * body.height)


@pytest.mark.parametrize(("language", "edition"), [("en", "facilitator"), ("zh-Hant", "participant")])
def test_every_page_has_content_except_the_deliberately_blank_ones(handbooks, tmp_path, language, edition):
    pdf = handbooks[language, edition]
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    texts = page_texts(pdf)
    assert len(pngs) == len(texts)
    blank = [number for number, text in enumerate(texts, start=1) if is_blank_page(text)]
    assert 2 in blank  # the back of the cover
    for number, png in enumerate(pngs, start=1):
        ink = ink_in_body(png)
        if number in blank:
            assert number % 2 == 0, "only left-hand pages are left blank"
            assert ink < 0.001, f"page {number} should hold only the blank-page notice"
        else:
            assert ink > 0.002, f"page {number} is empty"  # a blank page's notice alone gives 0.0003


def test_no_line_starts_with_closing_punctuation(stress_handbooks):
    lines = [line.strip() for text in page_texts(stress_handbooks["zh-Hant", "participant"], layout=True)
             for line in text.splitlines() if line.strip()]
    assert sum("來電者說" in line for line in lines) > 20  # the long paragraph really wrapped
    starts = [line for line in lines if line[0] in CLOSING]
    assert not starts, starts


def test_table_header_repeats_and_no_heading_ends_a_page(stress_handbooks, stress_course: Course):
    texts = page_texts(stress_handbooks["zh-Hant", "facilitator"], layout=True)
    agenda_row = re.compile(r"^\s*\d:\d\d\s+1\s+第 \d+ 步", re.M)  # a step's own paragraph reads "0:05 · 1 分鐘"
    agenda_pages = [number for number, text in enumerate(texts) if agenda_row.search(text)]
    assert len(agenda_pages) >= 2
    reading_order = page_texts(stress_handbooks["zh-Hant", "facilitator"])
    for number in agenda_pages:
        page = squeeze(reading_order[number])
        assert all(cell in page for cell in ("開始分鐘步驟", "學員手冊頁碼")), \
            f"the agenda's header row is missing on page {number + 1}, which the table runs onto"
    headings = {squeeze(h) for lesson in stress_course.lessons for p in lesson.pages for h in [p.title["zh-Hant"]]}
    headings |= {"課程流程", "授課步驟", "反思", "自我檢測", "學員閱讀內容"}
    for number, text in enumerate(texts, start=1):
        body = [squeeze(line) for line in text.splitlines() if line.strip()][:-1]  # the footer is last
        assert not body or body[-1] not in headings, f"page {number} ends with the heading {body[-1]}"


def test_same_bytes_when_built_in_another_folder(handbooks, example_course, tmp_path):
    other = tmp_path / "elsewhere" / "deeper"
    os.chdir(tmp_path)  # another working folder too
    try:
        built, report = build_handbooks(example_course, other)
    finally:
        os.chdir(Path(__file__).resolve().parents[2])
    assert not report.has_errors, report.render()
    for key, pdf in handbooks.items():
        assert built[key].read_bytes() == pdf.read_bytes(), f"{key} differs between two builds"
        inside = decompressed(pdf)
        assert b"file:" not in inside and str(pdf.parent).encode() not in inside
        assert b"/CreationDate" not in inside and b"/ModDate" not in inside
