"""The preview's own LMS-side SCORM API (builder/static/preview/lms-api.js), run in Chromium: the call
sequence of a session, and the error code the standard gives for each kind of wrong call."""

from __future__ import annotations

import json

import pytest

from builder.preview.server import STATIC

pytestmark = [pytest.mark.browser]

RUN = """([version, steps, options]) => {
  const log = [];
  const api = CoursebuildPreviewLMS.create(version, Object.assign({onCall: call => log.push(call)}, options));
  const error = version === '2004' ? 'GetLastError' : 'LMSGetLastError';
  const results = steps.map(([fn, ...args]) => [fn, ...args, api[fn](...args), api[error]()]);
  return {results, log, data: api.preview.data(), snapshot: api.preview.snapshot()};
}"""


@pytest.fixture
def lms(chromium):
    """Runs API calls against a fresh runtime in a blank page; returns results, log, data and snapshot."""

    def run(version: str, steps: list[tuple[str, ...]], **options: object) -> dict:
        def in_page(page) -> dict:
            page.set_content("<!DOCTYPE html><html><body></body></html>")
            page.add_script_tag(path=str(STATIC / "lms-api.js"))
            return page.evaluate(RUN, [version, steps, options])

        return chromium.in_page(in_page)

    return run


def check(outcome: dict, expected: list[tuple[str, ...]]) -> None:
    """Each expected step is (function, *arguments, return value, error code)."""
    assert [tuple(step) for step in outcome["results"]] == expected


def test_scorm12_session_and_error_codes(lms) -> None:
    steps = [
        ("LMSGetValue", "cmi.core.lesson_status", "", "301"),
        ("LMSCommit", "", "false", "301"),
        ("LMSFinish", "", "false", "301"),
        ("LMSInitialize", "x", "false", "201"),
        ("LMSInitialize", "", "true", "0"),
        ("LMSInitialize", "", "false", "101"),
        ("LMSGetValue", "cmi._version", "3.4", "0"),
        ("LMSGetValue", "cmi.core.lesson_status", "not attempted", "0"),
        ("LMSGetValue", "cmi.core.entry", "ab-initio", "0"),
        ("LMSGetValue", "cmi.student_data.mastery_score", "80", "0"),
        ("LMSGetValue", "cmi.core.lesson_location", "", "0"),
        ("LMSSetValue", "cmi.core.lesson_location", "p1", "true", "0"),
        ("LMSGetValue", "cmi.core.lesson_location", "p1", "0"),
        ("LMSSetValue", "cmi.core.lesson_status", "passed", "true", "0"),
        ("LMSSetValue", "cmi.core.lesson_status", "not attempted", "false", "405"),
        ("LMSSetValue", "cmi.core.score.raw", "101", "false", "405"),
        ("LMSSetValue", "cmi.core.score.raw", "abc", "false", "405"),
        ("LMSSetValue", "cmi.core.score.raw", "85.5", "true", "0"),
        ("LMSSetValue", "cmi.core.entry", "resume", "false", "403"),
        ("LMSSetValue", "cmi.core.exit", "suspend", "true", "0"),
        ("LMSGetValue", "cmi.core.exit", "", "404"),
        ("LMSSetValue", "cmi.core.session_time", "PT1M", "false", "405"),
        ("LMSSetValue", "cmi.core.session_time", "0000:01:05.20", "true", "0"),
        ("LMSGetValue", "cmi.core.nothing", "", "201"),
        ("LMSSetValue", "cmi.score.scaled", "0.5", "false", "201"),
        ("LMSGetValue", "", "", "201"),
        ("LMSGetValue", "cmi.core._children", "student_id,student_name,lesson_location,credit,lesson_status,entry,"
                                              "score,total_time,lesson_mode,exit,session_time", "0"),
        ("LMSGetValue", "cmi.core.lesson_status._children", "", "202"),
        ("LMSGetValue", "cmi.core.lesson_status._count", "", "203"),
        ("LMSSetValue", "cmi.core._children", "x", "false", "402"),
        ("LMSGetValue", "cmi.interactions._count", "0", "0"),
        ("LMSSetValue", "cmi.interactions.1.id", "q1", "false", "201"),
        ("LMSSetValue", "cmi.interactions.0.id", "q1", "true", "0"),
        ("LMSSetValue", "cmi.interactions.0.id", "has space", "false", "405"),
        ("LMSSetValue", "cmi.interactions.0.type", "sequencing", "true", "0"),
        ("LMSSetValue", "cmi.interactions.0.result", "incorrect", "false", "405"),
        ("LMSSetValue", "cmi.interactions.0.result", "wrong", "true", "0"),
        ("LMSSetValue", "cmi.interactions.0.objectives.0.id", "obj", "true", "0"),
        ("LMSGetValue", "cmi.interactions._count", "1", "0"),
        ("LMSGetValue", "cmi.interactions.0.objectives._count", "1", "0"),
        ("LMSGetValue", "cmi.interactions.0.id", "", "404"),
        ("LMSGetErrorString", "404", "Element is write only", "404"),
        ("LMSGetDiagnostic", "", "404: Element is write only", "404"),
        ("LMSCommit", "", "true", "0"),
        ("LMSFinish", "", "true", "0"),
        ("LMSGetValue", "cmi.core.lesson_location", "", "101"),
        ("LMSSetValue", "cmi.core.lesson_location", "p2", "false", "101"),
        ("LMSFinish", "", "false", "101"),
    ]
    outcome = lms("1.2", [s[:-2] for s in steps], masteryScore=80)
    check(outcome, steps)
    # Every call reached the page's log with its arguments, value and error code.
    assert len(outcome["log"]) == 2 * len(steps)
    assert outcome["log"][2 * 16] == {"fn": "LMSSetValue", "args": ["cmi.core.score.raw", "abc"], "result": "false",
                                  "error": "405"}
    assert outcome["data"]["cmi.core.score.raw"] == "85.5"
    assert outcome["data"]["cmi.interactions.0.result"] == "wrong"


def test_scorm2004_session_and_error_codes(lms) -> None:
    steps = [
        ("GetValue", "cmi.location", "", "122"),
        ("SetValue", "cmi.location", "p1", "false", "132"),
        ("Commit", "", "false", "142"),
        ("Terminate", "", "false", "112"),
        ("Initialize", "x", "false", "201"),
        ("Initialize", "", "true", "0"),
        ("Initialize", "", "false", "103"),
        ("GetValue", "cmi._version", "1.0", "0"),
        ("GetValue", "cmi.completion_status", "unknown", "0"),
        ("GetValue", "cmi.scaled_passing_score", "0.7", "0"),
        ("GetValue", "cmi.location", "", "403"),
        ("SetValue", "cmi.location", "p1", "true", "0"),
        ("GetValue", "cmi.location", "p1", "0"),
        ("SetValue", "cmi.score.scaled", "1.5", "false", "407"),
        ("SetValue", "cmi.score.scaled", "abc", "false", "406"),
        ("SetValue", "cmi.score.scaled", "0.85", "true", "0"),
        ("SetValue", "cmi.completion_status", "done", "false", "406"),
        ("SetValue", "cmi.success_status", "passed", "true", "0"),
        ("SetValue", "cmi.progress_measure", "1.2", "false", "407"),
        ("SetValue", "cmi.entry", "resume", "false", "404"),
        ("SetValue", "cmi.exit", "suspend", "true", "0"),
        ("GetValue", "cmi.exit", "", "405"),
        ("SetValue", "cmi.session_time", "0000:01:05.20", "false", "406"),
        ("SetValue", "cmi.session_time", "PT1M5.2S", "true", "0"),
        ("GetValue", "cmi.core.lesson_status", "", "401"),
        ("SetValue", "cmi.core.lesson_status", "passed", "false", "401"),
        ("GetValue", "", "", "301"),
        ("SetValue", "", "x", "false", "351"),
        ("GetValue", "cmi.score._children", "scaled,raw,min,max", "0"),
        ("GetValue", "cmi.location._count", "", "301"),
        ("SetValue", "cmi.interactions._count", "3", "false", "404"),
        ("SetValue", "cmi.interactions.0.type", "choice", "false", "408"),
        ("SetValue", "cmi.interactions.1.id", "q1", "false", "351"),
        ("SetValue", "cmi.interactions.0.id", "q1", "true", "0"),
        ("SetValue", "cmi.interactions.0.type", "choice", "true", "0"),
        ("SetValue", "cmi.interactions.0.type", "multiple", "false", "406"),
        ("SetValue", "cmi.interactions.0.result", "wrong", "false", "406"),
        ("SetValue", "cmi.interactions.0.result", "incorrect", "true", "0"),
        ("SetValue", "cmi.interactions.0.timestamp", "2024-05-01T10:11:12.345Z", "true", "0"),
        ("SetValue", "cmi.interactions.0.correct_responses.0.pattern", "b[,]c", "true", "0"),
        ("SetValue", "cmi.interactions.0.objectives.1.id", "obj", "false", "351"),
        ("GetValue", "cmi.interactions.0.type", "choice", "0"),
        ("GetValue", "cmi.interactions.1.id", "", "301"),
        ("GetValue", "cmi.interactions.0.correct_responses._count", "1", "0"),
        ("GetErrorString", "408", "Data Model Dependency Not Established", "0"),
        ("Commit", "x", "false", "201"),
        ("Commit", "", "true", "0"),
        ("Terminate", "", "true", "0"),
        ("Terminate", "", "false", "113"),
        ("GetValue", "cmi.location", "", "123"),
        ("SetValue", "cmi.location", "p2", "false", "133"),
        ("Commit", "", "false", "143"),
        ("Initialize", "", "false", "104"),
    ]
    outcome = lms("2004", [s[:-2] for s in steps], masteryScore=70)
    check(outcome, steps)
    assert outcome["data"]["cmi.interactions.0.correct_responses.0.pattern"] == "b[,]c"
    assert outcome["snapshot"]["counts"] == {"cmi.interactions": 1, "cmi.interactions.0.correct_responses": 1}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_suspended_attempt_resumes_and_a_finished_one_starts_again(lms, version: str) -> None:
    names = {"1.2": ("LMSInitialize", "LMSSetValue", "LMSFinish", "LMSGetValue", "cmi.core.exit", "cmi.core.entry"),
             "2004": ("Initialize", "SetValue", "Terminate", "GetValue", "cmi.exit", "cmi.entry")}[version]
    init, set_value, finish, get_value, exit_element, entry = names
    finished_exit = "" if version == "1.2" else "normal"
    for exit_value, expected_entry, expected_data in (("suspend", "resume", "state"), (finished_exit, "ab-initio", "")):
        first = lms(version, [(init, ""), (set_value, "cmi.suspend_data", "state"), (set_value, exit_element, exit_value),
                              (finish, "")])
        assert all(step[-2] == "true" for step in first["results"]), first["results"]
        second = lms(version, [(init, ""), (get_value, entry), (get_value, "cmi.suspend_data")],
                     stored=first["snapshot"])
        assert [step[-2] for step in second["results"]] == ["true", expected_entry, expected_data], \
            json.dumps(second["results"])
