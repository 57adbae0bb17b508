"""Glossary terms in printed text (issue 17 §6): the term, then "→ glossary p. N" where N is the page of its entry
in the handbook's glossary, read back from the PDF in English and Traditional Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.edits import example_with_page_text
from tests.handbook.conftest import build_handbooks
from tests.handbook.pdf import page_texts, squeeze

ADDED = {"en": "\nPut a caller on hold only after asking; a second hold is not marked.\n",
         "zh-Hant": "\n要保留通話前先詢問；第二次保留不再標示。\n"}
REFERENCE = {"en": r"hold→glossaryp\.(\d+)", "zh-Hant": r"保留→詞彙表第(\d+)頁"}
DEFINITION = {"en": "Pausing a call with the customer's permission while you look something up.",
              "zh-Hant": "經客戶同意後暫停通話，以便查詢資料。"}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    course = example_with_page_text(tmp_path_factory.mktemp("terms-print"), ADDED)
    built, report = build_handbooks(course, tmp_path_factory.mktemp("terms-pdf"), editions=("participant",))
    assert not report.has_errors, report.render()
    return built


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_a_term_in_the_text_points_to_its_glossary_page(workbooks, language: str) -> None:
    pages = [squeeze(text) for text in page_texts(workbooks[language, "participant"])]
    references = [(number, int(found)) for number, text in enumerate(pages, start=1)
                  for found in re.findall(REFERENCE[language], text)]
    assert len(references) == 1, references  # the first occurrence only, once per page
    # The page that prints the term's definition: its glossary entry.
    definition = squeeze(DEFINITION[language])
    glossary_page = next(number for number, text in enumerate(pages, start=1) if definition in text)
    assert references[0][1] == glossary_page, (references, glossary_page)
