"""Glossary terms in page text (issue 17 §6), in the player in Chromium, in English and Traditional Chinese.

The build marks each term's first occurrence on a page (builder/termlinks.py); the player shows its definition
in a native popover: reachable by Tab, opened with Enter or Space, closed with Escape with the focus back on the
term, the definition read as the term's description, and the open definition never covering the term.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Frame, Page

from builder.runtime.units import launch_file
from tests.browser.scodriver import Learner
from tests.browser.test_accessibility import assert_no_violations
from tests.edits import example_with_page_text

pytestmark = [pytest.mark.browser]

# Each term twice (only the first is marked), once in a link and once in code (never marked); the English
# text has a plural and a lower-case first letter.
ADDED = {
    "en": "\nOpen with greetings. Put a caller on hold only after asking; a greeting comes first, "
          "[hold](https://example.com/hold) and `hold` are never marked.\n",
    "zh-Hant": "\n先說開場問候。要保留通話前先詢問；開場問候永遠在前，[保留](https://example.com/hold)與`保留`不標示。\n",
}
WRITTEN = {"en": {"term-greeting": "greetings", "term-hold": "hold"},
           "zh-Hant": {"term-greeting": "開場問候", "term-hold": "保留"}}
OPEN = "e => e.matches(':popover-open')"


@pytest.fixture(scope="module")
def terms_course(tmp_path_factory: pytest.TempPathFactory):
    return example_with_page_text(tmp_path_factory.mktemp("terms"), ADDED)


def first_page(page: Page, site, course, language: str) -> Frame:
    learner = Learner(page, course, site.url, "2004")
    learner.launch(f"{site.sco(course, language, '2004', 'single', '-terms')}/{launch_file('course')}")
    learner.click("next")
    frame = learner.frame
    frame.locator("body[data-location='p0.0']").wait_for()
    return frame


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_each_term_is_marked_once_and_opens_by_keyboard(page, site, terms_course, language) -> None:
    frame = first_page(page, site, terms_course, language)
    terms = frame.locator(".page-body button.term")
    assert terms.count() == 2
    entries = {e.id: e for e in terms_course.glossary}
    for index, (term_id, written) in enumerate(WRITTEN[language].items()):
        button = terms.nth(index)
        assert button.inner_text() == written
        target = button.get_attribute("popovertarget")
        assert target == button.get_attribute("aria-describedby") == f"gt-{term_id}"
        definition = frame.locator(f"#{target}")
        assert definition.text_content() == entries[term_id].definition[language]
        assert not definition.evaluate(OPEN)
    assert frame.locator(".page-body a button, .page-body code button").count() == 0
    assert_no_violations(frame, f"terms closed ({language})")

    # Tab to the first term, Enter opens, Escape closes and the focus stays; Space opens again.
    button = terms.nth(0)
    definition = frame.locator(f"#{button.get_attribute('popovertarget')}")
    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the term")
    page.keyboard.press("Enter")
    assert definition.evaluate(OPEN) and definition.is_visible()
    shown, term = definition.bounding_box(), button.bounding_box()
    assert shown and term
    # Not over the term: the definition opens below (or, without room, above) it.
    assert shown["y"] >= term["y"] + term["height"] - 1 or shown["y"] + shown["height"] <= term["y"] + 1
    assert_no_violations(frame, f"a term open ({language})")
    page.keyboard.press("Escape")
    assert not definition.evaluate(OPEN)
    assert button.evaluate("e => e === document.activeElement")
    page.keyboard.press("Space")
    assert definition.evaluate(OPEN)
    page.keyboard.press("Escape")
