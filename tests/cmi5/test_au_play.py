"""The example course's cmi5 package played in Chromium through the test LMS and Ralph, to passed and to failed:
every statement the AU sends is judged by the cmi5 rule checker (which the strict test LMS also applies as it
receives them, refusing what breaks a rule) and by the independent xAPI validator."""

from __future__ import annotations

import pytest

from builder.runtime.units import PackagingMode
from tests.browser.conftest import browser, page  # noqa: F401  (fixtures shared with the browser tests)
from tests.cmi5.au import Cmi5Learner, assert_session_valid, import_built, verbs
from tests.cmi5.statement_rules import CMI5_CATEGORY, MASTERY_SCORE

pytestmark = pytest.mark.browser


def test_the_whole_course_in_the_lms_frame_reaches_passed(cmi5_lms, example_course, page):  # noqa: F811
    import_built(cmi5_lms, example_course, PackagingMode.SINGLE)
    session = cmi5_lms.launch(0)
    learner = Cmi5Learner(page, example_course, framed=True)
    learner.open(cmi5_lms, session)
    learner.view_every_page()
    for quiz in ("q0", "q1", "a"):
        learner.frame.evaluate("loc => document.querySelector(`#menu a[data-loc='${loc}']`).click()", quiz)
        learner.take_quiz(True)
    learner.exit(cmi5_lms, session)

    sent = assert_session_valid(cmi5_lms, session)
    answers = len(learner.answered)
    assert verbs(sent) == ["initialized", *["answered"] * answers, "completed", "passed", "terminated"]
    passed = sent[-2]
    assert passed["result"]["score"] == {"scaled": 1, "raw": 100, "min": 0, "max": 100}
    assert passed["context"]["extensions"][MASTERY_SCORE] == 0.8
    # Each answer as the SCORM 2004 interaction would have it, with the question text in the course's language.
    for answered, statement in zip(learner.answered, sent[1:1 + answers], strict=True):
        assert statement["object"]["id"].endswith("/interactions/" + answered.interaction_id)
        assert statement["result"]["response"] == answered.response_2004
        assert statement["result"]["success"] is True
        assert statement["object"]["definition"]["description"] == {"en": answered.question.prompt.get("en")}
        assert CMI5_CATEGORY not in str(statement["context"])


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
