"""Every run a scenario allows, as a graph of (node, meter values) states.

Meters make a scenario's paths depend on more than its nodes: the same node can offer different choices,
and a choice lead to different nodes, depending on the values so far. Because every meter is a whole
number kept within its range, the states are finite, and walking all of them from the start answers the
path questions exactly: which nodes and choices a run can reach, where a run can get stuck, which choices
can be taken twice in one run, the most points a run can earn and the longest a run can be. The walk
stops at MAX_STATES states (it then says so, and nothing is concluded from a partial walk).

Semantics (the runtime does the same): a choice is offered when its condition holds for the values on
arriving at its node; taking it applies its effects in order, each value clamped to its meter's range;
then its branches are tested in order on the new values, the first that holds giving the next node, and
`goto` when none does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from builder.structure.conditions import compile_condition
from builder.structure.scenario import Meter, Node, Step

MAX_STATES = 100_000

Values = tuple[int, ...]
Check = Callable[[Values], bool]


@dataclass
class _Move:
    condition: Check | None
    effects: tuple[tuple[int, int], ...]  # (meter position, change)
    branches: tuple[tuple[Check, int], ...]  # (condition, node index)
    goto: int
    points: int


@dataclass
class StateSpace:
    nodes: tuple[Node, ...]
    meters: tuple[Meter, ...]
    states: list[tuple[int, Values]]  # (node index, meter values); state 0 is the start
    edges: list[list[tuple[int, int]]]  # per state: (choice index, next state)
    complete: bool
    offered: set[tuple[int, int]] = field(default_factory=set)  # (node index, choice index)
    taken: set[tuple[int, int, int]] = field(default_factory=set)  # (node, choice, branch index or -1 for goto)

    def values(self, state: int) -> dict[str, int]:
        return dict(zip((m.id for m in self.meters), self.states[state][1], strict=True))

    def is_ending(self, state: int) -> bool:
        return self.nodes[self.states[state][0]].ending is not None


def explore(nodes: tuple[Node, ...], meters: tuple[Meter, ...], start: str, cap: int = MAX_STATES) -> StateSpace:
    """Breadth first from the start, so that the first state found at each node is one a short run reaches."""
    index = {node.id: i for i, node in enumerate(nodes)}
    meter_index = {meter.id: i for i, meter in enumerate(meters)}
    lows = tuple(m.minimum for m in meters)
    highs = tuple(m.maximum for m in meters)
    moves = [[_move(choice, index, meter_index) for choice in node.choices] for node in nodes]
    first = (index[start], tuple(m.start for m in meters))
    space = StateSpace(nodes, meters, [first], [[]], complete=True)
    states, edges = space.states, space.edges
    # Flags per node and choice (and branch, the goto last) rather than sets of tuples: this loop runs up to
    # a few hundred thousand times.
    offered = [[False] * len(node.choices) for node in nodes]
    taken = [[[False] * (len(c.branches) + 1) for c in node.choices] for node in nodes]
    known = {first: 0}
    queue = deque([0])
    while queue:
        state = queue.popleft()
        node, values = states[state]
        out = edges[state]
        for choice, move in enumerate(moves[node]):
            if move.condition is not None and not move.condition(values):
                continue
            offered[node][choice] = True
            new_values = values
            if move.effects:
                after = list(values)
                for position, change in move.effects:
                    after[position] = min(max(after[position] + change, lows[position]), highs[position])
                new_values = tuple(after)
            target, branch = move.goto, -1
            for number, (condition, destination) in enumerate(move.branches):
                if condition(new_values):
                    target, branch = destination, number
                    break
            taken[node][choice][branch] = True
            key = (target, new_values)
            following = known.get(key)
            if following is None:
                if len(states) >= cap:
                    space.complete = False
                    return space
                following = known[key] = len(states)
                states.append(key)
                edges.append([])
                queue.append(following)
            out.append((choice, following))
    space.offered = {(n, c) for n, flags in enumerate(offered) for c, flag in enumerate(flags) if flag}
    space.taken = {(n, c, b if b < len(flags) - 1 else -1) for n, choices in enumerate(taken)
                   for c, flags in enumerate(choices) for b, flag in enumerate(flags) if flag}
    return space


def _move(choice, index: dict[str, int], meter_index: dict[str, int]) -> _Move:
    return _Move(
        condition=compile_condition(choice.condition, meter_index) if choice.condition else None,
        effects=tuple((meter_index[meter], change) for meter, change in choice.effects),
        branches=tuple((compile_condition(b.condition, meter_index), index[b.goto]) for b in choice.branches),
        goto=index[choice.goto],
        points=choice.points,
    )


@dataclass
class Analysis:
    """What follows from a complete StateSpace."""

    component: list[int]  # per state: its strongly connected component
    components: list[list[int]]  # sinks first (reverse topological order)
    best: list[tuple[int, int] | None]  # per component: (most points to an ending, verdict rank) or None: stuck

    def value(self, state: int) -> tuple[int, int] | None:
        return self.best[self.component[state]]

    def on_loop(self, state: int, following: int) -> bool:
        return self.component[state] == self.component[following]


def analyse(space: StateSpace) -> Analysis:
    component, components = strongly_connected(space.edges)
    points = [[choice.points for choice in node.choices] for node in space.nodes]
    ranks = [node.ending.verdict.rank if node.ending else -1 for node in space.nodes]
    best: list[tuple[int, int] | None] = [None] * len(components)
    for number, members in enumerate(components):
        value = None
        for state in members:
            node = space.states[state][0]
            if ranks[node] >= 0:
                value = _better(value, (0, ranks[node]))
            for choice, following in space.edges[state]:
                later = best[component[following]]
                if later is None or component[following] == number:
                    continue  # a stuck state offers nothing; inside a loop no choice scores (checked)
                value = _better(value, (points[node][choice] + later[0], later[1]))
        best[number] = value
    return Analysis(component, components, best)


def _better(a: tuple[int, int] | None, b: tuple[int, int]) -> tuple[int, int]:
    return b if a is None or b > a else a


def model_path(space: StateSpace, analysis: Analysis) -> tuple[tuple[Step, ...], str]:
    """The shortest run, choices in written order on ties, that keeps to the best value at every step."""
    target = analysis.value(0)
    assert target is not None
    parents: dict[int, tuple[int, int]] = {0: (-1, -1)}
    queue = deque([0])
    while queue:
        state = queue.popleft()
        node = space.nodes[space.states[state][0]]
        if node.ending is not None:
            return _steps(space, parents, state), node.id
        value = analysis.value(state)
        for choice, following in space.edges[state]:
            after = analysis.value(following)
            if following in parents or after is None or value is None:
                continue
            if (node.choices[choice].points + after[0], after[1]) == value:
                parents[following] = (state, choice)
                queue.append(following)
    raise AssertionError("the best value always leads to an ending")


def _steps(space: StateSpace, parents: dict[int, tuple[int, int]], state: int) -> tuple[Step, ...]:
    steps: list[Step] = []
    while parents[state][0] != -1:
        previous, choice = parents[state]
        node = space.nodes[space.states[previous][0]]
        steps.append(Step(node.id, node.choices[choice].id))
        state = previous
    return tuple(reversed(steps))


def longest_run(space: StateSpace, analysis: Analysis) -> int | None:
    """The most choices one run can take; None when a run can go round a loop (and so has no bound)."""
    if any(len(members) > 1 for members in analysis.components):
        return None
    if any(following == state for state, out in enumerate(space.edges) for _, following in out):
        return None
    longest = [0] * len(space.states)
    for (state,) in analysis.components:  # sinks first: every following state is done already
        longest[state] = max((1 + longest[following] for _, following in space.edges[state]), default=0)
    return longest[0]


def strongly_connected(edges: list[list[tuple[int, int]]]) -> tuple[list[int], list[list[int]]]:
    """Tarjan's algorithm without recursion (a scenario can have 100,000 states): the component of each
    state, and the components in the order Tarjan closes them, which puts every component after all
    those it leads to."""
    count = len(edges)
    order = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    component = [-1] * count
    components: list[list[int]] = []
    stack: list[int] = []
    counter = 0
    for root in range(count):
        if order[root] != -1:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            state, position = work[-1]
            out = edges[state]
            if position < len(out):
                work[-1] = (state, position + 1)
                following = out[position][1]
                if order[following] == -1:
                    order[following] = low[following] = counter
                    counter += 1
                    stack.append(following)
                    on_stack[following] = True
                    work.append((following, 0))
                elif on_stack[following]:
                    low[state] = min(low[state], order[following])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[state])
            if low[state] == order[state]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = len(components)
                    members.append(member)
                    if member == state:
                        break
                components.append(members)
    return component, components
