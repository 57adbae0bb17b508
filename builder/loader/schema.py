"""Typed options for course files, in the manner of MkDocs' config_options.

Each YAML file is declared as a Record of Fields; checking a Node against it
returns plain values (Records become `Rec` dicts that still know their line) and
reports every mismatch with the file, line, what is wrong and how to fix it.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from builder.diagnostics import Report
from builder.loader.placeholders import MARKER, TRANSLATE_HINT
from builder.loader.yamlsource import Node
from builder.wording import counted

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# BCP 47 well-formedness for the subset courses use: language[-script][-region][-variant].
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-[a-z0-9]{5,8})*$")


class Rec(dict):
    """A checked mapping that remembers where it and each of its keys were written."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Partial(Rec):
    """A mapping some of whose keys failed their checks (and were reported). The keys that passed are kept, so
    rules that need only those can still run and report in the same run; it never reaches the course model."""

    failed: set[str]


class Seq(list):
    line: int = 0
    item_lines: list[int]
    partial: list[Partial]  # items that are mappings with some keys wrong, kept for checks of the rest
    invalid: int  # how many items failed their checks (partial ones included)


def failed(value: Any) -> bool:
    """True when a checked value must not be used: INVALID, or a mapping with keys that failed."""
    return value is INVALID or type(value) is Partial


def broken_items(items: list[Any]) -> list[Partial]:
    """The items of a checked list that failed in part (a list given by default has none)."""
    return getattr(items, "partial", [])


def invalid_items(items: list[Any]) -> int:
    """How many items of a checked list failed (a list given by default has none)."""
    return getattr(items, "invalid", 0)


@dataclass
class Context:
    """What a check needs besides the node: where it is, and the course's languages."""

    file: str
    report: Report
    languages: tuple[str, ...] = ()

    def error(self, node: Node | int, message: str, hint: str = "", code: str = "") -> None:
        line, column = (node.line, node.column) if isinstance(node, Node) else (node, 0)
        self.report.error(self.file, line, message, hint, column=column, code=code)

    def warning(self, node: Node | int, message: str, hint: str = "", code: str = "") -> None:
        line, column = (node.line, node.column) if isinstance(node, Node) else (node, 0)
        self.report.warning(self.file, line, message, hint, column=column, code=code)


INVALID = object()


class Type:
    """A kind of value; `check` returns the converted value or INVALID after reporting."""

    label = "a value"

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        raise NotImplementedError

    def wrong(self, node: Node, ctx: Context, where: str, hint: str = "") -> Any:
        ctx.error(node, f"{where} must be {self.label}, not {_describe(node)}", hint, code="wrong-type")
        return INVALID


def _describe(node: Node) -> str:
    if node.kind == "mapping":
        return "a mapping of keys"
    if node.kind == "list":
        return "a list"
    value = node.value
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (yes/no)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    shown = str(value)
    return f"the text '{shown[:40]}{'…' if len(shown) > 40 else ''}'"


_NOT_XML_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Str(Type):
    label = "a text"

    def __init__(self, *, pattern: re.Pattern[str] | None = None, pattern_hint: str = "", max_length: int = 0):
        self.pattern, self.pattern_hint, self.max_length = pattern, pattern_hint, max_length

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        if node.kind != "scalar" or node.value is None or isinstance(node.value, bool):
            return self.wrong(node, ctx, where)
        text = str(node.value).strip() if not isinstance(node.value, str) else node.value.strip()
        if not text:
            ctx.error(node, f"{where} is empty", "write the text, or remove the key", code="empty")
            return INVALID
        unprintable = _NOT_XML_TEXT.search(text)
        if unprintable:
            # Written as a YAML escape ("\x01", "\ud800"); SCORM manifests are XML and cannot hold it.
            ctx.error(node, f"{where} holds the invisible control character U+{ord(unprintable.group()):04X}",
                      "delete it (it usually comes from a copy-and-paste or a stray escape like \\x01)",
                      code="control-character")
            return INVALID
        if self.pattern and not self.pattern.match(text):
            ctx.error(node, f"{where} '{text}' is not in the right form", self.pattern_hint, code="bad-form")
            return INVALID
        if self.max_length and len(text) > self.max_length:
            ctx.error(node, f"{where} is {len(text)} characters long; at most {self.max_length} are allowed",
                      "shorten it", code="too-long")
            return INVALID
        if MARKER in text:
            ctx.warning(node, f"{where} is still marked {MARKER}", TRANSLATE_HINT, code="untranslated")
        return text


class Date(Str):
    label = "a date"

    def __init__(self) -> None:
        super().__init__(pattern=re.compile(r"^\d{4}-\d{2}-\d{2}$"), pattern_hint="write the date as YYYY-MM-DD")

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        text = super().check(node, ctx, where)
        if text is INVALID:
            return text
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            ctx.error(node, f"{where} '{text}' is not a date in the calendar",
                      "write a real date as YYYY-MM-DD (month 01-12, then the day), e.g. 2026-11-01", code="bad-date")
            return INVALID
        return text


class Id(Str):
    label = "an id"

    def __init__(self) -> None:
        super().__init__(pattern=ID_PATTERN, max_length=64,
                         pattern_hint="ids use lowercase letters a-z, digits and single hyphens, "
                                      "and start with a letter, e.g. 'time-management'")


class LangTag(Str):
    label = "a language tag"

    def __init__(self) -> None:
        super().__init__(pattern=LANG_PATTERN,
                         pattern_hint="use a BCP 47 language tag such as 'en', 'zh-Hant', 'zh-Hans' or 'pt-BR' "
                                      "(hyphen, not underscore; script in Title case, region in CAPITALS)")


class Int(Type):
    def __init__(self, minimum: int | None = None, maximum: int | None = None):
        self.minimum, self.maximum = minimum, maximum
        bounds = [f"at least {minimum}" if minimum is not None else "", f"at most {maximum}" if maximum is not None else ""]
        self.label = "a whole number" + (" " + " and ".join(b for b in bounds if b) if any(bounds) else "")

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, int):
            return self.wrong(node, ctx, where)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            return self.wrong(node, ctx, where)
        return value


class Number(Type):
    def __init__(self, minimum: float | None = None):
        self.minimum = minimum
        self.label = "a number" + (f" of at least {minimum:g}" if minimum is not None else "")

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, (int, float)):
            return self.wrong(node, ctx, where)
        if value != value or value in (float("inf"), float("-inf")):
            return self.wrong(node, ctx, where)
        if self.minimum is not None and value < self.minimum:
            return self.wrong(node, ctx, where)
        return value


class Bool(Type):
    label = "true or false"

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        if node.kind != "scalar" or not isinstance(node.value, bool):
            return self.wrong(node, ctx, where)
        return node.value


class Choice(Type):
    def __init__(self, *values: Any):
        self.values = values
        self.label = "one of " + ", ".join(str(v) for v in values)

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        if node.kind == "scalar" and node.value in self.values and not isinstance(node.value, bool):
            return node.value
        suggestion = _did_you_mean(str(node.value), [str(v) for v in self.values]) if node.kind == "scalar" else ""
        return self.wrong(node, ctx, where, suggestion)


class Localized(Type):
    """A text given once per course language: `{zh-Hant: ..., en: ...}`."""

    label = "a text in each course language"

    def __init__(self, item: Type | None = None):
        self.item = item or Str()
        if isinstance(self.item, ListOf):
            self.label = "a list for each course language"

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        languages = ctx.languages
        if not languages and node.kind == "mapping":
            # The course's language list is itself broken (and reported): take the languages as written.
            languages = tuple(node.value)
        # One language (a one-language course, a knowledge check in a page): the text alone is enough.
        if len(languages) == 1 and (node.kind == "scalar" or (node.kind == "list" and isinstance(self.item, ListOf))):
            value = self.item.check(node, ctx, where)
            return INVALID if value is INVALID else {languages[0]: value}
        if node.kind != "mapping":
            hint = f"give it per language: {_per_language(node, where, languages)}"
            if node.kind == "list" and isinstance(self.item, ListOf):
                ctx.error(node, f"{where} must be given per course language, not as one list for all", hint,
                          code="wrong-type")
                return INVALID
            return self.wrong(node, ctx, where, hint)
        result: dict[str, Any] = {}
        ok = True
        for lang, child in node.value.items():
            if lang not in languages:
                line = node.key_positions[lang][0]
                hint = _did_you_mean(lang, list(languages)) or f"the course languages are {', '.join(languages)}"
                ctx.error(line, f"{where} has text for '{lang}', which is not a course language", hint,
                          code="unknown-language")
                ok = False
                continue
            value = self.item.check(child, ctx, f"{where} ({lang})")
            ok &= value is not INVALID
            result[lang] = value
        for lang in languages:
            if lang not in node.value:
                ctx.error(node, f"{where} has no {lang} translation",
                          f"add '{lang}: …' beside the other languages", code="missing-translation")
                ok = False
        return result if ok else INVALID


class ListOf(Type):
    def __init__(self, item: Type, *, min_items: int = 0, max_items: int | None = None):
        self.item, self.min_items, self.max_items = item, min_items, max_items
        self.label = f"a list of {item.label.removeprefix('a ').removeprefix('an ')}s"

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        if node.kind != "list":
            return self.wrong(node, ctx, where, "start each item on its own line with '- '")
        count = len(node.value)
        if count < self.min_items:
            ctx.error(node, f"{where} has {counted(count, 'item')}; at least {self.min_items} are needed",
                      "add the missing items, each on its own line starting with '- '", code="too-few")
        if self.max_items is not None and count > self.max_items:
            ctx.error(node, f"{where} has {count} items; at most {self.max_items} are allowed",
                      "remove some, or split them over more lessons or questions", code="too-many")
        result = Seq()
        result.line, result.item_lines, result.partial, result.invalid = node.line, [], [], 0
        for index, child in enumerate(node.value, start=1):
            value = self.item.check(child, ctx, f"{where} › item {index}")
            if failed(value):
                result.invalid += 1
                if value is not INVALID:
                    result.partial.append(value)
                continue
            result.append(value)
            result.item_lines.append(child.line)
        return result


# A Field's default when none is declared: a nested Record's own defaults (declared once, on its fields); None for
# any other type.
FROM_TYPE: Any = object()


@dataclass
class Field:
    name: str
    type: Type
    required: bool = False
    default: Any = FROM_TYPE
    help: str = ""

    def default_value(self) -> Any:
        if self.default is FROM_TYPE:
            return self.type.defaults() if isinstance(self.type, Record) else None
        return self.default


@dataclass
class Record(Type):
    """A mapping with declared keys; unknown keys are errors with a suggestion."""

    fields: list[Field]
    label: str = "a mapping of keys"
    by_name: dict[str, Field] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}

    def defaults(self) -> Rec:
        """The mapping an absent section stands for: each optional key with its default."""
        result = Rec({f.name: f.default_value() for f in self.fields if not f.required})
        result.line, result.key_lines = 0, {}
        return result

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        if node.kind != "mapping":
            return self.wrong(node, ctx, where, "write it as 'key: value' lines, indented under it")
        result = Rec()
        result.line, result.key_lines = node.line, {}
        wrong: set[str] = set()
        for key, child in node.value.items():
            spec = self.by_name.get(key)
            if spec is None:
                line, column = node.key_positions[key]
                hint = _did_you_mean(key, list(self.by_name)) or f"the keys allowed here are: {', '.join(self.by_name)}"
                ctx.report.error(ctx.file, line, f"unknown key '{key}' in {where}", hint, column=column,
                                 code="unknown-key")
                wrong.add(key)
                continue
            if child.value is None and not spec.required:
                result[key] = spec.default_value()
                result.key_lines[key] = node.key_positions[key][0]  # written empty: its line, for later checks
                continue
            if child.kind != "scalar":
                # A block mapping or list starts on the line after its key; authors look for the key.
                child.line, child.column = node.key_positions[key]
            value = spec.type.check(child, ctx, key if where == "this file" else f"{where} › {key}")
            if failed(value):
                wrong.add(key)
                continue
            result[key] = value
            result.key_lines[key] = child.line
        for spec in self.fields:
            if spec.name in result or spec.name in node.value:
                continue
            if spec.required:
                ctx.error(node, f"{where} has no '{spec.name}'", spec.help or f"add '{spec.name}: …'",
                          code="missing-key")
                wrong.add(spec.name)
            else:
                result[spec.name] = spec.default_value()
        if not wrong:
            return result
        partial = Partial(result)
        partial.line, partial.key_lines, partial.failed = result.line, result.key_lines, wrong
        return partial


def _per_language(node: Node, where: str, languages: tuple[str, ...]) -> str:
    """The value as it should have been written, e.g. `answers: {en: [when], zh-Hant: […]}`: what the author
    wrote stands for the first language, the others are left to fill in."""
    languages = languages or ("en",)
    if node.kind == "list":
        items = [str(child.value) for child in node.value if child.kind == "scalar" and child.value is not None]
        written, blank = f"[{', '.join(items)}]" if items else "[…]", "[…]"
    elif node.kind == "scalar" and node.value is not None:
        written, blank = str(node.value), "…"
    else:
        written = blank = "…"
    values = ", ".join(f"{lang}: {written if index == 0 else blank}" for index, lang in enumerate(languages))
    key = where.rsplit("›", 1)[-1].strip()
    return f"{key}: {{{values}}}" if " " not in key else f"{{{values}}}"


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"did you mean '{close[0]}'?" if close else ""


class MapOf(Type):
    """A mapping whose keys the author chooses (e.g. lesson ids), each with a value of one type."""

    def __init__(self, key: Type, value: Type, label: str):
        self.key, self.value, self.label = key, value, label

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        if node.kind != "mapping":
            return self.wrong(node, ctx, where)
        result = Rec()
        result.line, result.key_lines = node.line, {}
        ok = True
        for key, child in node.value.items():
            line, column = node.key_positions[key]
            key_value = self.key.check(Node(key, line, column), ctx, f"the key '{key}' of {where}")
            value = self.value.check(child, ctx, f"{where} › {key}")
            if key_value is INVALID or failed(value):
                ok = False
                continue
            result[key_value] = value
            result.key_lines[key_value] = line
        return result if ok else INVALID
