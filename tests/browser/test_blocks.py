"""A page's interactive blocks in Chromium (blocks.js): tabs, accordion, reveal cards and a process by keyboard
alone, knowledge checks answered in place with their feedback announced and nothing sent to the LMS, axe on
each kind (WCAG 2.1 AA rules) and at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Frame, Page

from tests.browser.test_accessibility import assert_no_violations, focused, go_by_menu, open_sco, tab_to

pytestmark = [pytest.mark.browser]

TABS_PAGE, MIXED_PAGE = "p0.1", "p1.0"  # the example course's blocks: tabs and a check; the other four kinds


def announced(frame: Frame) -> str:
    return frame.locator("#announcer").inner_text()


def visible(frame: Frame, selector: str) -> list[bool]:
    return frame.eval_on_selector_all(selector, "nodes => nodes.map(n => !!n.offsetParent)")


def test_tabs_follow_the_authoring_practices_by_keyboard(page: Page, site, example_course) -> None:
    learner = open_sco(page, site, example_course, "en", "2004")
    frame = learner.frame
    go_by_menu(frame, TABS_PAGE)
    tabs = frame.locator(".cb-tab")
    assert tabs.all_inner_texts() == ["Angry", "Confused"]
    for n in range(2):
        panel = frame.locator(f"#{tabs.nth(n).get_attribute('aria-controls')}")
        assert panel.get_attribute("role") == "tabpanel"
        assert panel.get_attribute("aria-labelledby") == tabs.nth(n).get_attribute("id")
    assert visible(frame, ".cb-tabs > .cb-panel") == [True, False]
    assert_no_violations(frame, "tabs and a knowledge check")
    tab_to(page, frame, ".cb-tab[aria-selected='true']")
    assert [tabs.nth(n).get_attribute("tabindex") for n in range(2)] == ["0", "-1"]  # one stop for the list
    page.keyboard.press("ArrowRight")
    assert focused(frame, ".cb-tab:nth-child(2)[aria-selected='true']")
    assert visible(frame, ".cb-tabs > .cb-panel") == [False, True]
    page.keyboard.press("ArrowRight")  # wraps round
    assert focused(frame, ".cb-tab:nth-child(1)[aria-selected='true']")
    page.keyboard.press("End")
    assert focused(frame, ".cb-tab:nth-child(2)")
    page.keyboard.press("Home")
    assert focused(frame, ".cb-tab:nth-child(1)")
    page.keyboard.press("ArrowLeft")
    assert focused(frame, ".cb-tab:nth-child(2)")
    page.keyboard.press("Tab")  # from the tab list into its panel
    assert focused(frame, "[role='tabpanel']:not([hidden])")


def test_accordion_reveal_and_process_by_keyboard(page: Page, site, example_course) -> None:
    learner = open_sco(page, site, example_course, "en", "2004")
    frame = learner.frame
    go_by_menu(frame, MIXED_PAGE)
    assert visible(frame, ".cb-accordion .cb-body") == [False, False]
    assert_no_violations(frame, "process, accordion, reveal cards and a check, closed")

    tab_to(page, frame, ".cb-accordion .cb-toggle")
    page.keyboard.press("Enter")
    assert frame.locator(".cb-accordion .cb-toggle").first.get_attribute("aria-expanded") == "true"
    assert visible(frame, ".cb-accordion .cb-body") == [True, False]
    page.keyboard.press("Escape")
    assert frame.locator(".cb-accordion .cb-toggle").first.get_attribute("aria-expanded") == "false"
    assert focused(frame, ".cb-accordion .cb-toggle")

    tab_to(page, frame, ".cb-reveal .cb-toggle")
    page.keyboard.press("Space")
    assert visible(frame, ".cb-reveal .cb-body") == [True, False]
    assert "good check" in frame.locator(".cb-reveal .cb-body").first.inner_text()
    assert_no_violations(frame, "an accordion section and a card open")

    assert visible(frame, ".cb-process > li") == [True, False, False]
    assert frame.locator(".cb-step-of").inner_text() == "Step 1 of 3"
    tab_to(page, frame, "[data-step='next']", backwards=True)
    page.keyboard.press("Enter")
    assert visible(frame, ".cb-process > li") == [False, True, False]
    assert announced(frame) == "Step 2 of 3 Check"
    assert frame.locator(".cb-process > li:not([hidden])").evaluate("li => li.value") == 2  # numbered as written
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # at the last step Next does nothing, and keeps the focus
    assert visible(frame, ".cb-process > li") == [False, False, True]
    assert focused(frame, "[data-step='next'][aria-disabled='true']")
    assert frame.locator(".cb-process").evaluate("ol => ol.tagName") == "OL"  # still a numbered list


def test_knowledge_checks_give_feedback_in_place_and_send_nothing(page: Page, site, example_course) -> None:
    learner = open_sco(page, site, example_course, "en", "2004")
    frame = learner.frame
    go_by_menu(frame, MIXED_PAGE)  # written in the page: true or false
    check = frame.locator(".cb-check")
    assert check.get_attribute("role") == "group"
    assert check.locator(".cb-check-label").inner_text() == "Check your understanding"
    tab_to(page, frame, ".cb-check button[type='submit']")
    page.keyboard.press("Enter")
    assert check.locator(".error").inner_text() == "Give an answer first."
    tab_to(page, frame, ".cb-check input[value='t']", backwards=True)
    page.keyboard.press("Space")
    tab_to(page, frame, ".cb-check button[type='submit']")
    page.keyboard.press("Enter")
    assert check.locator(".feedback").get_attribute("data-result") == "incorrect"
    assert announced(frame) == 'Not quite. It pushes the caller to say no; ask "Anything else?" instead.'
    assert focused(frame, ".cb-check button[type='submit']")
    assert check.locator("button[type='submit']").inner_text() == "Try again"
    page.keyboard.press("Enter")
    assert focused(frame, ".cb-check input")
    check.locator("input[value='f']").check()
    check.locator("button[type='submit']").click()
    assert announced(frame) == "Correct. Right: it pushes the caller to say no."

    go_by_menu(frame, TABS_PAGE)  # from quiz.yaml, with a choice's own feedback
    check = frame.locator(".cb-check")
    check.locator("label", has_text="Hello?").click()
    check.locator("button[type='submit']").click()
    assert check.locator(".choice-feedback").inner_text() == "It names nobody."
    assert_no_violations(frame, "a knowledge check answered")
    learner.click("next")  # the player commits what it has on the way
    sets = page.evaluate("lms.sets")
    assert any(name == "cmi.location" for name, _ in sets)  # the LMS was listening
    assert not [name for name, _ in sets if name.startswith("cmi.interactions")]  # practice is not reported


@pytest.mark.parametrize("location", [TABS_PAGE, MIXED_PAGE])
def test_blocks_at_320_px(browser, site, example_course, location: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        tab.goto(f"{site.url}{site.sco(example_course, 'zh-Hant', '1.2', 'single')}/index.html")
        go_by_menu(tab.main_frame, location)
        for toggle in tab.locator(".cb-toggle").all():
            toggle.click()
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 320
        assert_no_violations(tab.main_frame, f"blocks at 320 px ({location})")
    finally:
        context.close()
