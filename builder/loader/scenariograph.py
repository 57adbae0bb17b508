"""Checking a scenario as a graph: every problem with the line of the node or choice concerned.

First over the nodes alone (conditions ignored): nodes no path reaches, loops with no way out. Then over
every run (`builder.scenario.states`): what the conditions and meters really allow. Each check is listed,
with what it does not detect, in docs/scenarios.md ("What validate checks").
"""

from __future__ import annotations

from collections import deque

from builder.loader.schema import Context
from builder.scenario.ranges import outcomes
from builder.scenario.states import MAX_STATES, Analysis, StateSpace, analyse, explore, longest_run, model_path
from builder.structure.conditions import Condition
from builder.structure.scenario import Meter, Node, PathFacts, Verdict
from builder.wording import counted


def check_paths(nodes: tuple[Node, ...], meters: tuple[Meter, ...], start: str, ctx: Context,
                *, assessed: bool) -> PathFacts | None:
    """The scenario's path facts, or None after reporting why its paths are wrong."""
    errors = _Errors(ctx)
    impossible = _check_conditions(nodes, meters, errors)
    reachable = _check_static(nodes, start, errors)
    if errors.count:
        return None
    space = explore(nodes, meters, start)
    if not space.complete:
        errors.error(nodes[0].line, f"this scenario allows more than {MAX_STATES:,} different situations (a node "
                     "with a combination of meter values), too many to check every path",
                     "use fewer meters, narrower ranges (min/max) or coarser steps (+10 rather than +1)",
                     code="scenario-too-large")
        return None
    analysis = analyse(space)
    _check_runs(space, analysis, reachable, impossible, errors)
    if errors.count:
        return None
    best = analysis.value(0)
    assert best is not None  # a start from which no ending can be reached was reported as stuck
    steps, ending = model_path(space, analysis)
    facts = PathFacts(best[0], steps, ending, longest_run(space, analysis), len(space.states))
    _check_best_path(nodes, facts, errors, assessed=assessed)
    return facts if not errors.count else None


class _Errors:
    """Counts the errors of this scenario's checks (warnings do not stop the later checks)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.count = ctx, 0

    def error(self, line: int, message: str, hint: str, *, code: str) -> None:
        self.count += 1
        self.ctx.error(line, message, hint, code=code)

    def warning(self, line: int, message: str, hint: str, *, code: str) -> None:
        self.ctx.warning(line, message, hint, code=code)


def _conditions(nodes: tuple[Node, ...]) -> list[tuple[Node, int, int, Condition, int]]:
    """(node, choice index, branch index or -1 for the choice's own `if`, condition, line)."""
    found = []
    for node in nodes:
        for number, choice in enumerate(node.choices):
            if choice.condition is not None:
                found.append((node, number, -1, choice.condition, choice.condition.line or choice.line))
            for branch_number, branch in enumerate(choice.branches):
                found.append((node, number, branch_number, branch.condition, branch.condition.line or branch.line))
    return found


def _check_conditions(nodes: tuple[Node, ...], meters: tuple[Meter, ...], errors: _Errors) -> set[tuple[str, int, int]]:
    """Conditions that can never hold, or always hold, whatever the meters' values within their ranges."""
    impossible = set()
    for node, number, branch, condition, line in _conditions(nodes):
        result = outcomes(condition, meters)
        ranges = ", ".join(f"{m.id} {m.minimum} to {m.maximum}" for m in meters if m.id in condition.meters())
        if not result.can_hold:
            impossible.add((node.id, number, branch))
            errors.error(line, f"the condition '{condition.source}' can never hold: the meters stay within their "
                         f"ranges ({ranges})", "change the numbers, or the meters' min and max",
                         code="condition-never")
        elif not result.can_fail:
            errors.warning(line, f"the condition '{condition.source}' always holds (the meters stay within "
                           f"{ranges}), so it changes nothing", "remove it, or change its numbers",
                           code="condition-always")
    return impossible


def _check_static(nodes: tuple[Node, ...], start: str, errors: _Errors) -> set[str]:
    """Which nodes the start reaches, conditions ignored; reports those it does not and loops with no exit."""
    if not any(node.ending for node in nodes):
        errors.error(nodes[0].line, "this scenario has no ending, so no run can finish",
                     "make at least one node an ending: give it 'verdict: best' (or good, poor) and a 'debrief'",
                     code="no-ending")
        return set()
    following = {node.id: set(d for c in node.choices for d in c.destinations) for node in nodes}
    reachable = _reach(start, following)
    for node in nodes:
        if node.id in reachable:
            continue
        what = f"the ending '{node.id}'" if node.ending else f"the node '{node.id}'"
        errors.error(node.line, f"no path from the start reaches {what}",
                     f"let a choice lead here with 'goto: {node.id}', or delete it", code="unreachable")
    preceding: dict[str, set[str]] = {node.id: set() for node in nodes}
    for source, targets in following.items():
        for target in targets:
            preceding[target].add(source)
    can_end: set[str] = set()
    for ending in (node.id for node in nodes if node.ending):
        can_end |= _reach(ending, preceding)
    trapped = [node for node in nodes if node.id in reachable and node.id not in can_end and node.choices]
    reported: set[str] = set()
    for node in trapped:
        if node.id in reported:
            continue
        onward = _reach(node.id, following)
        loop = [n for n in trapped if n.id in onward and node.id in _reach(n.id, following)]
        if loop == [node] and node.id not in following[node.id]:
            continue  # not itself in a loop: it leads into one, reported at that loop's first node
        reported.update(n.id for n in loop)
        names = " → ".join(n.id for n in loop)
        errors.error(node.line, f"a loop with no way out: {names} lead only to each other (or to such a loop), so "
                     "a learner who gets here can never reach an ending",
                     "add a choice that leads towards an ending", code="no-way-out")
    return reachable


def _reach(start: str, following: dict[str, set[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for target in following.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _check_runs(space: StateSpace, analysis: Analysis, reachable: set[str], impossible: set[tuple[str, int, int]],
                errors: _Errors) -> None:
    nodes = space.nodes
    first_state: dict[int, int] = {}
    for state, (node, _) in enumerate(space.states):
        first_state.setdefault(node, state)
    dead_ends: set[int] = set()
    for state, (index, _) in enumerate(space.states):
        node = nodes[index]
        if node.ending is None and not space.edges[state] and index not in dead_ends:
            dead_ends.add(index)
            errors.error(node.line, f"a run can get stuck at node '{node.id}'{_when(space, state)}: the condition of "
                         "every one of its choices is false then", "add a choice without 'if:', or loosen a condition",
                         code="dead-end")
    _check_loops(space, analysis, errors)
    for index, node in enumerate(nodes):
        if node.id in reachable and index not in first_state:
            what = f"the ending '{node.id}'" if node.ending else f"the node '{node.id}'"
            errors.error(node.line, f"no run reaches {what}: the conditions on the way to it never allow it",
                         "check the 'if:' of the choices and branches that lead here, and the meters' effects",
                         code="unreachable")
            continue
        if index not in first_state:
            continue
        for number, choice in enumerate(node.choices):
            where = f"the choice '{choice.id}' of node '{node.id}'"
            if (index, number) not in space.offered:
                if (node.id, number, -1) not in impossible:
                    errors.error(choice.line, f"{where} is never offered: its condition '{choice.condition.source}' "
                                 f"never holds when a run reaches '{node.id}'",
                                 "loosen the condition, or change the effects of the choices before it",
                                 code="condition-never")
                continue
            for branch_number, branch in enumerate(choice.branches):
                if (index, number, branch_number) not in space.taken and (node.id, number, branch_number) not in impossible:
                    errors.warning(branch.line, f"this branch of {where} is never taken: '{branch.condition.source}' "
                                   "never holds after the choice (or an earlier branch always does)",
                                   "change or remove the branch", code="branch-never-taken")
            if choice.branches and (index, number, -1) not in space.taken:
                errors.warning(choice.line, f"{where} never uses its 'goto: {choice.goto}': a branch always applies",
                               "make the last branch the 'goto', or change a branch's condition",
                               code="branch-never-taken")
    _check_repeated_points(space, analysis, errors)


def _check_loops(space: StateSpace, analysis: Analysis, errors: _Errors) -> None:
    """Runs that can no longer reach any ending, reported once per closed loop of situations."""
    reported: set[frozenset[int]] = set()
    for members in analysis.components:
        if analysis.value(members[0]) is not None:
            continue
        state = members[0]
        closed = all(analysis.component[f] == analysis.component[state] for s in members for _, f in space.edges[s])
        node_indices = sorted({space.states[s][0] for s in members})
        if not closed or not space.edges[state]:
            continue  # it leads into another stuck part, reported there; or it is a dead end, reported already
        if frozenset(node_indices) in reported:
            continue
        reported.add(frozenset(node_indices))
        first = space.nodes[node_indices[0]]
        names = " → ".join(space.nodes[i].id for i in node_indices)
        errors.error(first.line, f"a run can go round {names} forever{_when(space, state)}: no ending can be "
                     "reached from there", "add a choice out of the loop, or change the conditions and effects "
                     "that keep it closed", code="no-way-out")


def _check_repeated_points(space: StateSpace, analysis: Analysis, errors: _Errors) -> None:
    reported: set[tuple[int, int]] = set()
    for state, out in enumerate(space.edges):
        index = space.states[state][0]
        for number, following in out:
            choice = space.nodes[index].choices[number]
            if choice.points and analysis.on_loop(state, following) and (index, number) not in reported:
                reported.add((index, number))
                node = space.nodes[index]
                errors.error(choice.line, f"the choice '{choice.id}' of node '{node.id}' gives {choice.points} "
                             f"points but can be taken again and again in one run{_when(space, state)}, so its "
                             "points would have no limit", "set its points to 0, or let a meter close the loop "
                             "(e.g. 'if: asked == 0' with 'effects: {asked: 1}')", code="points-in-loop")


def _when(space: StateSpace, state: int) -> str:
    values = space.values(state)
    if not values:
        return ""
    return " (for example when " + " and ".join(f"{name} is {value}" for name, value in values.items()) + ")"


def _check_best_path(nodes: tuple[Node, ...], facts: PathFacts, errors: _Errors, *, assessed: bool) -> None:
    ending = next(node for node in nodes if node.id == facts.model_ending)
    assert ending.ending is not None
    route = " → ".join([*(f"{step.node}:{step.choice}" for step in facts.model_path), ending.id])
    if ending.ending.verdict is Verdict.POOR:
        errors.error(ending.line, f"the best-scoring path ({counted(facts.best_points, 'point')}: {route}) ends on '{ending.id}', "
                  "whose verdict is poor: a learner who earns the most points would fail",
                     "give more points to the choices that lead to a good or best ending, or fewer to these",
                     code="best-path-fails")
    if assessed and facts.best_points == 0:
        errors.error(nodes[0].line, "this assessed scenario gives no points on any path, so it has no score",
                     "give 'points:' to the choices a skilled learner would make", code="scenario-no-points")
