"""Conditions on scenario meters, as a small tree the learner's runtime evaluates.

A condition is parsed once, by the loader (`builder.loader.conditions`), into these frozen nodes. The
runtime never parses anything: it reads the JSON form (`as_json`) and evaluates it with the same
semantics as `holds` below, which the loader uses to check the scenario's paths.

JSON form (operands are a meter id, a text, or a whole number):
    [">=", "trust", 40]          a comparison: "<", "<=", ">", ">=", "==", "!="
    ["and", c1, c2, ...]          every part holds
    ["or", c1, c2, ...]           at least one part holds
    ["not", c]                    the part does not hold
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Operand = str | int  # a meter id, or a whole number

COMPARATORS: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}


@dataclass(frozen=True)
class Compare:
    op: str  # one of COMPARATORS
    left: Operand
    right: Operand

    def as_json(self) -> list:
        return [self.op, self.left, self.right]


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Expr, ...]

    def as_json(self) -> list:
        return ["and", *(part.as_json() for part in self.parts)]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Expr, ...]

    def as_json(self) -> list:
        return ["or", *(part.as_json() for part in self.parts)]


@dataclass(frozen=True)
class Not:
    part: Expr

    def as_json(self) -> list:
        return ["not", self.part.as_json()]


Expr = Compare | AllOf | AnyOf | Not


@dataclass(frozen=True)
class Condition:
    """A parsed condition and the text the author wrote (for messages and print)."""

    source: str
    tree: Expr
    line: int = 0  # where it is written, for messages

    def as_json(self) -> list:
        return self.tree.as_json()

    def meters(self) -> frozenset[str]:
        return frozenset(_meters(self.tree))

    def holds(self, values: Mapping[str, int]) -> bool:
        return _holds(self.tree, values)


def _meters(expr: Expr) -> list[str]:
    if isinstance(expr, Compare):
        return [o for o in (expr.left, expr.right) if isinstance(o, str)]
    if isinstance(expr, Not):
        return _meters(expr.part)
    return [meter for part in expr.parts for meter in _meters(part)]


def _value(operand: Operand, values: Mapping[str, int]) -> int:
    return values[operand] if isinstance(operand, str) else operand


def _holds(expr: Expr, values: Mapping[str, int]) -> bool:
    if isinstance(expr, Compare):
        return COMPARATORS[expr.op](_value(expr.left, values), _value(expr.right, values))
    if isinstance(expr, Not):
        return not _holds(expr.part, values)
    if isinstance(expr, AllOf):
        return all(_holds(part, values) for part in expr.parts)
    return any(_holds(part, values) for part in expr.parts)


def compile_condition(condition: Condition, meter_index: Mapping[str, int]) -> Callable[[tuple[int, ...]], bool]:
    """The condition as a function of the meters' values in declared order: the path checks call it for
    every (node, meter values) state, so it is built once instead of walking the tree each time."""
    return _compile(condition.tree, meter_index)


def _compile(expr: Expr, index: Mapping[str, int]) -> Callable[[tuple[int, ...]], bool]:
    if isinstance(expr, Compare):
        compare = COMPARATORS[expr.op]
        left, right = _operand(expr.left, index), _operand(expr.right, index)
        return lambda values: compare(left(values), right(values))
    if isinstance(expr, Not):
        part = _compile(expr.part, index)
        return lambda values: not part(values)
    parts = tuple(_compile(part, index) for part in expr.parts)
    if isinstance(expr, AllOf):
        return lambda values: all(p(values) for p in parts)
    return lambda values: any(p(values) for p in parts)


def _operand(operand: Operand, index: Mapping[str, int]) -> Callable[[tuple[int, ...]], int]:
    if isinstance(operand, str):
        position = index[operand]
        return lambda values: values[position]
    return lambda values: operand
