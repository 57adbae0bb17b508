"""YAML files turned into trees that remember where each value was written.

The tree is built from libyaml's event stream with an explicit stack rather than
PyYAML's recursive composer: depth is bounded while reading, anchors and aliases
(which make "billion laughs" files possible and are never needed in a course) are
refused, and duplicate keys, which PyYAML would silently merge, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 24

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Node:
    value: Any
    line: int
    column: int
    # For mappings: where each key was written, to point at a wrong key itself.
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if isinstance(self.value, dict):
            return "mapping"
        if isinstance(self.value, list):
            return "list"
        return "scalar"


class YamlProblem(Exception):
    def __init__(self, message: str, line: int, column: int, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.hint = message, line, column, hint


def parse_yaml(text: str) -> Node | None:
    """Parse one YAML document; raises YamlProblem with a position for anything wrong."""
    stack: list[tuple[Node, str | None]] = []  # container, pending key (for mappings)
    root: Node | None = None
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem("this file holds more than one YAML document ('---')",
                                      *_pos(event), "keep one document per file; remove the extra '---'")
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlProblem("anchors and aliases (& and *) are not supported in course files",
                                  *_pos(event), "write the value out in full")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"the file is nested more than {MAX_DEPTH} levels deep",
                                      *_pos(event), "a course file never needs this much nesting; check the indentation")
                node = Node({} if isinstance(event, yaml.MappingStartEvent) else [], *_pos(event))
                root = _attach(stack, node, root)
                stack.append((node, None))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                node = Node(_scalar(event), *_pos(event))
                root = _attach(stack, node, root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "the YAML is not well formed"
        raise YamlProblem(f"YAML syntax error: {problem}", line, column, _syntax_hint(problem)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}", 0, 0) from None
    return root


def _pos(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _attach(stack: list[tuple[Node, str | None]], node: Node, root: Node | None) -> Node | None:
    if not stack:
        return node
    parent, key = stack[-1]
    if isinstance(parent.value, list):
        parent.value.append(node)
        return root
    if key is None:
        if node.kind != "scalar":
            raise YamlProblem("a key must be plain text, not a list or mapping", node.line, node.column)
        key = "" if node.value is None else str(node.value)
        if key in parent.value:
            first = parent.key_positions[key][0]
            raise YamlProblem(f"the key '{key}' appears twice in the same place (first on line {first})",
                              node.line, node.column, "keep one of the two and delete the other")
        parent.key_positions[key] = (node.line, node.column)
        stack[-1] = (parent, key)
    else:
        parent.value[key] = node
        stack[-1] = (parent, None)
    return root


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == "tag:yaml.org,2002:str":
        return event.value
    if tag == "tag:yaml.org,2002:timestamp":
        return event.value  # dates stay text; the schema checks their form
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except yaml.YAMLError:
        return event.value


def _syntax_hint(problem: str) -> str:
    if "tab" in problem:
        return "indent with spaces, never tabs"
    if "mapping values are not allowed" in problem:
        return "a text containing ': ' must be put in quotes, or written on the next line after '|'"
    if "could not find expected ':'" in problem:
        return "each line needs 'key: value'; check the line above for a missing ':' or a stray quote"
    if "found character" in problem and "cannot start any token" in problem:
        return "put text that starts with @, ` or % in quotes"
    return "check the indentation and quotes on this line and the one before"
