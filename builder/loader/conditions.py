"""Parsing scenario conditions (`if: trust >= 60 and not patience < 20`) with a real grammar, never eval.

The grammar (also in docs/scenarios.md):

    condition   := disjunction
    disjunction := conjunction ("or" conjunction)*
    conjunction := negation ("and" negation)*
    negation    := "not" negation | comparison | "(" disjunction ")"
    comparison  := operand ("<" | "<=" | ">" | ">=" | "==" | "!=") operand
    operand     := meter id | whole number (optionally negative)

`and` binds tighter than `or`, `not` tighter than both. Lark's LALR parser reads it; the tree becomes the
frozen nodes of `builder.structure.conditions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from builder.structure.conditions import AllOf, AnyOf, Compare, Condition, Expr, Not

KEYWORDS = ("and", "or", "not")
MAX_LENGTH = 500
MAX_NUMBER = 9999  # the widest a meter's range may be (see sources.SCENARIO_FILE)

_GRAMMAR = r"""
?start: disjunction
?disjunction: conjunction (_OR conjunction)*
?conjunction: negation (_AND negation)*
?negation: _NOT negation -> negate
         | comparison
         | "(" disjunction ")"
comparison: operand COMPARATOR operand
?operand: NUMBER | METER
COMPARATOR: "<=" | ">=" | "==" | "!=" | "<" | ">"
_OR: "or"
_AND: "and"
_NOT: "not"
METER: /[a-z][a-z0-9]*(?:-[a-z0-9]+)*/
NUMBER: /-?[0-9]+/
%ignore /[ \t]+/
"""


@cache
def _parser() -> Lark:
    """Built on the first condition read, not at import: a course without scenarios never pays for it."""
    return Lark(_GRAMMAR, parser="lalr", propagate_positions=False, maybe_placeholders=False)


_EXPECTED = {
    "COMPARATOR": "a comparison (<, <=, >, >=, == or !=)", "NUMBER": "a number", "METER": "a meter",
    "_AND": "'and'", "_OR": "'or'", "_NOT": "'not'", "LPAR": "'('", "RPAR": "')'", "$END": "the end",
}

# Habits from spreadsheets and programming languages, and full-width forms typed with a CJK input method.
_MISTAKES = {
    "=": "to test equality write '==' (a single '=' is not a comparison)",
    "&": "write 'and' instead of '&&'", "|": "write 'or' instead of '||'", "!": "write 'not' (or '!=' for 'is not')",
    ".": "conditions compare whole numbers: write 4 or 5, not 4.5",
    "＞": "use the ASCII signs < > = (switch the input method to half-width)",
    "＜": "use the ASCII signs < > = (switch the input method to half-width)",
    "＝": "use the ASCII signs < > = (switch the input method to half-width)",
    "（": "use ASCII parentheses ( )", "）": "use ASCII parentheses ( )",
}


@dataclass(frozen=True)
class ConditionProblem:
    message: str
    hint: str


def parse_condition(text: str) -> Condition | ConditionProblem:
    """The condition, or what is wrong with it in words an author understands."""
    source = " ".join(text.split())
    if not source:
        return ConditionProblem("the condition is empty", "write a condition such as 'trust >= 60', or remove 'if:'")
    if len(source) > MAX_LENGTH:
        return ConditionProblem(f"the condition is {len(source)} characters long; at most {MAX_LENGTH} are allowed",
                                "split the idea over several choices or meters")
    try:
        tree = _parser().parse(source)
    except UnexpectedInput as error:
        return _problem(source, error)
    condition = Condition(source, _expr(tree))
    too_large = [n for n in _numbers(condition.tree) if abs(n) > MAX_NUMBER]
    if too_large:
        return ConditionProblem(f"the number {too_large[0]} in the condition '{source}' is too large",
                                f"meters stay between -{MAX_NUMBER} and {MAX_NUMBER}")
    return condition


def _problem(source: str, error: UnexpectedInput) -> ConditionProblem:
    column = max(getattr(error, "column", 1) or 1, 1)
    expected = _expected(error)
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        return ConditionProblem(f"the condition '{source}' stops too early: {expected} is missing at the end",
                                "complete it, e.g. 'trust >= 60'")
    if isinstance(error, UnexpectedCharacters):
        found = source[column - 1: column]
    else:
        found = str(error.token) if isinstance(error, UnexpectedToken) else source[column - 1: column]
    hint = _MISTAKES.get(found[:1], "")
    if not hint and found[:1].isupper():
        hint = "meter ids and the words and/or/not are written in lowercase"
    if not hint and isinstance(error, UnexpectedToken) and error.token.type == "COMPARATOR":
        hint = "compare two things at a time: write '0 < trust and trust < 50', not '0 < trust < 50'"
    if not hint and isinstance(error, UnexpectedToken) and error.token.type in ("_AND", "_OR", "RPAR", "$END"):
        hint = "each side of and/or must be a comparison such as 'trust >= 60'"
    return ConditionProblem(
        f"the condition '{source}' cannot be read at character {column} ('{found}'): {expected} was expected there",
        hint or "write comparisons of meters and numbers joined by and, or, not, e.g. 'trust >= 60 and not angry > 2'")


def _expected(error: UnexpectedInput) -> str:
    names = getattr(error, "expected", None) or getattr(error, "allowed", None) or set()
    words = sorted({_EXPECTED.get(name, name) for name in names})
    if not words:
        return "something else"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _expr(node: Tree | Token) -> Expr:
    if isinstance(node, Token):
        raise ValueError(f"a bare operand cannot be a condition: {node}")  # the grammar never yields one
    children = node.children
    if node.data == "comparison":
        left, op, right = children
        return Compare(str(op), _operand(left), _operand(right))
    if node.data == "negate":
        return Not(_expr(children[0]))
    parts = tuple(_expr(child) for child in children)
    return AllOf(parts) if node.data == "conjunction" else AnyOf(parts)


def _numbers(expr: Expr) -> list[int]:
    if isinstance(expr, Compare):
        return [o for o in (expr.left, expr.right) if isinstance(o, int)]
    if isinstance(expr, Not):
        return _numbers(expr.part)
    return [n for part in expr.parts for n in _numbers(part)]


def _operand(token: Token) -> str | int:
    return int(token) if token.type == "NUMBER" else str(token)
