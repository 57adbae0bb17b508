"""Playing a built cmi5 package in Chromium through the test LMS: a learner (tests/browser/scodriver.py's, at
the AU's launch URL in the LMS's frame or in a window of its own) and what every session must satisfy."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Frame, Page

from builder.runtime.units import PackagingMode
from builder.structure import Course
from tests.browser.scodriver import Answered, Decision, Learner, short_id
from tests.cmi5.conftest import example_package
from tests.cmi5.lms import Cmi5Lms, Session
from tests.cmi5.statement_rules import VERBS, check_requests, check_session
from tests.cmi5.xapi_validator import xapi_problems


def import_built(lms: Cmi5Lms, course: Course, mode: PackagingMode, language: str = "en") -> None:
    """The LMS imports the package `coursebuild build -f cmi5` zips."""
    lms.import_package(*example_package(course, mode, language))


class Cmi5Learner(Learner):
    """The keyboard learner of the SCORM tests, at a cmi5 launch URL: in the LMS's frame, or the page itself."""

    def __init__(self, page: Page, course: Course, framed: bool = True) -> None:
        super().__init__(page, course, "", "2004")
        self.framed = framed

    def open(self, lms: Cmi5Lms, session: Session) -> None:
        self.page.goto(lms.frame_url(session) if self.framed else session.url)
        self.frame.locator("#view-title").wait_for()

    @property
    def frame(self) -> Frame:
        if not self.framed:
            return self.page.main_frame
        handle = self.page.wait_for_selector("#au")
        frame = handle.content_frame() if handle else None
        assert frame is not None
        return frame

    def play_every_scenario(self, model: bool = True) -> None:
        """Open each scenario from the menu and play it to an ending (on its model path, or a poor one): an
        assessed scenario must end before its unit is complete (README, "Which score reaches the LMS")."""
        for loc in self.frame.eval_on_selector_all("#menu a[data-loc]", "links => links.map(a => a.dataset.loc)"):
            if loc.startswith("s"):
                self.frame.evaluate("loc => document.querySelector(`#menu a[data-loc='${loc}']`).click()", loc)
                self.play_scenario(model)
                assert self.frame.locator(".scenario-result").count() == 1, f"scenario {loc} did not end"

    def exit(self, lms: Cmi5Lms, session: Session) -> None:
        """The Exit button: the session ends and the LMS's returnURL opens."""
        self.frame.locator("[data-action='exit']").click()
        wait_until(self.page, lambda: session.id in lms.returned, "the AU never went to the returnURL")


def wait_until(page: Page, done: Callable[[], bool], what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(50)


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    names = {uri: name for name, uri in VERBS.items()}
    return [names.get(s["verb"]["id"], s["verb"]["id"]) for s in statements]


def assert_session_valid(lms: Cmi5Lms, session: Session, earlier: list[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """What the AU sent in the session, as Ralph stored it, judged by the cmi5 rule checker (statements and
    requests) and by the independent xAPI validator; returns the statements."""
    sent = lms.au_statements(session)
    assert len(sent) == len(session.statements), "a statement the LMS accepted did not reach Ralph"
    assert check_session(sent, session.rules, earlier=list(earlier)) == []
    assert check_requests(session.requests, session.initialized_at) == []
    assert xapi_problems(sent) == []
    return sent


def assert_recorded(learner: Learner, answers: list[dict[str, Any]]) -> None:
    """Each answer and scenario decision the learner gave, in order, as the `answered` statement the AU sent: a
    cmi.interaction with the SCORM 2004 interaction's response and patterns, its text in the course's language."""
    assert len(answers) == len(learner.recorded)
    for given, statement in zip(learner.recorded, answers, strict=True):
        definition, result = statement["object"]["definition"], statement["result"]
        assert statement["object"]["id"].endswith("/interactions/" + given.interaction_id)
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        if isinstance(given, Answered):
            assert result["response"] == given.response_2004
            assert result["success"] is given.correct
            assert definition["description"] == {"en": given.question.prompt.get("en")}
            continue
        assert isinstance(given, Decision)
        choices = given.node.choices
        assert definition["interactionType"] == "choice"
        assert definition["description"] == {given.language: given.description}
        assert definition["choices"] == [{"id": short_id(c.id), "description": {given.language: c.text[given.language]}}
                                         for c in choices]
        assert definition["correctResponsesPattern"] == given.patterns("2004")
        assert result["response"] == given.response("2004")
        # A neutral decision (no choice of the node earns points) is neither right nor wrong.
        assert result.get("success") == {"neutral": None, "correct": True}.get(given.result("2004"), False)
