"""The cmi5 AU across sessions and faults, in Chromium through the test LMS and Ralph: closed mid-quiz and
relaunched (resume from the AU's State API document), the LRS down for a while, a token fetch that fails, a
second fetch refused, Browse and Review modes; every statement judged by the rule checker and the validator."""

from __future__ import annotations

import pytest

from builder.runtime.units import PackagingMode
from tests.browser.conftest import browser, page  # noqa: F401  (fixtures shared with the browser tests)
from tests.browser.test_accessibility import assert_no_violations
from tests.cmi5.au import Cmi5Learner, assert_session_valid, import_built, verbs, wait_until
from tests.cmi5.lms import LAUNCH_DATA

pytestmark = pytest.mark.browser

GREETING, ASSESSMENT = 0, 2  # the AUs of the example course's per-lesson package


def notice(learner: Cmi5Learner, kind: str) -> str:
    """The class of the player's notice of that kind ('lms' for the LRS's states), '' when there is none."""
    found = learner.frame.locator(f"#notices [data-kind='{kind}']")
    return (found.get_attribute("class") or "") if found.count() else ""


def test_closed_mid_quiz_and_relaunched_resumes_from_the_state_api(cmi5_lms, example_course, page):  # noqa: F811
    import_built(cmi5_lms, example_course, PackagingMode.PER_LESSON)
    first = cmi5_lms.launch(GREETING)
    learner = Cmi5Learner(page, example_course, framed=True)
    learner.open(cmi5_lms, first)
    learner.next_until_quiz()
    learner.click("start-quiz")
    for _ in range(3):
        learner.answer(True)
    position = learner.frame.locator(".eyebrow").inner_text()
    page.goto("about:blank")  # the learner closes the course: pagehide ends the session
    wait_until(page, lambda: first.terminated, "the closing page did not terminate the session")
    sent = assert_session_valid(cmi5_lms, first)
    assert verbs(sent) == ["initialized", *["answered"] * 3, "terminated"]
    saved = [key for key in cmi5_lms.states if key[2] == first.registration and key[3] != LAUNCH_DATA]
    assert [key[3] for key in saved] == ["coursebuild.state"]

    second = cmi5_lms.launch(GREETING, registration=first.registration)
    learner.open(cmi5_lms, second)
    assert learner.location() == "q0"
    assert learner.frame.locator(".eyebrow").inner_text() == position  # the fourth question, answers kept
    learner.take_quiz(True)
    learner.exit(cmi5_lms, second)
    again = assert_session_valid(cmi5_lms, second, earlier=sent)
    assert verbs(again) == ["initialized", *["answered"] * 4, "completed", "passed", "terminated"]
    assert again[-2]["result"]["score"]["scaled"] == 1

    # A third session of the registration sends neither completed nor passed again (9.3.0.0-6/7).
    third = cmi5_lms.launch(GREETING, registration=first.registration)
    learner.open(cmi5_lms, third)
    learner.click("retry")
    learner.take_quiz(True)
    learner.exit(cmi5_lms, third)
    last = assert_session_valid(cmi5_lms, third, earlier=sent + again)
    assert verbs(last) == ["initialized", *["answered"] * 7, "terminated"]


def test_an_lrs_down_for_a_while_gets_every_statement_once_and_the_notice_clears(cmi5_lms, example_course, page):  # noqa: F811
    import_built(cmi5_lms, example_course, PackagingMode.PER_LESSON)
    session = cmi5_lms.launch(ASSESSMENT)
    learner = Cmi5Learner(page, example_course, framed=True)
    learner.open(cmi5_lms, session)
    wait_until(page, lambda: session.initialized_at is not None, "initialized never arrived")
    cmi5_lms.lrs_down(120)
    learner.take_quiz(True)
    assert notice(learner, "lms") == "notice notice-lmsError"
    assert_no_violations(learner.frame, "the LRS is down", iframes=False)
    cmi5_lms.lrs_down(0)  # back
    wait_until(page, lambda: notice(learner, "lms") == "notice notice-lmsSaved", "the notice never cleared", 30)
    assert_no_violations(learner.frame, "the LRS is back", iframes=False)
    learner.exit(cmi5_lms, session)
    sent = assert_session_valid(cmi5_lms, session)
    assert verbs(sent) == ["initialized", *["answered"] * 5, "completed", "passed", "terminated"]
    assert len({s["id"] for s in cmi5_lms.statements(session)}) == len(cmi5_lms.statements(session))


@pytest.mark.parametrize("http_status", [None, 500], ids=["error-code-3", "http-500"])
def test_a_failing_token_fetch_is_told_once_and_never_retried(cmi5_lms, example_course, page, http_status):  # noqa: F811
    import_built(cmi5_lms, example_course, PackagingMode.PER_LESSON)
    session = cmi5_lms.launch(ASSESSMENT)
    cmi5_lms.fail_fetch(1, http_status)
    learner = Cmi5Learner(page, example_course, framed=True)
    learner.open(cmi5_lms, session)
    assert notice(learner, "lmsUnavailable") == "notice notice-lmsUnavailable"
    assert_no_violations(learner.frame, "no token", iframes=False)
    page.wait_for_timeout(500)
    assert [r.resource for r in session.requests] == ["fetch"]
    assert cmi5_lms.statements(session)[1:] == []  # the LMS's launched only


def test_a_second_fetch_is_refused_and_the_learner_told_to_relaunch(cmi5_lms, example_course, page):  # noqa: F811
    import_built(cmi5_lms, example_course, PackagingMode.PER_LESSON)
    session = cmi5_lms.launch(ASSESSMENT)
    learner = Cmi5Learner(page, example_course, framed=False)
    learner.open(cmi5_lms, session)
    wait_until(page, lambda: session.initialized_at is not None, "initialized never arrived")
    page.reload()  # the same launch URL again: its fetch URL is spent
    learner.frame.locator("#view-title").wait_for()
    assert notice(learner, "launchUsed") == "notice notice-launchUsed"
    assert_no_violations(learner.frame, "launch used", iframes=False)
    assert [r.resource for r in session.requests].count("fetch") == 2
    wait_until(page, lambda: session.terminated, "the first page's session never terminated")
    assert verbs(assert_session_valid(cmi5_lms, session)) == ["initialized", "terminated"]


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_send_no_judgement(cmi5_lms, example_course, page, mode):  # noqa: F811
    import_built(cmi5_lms, example_course, PackagingMode.PER_LESSON)
    session = cmi5_lms.launch(ASSESSMENT, launch_mode=mode)
    learner = Cmi5Learner(page, example_course, framed=True)
    learner.open(cmi5_lms, session)
    learner.take_quiz(True)
    learner.exit(cmi5_lms, session)
    assert verbs(assert_session_valid(cmi5_lms, session)) == ["initialized", *["answered"] * 5, "terminated"]


def test_the_learner_s_language_preference_chooses_the_player_s_words(cmi5_lms, example_course, page):  # noqa: F811
    """An English zip of a course also in zh-Hant, for a learner who prefers zh-TW: the frame's words are
    Traditional Chinese and say so (lang); the course's pages stay English."""
    import_built(cmi5_lms, example_course, PackagingMode.PER_LESSON)
    session = cmi5_lms.launch(GREETING, language_preference="zh-TW,en-US")
    learner = Cmi5Learner(page, example_course, framed=True)
    learner.open(cmi5_lms, session)
    frame = learner.frame
    assert frame.locator("#menu-toggle").inner_text() == "目錄"
    assert frame.locator("[data-action='exit']").inner_text() == "離開"
    assert frame.locator("header.bar").get_attribute("lang") == "zh-Hant"
    assert frame.locator("html").get_attribute("lang") == "en"
    assert frame.locator("#view-title").inner_text() == example_course.lessons[0].pages[0].title["en"]
    assert_no_violations(frame, "words in the preferred language", iframes=False)
