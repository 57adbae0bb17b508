"""The preview's phone width (issue 17 §7): the course's frame 375 px wide beside the LMS panels, every control
of the player inside it reachable, the page and the player axe-clean, and the choice kept across a reload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from tests.browser import test_accessibility as accessibility
from tests.preview.conftest import PreviewProcess
from tests.preview.test_preview_accessibility import TIMEOUT_MS, assert_no_violations

pytestmark = [pytest.mark.browser]

PHONE = 375
# Every control of the screen: its box inside the frame's width, and nothing wider than the frame.
CONTROLS_INSIDE = """w => {
  const outside = [];
  for (const e of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex="0"]')) {
    const box = e.getBoundingClientRect();
    if (!box.width && !box.height) continue;  // not shown (a closed menu)
    if (box.left < 0 || box.right > w + 0.5) outside.push(e.outerHTML.slice(0, 80));
  }
  return {outside, sideways: document.documentElement.scrollWidth - w};
}"""


@pytest.fixture(scope="module")
def preview(module_course: Path) -> Iterator[PreviewProcess]:
    process = PreviewProcess(module_course, "--scorm", "2004", "--lang", "zh-Hant")
    yield process
    process.stop()


def open_preview(page: Page, preview: PreviewProcess) -> None:
    page.goto(preview.url)
    page.frame_locator("#sco").locator("#view-title").wait_for(timeout=TIMEOUT_MS)


def course_frame(page: Page) -> Frame:
    frame = page.locator("#sco").element_handle().content_frame()
    assert frame is not None
    return frame


def check_screen(frame: Frame, screen: str) -> None:
    found = frame.evaluate(CONTROLS_INSIDE, PHONE)
    assert not found["outside"] and found["sideways"] <= 0, (screen, found)


def test_the_course_at_phone_width_beside_the_panels(chromium, preview) -> None:
    def steps(page: Page) -> None:
        open_preview(page, preview)
        page.locator("#width-phone").click()
        box = page.locator("#sco").bounding_box()
        assert box and box["width"] == PHONE
        assert page.locator("#lms").is_visible()  # the panels stay beside it
        assert_no_violations(page, "phone width")
        frame = course_frame(page)
        accessibility.assert_no_violations(frame, "the player at 375 px")
        # Through the pages to the first quiz question: every screen's controls inside 375 px, Next reachable.
        for _ in range(12):
            check_screen(frame, frame.locator("body").get_attribute("data-location") or "")
            step = frame.locator("[data-action='next'], [data-action='start-quiz']").first
            if not step.count():
                break
            step.scroll_into_view_if_needed()
            assert step.is_visible()
            step.click()
            frame.locator("#view-title").wait_for(timeout=TIMEOUT_MS)
        assert frame.locator("form.question").count() == 1, "the walk did not reach a question"
        check_screen(frame, "a question")
        accessibility.assert_no_violations(frame, "a question at 375 px")
        # The menu opens from its button and every item fits.
        frame.locator("#menu-toggle").click()
        check_screen(frame, "the open menu")
        # The choice stays for the reload that follows an edit.
        page.reload()
        open_preview(page, preview)
        assert page.locator("#width-phone").get_attribute("aria-pressed") == "true"
        assert page.locator("#sco").bounding_box()["width"] == PHONE
        page.locator("#width-desktop").click()
        assert page.locator("#sco").bounding_box()["width"] > PHONE

    chromium.in_page(steps)
