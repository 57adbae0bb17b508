"""A branching scenario on paper: numbered sections a classroom plays without computers.

Every node is a section; so is the *consequence* of each choice that has one (its feedback shown at once,
its changes to the meters, or branches that depend on them), which the learner reads after choosing, as
the player shows it after a click. The start is section 1 and every other section gets a number in an
order shuffled from the scenario's id: reading the sections in order tells nothing, and no section sends
the reader simply to the next number when another order avoids it. The same scenario always gets the
same numbers, so the workbook, the guide's map and a trainer's notes agree from one build to the next.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from builder.builders.handbook.strings import Strings
from builder.structure.conditions import AllOf, AnyOf, Compare, Condition, Expr, Not
from builder.structure.scenario import CastMember, ChoiceEdge, FeedbackTiming, Node, Scenario

SHUFFLE_TRIES = 64  # orders tried until no section leads to the next number; the fewest such leads wins
PATH_BOXES_MAX = 24  # boxes for the section numbers a learner visits; a longer run writes on the line

SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}


@dataclass(frozen=True)
class Section:
    number: int
    anchor: str
    node: Node
    choice: ChoiceEdge | None = None  # set for the consequence of this choice of `node`

    @property
    def is_ending(self) -> bool:
        return self.choice is None and self.node.ending is not None


def has_consequence(choice: ChoiceEdge) -> bool:
    """A choice gets a section of its own when there is something to read or do after taking it."""
    immediate = choice.feedback is not None and choice.feedback_timing is FeedbackTiming.IMMEDIATE
    return bool(choice.effects or choice.branches or immediate)


def scenario_anchor(scenario: Scenario) -> str:
    return f"scenario-{scenario.id}"


def _node_anchor(scenario: Scenario, node: Node) -> str:
    return f"scenario-{scenario.id}-node-{node.id}"


def _choice_anchor(scenario: Scenario, node: Node, choice: ChoiceEdge) -> str:
    return f"scenario-{scenario.id}-choice-{node.id}-{choice.id}"


@dataclass(frozen=True)
class PrintedScenario:
    """A scenario's sections in number order, and where each choice and ending sends the reader."""

    scenario: Scenario
    sections: tuple[Section, ...]

    @cached_property
    def _by_anchor(self) -> dict[str, Section]:
        return {section.anchor: section for section in self.sections}

    def of_node(self, node_id: str) -> Section:
        return self._by_anchor[_node_anchor(self.scenario, self.scenario.node(node_id))]

    def of_choice(self, node: Node, choice: ChoiceEdge) -> Section:
        """Where taking `choice` sends the reader: its consequence, or the next node when it has none."""
        if has_consequence(choice):
            return self._by_anchor[_choice_anchor(self.scenario, node, choice)]
        return self.of_node(choice.goto)

    @property
    def start(self) -> Section:
        return self.sections[0]

    @cached_property
    def endings(self) -> tuple[Section, ...]:
        """The ending sections in number order; the debrief part letters them A, B, C in this order."""
        return tuple(section for section in self.sections if section.is_ending)

    def ending_letter(self, section: Section) -> str:
        return chr(ord("A") + self.endings.index(section))

    def ending_anchor(self, section: Section) -> str:
        return f"{section.anchor}-debrief"

    def targets(self, section: Section) -> tuple[Section, ...]:
        """Every section this one can send the reader to."""
        if section.choice is not None:
            return tuple(self.of_node(goto) for goto in section.choice.destinations)
        return tuple(self.of_choice(section.node, choice) for choice in section.node.choices)

    @cached_property
    def debrief_feedback(self) -> tuple[tuple[Section, ChoiceEdge], ...]:
        """Choices whose feedback waits for the debrief, with the section that offers them."""
        return tuple((section, choice) for section in self.sections if section.choice is None
                     for choice in section.node.choices
                     if choice.feedback is not None and choice.feedback_timing is FeedbackTiming.DEBRIEF)

    @property
    def path_boxes(self) -> int:
        """Boxes for the sections a run visits: each step can pass a node and a consequence section."""
        longest = self.scenario.facts.longest_run
        return PATH_BOXES_MAX if longest is None else min(PATH_BOXES_MAX, 2 * longest + 1)


def _key(scenario: Scenario, attempt: int, anchor: str) -> str:
    return hashlib.sha256(f"{scenario.id}\0{attempt}\0{anchor}".encode()).hexdigest()


def _numbered(scenario: Scenario, first: tuple[str, Node, ChoiceEdge | None],
              rest: list[tuple[str, Node, ChoiceEdge | None]], attempt: int) -> PrintedScenario:
    order = [first, *sorted(rest, key=lambda item: _key(scenario, attempt, item[0]))]
    return PrintedScenario(scenario, tuple(Section(n, anchor, node, choice)
                                           for n, (anchor, node, choice) in enumerate(order, start=1)))


def _next_number_leads(printed: PrintedScenario) -> int:
    return sum(1 for section in printed.sections
               if any(target.number == section.number + 1 for target in printed.targets(section)))


def printed_scenario(scenario: Scenario) -> PrintedScenario:
    """The scenario's sections, numbered: the start is 1, the rest in a fixed shuffled order."""
    items: list[tuple[str, Node, ChoiceEdge | None]] = []
    for node in scenario.nodes:
        items.append((_node_anchor(scenario, node), node, None))
        items.extend((_choice_anchor(scenario, node, choice), node, choice)
                     for choice in node.choices if has_consequence(choice))
    first = next(item for item in items if item[2] is None and item[1].id == scenario.start)
    rest = [item for item in items if item is not first]
    best: PrintedScenario | None = None
    best_leads = 0
    for attempt in range(SHUFFLE_TRIES):
        printed = _numbered(scenario, first, rest, attempt)
        leads = _next_number_leads(printed)
        if best is None or leads < best_leads:
            best, best_leads = printed, leads
        if leads == 0:
            break
    assert best is not None
    return best


def condition_text(condition: Condition, scenario: Scenario, language: str, strings: Strings) -> str:
    """A condition in the course language, with the meters' labels: "Ms Lin's trust ≥ 80"."""
    labels = {meter.id: meter.label[language] for meter in scenario.meters}
    return _expr_text(condition.tree, labels, strings, top=True)


def _expr_text(expr: Expr, labels: Mapping[str, str], strings: Strings, top: bool = False) -> str:
    if isinstance(expr, Compare):
        operands = [labels[o] if isinstance(o, str) else str(o) for o in (expr.left, expr.right)]
        return f"{operands[0]} {SYMBOLS[expr.op]} {operands[1]}"
    if isinstance(expr, Not):
        return strings("scenario.cond.not", part=_expr_text(expr.part, labels, strings))
    joiner = strings("scenario.cond.and" if isinstance(expr, AllOf) else "scenario.cond.or")
    assert isinstance(expr, AllOf | AnyOf)
    text = joiner.join(_expr_text(part, labels, strings) for part in expr.parts)
    return text if top else f"({text})"


def effects_text(choice: ChoiceEdge, scenario: Scenario, language: str, strings: Strings) -> str:
    """"Ms Lin's trust +20, patience −5"."""
    labels = {meter.id: meter.label[language] for meter in scenario.meters}
    return strings("list_sep").join(f"{labels[meter]} {change:+d}".replace("-", "−") for meter, change in choice.effects)


def with_page(strings: Strings, key: str, **values: object) -> tuple[str, str]:
    """A localized phrase that holds {page}, cut around it: the page number is CSS's target-counter, set
    between the two halves by the template."""
    marker = "\ue000"
    before, _, after = strings(key, page=marker, **values).partition(marker)
    return before, after


def pause_points(printed: PrintedScenario) -> tuple[Section, ...]:
    """Node sections where the choice matters for the score: their choices do not all earn the same points."""
    return tuple(section for section in printed.sections if section.choice is None and len(
        {choice.points for choice in section.node.choices}) > 1)


def model_steps(printed: PrintedScenario) -> tuple[tuple[Section, ChoiceEdge, Section], ...]:
    """The model path as (section of the node, the choice, the section it sends the reader to)."""
    scenario = printed.scenario
    steps = []
    for step in scenario.facts.model_path:
        node = scenario.node(step.node)
        choice = next(c for c in node.choices if c.id == step.choice)
        steps.append((printed.of_node(node.id), choice, printed.of_choice(node, choice)))
    return tuple(steps)


def model_edges(printed: PrintedScenario) -> frozenset[tuple[str, str]]:
    """The map's edges (section anchor → section anchor) the model path runs along."""
    scenario = printed.scenario
    visited = [printed.of_node(step.node) for step in scenario.facts.model_path]
    visited.append(printed.of_node(scenario.facts.model_ending))
    edges = set()
    for (section, _choice, target), after in zip(model_steps(printed), visited[1:], strict=True):
        edges.add((section.anchor, target.anchor))
        if target.choice is not None:
            edges.add((target.anchor, after.anchor))
    return frozenset(edges)


def page_phrase(strings: Strings, key: str, anchor: str, **values: object) -> Markup:
    """A localized phrase with its {page} printed by CSS's target-counter: the real page of `anchor`,
    found by WeasyPrint in the same layout."""
    before, after = with_page(strings, key, **values)
    return Markup('{}<a class="page-ref" href="#{}"></a>{}').format(before, anchor, after)


def speaker(scenario: Scenario, node: Node) -> CastMember | None:
    return next((member for member in scenario.cast if member.id == node.speaker), None)


def section_mark(number: int) -> str:
    """How the guide and its map name a workbook section: §12 (the same sign in every language)."""
    return f"§{number}"


def points_mark(points: int) -> str:
    return f"+{points}"
