"""The example course's cmi5 package played in Chromium through the test LMS and Ralph, to passed and to failed:
every statement the AU sends is judged by the cmi5 rule checker (which the strict test LMS also applies as it
receives them, refusing what breaks a rule) and by the independent xAPI validator."""

from __future__ import annotations

import pytest

from builder.loader import load_course
from builder.runtime.units import PackagingMode
from tests.browser.conftest import browser, page  # noqa: F401  (fixtures shared with the browser tests)
from tests.cmi5.au import Cmi5Learner, assert_recorded, assert_session_valid, import_built, verbs
from tests.cmi5.statement_rules import CMI5_CATEGORY, MASTERY_SCORE

pytestmark = pytest.mark.browser


def test_the_whole_course_in_the_lms_frame_reaches_passed(cmi5_lms, example_course, page):  # noqa: F811
    import_built(cmi5_lms, example_course, PackagingMode.SINGLE)
    session = cmi5_lms.launch(0)
    learner = Cmi5Learner(page, example_course, framed=True)
    learner.open(cmi5_lms, session)
    learner.view_every_page()
    learner.play_every_scenario()  # the closing call is assessed: the unit waits for an ending
    for quiz in ("q0", "q1", "a"):
        learner.frame.evaluate("loc => document.querySelector(`#menu a[data-loc='${loc}']`).click()", quiz)
        learner.take_quiz(True)
    learner.exit(cmi5_lms, session)

    sent = assert_session_valid(cmi5_lms, session)
    recorded = len(learner.recorded)
    assert learner.decisions and learner.answered
    assert verbs(sent) == ["initialized", *["answered"] * recorded, "completed", "passed", "terminated"]
    passed = sent[-2]
    assert passed["result"]["score"] == {"scaled": 1, "raw": 100, "min": 0, "max": 100}
    assert passed["context"]["extensions"][MASTERY_SCORE] == 0.8
    # Each answer and decision as the SCORM 2004 interaction would have it, its text in the course's language.
    assert_recorded(learner, sent[1:1 + recorded])
    assert all(CMI5_CATEGORY not in str(statement["context"]) for statement in sent[1:1 + recorded])


def test_scenario_decisions_are_answered_choice_interactions(cmi5_lms, course_copy, page):  # noqa: F811
    """The closing call's lesson AU, its scenario played on a poor path, then again on the model path, in a copy
    of the example course where the farewell's one choice earns no point: wrong, right and neutral decisions
    each arrive as an `answered` statement about a choice cmi.interaction (a neutral one without success)."""
    scenario = course_copy / "lessons" / "02-closing" / "scenarios" / "last-minute.yaml"
    text = scenario.read_text(encoding="utf-8")
    thank = "        points: 1\n        goto: settled\n"
    assert text.count(thank) == 1
    scenario.write_text(text.replace(thank, "        goto: settled\n"), encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    import_built(cmi5_lms, course, PackagingMode.PER_LESSON)
    session = cmi5_lms.launch([lesson.id for lesson in course.lessons].index("closing"))
    learner = Cmi5Learner(page, course, framed=True)
    learner.open(cmi5_lms, session)
    learner.frame.evaluate("document.querySelector(\"#menu a[data-loc='s0.0']\").click()")
    learner.play_scenario(False)
    learner.play_scenario(True)
    assert learner.frame.locator(".scenario-result").get_attribute("data-verdict") == "best"
    learner.exit(cmi5_lms, session)

    sent = assert_session_valid(cmi5_lms, session)
    assert verbs(sent) == ["initialized", *["answered"] * len(learner.decisions), "terminated"]
    assert {d.result("2004") for d in learner.decisions} == {"incorrect", "correct", "neutral"}
    assert_recorded(learner, sent[1:-1])


def test_the_final_assessment_in_its_own_window_fails_below_the_mastery_score(cmi5_lms, example_course, page):  # noqa: F811
    import_built(cmi5_lms, example_course, PackagingMode.PER_LESSON)
    session = cmi5_lms.launch(len(cmi5_lms.aus) - 1)
    learner = Cmi5Learner(page, example_course, framed=False)
    learner.open(cmi5_lms, session)
    learner.take_quiz([True, False, False, False, False])
    learner.exit(cmi5_lms, session)

    sent = assert_session_valid(cmi5_lms, session)
    assert verbs(sent) == ["initialized", *["answered"] * 5, "failed", "terminated"]
    failed = sent[-2]
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] == 0.2
