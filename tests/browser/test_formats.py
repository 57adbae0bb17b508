"""Every value the player sets matches its data type's exact format in the spec.

The test LMS (tests/browser/lms/launch.html) checks each SetValue of every browser test against the patterns in
tests/browser/lms/formats.js and logs a "SCORM format:" console error for any that does not match, which fails
the test (the `page` fixture in conftest.py and the `tab` fixture of test_faults.py). This module proves the
checker itself: it accepts what the specs allow and refuses what a strict LMS (Moodle) refuses, scorm-again's
leniency notwithstanding. It also runs a course whose choice, pair and item ids contain hyphens, which 2004's
short identifiers (as Moodle reads them) do not allow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.loader import load_course
from tests.browser.conftest import LMS_DIR
from tests.browser.scodriver import Learner

pytestmark = [pytest.mark.browser]

# (version, element, value, an interaction type set before it or None, accepted?)
CASES = [
    # SCORM 2004 time(second,10,0): two decimals of a second at most, a time zone only after them.
    ("2004", "cmi.interactions.0.timestamp", "2026-11-22T10:04:05.12Z", None, True),
    ("2004", "cmi.interactions.0.timestamp", "2026-11-22T10:04:05.1+08:00", None, True),
    ("2004", "cmi.interactions.0.timestamp", "2026-11-22T10:04:05", None, True),
    ("2004", "cmi.interactions.0.timestamp", "2026-11-22T10:04:05.123Z", None, False),  # toISOString()
    ("2004", "cmi.interactions.0.timestamp", "2026-11-22T10:04:05Z", None, False),
    ("2004", "cmi.interactions.0.timestamp", "2039-01-01T00:00:00.00Z", None, False),
    ("2004", "cmi.interactions.0.timestamp", "2026-13-01T00:00:00.00Z", None, False),
    # timeinterval(second,10,2)
    ("2004", "cmi.session_time", "PT1H2M3.45S", None, True),
    ("2004", "cmi.session_time", "PT0S", None, True),
    ("2004", "cmi.session_time", "P1DT5S", None, True),
    ("2004", "cmi.session_time", "PT3.456S", None, False),
    ("2004", "cmi.session_time", "P", None, False),
    ("2004", "cmi.session_time", "PT", None, False),
    ("2004", "cmi.interactions.0.latency", "00:00:03.00", None, False),  # a 1.2 timespan in a 2004 element
    # real(10,7) and its ranges
    ("2004", "cmi.score.scaled", "-1", None, True),
    ("2004", "cmi.score.scaled", "0.6667", None, True),
    ("2004", "cmi.score.scaled", "1.5", None, False),
    ("2004", "cmi.score.scaled", ".5", None, False),
    ("2004", "cmi.progress_measure", "-0.1", None, False),
    ("2004", "cmi.progress_measure", "1", None, True),
    ("2004", "cmi.score.raw", "66.67", None, True),
    ("2004", "cmi.score.raw", "1e2", None, False),
    # identifiers and vocabularies
    ("2004", "cmi.interactions.0.id", "final-greet-q-single", None, True),
    ("2004", "cmi.interactions.0.id", "greet q", None, False),
    ("2004", "cmi.interactions.0.id", "urn:scormdriver", None, False),
    ("2004", "cmi.objectives.0.id", "", None, False),
    ("2004", "cmi.exit", "normal", None, True),
    ("2004", "cmi.exit", "suspended", None, False),
    ("2004", "cmi.completion_status", "passed", None, False),
    ("2004", "cmi.interactions.0.result", "wrong", None, False),  # 1.2's word
    ("2004", "cmi.interactions.0.result", "incorrect", None, True),
    ("2004", "cmi.location", "x" * 1001, None, False),
    # responses by interaction type
    ("2004", "cmi.interactions.0.learner_response", "a[,]b", "choice", True),
    ("2004", "cmi.interactions.0.learner_response", "a[,]a", "choice", False),
    ("2004", "cmi.interactions.0.learner_response", "opt-a", "choice", False),  # Moodle: no hyphen
    ("2004", "cmi.interactions.0.learner_response", "angry[.]confused", "matching", True),
    ("2004", "cmi.interactions.0.learner_response", "angry.confused", "matching", False),
    ("2004", "cmi.interactions.0.learner_response", "t", "true-false", False),
    ("2004", "cmi.interactions.0.learner_response", "3.5", "numeric", True),
    ("2004", "cmi.interactions.0.learner_response", "123456", "numeric", False),  # Moodle: 5 digits
    ("2004", "cmi.interactions.0.learner_response", "{lang=en}help", "fill-in", True),
    ("2004", "cmi.interactions.0.learner_response", "{oops", "fill-in", False),
    ("2004", "cmi.interactions.0.correct_responses.0.pattern", "9[:]11", "numeric", True),
    ("2004", "cmi.interactions.0.correct_responses.0.pattern", "10", "numeric", False),
    ("2004", "cmi.interactions.0.correct_responses.0.pattern", "{case_matters=false}help", "fill-in", True),
    ("2004", "cmi.interactions.0.learner_response", "a", None, False),  # no type set first
    ("2004", "cmi.core.lesson_status", "passed", None, False),  # a 1.2 element in 2004
    # SCORM 1.2: CMITime, CMITimespan, CMIDecimal, CMIIdentifier, vocabularies, CMIFeedback
    ("1.2", "cmi.interactions.0.time", "09:05:03", None, True),
    ("1.2", "cmi.interactions.0.time", "24:00:00", None, False),
    ("1.2", "cmi.interactions.0.time", "2026-11-22T09:05:03", None, False),
    ("1.2", "cmi.core.session_time", "0001:02:03.45", None, True),
    ("1.2", "cmi.core.session_time", "1:02:03", None, False),
    ("1.2", "cmi.core.session_time", "PT1M", None, False),
    ("1.2", "cmi.interactions.0.latency", "00:00:03.456", None, False),
    ("1.2", "cmi.core.score.raw", "66.67", None, True),
    ("1.2", "cmi.core.score.raw", "100.5", None, False),
    ("1.2", "cmi.core.score.raw", "1000", None, False),
    ("1.2", "cmi.interactions.0.weighting", "2", None, True),
    ("1.2", "cmi.interactions.0.id", "final-greet-q-single", None, True),
    ("1.2", "cmi.interactions.0.id", "with space", None, False),
    ("1.2", "cmi.core.lesson_status", "not attempted", None, False),
    ("1.2", "cmi.objectives.0.status", "not attempted", None, True),
    ("1.2", "cmi.core.exit", "", None, True),
    ("1.2", "cmi.core.exit", "normal", None, False),  # 2004's word
    ("1.2", "cmi.interactions.0.result", "incorrect", None, False),  # 2004's word
    ("1.2", "cmi.interactions.0.student_response", "0,a", "choice", True),
    ("1.2", "cmi.interactions.0.student_response", "10", "choice", False),
    ("1.2", "cmi.interactions.0.student_response", "0.1,1.0", "matching", True),
    ("1.2", "cmi.interactions.0.student_response", "true", "true-false", False),
    ("1.2", "cmi.interactions.0.student_response", "x" * 256, "fill-in", False),
    ("1.2", "cmi.core.lesson_location", "x" * 256, None, False),
    ("1.2", "cmi.suspend_data", "x" * 4097, None, False),
    ("1.2", "cmi.score.scaled", "1", None, False),  # a 2004 element in 1.2
]


@pytest.fixture(scope="module")
def checker_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!DOCTYPE html><title>formats</title>")
    page.add_script_tag(path=str(LMS_DIR / "formats.js"))
    yield page
    context.close()


@pytest.mark.parametrize(("version", "element", "value", "kind", "accepted"), CASES,
                         ids=[f"{c[0]}-{c[1].split('.')[-1]}-{c[2][:24]}" for c in CASES])
def test_checker_accepts_the_spec_and_refuses_what_a_strict_lms_refuses(
        checker_page, version, element, value, kind, accepted) -> None:
    problem = checker_page.evaluate("""([version, element, value, kind]) => {
        const check = LmsFormats.checker(version);
        if (kind) check(element.replace(/\\.(learner_response|student_response|correct_responses.*)$/, '.type'), kind);
        return check(element, value);
    }""", [version, element, value, kind])
    assert (problem == "") == accepted, problem or f"{element} = {value!r} was accepted"


def test_ids_with_hyphens_reach_2004_responses_as_short_identifiers(page, site, course_copy: Path) -> None:
    """Choice, pair and item ids written with hyphens: every response and pattern still matches 2004's short
    identifier as Moodle checks it (the page fixture fails the test on any value out of format)."""
    quiz = course_copy / "lessons" / "01-greeting" / "quiz.yaml"
    text = quiz.read_text(encoding="utf-8")
    for old in ("      - id: b\n", "      - id: company\n", "      - id: angry\n", "      - id: thanks\n"):
        assert old in text
        text = text.replace(old, old.replace("id: ", "id: opt-"))
    quiz.write_text(text, encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    learner = Learner(page, course, site.url, "2004")
    learner.launch(f"{site.sco(course, 'en', '2004', 'single', '-hyphen-ids')}/index.html")
    learner.next_until_quiz()
    learner.take_quiz(True)
    learner.close()
    sent = dict(page.evaluate("lms.sets"))
    responses = [value for name, value in sent.items() if name.endswith(("learner_response", ".pattern"))]
    assert any("opt_b" in r for r in responses) and any("opt_angry[.]" in r for r in responses)
    assert not any("opt-" in r for r in responses)
    assert page.evaluate("lms.formatErrors") == []
