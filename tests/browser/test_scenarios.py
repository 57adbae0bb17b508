"""Scenarios in a real SCORM runtime (scorm-again 1.2 and 2004) in Chromium: the example course's closing call,
played on its model path and on a poor one, tried again, left mid-run and resumed, and the lesson score with the
scenario's weight. Every value the LMS receives passes the format checker (tests/browser/lms/formats.js, through
the page fixture); the decisions' values are checked by tests/browser/test_tracking.py's check_interactions.
"""

from __future__ import annotations

import json

import pytest

from builder.runtime.units import PackagingMode, unit_ids
from tests.browser.scodriver import Learner
from tests.browser.test_tracking import (
    VERSIONS,
    check_interactions,
    indexed,
    objectives_by_id,
    relaunch_data,
    sco_url,
    status,
)

pytestmark = [pytest.mark.browser]

LESSON = "closing"  # its scenario is assessed with weight 40; its quiz's pass mark is 70


def open_lesson(page, site, course, version, cmi=None) -> Learner:
    learner = Learner(page, course, site.url, version)
    learner.launch(sco_url(site, course, version, "per-lesson", LESSON), cmi)
    return learner


def go_to_scenario(learner: Learner) -> None:
    while not learner.location().startswith("s"):
        learner.click("next")


def objective_status(o: dict, version: str) -> str:
    return o["success_status"] if version == "2004" else o["status"]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_poor_run_then_the_model_path_and_the_lesson_score_with_the_weight(page, site, example_course,
                                                                            version) -> None:
    learner = open_lesson(page, site, example_course, version)
    go_to_scenario(learner)
    frame = learner.frame
    assert frame.locator(".scenario-cast img.portrait").get_attribute("alt")
    learner.play_scenario(False)
    result = frame.locator(".scenario-result")
    assert result.get_attribute("data-verdict") == "poor"
    assert frame.locator(".scenario-result .score").inner_text() == "This run: 0 of 7 points (0%)."
    cmi = learner.lms()
    got = status(cmi, version)
    # Pages viewed, scenario played, quiz not taken: no lesson score yet, not complete.
    assert got["raw"] == ""
    assert (got["status"] == "incomplete") if version == "1.2" else (got["completion"], got["success"]) == \
        ("incomplete", "unknown")
    for objective in ("close-summary", "close-check", "close-thanks"):
        o = objectives_by_id(cmi)[objective]
        assert (o["score"]["raw"], objective_status(o, version)) == ("0", "failed")
    check_interactions(cmi, learner, version)

    learner.play_scenario(True)  # try again, on the model path
    assert result.get_attribute("data-verdict") == "best"
    assert frame.locator(".scenario-result .score").inner_text() == "This run: 7 of 7 points (100%)."
    taken, model = (frame.locator(".paths ol").nth(i).locator("li > p:first-child").all_inner_texts() for i in (0, 1))
    assert taken == model and len(model) == 4
    stored = json.loads(learner.lms()["suspend_data"])["s"]
    assert stored == [[[stored[0][0][0], 2, 7, 5, 5, [90], "0000"]]]
    learner.click("continue")
    learner.take_quiz([True, False, True, True])
    quiz = frame.locator(".score").inner_text()
    learner.close()
    cmi = learner.lms()
    got = status(cmi, version)
    quiz_percent = float(quiz.split(": ")[1].rstrip("%"))
    lesson = round(0.6 * quiz_percent + 0.4 * 100 + 1e-9, 2)
    assert float(got["raw"]) == lesson
    passed = lesson >= 70
    if version == "1.2":
        assert got["status"] == ("passed" if passed else "failed")
    else:
        assert (got["completion"], got["success"]) == ("completed" if passed else "incomplete",
                                                       "passed" if passed else "failed")
    check_interactions(cmi, learner, version)
    decisions = [r for r in indexed(cmi["interactions"]) if r["id"].startswith("closing-last-minute.")]
    assert len(decisions) == 2 + 4


@pytest.mark.parametrize("version", VERSIONS)
def test_a_run_left_midway_resumes_at_its_line_with_its_meters(page, site, example_course, version) -> None:
    learner = open_lesson(page, site, example_course, version)
    go_to_scenario(learner)
    learner.play_scenario(True, steps=2)
    at = learner.frame.locator("#line").get_attribute("data-node")
    assert at == "address"
    learner.close()
    cmi = learner.lms()
    got = status(cmi, version)
    assert (got["location"], got["exit"]) == ("s0.0", "suspend")
    scenario = json.loads(cmi["suspend_data"])["s"][0][0]
    assert scenario[1:] == [0, -1, -1, 3, [80], "00"]  # no run ended; at node 3 with trust 80, two choices made

    again = open_lesson(page, site, example_course, version, relaunch_data(cmi, version))
    assert again.location() == "s0.0"
    assert again.frame.locator("#line").get_attribute("data-node") == "address"
    assert "You said:" in again.frame.locator("#consequence").inner_text()
    again.decisions = list(learner.decisions)  # the LMS hands back no interactions: only the new ones are checked
    again.play_scenario(True)
    assert again.frame.locator(".scenario-result").get_attribute("data-verdict") == "best"
    assert again.frame.locator(".paths ol li").count() == 8  # the whole path taken, beside the model path
    check_interactions(again.lms(), again, version)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_lesson_is_complete_only_once_its_assessed_scenario_was_played(page, site, example_course,
                                                                        version) -> None:
    learner = open_lesson(page, site, example_course, version)
    go_to_scenario(learner)
    learner.click("continue")  # past the scenario without playing it
    learner.take_quiz(True)
    cmi = learner.lms()
    got = status(cmi, version)
    assert got["raw"] == ""  # the lesson score waits for the scenario
    assert (got["status"] == "incomplete") if version == "1.2" else got["completion"] == "incomplete"
    learner.frame.evaluate("document.querySelector(\"#menu a[data-loc='s0.0']\").click()")
    learner.play_scenario(True)
    assert learner.frame.locator(".complete").count() == 1
    got = status(learner.lms(), version)
    assert got["raw"] == "100"
    assert (got["status"] == "passed") if version == "1.2" else (got["completion"], got["success"]) == \
        ("completed", "passed")


def test_the_single_package_plays_its_scenario_in_the_flow(page, site, example_course) -> None:
    """In the single SCO the scenario sits after its lesson's pages and before its quiz, and in the menu."""
    learner = Learner(page, example_course, site.url, "2004")
    learner.launch(sco_url(site, example_course, "2004", "single", unit_ids(example_course, PackagingMode.SINGLE)[0]))
    flow = learner.frame.evaluate("COURSEBUILD_COURSE.units.course.flow")
    assert flow[flow.index("s1.0") - 1] == "p1.1" and flow[flow.index("s1.0") + 1] == "q1"
    assert learner.frame.locator("#menu a[data-loc='s1.0']").inner_text().startswith("Scenario: ")
