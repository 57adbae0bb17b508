"""Locks (course.yaml `navigation`): what the player keeps closed until the pages before it are viewed.

The example course's completion rule is `both`, so by default its final assessment waits for every page: an LMS
that turns a good score into `passed` (Moodle's "mastery score overrides status") can then never pass a learner
who skipped the content. The rule is computed by the build (builder/runtime/rules.py); the player only
reads which pages were viewed. A locked place cannot be reached from the menu, by Next or Continue, by a
bookmark or by a link; the menu says why, to the eye and to a screen reader.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Frame

from builder.loader import load_course
from builder.structure import Course
from tests.browser.conftest import Site
from tests.browser.scodriver import Learner

pytestmark = [pytest.mark.browser]

VERSIONS = ("1.2", "2004")


def page_count(course: Course) -> int:
    return sum(len(lesson.pages) + (1 if lesson.job_aid else 0) for lesson in course.lessons)


def lock_reason(frame: Frame, loc: str) -> str:
    """The reason a screen reader gives for the locked menu item (its aria-describedby), checked to be visible."""
    link = frame.locator(f"#menu a[data-loc='{loc}']")
    assert link.get_attribute("aria-disabled") == "true", f"{loc} is not locked"
    reason = frame.locator(f"#{link.get_attribute('aria-describedby')}".replace(".", "\\."))
    assert reason.is_visible()
    return reason.inner_text()


def announced(frame: Frame) -> str:
    return frame.locator("#announcer").inner_text()


def launch(learner: Learner, site: Site, course: Course, variant: str = "", cmi: dict | None = None,
           hash_: str = "") -> None:
    url = f"{site.sco(course, 'en', learner.version, 'single', variant)}/index.html{hash_}"
    query = f"scorm={learner.version}&sco={quote(url)}" + (f"&cmi={quote(json.dumps(cmi))}" if cmi else "")
    learner.page.goto(f"{site.url}/lms/launch.html?{query}")
    learner.frame.locator("#view-title").wait_for()


@pytest.mark.parametrize("version", VERSIONS)
def test_final_assessment_waits_for_every_page_and_says_why(page, site, example_course, version) -> None:
    learner = Learner(page, example_course, site.url, version)
    launch(learner, site, example_course)
    frame = learner.frame
    assert learner.location() == "i"
    reason = lock_reason(frame, "a")
    assert f"({page_count(example_course)} not viewed yet)" in reason  # the introduction is on screen: viewed

    # Chosen with the mouse, or from the keyboard: the reason is spoken and nothing opens. (force: Playwright
    # itself will not click an aria-disabled link.)
    frame.locator("#menu a[data-loc='a']").click(force=True)
    assert learner.location() == "i" and announced(frame) == reason
    frame.locator("#view-title").focus()
    frame.locator("#menu a[data-loc='a']").focus()
    page.keyboard.press("Enter")
    assert learner.location() == "i"

    # The last lesson quiz is open; its Continue would lead to the assessment, so it shows the reason instead,
    # with a way to the first page not viewed.
    frame.locator("#menu a[data-loc='q1']").click()
    learner.take_quiz(True)
    assert frame.locator("[data-action='continue']").count() == 0
    way_on = frame.locator(".actions .lock-reason")
    assert "not viewed yet" in way_on.inner_text()
    way_on.locator("[data-action='first-unviewed']").click()
    assert learner.location() == "p0.0"

    learner.view_every_page()
    link = frame.locator("#menu a[data-loc='a']")
    assert link.get_attribute("aria-disabled") is None and link.get_attribute("aria-describedby") is None
    link.click()
    assert learner.location() == "a"
    assert learner.lms_failures() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_bookmark_or_link_never_opens_a_locked_assessment(page, site, example_course, version) -> None:
    """Resumed with the bookmark on the assessment (the introduction seen, nothing else), the learner lands on the
    first page the assessment waits for; a link to it (#a) opens nothing either."""
    state = json.dumps({"v": 1, "c": example_course.version, "l": "a", "i": 1})
    cmi = ({"core": {"entry": "resume", "lesson_location": "a"}, "suspend_data": state} if version == "1.2"
           else {"entry": "resume", "location": "a", "suspend_data": state})
    learner = Learner(page, example_course, site.url, version)
    launch(learner, site, example_course, cmi=cmi)
    assert learner.location() == "p0.0"
    again = Learner(page, example_course, site.url, version)
    launch(again, site, example_course, hash_="#a")
    assert again.location() == "i"


def test_lessons_in_order_wait_for_the_lesson_before(page, site, course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8") + "navigation:\n  lessons: in-order\n",
                           encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    learner = Learner(page, course, site.url, "2004")
    launch(learner, site, course, "-in-order")
    frame = learner.frame
    second = course.lessons[1]
    for loc in ("p1.0", "p1.1", "q1"):
        reason = lock_reason(frame, loc)
        assert "Lesson 1" in reason
    # The reason stands once, under the lesson's title, for all of its items.
    assert frame.locator("#menu .lock-reason").count() == 2  # lesson 2 and the final assessment
    assert frame.locator("#menu a[data-loc='p0.1']").get_attribute("aria-disabled") is None
    frame.locator("#menu a[data-loc='p1.0']").click(force=True)
    assert learner.location() == "i"
    learner.next_until_quiz()  # every page of lesson 1, then its quiz
    assert learner.location() == "q0"
    frame.locator("#menu a[data-loc='p1.0']").click()
    assert learner.location() == "p1.0"
    assert learner.title() == second.pages[0].title["en"]


def test_anytime_leaves_the_assessment_open(page, site, course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8") + "navigation:\n  assessment: anytime\n",
                           encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    learner = Learner(page, course, site.url, "1.2")
    launch(learner, site, course, "-anytime")
    assert learner.frame.locator("#menu [aria-disabled]").count() == 0
    learner.frame.locator("#menu a[data-loc='a']").click()
    assert learner.location() == "a"
