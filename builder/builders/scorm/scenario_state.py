"""The scenario part of suspend_data, at its longest: it joins the suspend_data budget of each SCO.

The player stores it under the key "s", only in SCOs whose lessons have scenarios:

    "s": [[scenario state per scenario of the lesson, in file-name order] or 0, per lesson of the SCO]

    scenario state: [fingerprint, attempts used (capped at 99), best run's points or -1,
                     best run's ending (node index) or -1, current node index or -1 (no run under way),
                     [meter value per meter, in declared order], path]

The path is the run under way: one character per choice taken, the choice's index among its node's
choices in base 36 (a node has at most 20 choices), at most `stored_steps` characters (the scenario's
longest run, or 64 when a run can loop: see builder/scenario/rules.py). The node and the meters are
stored as well as the path, so a run longer than the stored path still resumes exactly. The fingerprint
is `rules.fingerprint`: a state made for another version of the scenario is dropped, not misread.
"""

from __future__ import annotations

from typing import Any

from builder.scenario.rules import MAX_ATTEMPTS_STORED, fingerprint, stored_steps
from builder.structure.course import Lesson
from builder.structure.scenario import Scenario


def worst_scenario_part(lessons: list[Lesson]) -> dict[str, Any]:
    """{"s": ...} at its longest for these lessons, or {} when none has a scenario (nothing is stored)."""
    if not any(lesson.scenarios for lesson in lessons):
        return {}
    return {"s": [[worst_scenario_state(s) for s in lesson.scenarios] if lesson.scenarios else 0
                  for lesson in lessons]}


def worst_scenario_state(scenario: Scenario) -> list[Any]:
    endings = [i for i, node in enumerate(scenario.nodes) if node.ending]
    return [
        fingerprint(scenario),
        MAX_ATTEMPTS_STORED,
        _widest(-1, scenario.facts.best_points),
        _widest(-1, max(endings)),
        _widest(-1, len(scenario.nodes) - 1),
        [_widest(m.minimum, m.maximum) for m in scenario.meters],  # no value in the range is written longer
        "0" * stored_steps(scenario),
    ]


def _widest(*numbers: int) -> int:
    return max(numbers, key=lambda n: len(str(n)))
