"""The cmi5 rules for what an AU sends, each a function named by its requirement id.

The ids are those of ADL's cmi5 requirements list (CATAPULT's `requirements/requirements.json`), numbered by
the section of the cmi5 spec (github.com/AICC/CMI-5_Spec_Current, cmi5_spec.md) they come from: 9.5.4.1-1 is
the first requirement of section 9.5.4.1. Two rules are coursebuild's own and say so: how an answer is
recorded ("answered" with a cmi.interaction activity, as the issue asks), and that the session's requests
were made the way sections 8, 10 and 11 require (see `check_requests`).

    violations = check_session(statements, launch)                       # one AU session, oldest first
    violations = check_session(later, launch, earlier=first_session)     # registration rules see earlier ones
    violations = check_session(so_far, launch, finished=False)           # a session still running

Each `Violation` names the requirement, the statement's index in the list given (-1: the session as a
whole) and what is wrong. `RULES` lists every rule; tests/cmi5/test_statement_rules.py has a failing example
for each. CATAPULT's LMS (player/service/plugins/routes/lrs.js) rejects the same statements.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
VERBS = {name: f"http://adlnet.gov/expapi/verbs/{name}"
         for name in ("launched", "initialized", "completed", "passed", "failed", "terminated", "answered")}
AU_VERBS = {VERBS[name] for name in ("initialized", "completed", "passed", "failed", "terminated")}
INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
                     "likert", "numeric", "other"}
# The components each interaction type may carry (xAPI 1.0.3, 2.4.4.1 "Interaction Components").
COMPONENTS = {"choice": {"choices"}, "sequencing": {"choices"}, "likert": {"scale"}, "matching": {"source", "target"},
              "performance": {"steps"}}
# xAPI durations: ISO 8601 PnYnMnDTnHnMnS or PnW (0.01 s precision is what LRSs keep).
_DURATION = re.compile(r"P(?:\d+W|(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?)\Z")
EARLIEST = datetime.min.replace(tzinfo=UTC)  # orders a statement without a timestamp first
_UTC = re.compile(r"(?:Z|[+-]00:?00|\+00)\Z")


@dataclass(frozen=True)
class Launch:
    """What the LMS gave the AU for one session (launch URL and LMS.LaunchData)."""

    actor: dict[str, Any]
    registration: str
    activity_id: str  # the LMS's id for the AU: the object of every cmi5 defined statement
    session_id: str
    context_template: dict[str, Any]
    launch_mode: str = "Normal"  # Normal | Browse | Review
    mastery_score: float | None = None


@dataclass(frozen=True)
class Violation:
    requirement: str
    statement: int  # index in the list checked; -1 for the session as a whole
    message: str

    def __str__(self) -> str:
        where = "session" if self.statement < 0 else f"statement {self.statement}"
        return f"{self.requirement} ({where}): {self.message}"


@dataclass
class Session:
    statements: list[dict[str, Any]]
    launch: Launch
    earlier: list[dict[str, Any]] = field(default_factory=list)  # this registration's earlier sessions, same AU
    finished: bool = True

    def ordered(self) -> list[tuple[int, dict[str, Any]]]:
        """(index, statement) by timestamp (the spec orders by it), ties in the order sent."""
        return sorted(enumerate(self.statements), key=lambda item: (_time(item[1]) or EARLIEST, item[0]))


@dataclass(frozen=True)
class Rule:
    requirement: str
    summary: str
    check: Callable[[Session], Iterator[tuple[int, str]]]


RULES: list[Rule] = []


def rule(requirement: str, summary: str) -> Callable:
    def register(check: Callable[[Session], Iterator[tuple[int, str]]]) -> Callable:
        RULES.append(Rule(requirement, summary, check))
        return check
    return register


def check_session(statements: list[dict[str, Any]], launch: Launch, *, earlier: list[dict[str, Any]] = (),
                  finished: bool = True) -> list[Violation]:
    session = Session(list(statements), launch, list(earlier), finished)
    return [Violation(r.requirement, index, message) for r in RULES for index, message in r.check(session)]


# ----- helpers -----

def _time(statement: dict[str, Any]) -> datetime | None:
    stamp = statement.get("timestamp")
    if not isinstance(stamp, str):
        return None
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # no offset: 9.7.0.0-2 says so; order it as UTC


def _categories(statement: dict[str, Any]) -> set[str]:
    listed = ((statement.get("context") or {}).get("contextActivities") or {}).get("category") or []
    return {a.get("id") for a in listed if isinstance(a, dict)}


def defined(statement: dict[str, Any]) -> bool:
    """A "cmi5 defined" statement: it carries the cmi5 category (7.1.3)."""
    return CMI5_CATEGORY in _categories(statement)


def _verb(statement: dict[str, Any]) -> str:
    return (statement.get("verb") or {}).get("id", "")


def _result(statement: dict[str, Any]) -> dict[str, Any]:
    return statement.get("result") or {}


def _defined_with(session: Session, *verbs: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, statement in enumerate(session.statements):
        if defined(statement) and (not verbs or _verb(statement) in {VERBS[v] for v in verbs}):
            yield index, statement


# ----- every statement -----

@rule("9.1.0.0-1", "every statement has an id in UUID form")
def statement_id(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        try:
            uuid.UUID(str(statement.get("id")))
        except ValueError:
            yield index, f"id {statement.get('id')!r} is not a UUID"


@rule("9.7.0.0-1", "every statement has a timestamp")
def timestamp(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        if _time(statement) is None:
            yield index, f"timestamp {statement.get('timestamp')!r} is missing or not ISO 8601"


@rule("9.7.0.0-2", "timestamps are in UTC")
def timestamp_utc(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        stamp = statement.get("timestamp")
        if _time(statement) is not None and not _UTC.search(stamp):
            yield index, f"timestamp {stamp!r} is not in UTC"


@rule("8.1.3.0-3", "the actor is the launch URL's actor")
def actor(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        if statement.get("actor") != session.launch.actor:
            yield index, f"actor {statement.get('actor')!r} is not the launch actor"


@rule("9.2.0.0-2", "the actor of a cmi5 defined statement is an Agent")
def actor_agent(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session):
        if (statement.get("actor") or {}).get("objectType", "Agent") != "Agent":
            yield index, "actor is not an Agent"


@rule("9.2.0.0-3", "the actor of a cmi5 defined statement has an account")
def actor_account(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session):
        account = (statement.get("actor") or {}).get("account") or {}
        if not (account.get("homePage") and account.get("name")):
            yield index, "actor has no account (homePage and name)"


@rule("9.6.1.0-1", "context.registration is the launch registration")
def registration(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        found = (statement.get("context") or {}).get("registration")
        if found != session.launch.registration:
            yield index, f"context.registration {found!r} is not {session.launch.registration!r}"


@rule("9.6.3.1-4", "every statement carries the session id extension")
def session_id(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        found = ((statement.get("context") or {}).get("extensions") or {}).get(SESSION_ID)
        if found != session.launch.session_id:
            yield index, f"session id {found!r} is not {session.launch.session_id!r}"


def _template_gaps(context: dict[str, Any], template: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    """(what, missing?) for each value of the template the context lacks (True) or holds otherwise (False)."""
    for key, wanted in template.items():
        if key not in context:
            yield key, True
        elif key == "contextActivities":
            for kind, activities in wanted.items():
                have = {a.get("id") for a in (context[key].get(kind) or []) if isinstance(a, dict)}
                for activity in activities:
                    if activity.get("id") not in have:
                        yield f"contextActivities.{kind} {activity.get('id')}", True
        elif isinstance(wanted, dict):
            for name, value in wanted.items():
                if name not in (context[key] or {}):
                    yield f"{key}.{name}", True
                elif context[key][name] != value:
                    yield f"{key}.{name}", False
        elif context[key] != wanted:
            yield key, False


@rule("10.2.1.0-6", "the context holds everything in LMS.LaunchData's contextTemplate")
def context_template(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        for what, missing in _template_gaps(statement.get("context") or {}, session.launch.context_template):
            if missing:
                yield index, f"context lacks the template's {what}"


@rule("10.2.1.0-7", "the context does not overwrite a contextTemplate value")
def context_template_kept(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        for what, missing in _template_gaps(statement.get("context") or {}, session.launch.context_template):
            if not missing:
                yield index, f"context overwrites the template's {what}"


@rule("9.6.2.1-1", "a statement with a cmi5 verb about the AU carries the cmi5 category")
def cmi5_category(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        about_au = (statement.get("object") or {}).get("id") == session.launch.activity_id
        if _verb(statement) in AU_VERBS and about_au and not defined(statement):
            yield index, f"{_verb(statement)} about the AU without the cmi5 category activity"


@rule("9.3.0.0-1", "a cmi5 defined statement uses one of the AU's cmi5 verbs")
def defined_verbs(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session):
        if _verb(statement) not in AU_VERBS:
            yield index, f"verb {_verb(statement)!r} is not a cmi5 verb an AU may send"


@rule("8.1.5.0-6", "the object of a cmi5 defined statement is the launch activityId")
def object_id(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session):
        found = (statement.get("object") or {}).get("id")
        if found != session.launch.activity_id:
            yield index, f"object id {found!r} is not the launch activityId"


# ----- results -----

@rule("9.5.1.0-2", "only passed and failed carry a score")
def score_verbs(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session, "initialized", "completed", "terminated"):
        if "score" in _result(statement):
            yield index, f"{_verb(statement)} carries a score"


@rule("9.5.1.0-3", "a raw score comes with min and max")
def score_range(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        score = _result(statement).get("score") or {}
        if "raw" in score and not ("min" in score and "max" in score):
            yield index, "score.raw without score.min and score.max"


@rule("9.5.2.0-1", "passed has result.success true")
def passed_success(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session, "passed"):
        if _result(statement).get("success") is not True:
            yield index, "passed without result.success: true"


@rule("9.5.2.0-2", "failed has result.success false")
def failed_success(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session, "failed"):
        if _result(statement).get("success") is not False:
            yield index, "failed without result.success: false"


@rule("9.5.2.0-3", "only passed and failed carry result.success")
def success_verbs(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session, "initialized", "completed", "terminated"):
        if "success" in _result(statement):
            yield index, f"{_verb(statement)} carries result.success"


@rule("9.5.3.0-1", "completed has result.completion true")
def completed_completion(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session, "completed"):
        if _result(statement).get("completion") is not True:
            yield index, "completed without result.completion: true"


@rule("9.5.3.0-2", "only completed carries result.completion")
def completion_verbs(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session, "initialized", "passed", "failed", "terminated"):
        if "completion" in _result(statement):
            yield index, f"{_verb(statement)} carries result.completion"


def _duration_rule(requirement: str, verb: str) -> None:
    @rule(requirement, f"{verb} has result.duration (ISO 8601)")
    def check(session: Session) -> Iterator[tuple[int, str]]:
        for index, statement in _defined_with(session, verb):
            duration = _result(statement).get("duration")
            if not isinstance(duration, str) or not _DURATION.match(duration):
                yield index, f"{verb} with result.duration {duration!r}"


for _requirement, _verb_name in (("9.5.4.1-1", "terminated"), ("9.5.4.1-2", "completed"), ("9.5.4.1-3", "passed"),
                                 ("9.5.4.1-4", "failed")):
    _duration_rule(_requirement, _verb_name)


@rule("9.6.2.2-1", "a cmi5 defined statement with success or completion carries the moveOn category")
def moveon_needed(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in _defined_with(session):
        result = _result(statement)
        if ("success" in result or "completion" in result) and MOVEON_CATEGORY not in _categories(statement):
            yield index, f"{_verb(statement)} without the moveOn category activity"


@rule("9.6.2.2-2", "no other statement carries the moveOn category")
def moveon_only_there(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        result = _result(statement)
        judged = defined(statement) and ("success" in result or "completion" in result)
        if MOVEON_CATEGORY in _categories(statement) and not judged:
            yield index, f"{_verb(statement)} carries the moveOn category activity"


@rule("9.6.3.2-2", "passed and failed carry the masteryScore they were judged by")
def mastery_extension(session: Session) -> Iterator[tuple[int, str]]:
    if session.launch.mastery_score is None:
        return
    for index, statement in _defined_with(session, "passed", "failed"):
        found = ((statement.get("context") or {}).get("extensions") or {}).get(MASTERY_SCORE)
        if not isinstance(found, int | float) or found != session.launch.mastery_score:
            yield index, f"masteryScore extension {found!r}, launch data {session.launch.mastery_score}"


def _scaled(statement: dict[str, Any]) -> float | None:
    scaled = (_result(statement).get("score") or {}).get("scaled")
    return float(scaled) if isinstance(scaled, int | float) else None


@rule("9.3.4.0-2", "a passed score reaches the masteryScore")
def passed_score(session: Session) -> Iterator[tuple[int, str]]:
    mastery = session.launch.mastery_score
    for index, statement in _defined_with(session, "passed"):
        scaled = _scaled(statement)
        if mastery is not None and scaled is not None and scaled < mastery:
            yield index, f"passed with score {scaled} below the masteryScore {mastery}"


@rule("9.3.5.0-2", "a failed score is below the masteryScore")
def failed_score(session: Session) -> Iterator[tuple[int, str]]:
    mastery = session.launch.mastery_score
    for index, statement in _defined_with(session, "failed"):
        scaled = _scaled(statement)
        if mastery is not None and scaled is not None and scaled >= mastery:
            yield index, f"failed with score {scaled} at or above the masteryScore {mastery}"


# ----- launch modes -----

def _mode_rule(requirement: str, mode: str) -> None:
    @rule(requirement, f"in {mode} mode only initialized and terminated are cmi5 defined")
    def check(session: Session) -> Iterator[tuple[int, str]]:
        if session.launch.launch_mode != mode:
            return
        for index, statement in _defined_with(session, "completed", "passed", "failed"):
            yield index, f"{_verb(statement)} sent in {mode} mode"


_mode_rule("10.2.2.0-9", "Browse")
_mode_rule("10.2.2.0-11", "Review")


# ----- the session's order -----

@rule("7.1.1.0-1", "the AU sends initialized")
def has_initialized(session: Session) -> Iterator[tuple[int, str]]:
    if session.statements and not any(True for _ in _defined_with(session, "initialized")):
        yield -1, "no initialized statement"


@rule("9.3.0.0-4", "initialized is the first statement")
def initialized_first(session: Session) -> Iterator[tuple[int, str]]:
    ordered = session.ordered()
    if ordered and any(True for _ in _defined_with(session, "initialized")):
        index, first = ordered[0]
        if not (defined(first) and _verb(first) == VERBS["initialized"]):
            yield index, f"{_verb(first)} comes before initialized"


@rule("9.3.8.0-1", "the AU sends terminated")
def has_terminated(session: Session) -> Iterator[tuple[int, str]]:
    if session.finished and session.statements and not any(True for _ in _defined_with(session, "terminated")):
        yield -1, "no terminated statement"


@rule("9.3.0.0-5", "terminated is the last statement")
def terminated_last(session: Session) -> Iterator[tuple[int, str]]:
    ordered = session.ordered()
    terminated = [position for position, (_, s) in enumerate(ordered)
                  if defined(s) and _verb(s) == VERBS["terminated"]]
    if terminated:
        for index, statement in ordered[terminated[0] + 1:]:
            yield index, f"{_verb(statement)} after terminated"


@rule("7.1.3.0-1", "cmi5 allowed statements come between initialized and terminated")
def allowed_inside(session: Session) -> Iterator[tuple[int, str]]:
    ordered = session.ordered()
    marks = [position for position, (_, s) in enumerate(ordered)
             if defined(s) and _verb(s) in (VERBS["initialized"], VERBS["terminated"])]
    first = next((p for p in marks if _verb(ordered[p][1]) == VERBS["initialized"]), None)
    last = next((p for p in marks if _verb(ordered[p][1]) == VERBS["terminated"]), None)
    for position, (index, statement) in enumerate(ordered):
        if defined(statement):
            continue
        if first is None or position < first or (last is not None and position > last):
            yield index, f"cmi5 allowed {_verb(statement)} outside initialized…terminated"


@rule("9.3.0.0-2", "no cmi5 defined verb twice in a session")
def no_duplicate_verbs(session: Session) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for index, statement in session.ordered():
        if defined(statement):
            if _verb(statement) in seen:
                yield index, f"{_verb(statement)} a second time in the session"
            seen.add(_verb(statement))


@rule("9.3.0.0-3", "not both passed and failed in a session")
def passed_or_failed(session: Session) -> Iterator[tuple[int, str]]:
    judged = [index for index, _ in sorted(_defined_with(session, "passed", "failed"),
                                           key=lambda item: (_time(item[1]) or EARLIEST, item[0]))]
    verbs = {_verb(session.statements[i]) for i in judged}
    if len(verbs) > 1:
        yield judged[-1], "both passed and failed in one session"


def _registration_rule(requirement: str, verb: str) -> None:
    @rule(requirement, f"at most one {verb} per registration")
    def check(session: Session) -> Iterator[tuple[int, str]]:
        before = sum(1 for s in session.earlier if defined(s) and _verb(s) == VERBS[verb])
        for count, (index, _) in enumerate(_defined_with(session, verb), start=before + 1):
            if count > 1:
                yield index, f"a {verb} statement already exists in this registration"


_registration_rule("9.3.0.0-6", "completed")
_registration_rule("9.3.0.0-7", "passed")


@rule("9.3.0.0-8", "no failed after passed in a registration")
def no_failed_after_passed(session: Session) -> Iterator[tuple[int, str]]:
    passed = any(defined(s) and _verb(s) == VERBS["passed"] for s in session.earlier)
    for index, statement in session.ordered():
        if defined(statement) and _verb(statement) == VERBS["passed"]:
            passed = True
        elif defined(statement) and _verb(statement) == VERBS["failed"] and passed:
            yield index, "failed after passed in this registration"


# ----- answers (coursebuild's rule, on the xAPI 1.0.3 interaction model) -----

@rule("coursebuild-answered", "an answer is a cmi5 allowed 'answered' statement about a cmi.interaction activity")
def answered(session: Session) -> Iterator[tuple[int, str]]:
    for index, statement in enumerate(session.statements):
        if _verb(statement) != VERBS["answered"]:
            continue
        if defined(statement):
            yield index, "answered carries the cmi5 category (it is cmi5 allowed, not defined)"
        definition = (statement.get("object") or {}).get("definition") or {}
        kind = definition.get("interactionType")
        if definition.get("type") != INTERACTION_TYPE:
            yield index, f"object type {definition.get('type')!r} is not {INTERACTION_TYPE}"
        if kind not in INTERACTION_TYPES:
            yield index, f"interactionType {kind!r} is not an xAPI interaction type"
        if not isinstance(definition.get("correctResponsesPattern"), list):
            yield index, "no correctResponsesPattern list"
        if not (isinstance(definition.get("description"), dict) and definition["description"]):
            yield index, "no description (the question text) in a language map"
        for name in ("choices", "scale", "source", "target", "steps"):
            if name in definition and name not in COMPONENTS.get(kind, set()):
                yield index, f"{kind} interaction with {name}"
        for name in COMPONENTS.get(kind, set()):
            if not definition.get(name):
                yield index, f"{kind} interaction without {name}"
        if not isinstance(_result(statement).get("response"), str):
            yield index, "no result.response"


# ----- the session's requests -----

@dataclass(frozen=True)
class RequestRecord:
    """One request the AU made to the LMS, as the test LMS logs it."""

    method: str
    resource: str  # fetch | statements | state | agents/profile | activities/profile | about | other
    document: str = ""  # stateId or profileId
    authorized: bool = True  # carried the session's auth token
    at: float = 0.0  # monotonic seconds


def check_requests(requests: list[RequestRecord], initialized_at: float | None) -> list[Violation]:
    """The AU's requests in one session against sections 8, 10 and 11: the token fetched by POST, every
    xAPI request authorized, LMS.LaunchData read and never written, learner preferences read before
    initialized. `initialized_at` is when the LMS received the initialized statement (None: never)."""
    found = []
    if not any(r.resource == "fetch" and r.method == "POST" for r in requests):
        found.append(Violation("8.2.1.0-2", -1, "the auth token was never fetched with POST"))
    for n, r in enumerate(requests):
        if r.resource == "fetch" and r.method != "POST":
            found.append(Violation("8.2.1.0-2", n, f"{r.method} to the fetch URL"))
        if r.resource not in ("fetch", "other") and not r.authorized:
            found.append(Violation("8.1.2.0-5", n, f"{r.method} {r.resource} without the auth token"))
        if r.resource == "state" and r.document == "LMS.LaunchData" and r.method != "GET":
            found.append(Violation("10.2.1.0-5", n, f"{r.method} of LMS.LaunchData"))
    if not any(r.resource == "state" and r.document == "LMS.LaunchData" and r.method == "GET" for r in requests):
        found.append(Violation("10.2.1.0-4", -1, "LMS.LaunchData was never read"))
    preferences = [r.at for r in requests
                   if r.resource == "agents/profile" and r.document == "cmi5LearnerPreferences" and r.method == "GET"]
    if not preferences or (initialized_at is not None and min(preferences) > initialized_at):
        found.append(Violation("11.0.0.0-3", -1, "learner preferences not read before initialized"))
    return found
