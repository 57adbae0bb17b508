"""Hand-written cmi5 statements for testing the rule checker and the test LMS: a good AU session, built the
way the spec describes one, that tests then break one rule at a time."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.cmi5.statement_rules import (
    CMI5_CATEGORY,
    INTERACTION_TYPE,
    MASTERY_SCORE,
    MOVEON_CATEGORY,
    SESSION_ID,
    VERBS,
    Launch,
)

ACTOR = {"objectType": "Agent", "account": {"homePage": "https://lms.coursebuild.test", "name": "learner-1"}}
PUBLISHER_ID = "urn:coursebuild:phone-basics:1.2.0:en:au"
ACTIVITY_ID = "https://lms.coursebuild.test/activities/au/1"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # sessions of the checker's own tests start here
_STARTS: dict[str, datetime] = {}  # sessions launched by the test LMS start when first used (after "launched")


def launch(mode: str = "Normal", mastery: float | None = 0.8, registration: str | None = None) -> Launch:
    session = str(uuid.uuid4())
    template = {"contextActivities": {"grouping": [{"id": PUBLISHER_ID}]}, "extensions": {SESSION_ID: session}}
    return Launch(ACTOR, registration or str(uuid.uuid4()), ACTIVITY_ID, session, template, mode, mastery)


def _start(at: Launch) -> datetime:
    if at.activity_id == ACTIVITY_ID:
        return START
    return _STARTS.setdefault(at.session_id, datetime.now(UTC) + timedelta(seconds=1))


def statement(at: Launch, verb: str, seconds: float, *, result: dict | None = None, defined: bool = True,
              moveon: bool = False, obj: dict | None = None) -> dict[str, Any]:
    """A statement made from the launch's context template, as an AU must (10.2.1)."""
    context = copy.deepcopy(at.context_template)
    context["registration"] = at.registration
    categories = ([{"id": CMI5_CATEGORY}] if defined else []) + ([{"id": MOVEON_CATEGORY}] if moveon else [])
    if categories:
        context["contextActivities"]["category"] = categories
    if verb in ("passed", "failed") and at.mastery_score is not None:
        context["extensions"][MASTERY_SCORE] = at.mastery_score
    made = {
        "id": str(uuid.uuid4()),
        "actor": copy.deepcopy(at.actor),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": obj or {"id": at.activity_id, "objectType": "Activity"},
        "context": context,
        "timestamp": (_start(at) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    if result is not None:
        made["result"] = result
    return made


def answer(at: Launch, seconds: float, question: str = "greet-q1", response: str = "b") -> dict[str, Any]:
    """A cmi5 allowed answer: the question as a cmi.interaction activity, the learner's response."""
    activity = {
        "id": f"{at.activity_id}/interactions/{question}",
        "objectType": "Activity",
        "definition": {
            "type": INTERACTION_TYPE, "interactionType": "choice",
            "name": {"en": question}, "description": {"en": "Which greeting names the company first?"},
            "correctResponsesPattern": ["b"],
            "choices": [{"id": "a", "description": {"en": "Hello?"}},
                        {"id": "b", "description": {"en": "Example Contact Centre, Sam speaking."}}],
        },
    }
    return statement(at, "answered", seconds, defined=False, obj=activity,
                     result={"response": response, "success": response == "b", "duration": "PT12S"})


def good_session(at: Launch, *, scaled: float = 0.9) -> list[dict[str, Any]]:
    """A Normal-mode session: initialized, an answer, completed, passed (or failed), terminated."""
    passed = at.mastery_score is None or scaled >= at.mastery_score
    score = {"scaled": scaled, "raw": round(scaled * 10), "min": 0, "max": 10}
    return [
        statement(at, "initialized", 0),
        answer(at, 30),
        statement(at, "completed", 60, result={"completion": True, "duration": "PT1M"}, moveon=True),
        statement(at, "passed" if passed else "failed", 61,
                  result={"score": score, "success": passed, "duration": "PT1M1S"}, moveon=True),
        statement(at, "terminated", 62, result={"duration": "PT1M2S"}),
    ]


def browse_session(at: Launch) -> list[dict[str, Any]]:
    """Browse and Review: initialized and terminated only (answers are still cmi5 allowed)."""
    return [statement(at, "initialized", 0), answer(at, 5),
            statement(at, "terminated", 10, result={"duration": "PT10S"})]
