"""WCAG 2.1 AA on the preview page around the course, and the page by keyboard.

axe-core runs on the preview page itself, not inside the course's frame (the player there has
tests/browser/test_accessibility.py): freshly loaded, with API calls logged (failed, not-set and error-check
rows shown), showing build errors and warnings, and at 320 px. The keyboard test reaches the skip link,
Reset (which works with Enter and with Space), the course frame and the LMS panels, each with a visible focus.
(The SCORM version is a command-line option, so the page has no version switch to reach.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser import test_accessibility as accessibility
from tests.preview.conftest import PreviewProcess

pytestmark = [pytest.mark.browser]

TIMEOUT_MS = 15_000
TAB_LIMIT = 80  # more Tab presses than the page and one screen of the player have stops
LOCATION = {"1.2": "cmi.core.lesson_location", "2004": "cmi.location"}
API = {"1.2": "API.LMSSetValue", "2004": "API_1484_11.SetValue"}
LANGUAGE = {"1.2": "en", "2004": "zh-Hant"}
FIRST_PAGE = "p0.0"  # the location of lesson 1's first page

FOCUS_SHOWN = """() => {
  const element = document.activeElement, style = getComputedStyle(element);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 || style.boxShadow !== 'none';
}"""

# Counts the changes a screen reader would hear from the polite status.
WATCH_STATUS = """() => {
  window.statusWrites = 0;
  new MutationObserver(records => { window.statusWrites += records.length; })
    .observe(document.getElementById('lms-state'), {childList: true, characterData: true, subtree: true});
}"""

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


# ----- fixtures and helpers -----

@pytest.fixture(scope="module")
def previews(module_course: Path) -> Iterator[Callable[[str], PreviewProcess]]:
    """One preview per SCORM version for the module, started on first use: 1.2 in English, 2004 in
    Traditional Chinese (the page's own text stays English around a Chinese course title). Lesson 2 has no
    job aid, so every page also lists a warning."""
    for aid in (module_course / "lessons" / "02-closing").glob("job-aid.*.md"):
        aid.unlink()
    started: dict[str, PreviewProcess] = {}

    def preview(version: str) -> PreviewProcess:
        if version not in started:
            started[version] = PreviewProcess(module_course, "--scorm", version, "--lang", LANGUAGE[version])
        return started[version]

    yield preview
    for process in started.values():
        process.stop()


def assert_no_violations(page: Page, state: str) -> None:
    """The preview page itself: the course in its frame is the player's own tests' business."""
    accessibility.assert_no_violations(page, state, iframes=False)


def open_preview(page: Page, preview: PreviewProcess) -> None:
    page.goto(preview.url)
    page.frame_locator("#sco").locator("#view-title").wait_for(timeout=TIMEOUT_MS)
    page.locator("#build-warnings").wait_for(timeout=TIMEOUT_MS)


def move_to_first_page(page: Page, version: str) -> None:
    """The learner presses Next in the course; the page logs the calls and shows the new location."""
    page.frame_locator("#sco").locator("[data-action='next']").first.click()
    page.locator(f"#model tbody tr[data-element='{LOCATION[version]}']", has_text=FIRST_PAGE).wait_for(
        timeout=TIMEOUT_MS)


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def tab_to(page: Page, selector: str) -> int:
    """Press Tab until the page's element matching selector has the focus (with a visible focus unless it
    is the course frame, whose player shows its own); returns the number of presses."""
    for presses in range(1, TAB_LIMIT + 1):
        page.keyboard.press("Tab")
        if focused(page, selector):
            if selector != "#sco":
                assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {selector}"
            return presses
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


# ----- axe -----

def test_freshly_loaded_and_the_harness_finds_faults(chromium, previews) -> None:
    preview = previews("1.2")

    def steps(page: Page) -> None:
        open_preview(page, preview)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("#sco").get_attribute("title") == "Course: Phone basics"
        assert page.locator("header, main, aside").evaluate_all("all => all.map(e => e.tagName)") == \
            ["HEADER", "MAIN", "ASIDE"]
        assert_no_violations(page, "freshly loaded")
        # The harness itself: axe runs on the page and reports the kind of fault this module looks for.
        page.evaluate("""() => document.querySelector('.lms').insertAdjacentHTML('beforeend',
            '<input type=text id=bare><p style="color:#aaa;background:#fff">faint text</p>')""")
        found = {violation.split(" ")[0] for violation in accessibility.axe(page, iframes=False)["violations"]}
        assert {"label", "color-contrast"} <= found

    chromium.in_page(steps)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_with_api_calls_logged(chromium, previews, version: str) -> None:
    """After the learner moved to a page and a call failed, with the error checks shown: the log's failed
    (red), not-set (grey, 2004) and error-check rows and the data model's changed rows pass too. The log is
    silent for screen readers; the polite status beside the data model is written once for all those calls,
    when the first call fails."""
    preview = previews(version)

    def steps(page: Page) -> None:
        open_preview(page, preview)
        assert page.locator("#preview-title").get_attribute("lang") == LANGUAGE[version]
        log = page.locator("#calls-scroll")
        assert (log.get_attribute("role"), log.get_attribute("aria-live")) == ("log", "off")
        assert page.locator("#lms-state").get_attribute("role") == "status"
        page.wait_for_function("() => document.getElementById('lms-state').textContent === 'running'",
                               timeout=TIMEOUT_MS)
        page.evaluate(WATCH_STATUS)
        calls_before = page.locator("#calls tbody tr").count()
        move_to_first_page(page, version)
        page.evaluate(f"() => {API[version]}('cmi.nonsense', 'x')")
        page.locator("#calls tbody tr.failed").wait_for(timeout=TIMEOUT_MS)
        page.locator("#lms-state", has_text="running, with failed calls").wait_for(timeout=TIMEOUT_MS)
        # The move's own calls (the player sends only what changed: the state, the bookmark, the Commit) and the
        # failed one.
        assert page.locator("#calls tbody tr").count() - calls_before >= 4
        assert page.evaluate("() => window.statusWrites") == 1
        page.locator("#show-error-checks").check()
        page.locator("#calls tbody tr.error-check").first.wait_for(timeout=TIMEOUT_MS)
        if version == "2004":
            assert page.locator("#calls tbody tr.not-set").count()
        assert_no_violations(page, f"SCORM {version} with calls logged")

    chromium.in_page(steps)


def test_showing_build_errors(chromium, start_preview, course_copy: Path) -> None:
    """A source error shown in place of the course, with a warning listed below it."""
    lesson = course_copy / "lessons" / "01-greeting" / "lesson.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("id: greeting\n", "id: greeting\ntitle: [unclosed\n",
                                                                   1), encoding="utf-8")
    for aid in (course_copy / "lessons" / "02-closing").glob("job-aid.*.md"):
        aid.unlink()
    preview = start_preview(course_copy)

    def steps(page: Page) -> None:
        page.goto(preview.url)
        page.locator("#build-errors .diagnostic").first.wait_for(timeout=TIMEOUT_MS)
        assert page.locator("#reset").is_disabled()
        assert_no_violations(page, "showing build errors")

    chromium.in_page(steps)


def test_at_320_px(chromium, previews) -> None:
    """At 320 px the page reflows without sideways scrolling, loaded and with calls logged."""
    preview = previews("1.2")

    def steps(page: Page) -> None:
        page.set_viewport_size({"width": 320, "height": 640})
        open_preview(page, preview)
        assert page.evaluate(SIDEWAYS) <= 0, "the page scrolls sideways at 320 px"
        assert_no_violations(page, "freshly loaded at 320 px")
        move_to_first_page(page, "1.2")
        page.locator("#show-error-checks").check()
        assert page.evaluate(SIDEWAYS) <= 0, "the page scrolls sideways at 320 px with calls logged"
        assert_no_violations(page, "calls logged at 320 px")

    chromium.in_page(steps)


def test_the_print_proof_page(chromium, previews) -> None:
    """The print proof page (/print/): no violation at full width and at 320 px, where it does not scroll
    sideways; its lesson links are reached by keyboard with a visible focus, the current one marked."""
    preview = previews("2004")

    def steps(page: Page) -> None:
        page.goto(preview.url + "print/")
        assert page.locator("iframe").count() == 2
        assert page.locator("nav a[aria-current='page']").count() == 1
        assert_no_violations(page, "the print proof page")
        tab_to(page, "nav a")
        page.set_viewport_size({"width": 320, "height": 640})
        assert page.evaluate(SIDEWAYS) <= 0, "the print proof page scrolls sideways at 320 px"
        assert_no_violations(page, "the print proof page at 320 px")

    chromium.in_page(steps)


# ----- the keyboard -----

def test_every_control_by_keyboard_and_reset_with_enter_and_space(chromium, previews) -> None:
    """Tab reaches the skip link, the width buttons (Enter and Space), Reset, the course frame and then (past the
    player) the LMS panel's controls; the skip link jumps over the course; Reset starts a new attempt with Enter and with Space."""
    preview = previews("1.2")

    def steps(page: Page) -> None:
        open_preview(page, preview)
        assert tab_to(page, ".skip-link") == 1
        assert page.locator(".skip-link").evaluate("e => e.getBoundingClientRect().top >= 0")  # shown when focused
        assert tab_to(page, "#width-desktop") == 1
        assert tab_to(page, "#width-phone") == 1
        page.keyboard.press("Enter")
        assert page.locator("#width-phone").get_attribute("aria-pressed") == "true"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Space")
        assert page.locator("#width-desktop").get_attribute("aria-pressed") == "true"
        assert tab_to(page, "#reset") == 2
        assert tab_to(page, "#sco") == 1
        tab_to(page, "#show-error-checks")
        page.keyboard.press("Space")
        assert page.locator("#calls tbody tr.error-check").first.is_visible()
        tab_to(page, "#calls-scroll")
        tab_to(page, "#model-scroll")

        for key in ("Enter", "Space"):
            move_to_first_page(page, "1.2")
            page.locator("#reset").focus()
            reset_with(page, key)
            assert focused(page, "#reset")

        page.locator("#width-desktop").focus()
        page.keyboard.press("Shift+Tab")
        assert focused(page, ".skip-link")
        page.keyboard.press("Enter")
        assert tab_to(page, "#show-error-checks") == 1, "the skip link does not lead past the course"

    chromium.in_page(steps)


def reset_with(page: Page, key: str) -> None:
    """Press key on the focused Reset: a new frame starts a first attempt with a fresh log."""
    page.evaluate("() => { document.getElementById('sco').dataset.retired = 'yes'; }")
    page.keyboard.press(key)
    page.wait_for_function("() => { const f = document.getElementById('sco'); return f && !f.dataset.retired; }",
                           timeout=TIMEOUT_MS)
    page.frame_locator("#sco").locator("#view-title").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('#calls tbody tr')", timeout=TIMEOUT_MS)
    assert page.locator("#calls tbody tr").first.locator("td").nth(1).inner_text() == 'LMSInitialize("")'
    assert model_value(page, "cmi.core.entry") == "ab-initio"
    assert model_value(page, LOCATION["1.2"]) != FIRST_PAGE, f"{key} did not start the course again"


def model_value(page: Page, element: str) -> str:
    row = page.locator(f"#model tbody tr[data-element='{element}']")
    return row.locator("td").nth(1).inner_text() if row.count() else ""
