"""A scenario as the player reads it: the language-neutral rules (builder/scenario/rules.py) with the texts of
one language beside them, by the same indices. The player shows these; it decides nothing the rules decide."""

from __future__ import annotations

from typing import Any

from builder.runtime.units import text_in
from builder.scenario.rules import scenario_rules
from builder.structure import Course
from builder.structure.scenario import Scenario
from builder.structure.text import Text


def scenario_data(scenario: Scenario, course: Course, language: str) -> dict[str, Any]:
    def t(text: Text | None) -> str:
        return text_in(text, language, course) if text is not None else ""

    data = scenario_rules(scenario)
    data["title"] = t(scenario.title)
    data["intro"] = t(scenario.intro)  # safe HTML from the model
    data["cast"] = [{"name": t(m.name), "role": t(m.role),
                     "portrait": {"src": m.portrait.href, "alt": t(m.portrait.alt)} if m.portrait else None}
                    for m in scenario.cast]
    for meter, source in zip(data["meters"], scenario.meters, strict=True):
        meter["label"] = t(source.label)
    for node, source in zip(data["nodes"], scenario.nodes, strict=True):
        node["text"] = t(source.text)
        node["debrief"] = t(source.ending.debrief) if source.ending else ""  # safe HTML
        for choice, edge in zip(node["choices"], source.choices, strict=True):
            choice["text"] = t(edge.text)
            choice["feedbackText"] = t(edge.feedback)
    return data
