"""Can a condition hold, and can it fail, for some values of the meters within their ranges?

A comparison of a meter with a number changes truth only at that number, so testing each meter at its
minimum, its maximum and at c-1, c, c+1 for every number c it is compared with covers every case: the
answer is exact. A comparison between two meters is tested over every combination of their values when
there are at most MAX_COMBINATIONS of them, and is otherwise taken as able to go either way (so it is
never reported wrongly). Whether the values can actually be *reached* on the way to a choice is another
question, which `states` answers by walking every run.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from builder.structure.conditions import Compare, Condition, Expr, Not
from builder.structure.scenario import Meter

MAX_COMBINATIONS = 20_000


@dataclass(frozen=True)
class Outcomes:
    can_hold: bool
    can_fail: bool
    example: dict[str, int] | None = None  # values under which it fails, when it never holds: for messages


def outcomes(condition: Condition, meters: tuple[Meter, ...]) -> Outcomes:
    by_id = {m.id: m for m in meters}
    names = sorted(condition.meters())
    between_meters = _compares_meters(condition.tree)
    candidates: dict[str, set[int]] = {}
    for name in names:
        meter = by_id[name]
        if name in between_meters:
            values = set(range(meter.minimum, meter.maximum + 1))
        else:
            values = {meter.minimum, meter.maximum}
            for number in _numbers_against(condition.tree, name):
                values.update(v for v in (number - 1, number, number + 1) if meter.minimum <= v <= meter.maximum)
        candidates[name] = values
    total = 1
    for values in candidates.values():
        total *= len(values)
    if total > MAX_COMBINATIONS:
        return Outcomes(True, True)
    holds = fails = False
    example = None
    for combination in itertools.product(*(sorted(candidates[n]) for n in names)):
        values = dict(zip(names, combination, strict=True))
        if condition.holds(values):
            holds = True
        else:
            fails = True
            example = example or values
        if holds and fails:
            break
    return Outcomes(holds, fails, None if holds else example)


def _compares_meters(expr: Expr) -> set[str]:
    if isinstance(expr, Compare):
        return {expr.left, expr.right} if isinstance(expr.left, str) and isinstance(expr.right, str) else set()
    if isinstance(expr, Not):
        return _compares_meters(expr.part)
    return set().union(*(_compares_meters(part) for part in expr.parts))


def _numbers_against(expr: Expr, meter: str) -> list[int]:
    if isinstance(expr, Compare):
        if expr.left == meter and isinstance(expr.right, int):
            return [expr.right]
        if expr.right == meter and isinstance(expr.left, int):
            return [expr.left]
        return []
    if isinstance(expr, Not):
        return _numbers_against(expr.part, meter)
    return [n for part in expr.parts for n in _numbers_against(part, meter)]


__all__ = ["Outcomes", "outcomes"]
