"""Scripted learner sessions whose every SCORM call is recorded, to hold the player's LMS traffic still.

Each session plays the example course in scorm-again inside Chromium with the clock and Math.random fixed:
pages, every question type answered right and wrong, a retry, closing mid-quiz and resuming, a locked item,
the glossary; single and per-lesson packages, SCORM 1.2 and 2004. The test LMS's trace (every API call,
its arguments and what it returned) and the data model left after each launch make the recording.

    COURSEBUILD_RECORD=1 .venv/bin/python -m pytest tests/browser/test_recordings.py   # write them anew

Only write them anew when the player's LMS traffic is meant to change, and say so in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Page

from builder.runtime.units import launch_file
from builder.structure import Course
from tests.browser.conftest import Site
from tests.browser.scodriver import Answered, Learner

RECORDINGS = Path(__file__).resolve().parent
START_SECONDS = 1_790_000_000  # 2026-09-21 (a fixed clock; the time zone is UTC)
STEP_SECONDS = 7
# A small fixed generator in place of Math.random in every frame: the seeds of quiz attempts are fixed.
FIXED_RANDOM = """
Math.random = (function () {
  var a = 20260921;
  return function () { a = (Math.imul(a, 48271) >>> 0) % 2147483647; return a / 2147483647; };
})();
"""
SESSIONS = ("single", "per-lesson")


def recording_file(session: str, version: str) -> Path:
    return RECORDINGS / f"{session}-{version}.json"


class RecordingLearner(Learner):
    """The test driver with a clock that moves on only between the learner's steps."""

    def __init__(self, page: Page, course: Course, site: Site, version: str, mode: str) -> None:
        super().__init__(page, course, site.url, version)
        self.site, self.mode = site, mode
        self.now = START_SECONDS
        self.launches: list[dict[str, Any]] = []

    def tick(self) -> None:
        self.now += STEP_SECONDS
        self.page.clock.set_fixed_time(self.now)

    def mark(self, step: str) -> None:
        """A line in the trace naming what the learner does next, so a difference reads as a story."""
        self.tick()
        self.page.evaluate("step => lms.trace.push(['#', step])", step)

    def open_sco(self, sco: str, cmi: dict[str, Any] | None = None) -> None:
        url = f"{self.site.sco(self.course, 'en', self.version, self.mode)}/{launch_file(sco)}"
        query = f"scorm={self.version}&sco={quote(url)}"
        if cmi:
            query += "&cmi=" + quote(json.dumps(cmi))
        self.tick()
        self.page.goto(f"{self.site_url}/lms/launch.html?{query}")
        self.frame.locator("#view-title").wait_for()
        self.sco = sco

    def leave(self) -> dict[str, Any]:
        """The LMS closes the SCO; its trace and data model are kept. Returns the data model."""
        self.mark("close")
        self.close()
        cmi = self.lms()
        self.launches.append({"sco": self.sco, "calls": self.page.evaluate("lms.trace"), "cmi": cmi})
        return cmi

    def answer(self, right: bool) -> Answered:
        qid = self.frame.locator("form.question").get_attribute("data-question")
        self.mark(f"answer {qid} {'right' if right else 'wrong'}")
        return super().answer(right)

    def go_menu(self, loc: str) -> None:
        self.mark(f"menu {loc}")
        self.frame.evaluate("loc => document.querySelector(`#menu a[data-loc='${loc}']`).click()", loc)

    def press(self, action: str) -> None:
        self.mark(action)
        self.click(action)

    def next_to_quiz(self) -> None:
        while not self._at_quiz():
            self.press("next")

    def quiz(self, plan: list[bool] | None = None, *, stop_after: int | None = None) -> None:
        """Start the quiz on screen (when it has not started) and answer by `plan` (default: every other
        question right, the first one right), up to `stop_after` answers."""
        if self.frame.locator("[data-action='start-quiz']").count():
            self.press("start-quiz")
        position = 0
        while self.frame.locator("form.question").count() and (stop_after is None or position < stop_after):
            self.answer(plan[position] if plan else position % 2 == 0)
            position += 1


def relaunch_data(cmi: dict[str, Any], version: str, **extra: Any) -> dict[str, Any]:
    """What an LMS hands back to a SCO whose learner left with exit 'suspend'."""
    if version == "1.2":
        return {"core": {"entry": "resume", "lesson_location": cmi["core"]["lesson_location"]},
                "suspend_data": cmi["suspend_data"], **extra}
    return {"entry": "resume", "location": cmi["location"], "suspend_data": cmi["suspend_data"], **extra}


def play_single(learner: RecordingLearner) -> None:
    learner.open_sco("course")
    learner.go_menu("a")  # locked: the reason is spoken, nothing is sent
    learner.go_menu("g")
    learner.go_menu("i")
    learner.next_to_quiz()
    learner.quiz([True] * 7)  # every question type, right
    learner.press("retry")
    learner.quiz([False] * 7)  # every question type, wrong
    learner.press("continue")
    learner.next_to_quiz()
    learner.quiz(stop_after=1)
    cmi = learner.leave()
    learner.open_sco("course", relaunch_data(cmi, learner.version))  # resumes on the question left
    learner.quiz([True, True])
    learner.press("continue")  # every page has been viewed: the final assessment is open
    learner.quiz()
    learner.press("retry")
    learner.quiz([True] * 5)
    learner.leave()


def play_per_lesson(learner: RecordingLearner) -> None:
    learner.open_sco("greeting")
    learner.next_to_quiz()
    learner.quiz([False] * 7)
    learner.press("retry")
    learner.quiz([True] * 7)
    learner.leave()
    learner.open_sco("closing")
    learner.next_to_quiz()
    learner.quiz(stop_after=2)
    cmi = learner.leave()
    learner.open_sco("closing", relaunch_data(cmi, learner.version))
    learner.quiz([False])
    learner.leave()
    mastery = {"student_data": {"mastery_score": "50"}} if learner.version == "1.2" else {"scaled_passing_score": "0.5"}
    learner.open_sco("assessment", mastery)
    learner.quiz()
    learner.leave()


PLAYS = {"single": play_single, "per-lesson": play_per_lesson}


def record(page: Page, course: Course, site: Site, session: str, version: str) -> list[dict[str, Any]]:
    """Every launch of the session: the SCO, its calls (with '#' lines naming the learner's steps) and the data
    model the LMS held when the SCO closed."""
    learner = RecordingLearner(page, course, site, version, session)
    PLAYS[session](learner)
    return learner.launches
