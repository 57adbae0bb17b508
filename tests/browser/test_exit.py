"""The learner's "Save and exit" (exit.js) in scorm-again inside Chromium, for both SCORM versions.

Why it exists: while a page closes, an LMS can only send beacons, and Moodle's SCORM 2004 API posts its whole data
model at Terminate, so a long session closed by the window lost its Terminate and its time (docs/lms/moodle.md).
The exit terminates while the page is alive, exactly once; every Commit also carries the session's time, so an
LMS that loses the closing page's calls still keeps it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import LMS_DIR, Site
from tests.browser.test_accessibility import assert_no_violations
from tests.browser.test_faults import FaultyLms

pytestmark = [pytest.mark.browser]

VERSIONS = ("1.2", "2004")
FINISH = {"1.2": "LMSFinish", "2004": "Terminate"}
# As scorm-again stores them (it keeps 1.2 times as HH:MM:SS.SS).
SESSION_TIME = {"1.2": re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$"), "2004": re.compile(r"^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$")}


@pytest.fixture(scope="module")
def lms_site(site: Site) -> Site:
    shutil.copy(LMS_DIR / "faults.js", Path(site.root) / "lms" / "faults.js")
    return site


def session_time(cmi: dict, version: str) -> str:
    return cmi["core"]["session_time"] if version == "1.2" else cmi["session_time"]


def exit_value(cmi: dict, version: str) -> str:
    return cmi["core"]["exit"] if version == "1.2" else cmi["exit"]


@pytest.mark.parametrize("version", VERSIONS)
def test_save_and_exit_terminates_once_while_the_page_is_alive(page, lms_site, example_course, version) -> None:
    learner = FaultyLms(page, example_course, lms_site.url, version)
    # Commits answer nothing while the page hides, as a beacon too large for Moodle's 2004 API is refused.
    learner.open(lms_site, {"commit": "null-on-hide"})
    learner.click("next")
    learner.click("next")
    exit_button = learner.frame.locator("#exit")
    assert exit_button.is_visible() and exit_button.inner_text() == "Save and exit"
    exit_button.focus()  # by keyboard, as any learner can
    page.keyboard.press("Enter")
    calls = learner.lms_calls()
    assert calls[-1] == FINISH[version] and calls.count(FINISH[version]) == 1
    # The page stays, says it may be closed, and the focus is on that message; the course is gone from it.
    frame = learner.frame
    assert frame.locator("#closed").is_visible()
    assert frame.locator("#closed-title").inner_text() == "Your progress is saved"
    assert frame.locator("#exit-done").inner_text() == "You can close this window."
    assert not frame.locator("#exit-failed").is_visible()
    assert frame.evaluate("document.activeElement.id") == "closed-title"
    for hidden in ("#exit", "#menu-toggle", "#menu", "#main"):
        assert not frame.locator(hidden).is_visible(), hidden
    assert_no_violations(frame, "after Save and exit")
    stored = learner.committed()  # what the LMS took at Terminate
    assert SESSION_TIME[version].match(session_time(stored, version))
    assert exit_value(stored, version) == "suspend"  # the course is not finished: the next launch resumes
    log_length = len(learner.page.evaluate("lms.log"))
    learner.close()  # the learner closes the window: pagehide sends nothing more
    assert learner.lms_calls().count(FINISH[version]) == 1
    assert len(learner.page.evaluate("lms.log")) == log_length
    assert learner.lms_failures() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_the_session_time_is_kept_when_the_closing_pages_calls_are_lost(page, lms_site, example_course, version) -> None:
    learner = FaultyLms(page, example_course, lms_site.url, version)
    learner.open(lms_site, {})
    learner.click("next")
    page.wait_for_timeout(1100)
    learner.click("next")
    learner.crash()  # no exit: the window closes, and the LMS keeps nothing of what the closing page sent
    kept = session_time(learner.committed(), version)
    assert SESSION_TIME[version].match(kept)
    assert kept not in ("", "PT0S", "PT0H0M0S", "00:00:00.00", "00:00:00"), kept  # the last page's Commit carried it


@pytest.mark.parametrize("version", VERSIONS)
def test_no_exit_is_offered_where_no_lms_records_the_learner(page, lms_site, example_course, version) -> None:
    learner = FaultyLms(page, example_course, lms_site.url, version)
    learner.open(lms_site, {"api": False})
    assert learner.frame.locator("#exit").count() == 1
    assert not learner.frame.locator("#exit").is_visible()
