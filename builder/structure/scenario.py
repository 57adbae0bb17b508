"""Branching scenarios: a conversation the learner steers, one choice at a time, to an ending with a verdict.

Loaded from `lessons/<folder>/scenarios/<name>.yaml` (see docs/scenarios.md). Every id reference is
resolved and every path checked by the loader; what the runtime needs and cannot cheaply work out (the best
path's points, the model path, how long a run can get) is computed there once and stored in `facts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from builder.structure.conditions import Condition
from builder.structure.text import Text


class Verdict(StrEnum):
    BEST = "best"  # the outcome the scenario teaches towards
    GOOD = "good"  # acceptable: passes
    POOR = "poor"  # does not pass

    @property
    def passes(self) -> bool:
        return self is not Verdict.POOR

    @property
    def rank(self) -> int:
        """Higher is better; used to pick the model path among paths of equal points."""
        return {Verdict.POOR: 0, Verdict.GOOD: 1, Verdict.BEST: 2}[self]


class FeedbackTiming(StrEnum):
    IMMEDIATE = "immediate"  # shown as soon as the choice is made
    DEBRIEF = "debrief"  # shown only in the debrief at the end


@dataclass(frozen=True)
class Meter:
    """A named value choices change (the customer's trust, say); always kept within [minimum, maximum]."""

    id: str
    label: Text
    start: int
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Portrait:
    href: str  # an Asset of the lesson (Lesson.assets)
    alt: Text


@dataclass(frozen=True)
class CastMember:
    id: str
    name: Text
    role: Text
    portrait: Portrait | None = None


@dataclass(frozen=True)
class Branch:
    """Where a choice leads instead of its `goto` when `condition` holds after the choice's effects."""

    condition: Condition
    goto: str  # a node id
    line: int = 0


@dataclass(frozen=True)
class ChoiceEdge:
    id: str  # unique within its node
    text: Text
    goto: str  # the node it leads to when no branch applies
    points: int = 0
    condition: Condition | None = None  # offered only when it holds (tested before the effects)
    effects: tuple[tuple[str, int], ...] = ()  # (meter id, change), applied in order, each value clamped
    branches: tuple[Branch, ...] = ()  # tested in order after the effects; the first that holds decides
    feedback: Text | None = None
    feedback_timing: FeedbackTiming = FeedbackTiming.IMMEDIATE
    line: int = 0

    @property
    def destinations(self) -> tuple[str, ...]:
        return (*(b.goto for b in self.branches), self.goto)


@dataclass(frozen=True)
class Ending:
    verdict: Verdict
    debrief: Text  # safe HTML: what went well or not, shown at the end


@dataclass(frozen=True)
class Node:
    """A line of a character (`speaker` is a cast id) or narration (no speaker); an ending when `ending`
    is set, and then it has no choices."""

    id: str
    text: Text
    speaker: str | None = None
    choices: tuple[ChoiceEdge, ...] = ()
    ending: Ending | None = None
    line: int = 0


@dataclass(frozen=True)
class Step:
    node: str
    choice: str


@dataclass(frozen=True)
class PathFacts:
    """What the loader worked out over every run the scenario allows (each (node, meter values) state)."""

    best_points: int  # the most points any run can earn: a score is a percentage of this
    model_path: tuple[Step, ...]  # a run earning best_points, best verdict, fewest steps, earliest choices
    model_ending: str  # the ending node the model path reaches
    longest_run: int | None  # most choices a run can take; None when a run can go round a loop
    states: int  # (node, meter values) states explored


@dataclass(frozen=True)
class Scenario:
    id: str
    lesson: str  # the lesson id
    file: str  # the source file, relative to the course folder
    line: int
    title: Text
    intro: Text  # safe HTML: the setting, shown before the first node
    assessed: bool  # True: the lesson's assessed activity, its score counts by `weight`; False: practice
    weight: int  # percent of the lesson score (0 for practice)
    objectives: tuple[str, ...]  # objective ids of the lesson it assesses
    attempts: int  # 0 means unlimited
    cast: tuple[CastMember, ...]
    meters: tuple[Meter, ...]
    nodes: tuple[Node, ...]
    start: str  # the first node's id
    facts: PathFacts

    def node(self, node_id: str) -> Node:
        return next(node for node in self.nodes if node.id == node_id)

    @property
    def endings(self) -> tuple[Node, ...]:
        return tuple(node for node in self.nodes if node.ending)
