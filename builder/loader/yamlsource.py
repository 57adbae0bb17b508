"""YAML files turned into trees that remember where each value was written.

The tree is built from libyaml's event stream with an explicit stack rather than
PyYAML's recursive composer: depth is bounded while reading, anchors and aliases
(which make "billion laughs" files possible and are never needed in a course) are
refused, and duplicate keys, which PyYAML would silently merge, are reported.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 24

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR, _MAPPING_START, _MAPPING_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


class Node:
    """A value with the line and column it was written at (both from 1)."""

    __slots__ = ("column", "key_positions", "line", "value")

    def __init__(self, value: Any, line: int, column: int) -> None:
        self.value, self.line, self.column = value, line, column
        # For mappings: where each key was written, to point at a wrong key itself.
        self.key_positions: dict[str, tuple[int, int]] = {} if type(value) is dict else _NO_KEYS

    @property
    def kind(self) -> str:
        if isinstance(self.value, dict):
            return "mapping"
        if isinstance(self.value, list):
            return "list"
        return "scalar"


_NO_KEYS: dict[str, tuple[int, int]] = {}


class YamlProblem(Exception):
    def __init__(self, message: str, line: int, column: int, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.hint = message, line, column, hint


def parse_yaml(text: str) -> Node | None:
    """Parse one YAML document; raises YamlProblem with a position for anything wrong, in the author's terms:
    the line of the tab, of the quote or bracket left open, of the control character; never the parser's."""
    stack: list[tuple[Node, str | None]] = []  # container, pending key (for mappings)
    root: Node | None = None
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is _SCALAR:
                if event.anchor:
                    raise _alias_problem(event)
                if event.tag is not None:
                    raise _tag_problem(event)
                mark = event.start_mark
                node = Node(_scalar(event), mark.line + 1, mark.column + 1)
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.anchor:
                    raise _alias_problem(event)
                if event.tag is not None:
                    raise _tag_problem(event)
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"the file is nested more than {MAX_DEPTH} levels deep",
                                      *_pos(event), "a course file never needs this much nesting; check the indentation")
                mark = event.start_mark
                node = Node({} if kind is _MAPPING_START else [], mark.line + 1, mark.column + 1)
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                stack.pop()
                continue
            elif kind is yaml.AliasEvent:
                raise _alias_problem(event)
            else:
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise YamlProblem("this file holds more than one YAML document ('---')",
                                          *_pos(event), "keep one document per file; remove the extra '---'")
                continue
            if not stack:
                root = node
            else:
                parent, key = stack[-1]
                container = parent.value
                if type(container) is list:
                    container.append(node)
                elif key is None:
                    stack[-1] = (parent, _key_of(parent, node))
                else:
                    container[key] = node
                    stack[-1] = (parent, None)
            if kind is not _SCALAR:
                stack.append((node, None))
    except yaml.reader.ReaderError as exc:
        raise _character_problem(text, exc.position, exc.character) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(text, exc) from None
    except yaml.YAMLError:
        raise YamlProblem("YAML syntax error: the file is not well-formed YAML", 0, 0,
                          "check the indentation and quotes") from None
    return root


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError) -> YamlProblem:
    problem = exc.problem or exc.context or "the YAML is not well formed"
    context = exc.context or ""
    opened = exc.context_mark
    if opened is not None and "quoted scalar" in context and ("end of stream" in problem or "document" in problem):
        # libyaml notices the missing quote only at the end of the file; the mistake is where it opens.
        quote = (text.split("\n")[opened.line:opened.line + 1] or ['"'])[0][opened.column:opened.column + 1] or '"'
        return YamlProblem(f"YAML syntax error: the quote {quote} opened on this line is never closed",
                           opened.line + 1, opened.column + 1,
                           f"end the text with a matching {quote}, or remove the opening one")
    bracket = _char_at(text, opened) if opened is not None else ""
    if bracket in ("[", "{") and "flow" in context and ("end of stream" in problem or "expected" in problem):
        closing = "]" if bracket == "[" else "}"
        return YamlProblem(f"YAML syntax error: the '{bracket}' opened on this line is not closed where expected",
                           opened.line + 1, opened.column + 1,
                           f"close it with '{closing}' on the same line, and separate the items with commas")
    mark = exc.problem_mark or opened
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    last = len(text.rstrip().split("\n"))
    if line > last:  # libyaml found the end of the file; the author's last line is where to look
        line, column = last, 0
    unclosed = _unclosed_quote(text, line)
    if unclosed:
        # A quote left open swallows the lines after it; libyaml stumbles further down, where nothing is wrong.
        quote_line, quote_column, quote = unclosed
        return YamlProblem(f"YAML syntax error: the quote {quote} opened on this line is not closed on it",
                           quote_line, quote_column,
                           f"end the text with a matching {quote} on the same line, or remove the opening one")
    tabbed = _tab_indented_line(text, line)
    if tabbed:
        return YamlProblem("YAML syntax error: this line is indented with a tab", tabbed, 1,
                           "indent with spaces, never tabs (most editors can convert tabs to spaces)")
    return YamlProblem(f"YAML syntax error: {problem}", line, column, _syntax_hint(problem))




def _unclosed_quote(text: str, before: int) -> tuple[int, int, str] | None:
    """The first quoted text that starts before line `before` and runs on past its own line, as (line, column,
    quote). Course texts are written on one line (or with '|'), so a quote still open at the end of its line is
    almost always a quote forgotten. Read from libyaml's tokens up to the error, not from the text: a line of a
    block scalar ('|', '>-') or a comment that starts with a quote is text, never a quote opened."""
    try:
        for token in yaml.scan(text, Loader=_Loader):
            start = token.start_mark
            if start.line + 1 > before:
                return None
            if type(token) is yaml.ScalarToken and token.style in ('"', "'") and token.end_mark.line > start.line:
                return start.line + 1, start.column + 1, token.style
    except yaml.YAMLError:
        pass  # the error itself: every token before it was seen
    return None


def _char_at(text: str, mark: yaml.Mark) -> str:
    lines = text.split("\n")
    return lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""


def _tab_indented_line(text: str, line: int) -> int:
    """The line at or just before `line` (1-based) whose indentation holds a tab, or 0."""
    lines = text.split("\n")
    for number in (line, line - 1):
        if 1 <= number <= len(lines):
            written = lines[number - 1]
            if "\t" in written[: len(written) - len(written.lstrip())]:
                return number
    return 0


def _character_problem(text: str, position: int, character: object) -> YamlProblem:
    code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    name = "NUL, a zero byte" if code == 0 else "an invisible control character"
    return YamlProblem(f"this line holds the character U+{code:04X} ({name}), which a YAML file cannot hold",
                       line, column, "delete it; it usually comes from a copy-and-paste or a file saved by another "
                                     "program (if the whole file looks garbled, save it again as UTF-8 text)")


def _tag_problem(event: yaml.Event) -> YamlProblem:
    tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")  # as the author wrote it
    return YamlProblem(f"YAML tags such as '{tag}' are not allowed in course files", *_pos(event),
                       "remove the tag (the word starting with '!') and write the plain value")


def _alias_problem(event: yaml.Event) -> YamlProblem:
    return YamlProblem("anchors and aliases (& and *) are not supported in course files", *_pos(event),
                       "write the value out in full")


def _pos(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _key_of(parent: Node, node: Node) -> str:
    if type(node.value) in (dict, list):
        raise YamlProblem("a key must be plain text, not a list or mapping", node.line, node.column)
    key = "" if node.value is None else str(node.value)
    if key in parent.value:
        first = parent.key_positions[key][0]
        raise YamlProblem(f"the key '{key}' appears twice in the same place (first on line {first})",
                          node.line, node.column, "keep one of the two and delete the other")
    parent.key_positions[key] = (node.line, node.column)
    return key


# Plain scalars starting with anything else are always text under YAML 1.1's resolver.
_MAYBE_NOT_TEXT = frozenset("0123456789-+.~nNtTfFyYoO")


def _scalar(event: yaml.ScalarEvent) -> Any:
    if event.style or (event.value and event.value[0] not in _MAYBE_NOT_TEXT and event.tag is None):
        return event.value  # quoted or block text, or plain text that cannot be a number, bool or null
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
