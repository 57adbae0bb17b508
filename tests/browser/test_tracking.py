"""The player in a real SCORM runtime (scorm-again's 1.2 and 2004 APIs) inside real Chromium.

For both versions and both packaging modes: an all-correct run, a failing run, and a run that closes
mid-quiz and relaunches with what the LMS stored. Assertions read scorm-again's data model.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from builder.loader import load_course
from builder.runtime.units import PackagingMode, launch_file, unit_ids
from builder.structure import Course
from tests.browser.conftest import Site
from tests.browser.scodriver import Decision, Learner, short_id

pytestmark = [pytest.mark.browser]

VERSIONS = ("1.2", "2004")
MODES = ("single", "per-lesson")
SESSION_TIME_ELEMENT = {"1.2": "cmi.core.session_time", "2004": "cmi.session_time"}
SESSION_TIME = {"1.2": re.compile(r"^\d{4}:\d{2}:\d{2}\.\d{2}$"), "2004": re.compile(r"^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$")}
LATENCY = SESSION_TIME
STAMP = {"1.2": re.compile(r"^\d{2}:\d{2}:\d{2}$"),
         "2004": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{2}Z$")}
INTERACTION_TYPE = {"single": "choice", "multiple": "choice", "true-false": "true-false", "fill-in": "fill-in",
                    "matching": "matching", "ordering": "sequencing", "numeric": "numeric"}


def indexed(collection: Any) -> list[Any]:
    """scorm-again renders arrays as {"0": ..., "1": ...}."""
    if isinstance(collection, list):
        return collection
    return [collection[key] for key in sorted(collection, key=int)] if collection else []


def status(cmi: dict[str, Any], version: str) -> dict[str, str]:
    if version == "1.2":
        core = cmi["core"]
        return {"status": core["lesson_status"], "raw": core["score"]["raw"], "min": core["score"]["min"],
                "max": core["score"]["max"], "location": core["lesson_location"], "exit": core["exit"],
                "session_time": core["session_time"]}
    return {"completion": cmi["completion_status"], "success": cmi["success_status"], "raw": cmi["score"]["raw"],
            "min": cmi["score"]["min"], "max": cmi["score"]["max"], "scaled": cmi["score"]["scaled"],
            "location": cmi["location"], "exit": cmi["exit"], "session_time": cmi["session_time"]}


def check_interactions(cmi: dict[str, Any], learner: Learner, version: str) -> None:
    records = indexed(cmi["interactions"])
    assert len(records) == len(learner.recorded)
    wrong = "incorrect" if version == "2004" else "wrong"
    for n, (record, answered) in enumerate(zip(records, learner.recorded, strict=True)):
        assert record["id"] == answered.interaction_id
        response = record["learner_response"] if version == "2004" else record["student_response"]
        sent_latency = learner.sent(f"cmi.interactions.{n}.latency")
        assert len(sent_latency) == 1 and LATENCY[version].match(sent_latency[0]), sent_latency
        assert record["latency"]
        assert STAMP[version].match(record["timestamp" if version == "2004" else "time"])
        patterns = [c["pattern"] for c in indexed(record["correct_responses"])]
        if isinstance(answered, Decision):
            check_decision(record, answered, version, response, patterns)
            continue
        q = answered.question
        assert record["type"] == INTERACTION_TYPE[q.type.value], q.id
        assert indexed(record["objectives"])[0]["id"] == q.objective
        assert response == answered.response(version), q.id
        assert record["result"] == ("correct" if answered.correct else wrong), q.id
        assert patterns, q.id
        if q.type.value in ("single", "multiple", "ordering"):
            right = [i for i, c in enumerate(q.choices) if c.correct]
            assert patterns == (["[,]".join(short_id(q.choices[i].id) for i in right)] if version == "2004"
                                else [",".join("0123456789abcdefghijklmnopqrstuvwxyz"[i] for i in right)])


def check_decision(record: dict[str, Any], decision: Decision, version: str, response: str,
                   patterns: list[str]) -> None:
    """A scenario's decision: a choice interaction whose response is the choice (a character in 1.2, its id in
    2004), correct when it earns the node's most points, its node's line as the 2004 description."""
    assert record["type"] == "choice"
    assert response == decision.response(version)
    assert record["result"] == decision.result(version)
    assert patterns == decision.patterns(version)
    assert record["weighting"] == str(decision.most)
    objectives = indexed(record["objectives"])
    assert [o["id"] for o in objectives] == ([decision.objective] if decision.objective else [])
    if version == "2004":
        assert record["description"] == decision.description


def check_session_time(learner: Learner, version: str, got: dict[str, str]) -> None:
    """Sent with the Commits and at Terminate, each time the whole session so far, in the version's own format
    (scorm-again keeps 1.2 times as HH:MM:SS.SS)."""
    sent = learner.sent(SESSION_TIME_ELEMENT[version])
    assert sent and all(SESSION_TIME[version].match(value) for value in sent), sent
    assert got["session_time"] and got["session_time"] != "00:00:00"


def objectives_by_id(cmi: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for o in indexed(cmi["objectives"])}


def suspend_state(cmi: dict[str, Any]) -> dict[str, Any]:
    state = json.loads(cmi["suspend_data"])
    assert state["v"] == 1
    return state


def relaunch_data(cmi: dict[str, Any], version: str, **extra: Any) -> dict[str, Any]:
    """What an LMS hands back to a SCO whose learner left with exit 'suspend'."""
    if version == "1.2":
        return {"core": {"entry": "resume", "lesson_location": cmi["core"]["lesson_location"]},
                "suspend_data": cmi["suspend_data"], **extra}
    return {"entry": "resume", "location": cmi["location"], "suspend_data": cmi["suspend_data"], **extra}


def sco_url(site: Site, course: Course, version: str, mode: str, sco: str) -> str:
    return f"{site.sco(course, 'en', version, mode)}/{launch_file(sco)}"


def run_through(learner: Learner, plan: bool) -> None:
    """Page through the whole SCO in order, taking every quiz on the way."""
    while True:
        learner.next_until_quiz(plan)
        learner.take_quiz(plan)
        if not learner.frame.locator("[data-action='continue']").count():
            return
        learner.click("continue")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("version", VERSIONS)
def test_all_correct_run_passes_and_records_every_answer(page, site, example_course, version, mode) -> None:
    for sco in unit_ids(example_course, PackagingMode(mode)):
        learner = Learner(page, example_course, site.url, version)
        learner.launch(sco_url(site, example_course, version, mode, sco))
        run_through(learner, True)
        assert learner.frame.locator(".result").get_attribute("data-passed") == "true"
        learner.close()
        cmi = learner.lms()
        got = status(cmi, version)
        if version == "1.2":
            assert got["status"] == "passed" and got["exit"] == ""
        else:
            assert (got["completion"], got["success"], got["scaled"], got["exit"]) == ("completed", "passed", "1", "normal")
        assert (got["raw"], got["min"], got["max"]) == ("100", "0", "100")
        check_session_time(learner, version, got)
        check_interactions(cmi, learner, version)
        objectives = objectives_by_id(cmi)
        answered_objectives = {a.question.objective for a in learner.answered}
        assert answered_objectives <= set(objectives)
        for objective in answered_objectives:
            o = objectives[objective]
            assert o["score"]["raw"] == "100"
            assert (o["success_status"] if version == "2004" else o["status"]) == "passed"
        assert suspend_state(cmi)["c"] == example_course.version
        assert learner.lms_failures() == []
        calls = learner.lms_calls()
        assert calls.count("Terminate" if version == "2004" else "LMSFinish") == 1
        assert calls.count("Commit" if version == "2004" else "LMSCommit") > len(learner.answered)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("version", VERSIONS)
def test_failing_run_fails_and_offers_a_retry(page, site, example_course, version, mode) -> None:
    sco = unit_ids(example_course, PackagingMode(mode))[-1]  # the final assessment (per-lesson) or the course
    learner = Learner(page, example_course, site.url, version)
    learner.launch(sco_url(site, example_course, version, mode, sco))
    run_through(learner, False)
    frame = learner.frame
    assert frame.locator(".result").get_attribute("data-passed") == "false"
    assert frame.locator("[data-action='retry']").count() == 1  # 3 attempts allowed, 1 used
    cmi = learner.lms()
    got = status(cmi, version)
    assert (got["raw"], got["min"], got["max"]) == ("0", "0", "100")
    if version == "1.2":
        assert got["status"] == "failed"
    else:
        assert (got["completion"], got["success"], got["scaled"]) == ("incomplete", "failed", "0")
    check_interactions(cmi, learner, version)
    for objective in {a.question.objective for a in learner.answered}:
        o = objectives_by_id(cmi)[objective]
        assert (o["success_status"] if version == "2004" else o["status"]) == "failed"
    learner.close()
    assert status(learner.lms(), version)["exit"] == "suspend"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("version", VERSIONS)
def test_closing_mid_quiz_resumes_on_the_same_question_with_the_answers_given(
        page, site, example_course, version, mode) -> None:
    sco = unit_ids(example_course, PackagingMode(mode))[0]  # the course, or the first lesson
    url = sco_url(site, example_course, version, mode, sco)
    learner = Learner(page, example_course, site.url, version)
    learner.launch(url)
    learner.next_until_quiz()
    learner.click("start-quiz")
    learner.answer(True)
    learner.answer(False)
    on_screen = learner.frame.locator("form.question").get_attribute("data-question")
    learner.close()
    cmi = learner.lms()
    got = status(cmi, version)
    assert got["exit"] == "suspend"
    assert got["location"] == "q0"
    assert (got["status"] == "incomplete") if version == "1.2" else (got["completion"] == "incomplete")
    check_session_time(learner, version, got)
    stored = suspend_state(cmi)
    quiz = stored["q"][0]
    assert quiz[8][:2] != [0, 0] and quiz[8][2:] == [0] * (len(quiz[8]) - 2)
    check_interactions(cmi, learner, version)

    # The LMS relaunches the SCO with what it stored.
    again = Learner(page, example_course, site.url, version)
    again.launch(url, relaunch_data(cmi, version))
    assert again.location() == "q0"
    assert again.frame.locator("form.question").get_attribute("data-question") == on_screen
    assert again.page.evaluate("lms.data()")["cmi"]["suspend_data"] == cmi["suspend_data"]
    # Finish the quiz: the two earlier answers still count in the score.
    again.take_quiz(True)
    total = len(quiz[7])
    expected = round(100 * (total - 1) / total, 2)
    assert again.frame.locator(".score").inner_text().endswith(f"{expected:g}%")


@pytest.mark.parametrize("version", VERSIONS)
def test_mastery_score_from_the_lms_overrides_the_course_pass_mark(page, site, example_course, version) -> None:
    """The assessment's own pass mark is 80; the LMS says 50; 3 of 5 right (60%) must pass."""
    extra = {"student_data": {"mastery_score": "50"}} if version == "1.2" else {"scaled_passing_score": "0.5"}
    learner = Learner(page, example_course, site.url, version)
    learner.launch(sco_url(site, example_course, version, "per-lesson", "assessment"), extra)
    learner.take_quiz([True, True, True, False, False])
    assert learner.frame.locator(".result").get_attribute("data-passed") == "true"
    got = status(learner.lms(), version)
    assert got["raw"] == "60"
    if version == "1.2":
        assert got["status"] == "passed"
    else:
        assert (got["completion"], got["success"]) == ("completed", "passed")


@pytest.mark.parametrize("version", VERSIONS)
def test_a_changed_course_resumes_what_still_fits(page, site, example_course, course_copy, version) -> None:
    """Answers of the unchanged greeting quiz survive a re-upload; the closing quiz lost a question and
    starts again; the pages the learner saw stay seen."""
    learner = Learner(page, example_course, site.url, version)
    learner.launch(sco_url(site, example_course, version, "single", "course"))
    learner.next_until_quiz()
    learner.take_quiz(True)
    learner.click("continue")
    learner.next_until_quiz()
    learner.click("start-quiz")
    learner.answer(True)
    learner.close()
    cmi = learner.lms()
    before = suspend_state(cmi)

    quiz = course_copy / "lessons" / "02-closing" / "quiz.yaml"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text[:text.index("  - id: close-q3")], encoding="utf-8")
    changed, report = load_course(course_copy)
    assert changed is not None, report.render()
    url = f"{site.sco(changed, 'en', version, 'single', '-changed')}/index.html"
    again = Learner(page, changed, site.url, version)
    again.launch(url, relaunch_data(cmi, version))
    assert again.location() == "q1"
    assert again.frame.locator("[data-action='start-quiz']").count() == 1  # the closing quiz restarted
    after = suspend_state(again.lms())  # the player writes its state again as soon as it starts
    assert after["q"][0] == before["q"][0]  # the greeting quiz: attempts, scores and answers kept
    assert after["p"] == before["p"]
    assert after["q"][1][1] == 0 and after["q"][1][8] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_refused_value_is_sent_three_times_at_most_and_named(page, site, example_course, version) -> None:
    """The LMS refuses the bookmark: each value is sent again at the next Commits, three times in all, then
    dropped and named in the notice; a new value starts again; everything else is saved meanwhile."""
    element = "cmi.core.lesson_location" if version == "1.2" else "cmi.location"
    learner = Learner(page, example_course, site.url, version)
    url = sco_url(site, example_course, version, "single", "course")
    page.goto(f"{site.url}/lms/launch.html?scorm={version}&sco={url}&fail={element}")
    learner.frame.locator("#view-title").wait_for()
    assert learner.sent(element) == ["i"]  # the first save at launch
    notice = learner.frame.locator("#notices .notice")
    assert notice.count() == 1 and element in notice.inner_text()
    assert notice.get_attribute("class") == "notice notice-lmsError"
    for _ in range(4):  # the learner switches tabs: the player commits what is still unsaved
        learner.frame.evaluate("""() => {
            Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
            document.dispatchEvent(new Event('visibilitychange'));
            delete document.visibilityState;
        }""")
    assert learner.sent(element) == ["i"] * 3
    assert notice.count() == 1 and element in notice.inner_text()
    assert notice.get_attribute("class") == "notice notice-lmsRefused"
    learner.click("next")
    assert learner.sent(element) == ["i"] * 3 + ["p0.0"]
    assert notice.get_attribute("class") == "notice notice-lmsError"
    assert learner.sent("cmi.suspend_data")[-1] == learner.lms()["suspend_data"]  # the rest is still saved
