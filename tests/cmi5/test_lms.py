"""The test LMS in front of Ralph, driven the way an AU drives an LMS (plain HTTP, no browser): launch URL,
one-time token, LMS.LaunchData, learner preferences, the AU's state, statements that really land in the
LRS, the cmi5 rules enforced, and the faults the AU must survive."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.cmi5 import statements as make
from tests.cmi5.conftest import example_package
from tests.cmi5.lms import ACTOR, Cmi5Lms, Session
from tests.cmi5.statement_rules import SESSION_ID, VERBS, check_requests, check_session
from tests.cmi5.xapi_validator import xapi_problems


class Au:
    """What an AU does over HTTP, by the launch URL alone."""

    def __init__(self, url: str) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        self.endpoint, self.fetch_url = query["endpoint"], query["fetch"]
        self.actor, self.registration, self.activity_id = json.loads(query["actor"]), query["registration"], query["activityId"]
        self.token = ""

    def call(self, method: str, url: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        headers = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}
        if token if token is not None else self.token:
            headers["Authorization"] = "Basic " + (token if token is not None else self.token)
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            text, status = error.read(), error.code
        try:
            return status, json.loads(text) if text else None
        except ValueError:
            return status, text.decode(errors="replace")

    def fetch(self) -> tuple[int, Any]:
        status, body = self.call("POST", self.fetch_url)
        if status == 200 and isinstance(body, dict) and "auth-token" in body:
            self.token = body["auth-token"]
        return status, body

    def state_url(self, state_id: str) -> str:
        return self.endpoint + "activities/state?" + urlencode({
            "activityId": self.activity_id, "agent": json.dumps(self.actor), "registration": self.registration,
            "stateId": state_id})

    def preferences_url(self, agent: dict | None = None) -> str:
        return self.endpoint + "agents/profile?" + urlencode({"agent": json.dumps(agent or self.actor),
                                                                "profileId": "cmi5LearnerPreferences"})

    def start(self) -> dict:
        """Token, launch data and learner preferences, as an AU starts (8.2, 10, 11)."""
        assert self.fetch()[0] == 200
        status, launch_data = self.call("GET", self.state_url("LMS.LaunchData"))
        assert status == 200
        assert self.call("GET", self.preferences_url())[0] == 200
        return launch_data

    def send(self, statements: list[dict]) -> tuple[int, Any]:
        return self.call("POST", self.endpoint + "statements", statements)


@pytest.fixture
def lms(cmi5_lms: Cmi5Lms, example_course) -> Cmi5Lms:
    cmi5_lms.import_package(*example_package(example_course))
    return cmi5_lms


def test_the_launch_url_carries_the_five_parameters(lms):
    session = lms.launch(0)
    parts = urlsplit(session.url)
    assert parts.path.endswith("/content/course/sco-greeting.html")
    au = Au(session.url)
    assert au.endpoint == lms.url + "xapi/"
    assert au.actor == ACTOR and au.registration == session.registration
    assert au.activity_id == session.activity_id != lms.aus[0].publisher_id  # 8.1.5.0-3
    assert lms.launch(0, registration=session.registration).activity_id == session.activity_id  # 8.1.5.0-4
    with urllib.request.urlopen(session.url, timeout=10) as response:  # the AU's page itself
        assert b"<html" in response.read().lower()


def test_the_auth_token_is_given_once(lms):
    au = Au(lms.launch(0).url)
    assert au.call("GET", au.fetch_url)[0] == 405
    status, body = au.fetch()
    assert status == 200 and body["auth-token"]
    assert au.call("POST", au.fetch_url) == (200, {"error-code": "1", "error-text":
                                                   "The authorization token has already been returned."})


def test_launch_data_and_preferences_are_readable_only_with_the_token(lms):
    session = lms.launch(1, launch_mode="Review", language_preference="zh-Hant,en", return_url=None)
    au = Au(session.url)
    assert au.call("GET", au.state_url("LMS.LaunchData"), token="bm90IGEgdG9rZW4=")[0] == 401
    launch_data = au.start()
    assert launch_data == {
        "contextTemplate": {"contextActivities": {"grouping": [{"id": lms.aus[1].publisher_id}]},
                            "extensions": {SESSION_ID: session.id}},
        "launchMode": "Review", "moveOn": lms.aus[1].move_on, "masteryScore": lms.aus[1].mastery_score}
    assert au.call("GET", au.preferences_url())[1] == {"languagePreference": "zh-Hant,en", "audioPreference": "off"}
    assert au.call("PUT", au.state_url("LMS.LaunchData"), {"launchMode": "Normal"})[0] == 403
    assert au.call("PUT", au.preferences_url(), {"languagePreference": "en", "audioPreference": "on"})[0] == 403
    assert au.call("GET", au.preferences_url({"mbox": "mailto:other@example.com"}))[0] == 403
    # What this test did wrong on purpose: a request with a bad token, and a PUT of LMS.LaunchData.
    assert {v.requirement for v in check_requests(session.requests, None)} == {"8.1.2.0-5", "10.2.1.0-5"}
    assert lms.launch(0).rules.mastery_score == lms.aus[0].mastery_score


def test_the_return_url_is_the_lms_page(lms):
    session = lms.launch(0)
    au = Au(session.url)
    assert au.start()["returnURL"] == f"{lms.url}return/{session.id}"
    urllib.request.urlopen(session.return_url, timeout=10).read()
    assert lms.returned == {session.id}


def test_the_au_keeps_its_own_state(lms):
    au = Au(lms.launch(0).url)
    au.start()
    url = au.state_url("coursebuild.progress")
    assert au.call("GET", url)[0] == 404
    assert au.call("PUT", url, {"page": 3})[0] == 204
    assert au.call("POST", url, {"quiz": [1, 0]})[0] == 204
    assert au.call("GET", url) == (200, {"page": 3, "quiz": [1, 0]})
    assert au.call("GET", au.endpoint + "activities/state?" + urlencode({
        "activityId": au.activity_id, "agent": json.dumps(au.actor), "registration": au.registration}))[1] == [
        "LMS.LaunchData", "coursebuild.progress"]
    assert au.call("DELETE", url)[0] == 204 and au.call("GET", url)[0] == 404


def test_statements_land_in_ralph_and_follow_the_rules(lms):
    session = lms.launch(0)
    au = Au(session.url)
    au.start()
    sent = make.good_session(session.rules)
    for made in sent:  # one by one, as an AU sends them
        status, ids = au.send([made])
        assert status == 200 and ids == [made["id"]], ids
    stored = lms.statements(session)
    assert [s["verb"]["id"] for s in stored] == [VERBS["launched"], *(s["verb"]["id"] for s in sent)]
    assert stored[0]["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/launchmode"] == "Normal"
    mine = lms.au_statements(session)
    assert check_session(mine, session.rules) == []
    assert xapi_problems(mine) == []
    assert check_requests(session.requests, session.initialized_at) == []


@pytest.mark.parametrize(("requirement", "break_it"), [
    ("9.5.2.0-1", lambda s: s[3]["result"].pop("success")),
    ("7.1.3.0-1", lambda s: s.insert(0, s.pop(1))),  # an answer sent before initialized
    ("10.2.1.0-6", lambda s: s[2]["context"]["contextActivities"].pop("grouping")),
])
def test_a_statement_that_breaks_a_rule_is_refused_and_not_stored(lms, requirement, break_it):
    session = lms.launch(0)
    au = Au(session.url)
    au.start()
    sent = make.good_session(session.rules)
    break_it(sent)
    statuses = [au.send([made]) for made in sent]
    refused = [body for status, body in statuses if status == 400]
    assert refused and any(v.startswith(requirement) for v in refused[0]["violations"]), refused
    assert {s["id"] for s in lms.au_statements(session)} == {s["id"] for s in session.statements}


def test_a_parameter_a_resource_does_not_take_is_refused(lms):
    """xAPI 1.0.3 Part 3 3.2, as a conformant LRS applies it (CATAPULT's player passes the query on to its LRS):
    a statement POST with `agent` in its query is refused with 400 and stores nothing."""
    session = lms.launch(0)
    au = Au(session.url)
    au.start()
    initialized = make.statement(session.rules, "initialized", 0)
    status, body = au.call("POST", au.endpoint + "statements?" + urlencode({"agent": json.dumps(au.actor)}),
                           [initialized])
    assert (status, body["requirement"]) == (400, "xAPI 1.0.3 Part 3 3.2") and "agent" in body["message"]
    status, _ = au.call("GET", au.state_url("LMS.LaunchData") + "&colour=blue")
    assert status == 400
    assert lms.au_statements(session) == []
    assert au.send([initialized])[0] == 200


def test_initialized_before_reading_the_learner_preferences_is_refused(lms):
    session = lms.launch(0)
    au = Au(session.url)
    au.fetch()
    status, body = au.send([make.statement(session.rules, "initialized", 0)])
    assert (status, body["requirement"]) == (400, "11.0.0.0-3")


def test_after_terminated_the_token_is_dead(lms):
    session = lms.launch(0)
    au = Au(session.url)
    au.start()
    au.send(make.browse_session(session.rules))
    assert session.terminated
    assert au.call("GET", au.state_url("LMS.LaunchData"))[0] == 401


def test_a_relaunch_abandons_the_session_that_never_terminated(lms):
    first = lms.launch(0)
    au = Au(first.url)
    au.start()
    au.send([make.statement(first.rules, "initialized", 0)])
    second = lms.launch(0, registration=first.registration)
    assert first.abandoned and second.active
    assert [s["verb"]["id"] for s in lms.statements(first)][-1] == "https://w3id.org/xapi/adl/verbs/abandoned"
    assert au.send([make.statement(first.rules, "terminated", 5, result={"duration": "PT5S"})])[0] == 401


def test_faults_lrs_down_for_a_while(lms):
    session = lms.launch(0)
    au = Au(session.url)
    au.start()
    lms.lrs_down(0.5)
    assert au.send([make.statement(session.rules, "initialized", 0)])[0] == 503
    assert au.call("GET", au.state_url("LMS.LaunchData"))[0] == 503
    time.sleep(0.6)
    assert au.send([make.statement(session.rules, "initialized", 0)])[0] == 200


@pytest.mark.parametrize("http_status", [None, 500])
def test_faults_a_token_fetch_that_fails_then_works(lms, http_status):
    au = Au(lms.launch(0).url)
    lms.fail_fetch(http_status=http_status)
    status, body = au.fetch()
    if http_status is None:
        assert (status, body["error-code"]) == (200, "3")
    else:
        assert status == 500
    assert au.fetch()[0] == 200 and au.token


def test_the_frame_page_opens_the_au(lms):
    session = lms.launch(0)
    with urllib.request.urlopen(lms.frame_url(session), timeout=10) as response:
        page = response.read().decode()
    assert 'id="au"' in page and session.url.split("?")[0] in page


def test_a_broken_package_is_refused(cmi5_lms, example_course):
    xml, files = example_package(example_course)
    del files["sco-greeting.html"]
    with pytest.raises(ValueError, match=r"14\.1\.0\.0-3"):
        cmi5_lms.import_package(xml, files)


def test_two_lms_share_one_ralph_without_mixing_registrations(ralph, example_course):
    first, second = Cmi5Lms(ralph).start(), Cmi5Lms(ralph).start()
    try:
        sessions: list[Session] = []
        for lms in (first, second):
            lms.import_package(*example_package(example_course))
            sessions.append(lms.launch(0))
        assert [len(lms.statements(s)) for lms, s in zip((first, second), sessions, strict=True)] == [1, 1]
    finally:
        first.stop()
        second.stop()
