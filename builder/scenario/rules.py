"""What the learner's runtime reads about a scenario, worked out once here (rules live in Python).

`scenario_rules` is language-neutral JSON: the graph by index, each condition as its tree (see
`builder.structure.conditions`), effects, points, verdicts, and the facts the loader computed (best
points, model path, how many steps a stored path holds). Texts per language are added beside it by
whichever builder shows the scenario. The runtime evaluates conditions and applies effects; it never
parses, searches paths or decides scoring rules.

Scoring (README, "Which score reaches the LMS"):
- a run's score is its points as a percentage of `best_points`; it passes when it ends on an ending
  whose verdict is best or good. The scenario's result is its best run: the passing run with the most
  points, or, when no run has passed yet, the run with the most points;
- a lesson with an assessed scenario scores (100 - weight)% of its quiz's percentage plus weight% of the
  scenario's, or the scenario's alone when it has no quiz (`lesson_shares`, `lesson_score`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from builder.structure.course import Lesson
from builder.structure.scenario import Scenario

# The runtime stores at most this many steps of the path taken (one character each; see
# builder/runtime/state.py). A longer run goes on; the stored path keeps its first steps.
MAX_STORED_STEPS = 64
MAX_ATTEMPTS_STORED = 99  # as for quizzes: a count above it is stored as 99


def stored_steps(scenario: Scenario) -> int:
    """The most steps the stored path can hold for this scenario: its longest run, or the cap when a run
    can loop (or is longer)."""
    longest = scenario.facts.longest_run
    return MAX_STORED_STEPS if longest is None else min(longest, MAX_STORED_STEPS)


def fingerprint(scenario: Scenario) -> str:
    """Changes whenever a stored state could mean something else: node and choice ids and order, where
    choices lead, the meters and their ranges, the start."""
    shape = [scenario.start,
             [[node.id, node.ending.verdict.value if node.ending else "",
               [[choice.id, *choice.destinations] for choice in node.choices]] for node in scenario.nodes],
             [[m.id, m.minimum, m.maximum, m.start] for m in scenario.meters]]
    return hashlib.sha256(json.dumps(shape, separators=(",", ":")).encode()).hexdigest()[:8]


def scenario_rules(scenario: Scenario) -> dict[str, Any]:
    node_index = {node.id: i for i, node in enumerate(scenario.nodes)}
    cast_index = {member.id: i for i, member in enumerate(scenario.cast)}
    return {
        "id": scenario.id,
        "fingerprint": fingerprint(scenario),
        "assessed": scenario.assessed,
        "weight": scenario.weight,
        "objectives": list(scenario.objectives),
        "attempts": scenario.attempts,
        "start": node_index[scenario.start],
        "meters": [{"id": m.id, "start": m.start, "min": m.minimum, "max": m.maximum} for m in scenario.meters],
        "nodes": [{
            "id": node.id,
            "speaker": cast_index[node.speaker] if node.speaker else -1,
            "verdict": node.ending.verdict.value if node.ending else None,
            "passes": node.ending.verdict.passes if node.ending else None,
            "choices": [{
                "id": choice.id,
                "if": choice.condition.as_json() if choice.condition else None,
                "points": choice.points,
                "effects": [[meter, change] for meter, change in choice.effects],
                "branches": [[branch.condition.as_json(), node_index[branch.goto]] for branch in choice.branches],
                "goto": node_index[choice.goto],
                "feedback": choice.feedback_timing.value,
            } for choice in node.choices],
        } for node in scenario.nodes],
        "bestPoints": scenario.facts.best_points,
        "modelPath": [[node_index[step.node], _choice_index(scenario, step.node, step.choice)]
                      for step in scenario.facts.model_path],
        "modelEnding": node_index[scenario.facts.model_ending],
        "storedSteps": stored_steps(scenario),
    }


def _choice_index(scenario: Scenario, node_id: str, choice_id: str) -> int:
    return next(i for i, c in enumerate(scenario.node(node_id).choices) if c.id == choice_id)


@dataclass(frozen=True)
class LessonShares:
    """How a lesson's score is made: percent from its quiz, percent from its assessed scenario."""

    quiz: int
    scenario: int
    scenario_id: str | None


def lesson_shares(lesson: Lesson) -> LessonShares:
    assessed = next((s for s in lesson.scenarios if s.assessed), None)
    if assessed is None:
        return LessonShares(100, 0, None)
    if lesson.quiz is None:
        return LessonShares(0, 100, assessed.id)
    return LessonShares(100 - assessed.weight, assessed.weight, assessed.id)


def scenario_percent(points: int, scenario: Scenario) -> int:
    """A run's score as a percentage ×100 (the runtime's unit for scores), rounded half up."""
    return (points * 10000 * 2 + scenario.facts.best_points) // (2 * scenario.facts.best_points)


def lesson_score(shares: LessonShares, quiz_percent: int | None, scenario_percent: int | None) -> int | None:
    """The lesson's score as a percentage ×100, once each part that counts has a result; None before."""
    if (shares.quiz and quiz_percent is None) or (shares.scenario and scenario_percent is None):
        return None
    total = shares.quiz * (quiz_percent or 0) + shares.scenario * (scenario_percent or 0)
    return (total * 2 + 100) // 200
