"""The cmi5 statement rule checker, tested on hand-written sessions: the good ones pass it and the independent
xAPI validator; each rule has a session that breaks it, and the checker names that rule's requirement."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from tests.cmi5 import statements as make
from tests.cmi5.statement_rules import (
    MASTERY_SCORE,
    MOVEON_CATEGORY,
    RULES,
    SESSION_ID,
    VERBS,
    RequestRecord,
    check_requests,
    check_session,
)
from tests.cmi5.xapi_validator import xapi_problems


def good_sessions():
    normal = make.launch()
    unscored = make.launch(mastery=None)
    yield "passed", make.good_session(normal), normal
    yield "failed", make.good_session(normal, scaled=0.5), normal
    yield "no mastery score", make.good_session(unscored, scaled=0.3), unscored
    for mode in ("Browse", "Review"):
        at = make.launch(mode)
        yield mode, make.browse_session(at), at


@pytest.mark.parametrize(("name", "session", "at"), list(good_sessions()), ids=lambda v: v if isinstance(v, str) else "")
def test_a_good_session_breaks_no_rule(name, session, at):
    assert check_session(session, at) == []


def test_good_sessions_are_valid_xapi_for_an_independent_validator():
    everything = [s for _, session, _ in good_sessions() for s in session]
    assert xapi_problems(everything) == []


def test_the_independent_validator_does_catch_bad_xapi():
    at = make.launch()
    bad = make.good_session(at)
    bad[0]["id"] = "not-a-uuid"
    bad[4]["result"]["duration"] = "62 seconds"
    found = xapi_problems(bad)
    assert [entry["index"] for entry in found] == [0, 4]


def test_a_second_session_of_the_registration_may_fail_again_but_not_pass_twice():
    first = make.launch()
    second = replace(make.launch(registration=first.registration), mastery_score=0.8)
    earlier = make.good_session(first, scaled=0.5)  # completed and failed
    retry = [make.statement(second, "initialized", 100),
             make.statement(second, "passed", 160, moveon=True,
                            result={"score": {"scaled": 0.9}, "success": True, "duration": "PT1M"}),
             make.statement(second, "terminated", 161, result={"duration": "PT1M1S"})]
    assert check_session(retry, second, earlier=earlier) == []


def _set(path: str, value):
    """A mutation: statement N's field at a path 'N|key|key' set to `value` (None deletes it)."""
    index, *keys = path.split("|")

    def mutate(session, at):
        target = session[int(index)]
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        if value is None:
            target.pop(keys[-1], None)
        else:
            target[keys[-1]] = value
        return session, {}
    return mutate


def _swap(session, at):
    session[0], session[1] = session[1], session[0]
    session[0]["timestamp"], session[1]["timestamp"] = session[1]["timestamp"], session[0]["timestamp"]
    return session, {}


def _drop(index: int):
    return lambda session, at: ([s for n, s in enumerate(session) if n != index], {})


def _append(factory):
    return lambda session, at: ([*session, factory(at)], {})


def _in_mode(mode: str):
    def mutate(session, at):
        moded = replace(at, launch_mode=mode)
        return session, {"launch": moded}
    return mutate


def _earlier(verb: str, result: dict):
    def mutate(session, at):
        before = [make.statement(at, "initialized", -100),
                  make.statement(at, verb, -90, result=result, moveon=True),
                  make.statement(at, "terminated", -80, result={"duration": "PT20S"})]
        return session, {"earlier": before}
    return mutate


def _not_finished_without_terminated(session, at):
    return session[:-1], {}


PASSED_SCORE = {"score": {"scaled": 0.9}, "success": True, "duration": "PT1M"}
FAILED_SCORE = {"score": {"scaled": 0.5}, "success": False, "duration": "PT1M"}

# requirement -> (what breaks it, the mutation of a good Normal session with masteryScore 0.8)
BROKEN = {
    "9.1.0.0-1": ("an id that is not a UUID", _set("0|id", "statement-1")),
    "9.7.0.0-1": ("no timestamp", _set("1|timestamp", None)),
    "9.7.0.0-2": ("a timestamp in Taipei time", _set("1|timestamp", "2026-03-01T17:00:30.000+08:00")),
    "8.1.3.0-3": ("another actor", _set("1|actor", {"mbox": "mailto:someone@example.com"})),
    "9.2.0.0-2": ("a Group as actor", _set("0|actor|objectType", "Group")),
    "9.2.0.0-3": ("an actor without an account", _set("0|actor|account", None)),
    "9.6.1.0-1": ("another registration", _set("2|context|registration", "6f1c8d2e-0000-4000-8000-000000000000")),
    "9.6.3.1-4": ("no session id", _set(f"1|context|extensions|{SESSION_ID}", None)),
    "10.2.1.0-6": ("the template's grouping left out", _set("2|context|contextActivities|grouping", [])),
    "10.2.1.0-7": ("the template's session id overwritten", _set(f"2|context|extensions|{SESSION_ID}", "mine")),
    "9.6.2.1-1": ("completed without the cmi5 category",
                  _set("2|context|contextActivities|category", [{"id": MOVEON_CATEGORY}])),
    "9.3.0.0-1": ("a cmi5 defined 'launched' from the AU", _set("2|verb|id", VERBS["launched"])),
    "8.1.5.0-6": ("completed about another activity", _set("2|object|id", "https://lms.coursebuild.test/other")),
    "9.5.1.0-2": ("a score on completed", _set("2|result|score", {"scaled": 1})),
    "9.5.1.0-3": ("a raw score without min and max", _set("3|result|score", {"scaled": 0.9, "raw": 9})),
    "9.5.2.0-1": ("passed without success", _set("3|result|success", None)),
    "9.5.2.0-2": ("failed with success true", lambda s, at: _set("3|result", {**FAILED_SCORE, "success": True})(
        _set("3|verb|id", VERBS["failed"])(s, at)[0], at)),
    "9.5.2.0-3": ("success on terminated", _set("4|result|success", True)),
    "9.5.3.0-1": ("completed with completion false", _set("2|result|completion", False)),
    "9.5.3.0-2": ("completion on passed", _set("3|result|completion", True)),
    "9.5.4.1-1": ("terminated without duration", _set("4|result|duration", None)),
    "9.5.4.1-2": ("completed with a duration that is not ISO 8601", _set("2|result|duration", "60s")),
    "9.5.4.1-3": ("passed without duration", _set("3|result|duration", None)),
    "9.5.4.1-4": ("failed without duration", lambda s, at: _set("3|result", {"score": {"scaled": 0.5}, "success": False})(
        _set("3|verb|id", VERBS["failed"])(s, at)[0], at)),
    "9.6.2.2-1": ("passed without the moveOn category",
                  _set("3|context|contextActivities|category", [{"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}])),
    "9.6.2.2-2": ("initialized with the moveOn category",
                  _set("0|context|contextActivities|category", [
                      {"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}, {"id": MOVEON_CATEGORY}])),
    "9.6.3.2-2": ("passed without the masteryScore extension", _set(f"3|context|extensions|{MASTERY_SCORE}", None)),
    "9.3.4.0-2": ("passed below the mastery score", _set("3|result|score", {"scaled": 0.79})),
    "9.3.5.0-2": ("failed at the mastery score", lambda s, at: _set("3|result", {**FAILED_SCORE, "score": {"scaled": 0.8}})(
        _set("3|verb|id", VERBS["failed"])(s, at)[0], at)),
    "10.2.2.0-9": ("completed and passed in Browse mode", _in_mode("Browse")),
    "10.2.2.0-11": ("completed and passed in Review mode", _in_mode("Review")),
    "7.1.1.0-1": ("no initialized", _drop(0)),
    "9.3.0.0-4": ("an answer before initialized", _swap),
    "9.3.8.0-1": ("no terminated", _drop(4)),
    "9.3.0.0-5": ("completed after terminated", _set("2|timestamp", "2026-03-01T09:05:00.000Z")),
    "7.1.3.0-1": ("an answer after terminated", _append(lambda at: make.answer(at, 500))),
    "9.3.0.0-2": ("initialized twice", _append(lambda at: make.statement(at, "initialized", 61.5))),
    "9.3.0.0-3": ("passed then failed in one session",
                  _append(lambda at: make.statement(at, "failed", 61.6, result=FAILED_SCORE, moveon=True))),
    "9.3.0.0-6": ("completed in an earlier session too", _earlier("completed", {"completion": True, "duration": "PT9S"})),
    "9.3.0.0-7": ("passed in an earlier session too", _earlier("passed", PASSED_SCORE)),
    "9.3.0.0-8": ("failed after an earlier session's passed", lambda s, at: _earlier("passed", PASSED_SCORE)(
        _set("3|result", FAILED_SCORE)(_set("3|verb|id", VERBS["failed"])(s, at)[0], at)[0], at)),
    "coursebuild-answered": ("an answer whose object is not a cmi.interaction",
                             _set("1|object|definition|type", "http://adlnet.gov/expapi/activities/question")),
}


def test_every_rule_has_a_failing_example():
    assert {r.requirement for r in RULES} == set(BROKEN)


@pytest.mark.parametrize("requirement", list(BROKEN))
def test_each_rule_catches_its_failing_example(requirement):
    _, mutate = BROKEN[requirement]
    at = make.launch()
    session, options = mutate(copy.deepcopy(make.good_session(at)), at)
    found = check_session(session, options.pop("launch", at), **options)
    assert requirement in {v.requirement for v in found}, [str(v) for v in found]


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("interactionType", "essay", "not an xAPI interaction type"),
    ("correctResponsesPattern", None, "no correctResponsesPattern"),
    ("description", None, "no description"),
    ("choices", None, "choice interaction without choices"),
    ("scale", [{"id": "1", "description": {"en": "1"}}], "choice interaction with scale"),
])
def test_an_answer_is_a_complete_interaction(field, value, problem):
    at = make.launch()
    session = make.good_session(at)
    definition = session[1]["object"]["definition"]
    if value is None:
        del definition[field]
    else:
        definition[field] = value
    found = [v for v in check_session(session, at) if v.requirement == "coursebuild-answered"]
    assert any(problem in v.message for v in found), found


def test_a_running_session_is_not_blamed_for_its_missing_terminated():
    at = make.launch()
    assert check_session(make.good_session(at)[:-1], at, finished=False) == []


def test_violations_say_where_and_what():
    at = make.launch()
    session = make.good_session(at)
    del session[4]["result"]["duration"]
    [violation] = check_session(session, at)
    assert str(violation) == "9.5.4.1-1 (statement 4): terminated with result.duration None"


def _requests(*records: tuple[str, str, str, bool, float]) -> list[RequestRecord]:
    return [RequestRecord(*record) for record in records]


GOOD_REQUESTS = (("POST", "fetch", "", True, 0.1), ("GET", "state", "LMS.LaunchData", True, 0.2),
                 ("GET", "agents/profile", "cmi5LearnerPreferences", True, 0.3), ("POST", "statements", "", True, 0.4))


def test_the_requests_of_a_good_session_break_no_rule():
    assert check_requests(_requests(*GOOD_REQUESTS), initialized_at=0.4) == []


@pytest.mark.parametrize(("requirement", "records", "initialized_at"), [
    ("8.2.1.0-2", (("GET", "fetch", "", True, 0.1), *GOOD_REQUESTS[1:]), 0.4),
    ("8.1.2.0-5", (*GOOD_REQUESTS, ("PUT", "state", "progress", False, 0.5)), 0.4),
    ("10.2.1.0-5", (*GOOD_REQUESTS, ("PUT", "state", "LMS.LaunchData", True, 0.5)), 0.4),
    ("10.2.1.0-4", (GOOD_REQUESTS[0], *GOOD_REQUESTS[2:]), 0.4),
    ("11.0.0.0-3", (*GOOD_REQUESTS[:2], GOOD_REQUESTS[3], ("GET", "agents/profile", "cmi5LearnerPreferences", True, 0.9)),
     0.4),
])
def test_each_request_rule_catches_its_failing_example(requirement, records, initialized_at):
    found = check_requests(_requests(*records), initialized_at)
    assert requirement in {v.requirement for v in found}, found
