"""A page's interactive blocks on paper, read back from the PDFs: every panel's title and text printed (none
hidden behind a tab), the process numbered, a knowledge check printed as a question where it stands, its answer
in the facilitator guide only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.builders.handbook.sources import locate
from builder.loader import load_course
from tests.conftest import EXAMPLE_COURSE
from tests.edits import line_of as line_in
from tests.handbook.conftest import LANGUAGES, build_handbooks
from tests.handbook.pdf import page_texts, squeeze

SECRET = "windowsill"  # a fill-in answer no other text of the course holds


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_panel_prints_open_and_titled(handbooks, example_course, language: str) -> None:
    greeting, closing = example_course.lessons
    for edition in ("participant", "facilitator"):
        text = squeeze("".join(page_texts(handbooks[language, edition])))
        for lesson, page in ((greeting, 1), (closing, 0)):
            html = lesson.pages[page].html[language]
            titles = [part.split("</h2>")[0] for part in html.split('<h2 class="cb-title">')[1:]]
            assert len(titles) >= 2
            for title in titles:
                plain = title.replace("&quot;", '"').replace("&#x27;", "'").replace("&#39;", "'")
                assert squeeze(plain) in text, (edition, plain)
        check = closing.pages[0].checks_in(language)[0].question
        assert squeeze(check.prompt[language]) in text  # the check written in the page, printed where it stands


@pytest.fixture(scope="module")
def secret_handbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("check-print") / "course"
    shutil.copytree(EXAMPLE_COURSE, folder)
    for language, prompt in (("en", "Where do you keep the script?"), ("zh-Hant", "講稿放在哪裡？")):
        page = folder / "lessons" / "01-greeting" / "pages" / f"01-first-words.{language}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n```check\ntype: fill-in\nprompt: {prompt}\n"
                        f"answers: [{SECRET}]\n```\n", encoding="utf-8")
    course, report = load_course(folder)
    assert course is not None, report.render()
    built, report = build_handbooks(course, tmp_path_factory.mktemp("check-print-out"), ("en",))
    assert not report.has_errors, report.render()
    return built


def test_a_checks_answer_is_in_the_guide_only(secret_handbooks) -> None:
    workbook = squeeze("".join(page_texts(secret_handbooks["en", "participant"])))
    guide = squeeze("".join(page_texts(secret_handbooks["en", "facilitator"])))
    for text in (workbook, guide):
        assert squeeze("Check your understanding Write the missing word.") in text
        assert squeeze("Where do you keep the script?") in text
    assert SECRET not in workbook
    assert SECRET in guide


def test_a_character_only_a_check_prints_is_traced_to_its_page(example_course) -> None:
    """The font check names the file and line of a character no font has: a check's words count too."""
    page = "lessons/02-closing/pages/01-close.zh-Hant.md"
    assert locate(example_course, "zh-Hant", "好問法") == (page, line_in(EXAMPLE_COURSE, page, "```check"))
