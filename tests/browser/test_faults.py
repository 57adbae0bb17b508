"""The player against a misbehaving LMS: faults injected into scorm-again's API (tests/browser/lms/faults.js).

For both SCORM versions: no API at all, Commit refused with an error code, Commit answering nothing while
the page hides (as Cornerstone does), SetValue refused, the SCORM 1.2 size limits enforced strictly, the
window closed mid-quiz without Terminate, and the same package launched twice. In every case: no uncaught
JavaScript error and no console error in any frame, a short notice in a live region wherever data may not
have been saved, and after a relaunch from what the LMS accepted at its last Commit, every committed answer
is still there, in the LMS and on screen.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Frame, Page

from builder.loader import load_course
from builder.runtime.units import launch_file
from builder.structure import QuestionType
from tests.browser.conftest import LMS_DIR, Site
from tests.browser.scodriver import Learner

pytestmark = [pytest.mark.browser]

VERSIONS = ("1.2", "2004")
NOTICE = "#notices .notice"


@pytest.fixture(scope="module")
def lms_site(site: Site) -> Site:
    """The shared site with the fault layer beside launch.html."""
    shutil.copy(LMS_DIR / "faults.js", Path(site.root) / "lms" / "faults.js")
    return site


@pytest.fixture
def tab(page: Page) -> Iterator[Page]:
    """The browser page, failing the test on any console error in any of its frames (uncaught errors are
    already caught by the `page` fixture)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    assert not errors, f"console errors: {errors}"


class FaultyLms(Learner):
    """A learner in the test LMS with faults switched on."""

    def open(self, site: Site, faults: dict[str, Any], cmi: dict[str, Any] | None = None, sco: str = "course") -> None:
        url = f"{site.sco(self.course, 'en', self.version, 'single')}/{launch_file(sco)}"
        query = f"scorm={self.version}&sco={quote(url)}&faults={quote(json.dumps(faults))}"
        if cmi:
            query += "&cmi=" + quote(json.dumps(cmi))
        self.page.goto(f"{self.site_url}/lms/launch.html?{query}")
        self.frame.locator("#view-title").wait_for()

    def switch(self, **faults: Any) -> None:
        self.page.evaluate("faults => Object.assign(lmsFaults, faults)", faults)

    def committed(self) -> dict[str, Any]:
        """The data model as of the LMS's last accepted Commit (or Terminate)."""
        snapshot = self.page.evaluate("lmsFaults.committed")
        assert snapshot, "the LMS never accepted a Commit"
        return snapshot["cmi"]

    def crash(self) -> None:
        """The window goes away without reaching the LMS again: no Terminate, nothing more is kept."""
        self.switch(dead=True)
        self.close()

    def notices(self) -> list[str]:
        return self.frame.locator(NOTICE).all_inner_texts()


def announced(frame: Frame, selector: str) -> bool:
    """The element is visible and inside a live region a screen reader announces."""
    element = frame.locator(selector)
    return element.is_visible() and element.evaluate(
        "e => !!e.closest('[role=status], [role=alert], [aria-live=polite], [aria-live=assertive]')")


def hide(frame: Frame) -> None:
    """The browser says the page is hidden (the learner switched tabs): the player commits what is new."""
    frame.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
        delete document.visibilityState;
    }""")


def indexed(collection: Any) -> list[Any]:
    if isinstance(collection, list):
        return collection
    return [collection[key] for key in sorted(collection, key=int)] if collection else []


def relaunch_data(committed: dict[str, Any], version: str) -> dict[str, Any]:
    """What an LMS hands the SCO on its next launch: everything it accepted, entry 'resume' after a suspend.
    Interactions are write-only in SCORM 1.2, so a 1.2 LMS does not hand them back."""
    if version == "1.2":
        core = committed["core"]
        return {"core": {"entry": "resume" if core["exit"] == "suspend" else "",
                         "lesson_location": core["lesson_location"]},
                "suspend_data": committed["suspend_data"], "objectives": _objectives(committed, version)}
    return {"entry": "resume" if committed["exit"] == "suspend" else "", "location": committed["location"],
            "suspend_data": committed["suspend_data"], "objectives": _objectives(committed, version),
            "interactions": indexed(committed["interactions"])}


def _objectives(committed: dict[str, Any], version: str) -> list[dict[str, Any]]:
    keep = ("id", "status") if version == "1.2" else ("id", "success_status", "completion_status")
    return [{key: o[key] for key in keep} for o in indexed(committed["objectives"])]


def quiz_answers(committed: dict[str, Any], lesson: int = 0) -> list[Any]:
    """The answers stored in suspend_data for a lesson quiz's current attempt (0 = not answered)."""
    return json.loads(committed["suspend_data"])["q"][lesson][8]


def responses(committed: dict[str, Any], version: str) -> dict[str, str]:
    key = "learner_response" if version == "2004" else "student_response"
    return {record["id"]: record[key] for record in indexed(committed["interactions"])}


def start_quiz(learner: Learner) -> None:
    learner.next_until_quiz()
    learner.click("start-quiz")


@pytest.mark.parametrize("version", VERSIONS)
def test_no_api_at_all_runs_untracked_and_says_so(tab, lms_site, example_course, version) -> None:
    learner = FaultyLms(tab, example_course, lms_site.url, version)
    learner.open(lms_site, {"api": False})
    assert announced(learner.frame, ".notice-notTracked")
    start_quiz(learner)
    learner.answer(True)
    assert tab.evaluate("lms.calls") == []
    learner.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_refused_commit_is_announced_and_a_later_commit_keeps_every_answer(
        tab, lms_site, example_course, version) -> None:
    code = "391" if version == "2004" else "101"
    learner = FaultyLms(tab, example_course, lms_site.url, version)
    learner.open(lms_site, {"commit": "false", "code": code})
    assert announced(learner.frame, ".notice-lmsError")
    assert code in learner.frame.locator(".notice-lmsError").inner_text()
    error_text = "GetErrorString" if version == "2004" else "LMSGetErrorString"
    assert tab.evaluate(f"lms.api.{error_text}('{code}')")  # the LMS explains its code
    start_quiz(learner)
    first = learner.answer(True)
    assert len(learner.notices()) == 1
    learner.switch(commit="")
    second = learner.answer(False)
    # The retried Commit went through: the same notice now says so, in the same live region.
    assert learner.frame.locator(".notice-lmsError").count() == 0
    assert announced(learner.frame, ".notice-lmsSaved") and len(learner.notices()) == 1
    learner.crash()

    committed = learner.committed()
    assert [a != 0 for a in quiz_answers(committed)[:3]] == [True, True, False]
    if version == "2004":
        assert set(responses(committed, version)) == {first.interaction_id, second.interaction_id}
    again = FaultyLms(tab, example_course, lms_site.url, version)
    again.open(lms_site, {}, relaunch_data(committed, version))
    assert again.notices() == []
    assert again.frame.locator(".eyebrow").inner_text().startswith("Question 3 of")
    assert quiz_answers(again.lms())[:2] == quiz_answers(committed)[:2]


@pytest.mark.parametrize("version", VERSIONS)
def test_commit_answering_nothing_while_hiding_loses_no_committed_answer(
        tab, lms_site, example_course, version) -> None:
    """Cornerstone returns null from Commit during unload: what was committed at each answer must suffice."""
    learner = FaultyLms(tab, example_course, lms_site.url, version)
    learner.open(lms_site, {"commit": "null-on-hide"})
    start_quiz(learner)
    learner.answer(True)
    # The tab goes to the background: everything is committed already, so there is no Commit to lose.
    hide(learner.frame)
    assert tab.evaluate("lmsFaults.unanswered") == 0
    learner.answer(True)
    on_screen = learner.frame.locator("form.question").get_attribute("data-question")
    learner.close()  # pagehide: its Commit answers null
    calls = learner.lms_calls()
    assert calls.count("Terminate" if version == "2004" else "LMSFinish") == 1
    # Commits answered with null: at pagehide, once more as a retry.
    assert tab.evaluate("lmsFaults.unanswered") == 2

    committed = learner.committed()
    assert [a != 0 for a in quiz_answers(committed)[:3]] == [True, True, False]
    again = FaultyLms(tab, example_course, lms_site.url, version)
    again.open(lms_site, {}, relaunch_data(committed, version))
    assert again.frame.locator("form.question").get_attribute("data-question") == on_screen
    again.take_quiz(True)
    assert again.frame.locator(".score").inner_text().endswith("100%")


@pytest.mark.parametrize("refused", ["suspend_data", "all"])
@pytest.mark.parametrize("version", VERSIONS)
def test_refused_set_value_is_announced_once_and_recovers(tab, lms_site, example_course, version, refused) -> None:
    element = "cmi.suspend_data" if refused == "suspend_data" else "all"
    learner = FaultyLms(tab, example_course, lms_site.url, version)
    learner.open(lms_site, {"set": element})
    assert announced(learner.frame, ".notice-lmsError")
    start_quiz(learner)
    first = learner.answer(True)
    assert len(learner.notices()) == 1, learner.notices()
    learner.switch(set="")
    second = learner.answer(True)
    learner.crash()

    committed = learner.committed()
    assert [a != 0 for a in quiz_answers(committed)[:3]] == [True, True, False]
    if version == "2004":
        assert set(responses(committed, version)) == {first.interaction_id, second.interaction_id}
    else:
        ids = {record["id"] for record in indexed(committed["interactions"])}
        assert ids == {first.interaction_id, second.interaction_id}


def test_strict_scorm_12_size_limits_are_never_exceeded(tab, lms_site, example_course) -> None:
    learner = FaultyLms(tab, example_course, lms_site.url, "1.2")
    learner.open(lms_site, {"limits": True})
    # The strict LMS does refuse what is too long (this test could fail).
    too_long = "lms.quietly(() => lms.api.LMSSetValue('cmi.core.lesson_location', 'x'.repeat(256)))"
    assert tab.evaluate(too_long) == "false"
    assert tab.evaluate("lms.api.LMSGetLastError()") == "405"
    tab.evaluate("lms.failures.length = 0; lms.sets.length = 0")
    typed = '"\\<]]>&' * 10
    while True:
        learner.next_until_quiz()
        if learner.frame.locator("[data-action='start-quiz']").count():
            learner.click("start-quiz")
        while learner.frame.locator("form.question").count():
            qid = learner.frame.locator("form.question").get_attribute("data-question")
            question = next(q for q in example_course.all_questions() if q.id == qid)
            if question.type == QuestionType.FILL_IN:
                learner.frame.locator("form.question input[type='text']").fill(typed)
                learner.frame.locator("[data-action='submit-answer']").click()
                if learner.frame.locator("[data-action='next-question']").count():
                    learner.click("next-question")
            else:
                learner.answer(False)
        if not learner.frame.locator("[data-action='continue']").count():
            break
        learner.click("continue")
    learner.close()
    assert learner.lms_failures() == []
    longest = max(len(value) for name, value in tab.evaluate("lms.sets") if name == "cmi.suspend_data")
    assert 0 < longest <= 4096
    assert learner.committed()["core"]["exit"] == "suspend"


@pytest.mark.parametrize("version", VERSIONS)
def test_closed_mid_quiz_without_terminate_resumes_from_the_last_commit(tab, lms_site, example_course, version) -> None:
    learner = FaultyLms(tab, example_course, lms_site.url, version)
    learner.open(lms_site, {})
    start_quiz(learner)
    given = [learner.answer(True), learner.answer(False)]
    on_screen = learner.frame.locator("form.question").get_attribute("data-question")
    learner.crash()

    committed = learner.committed()
    exit_value = committed["exit"] if version == "2004" else committed["core"]["exit"]
    assert exit_value == "suspend"  # set at every commit, not only at the end
    again = FaultyLms(tab, example_course, lms_site.url, version)
    again.open(lms_site, {}, relaunch_data(committed, version))
    assert again.location() == "q0"
    assert again.frame.locator("form.question").get_attribute("data-question") == on_screen
    stored = again.lms()
    assert quiz_answers(stored) == quiz_answers(committed)
    if version == "2004":
        assert responses(stored, version) == {a.interaction_id: a.response(version) for a in given}
    again.take_quiz(True)
    review = again.frame.locator("ol.review > li")
    assert [review.nth(i).get_attribute("data-result") for i in range(2)] == ["correct", "incorrect"]
    assert again.notices() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_launched_again_with_the_state_carried_keeps_every_answer(tab, lms_site, example_course, version) -> None:
    answered = []
    committed: dict[str, Any] | None = None
    for _ in range(3):
        learner = FaultyLms(tab, example_course, lms_site.url, version)
        learner.open(lms_site, {}, relaunch_data(committed, version) if committed else None)
        if learner.frame.locator("[data-action='start-quiz']").count() or not learner.location().startswith("q"):
            start_quiz(learner)
        answered.append(learner.answer(len(answered) % 2 == 0))
        learner.close()
        committed = learner.committed()
        assert [a != 0 for a in quiz_answers(committed)[:len(answered) + 1]] == [True] * len(answered) + [False]
    if version == "2004":
        assert responses(committed, version) == {a.interaction_id: a.response(version) for a in answered}


@pytest.mark.parametrize("version", VERSIONS)
def test_launched_twice_at_once_the_second_window_says_it_is_not_saved(tab, lms_site, example_course, version) -> None:
    learner = FaultyLms(tab, example_course, lms_site.url, version)
    learner.open(lms_site, {})
    start_quiz(learner)
    first = learner.answer(True)
    # The same SCO opened a second time beside the first, against the LMS session the first one holds.
    tab.evaluate("""() => {
        const second = document.createElement('iframe');
        second.id = 'sco2';
        second.src = document.getElementById('sco').src;
        document.body.appendChild(second);
    }""")
    handle = tab.wait_for_selector("#sco2")
    second = handle.content_frame() if handle else None
    assert second is not None
    second.locator("#view-title").wait_for()
    assert announced(second, ".notice-lmsUnavailable")
    second.locator("[data-action='next']").click()
    # The first window goes on saving as before.
    later = learner.answer(True)
    learner.crash()
    committed = learner.committed()
    assert [a != 0 for a in quiz_answers(committed)[:3]] == [True, True, False]
    if version == "2004":
        assert set(responses(committed, version)) == {first.interaction_id, later.interaction_id}


# ----- a slow or refusing LMS -----

CALLS_PER_ANSWER = 30  # API calls one answer may cost, whatever the course's size (docs/player.md)


def answer_costs(learner: Learner, location: str) -> list[int]:
    """The API calls of each answer of the quiz at `location` (checking it and moving on to the next question)."""
    learner.frame.evaluate("loc => document.querySelector(`#menu a[data-loc='${loc}']`).click()", location)
    learner.click("start-quiz")
    costs = []
    while learner.frame.locator("form.question").count():
        before = len(learner.page.evaluate("lms.log"))
        learner.answer(len(costs) % 2 == 0)
        costs.append(len(learner.page.evaluate("lms.log")) - before)
    return costs


@pytest.mark.parametrize("version", VERSIONS)
def test_calls_per_answer_are_few_and_do_not_grow_with_the_course(tab, lms_site, example_course, tmp_path,
                                                                   version) -> None:
    """Only what changed since the last Commit is sent: an answer costs a bounded number of calls, the same in a
    two-lesson course and in a 50-lesson one with 150 objectives (before: 130 and 480 calls in 2004)."""
    from benchmarks.synthetic import write_course

    write_course(tmp_path / "big", 50)
    big, report = load_course(tmp_path / "big")
    assert big is not None, report.render()
    costs = {}
    for name, course in (("example", example_course), ("50 lessons", big)):
        learner = FaultyLms(tab, course, lms_site.url, version)
        url = f"{lms_site.sco(course, 'en', version, 'single', '-calls' if course is big else '')}/index.html"
        tab.goto(f"{lms_site.url}/lms/launch.html?scorm={version}&sco={quote(url)}")
        learner.frame.locator("#view-title").wait_for()
        costs[name] = answer_costs(learner, "q0")
        assert learner.lms_failures() == []
        learner.close()
    assert max(costs["example"]) <= CALLS_PER_ANSWER, costs
    assert max(costs["50 lessons"]) <= CALLS_PER_ANSWER, costs
    assert max(costs["50 lessons"]) <= max(costs["example"]) + 2, costs  # not the course's size


@pytest.mark.parametrize("version", VERSIONS)
def test_values_the_lms_keeps_refusing_are_sent_three_times_then_named(tab, lms_site, example_course, version) -> None:
    """An LMS that refuses every interaction field: each value is sent three times at most, so refused calls grow
    with the answers, not their square (before: 567 refused calls for 7 answers); every answer is still saved
    in suspend_data and the notice names what was refused."""
    learner = FaultyLms(tab, example_course, lms_site.url, version)
    learner.open(lms_site, {"refuse": r"^cmi\.interactions\."})
    start_quiz(learner)
    for position in range(7):
        learner.answer(position % 2 == 0)
    refused = [name for name, value in tab.evaluate("lms.sets") if name.startswith("cmi.interactions.")]
    per_value = {name: refused.count(name) for name in refused}
    assert max(per_value.values()) == 3, per_value
    fields = len(per_value)
    assert len(refused) <= 3 * fields
    notice = learner.frame.locator(NOTICE)
    assert notice.count() == 1 and "cmi.interactions." in notice.inner_text()
    assert announced(learner.frame, NOTICE)
    learner.crash()
    assert all(a != 0 for a in quiz_answers(learner.committed())[:7])


@pytest.mark.parametrize("version", VERSIONS)
def test_an_lms_down_for_a_while_gets_everything_once_it_is_back(tab, lms_site, example_course, version) -> None:
    """Nothing answers for two answers (the LMS is gone): the player probes with one value per Commit instead of
    sending everything again, drops nothing, and once the LMS answers again every answer, objective and status
    arrives; the notice then says the progress is saved."""
    learner = FaultyLms(tab, example_course, lms_site.url, version)
    learner.open(lms_site, {})
    start_quiz(learner)
    learner.switch(dead=True)
    before = len(tab.evaluate("lms.sets"))
    learner.answer(True)
    assert announced(learner.frame, ".notice-lmsError")
    first_round = len(tab.evaluate("lms.sets")) - before
    before = len(tab.evaluate("lms.sets"))
    learner.answer(False)
    assert len(tab.evaluate("lms.sets")) - before <= 2, "values sent again to an LMS that answers nothing"
    assert first_round > 2
    learner.switch(dead=False)
    learner.answer(True)
    assert announced(learner.frame, ".notice-lmsSaved")
    learner.crash()
    committed = learner.committed()
    assert [a != 0 for a in quiz_answers(committed)[:4]] == [True, True, True, False]
    ids = {record["id"] for record in indexed(committed["interactions"])}
    assert ids == {a.interaction_id for a in learner.answered}
    assert {o["id"] for o in indexed(committed["objectives"])} >= {a.question.objective for a in learner.answered}
