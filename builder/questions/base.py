"""What a question type is, everywhere it matters: one class per type says how quiz.yaml writes it (and what
makes it answerable), what the player scores it with, the longest answer the player stores for it, and how
the handbooks print it and its answer. builder/runtime/static/questions.js is its other half, in the player.

Shared helpers for the types' checks live here too. The checks report through the loader's Context and read
its checked mappings (Rec), but only by their methods, so this package imports nothing of the loader.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from builder.structure import Choice, Question, Text

if TYPE_CHECKING:
    from builder.loader.schema import Context, Rec

# SCORM 1.2 writes a choice as one character 0-9 a-z: 36 is a hard ceiling; 20 is already a lot.
MAX_CHOICES = 20
T = TypeVar("T")


@dataclass(frozen=True)
class InLanguage:
    """The language a delivery is in: a text in it, or in the source language when a translation is missing."""

    language: str
    source: str

    def __call__(self, text: Text) -> str:
        return text.get(self.language) or text.get_or_empty(self.source)


class Printed(Protocol):
    """What a handbook gives a type to write an answer with: its words, and each question's choices in the
    order they are printed (builder/structure/order.py)."""

    def words(self, key: str, **values: object) -> str: ...

    def choices(self, question: Question) -> Sequence[Choice]: ...


class QuestionKind:
    name: ClassVar[str]  # the `type` of quiz.yaml and of the model's QuestionType
    keys: ClassVar[tuple[str, ...]] = ()  # its own keys in quiz.yaml: no other type may write them
    needs: ClassVar[tuple[str, ...] | None] = None  # the keys that must be sound to build it (default: keys)
    item_checks: ClassVar[tuple[str, ...]] = ()  # the item-writing checks (codes) that look at it, in order
    exercise: ClassVar[str]  # the handbook template that prints it as an exercise (templates/handbook/)
    lettered: ClassVar[bool] = False  # printed with lettered choices, which the answer keys name

    def build(self, raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
        """The model's Question fields of this type, or None after reporting why a learner could not answer."""
        raise NotImplementedError

    def runtime_data(self, question: Question, text: InLanguage) -> dict[str, Any]:
        """What the player shows and scores the question with, beyond what every question has."""
        raise NotImplementedError

    def worst_answer(self, question: Question) -> str:
        """The longest answer the player can store for it (builder/runtime/state.py)."""
        raise NotImplementedError

    def answer_lines(self, question: Question, language: str, printed: Printed) -> list[str]:
        """The right answer as an answer key prints it, a line each."""
        raise NotImplementedError


def letter(index: int) -> str:
    """A, B, … Z, AA, AB…: printed choice labels that never run out."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def scrambled(items: tuple[T, ...], key: Callable[[T], str]) -> list[T]:
    """A fixed order that is not the answer, for print: sorted by a hash of each id, rotated if it came out
    solved."""
    order = sorted(items, key=lambda item: hashlib.sha256(key(item).encode()).hexdigest())
    if len(order) > 1 and order == list(items):
        order = order[1:] + order[:1]
    return order


def text_or_none(value: dict[str, str] | None) -> Text | None:
    return Text(value) if value else None


def unique_ids(items: list[Rec], ctx: Context, owner: str, what: str) -> bool:
    seen: dict[str, int] = {}
    for item in items:
        if item["id"] in seen:
            ctx.error(item.line_of("id"), f"{owner} has two {what}s with the id '{item['id']}' "
                                          f"(first on line {seen[item['id']]})",
                      f"give each {what} its own id", code="duplicate-id")
            return False
        seen[item["id"]] = item.line_of("id")
    return True


def distinct_texts(texts: list[dict[str, str]], ctx: Context, line: int, owner: str, what: str) -> bool:
    for lang in ctx.languages:
        values = [t.get(lang, "").strip().casefold() for t in texts]
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            ctx.error(line, f"{owner} repeats the same {lang} text among its {what}: '{repeated[0]}'",
                      "make every item different, or a learner cannot tell them apart", code="unanswerable")
            return False
    return True


def sized_list(raw: Rec, key: str, qid: str, ctx: Context, hint: str) -> Any:
    """The question's `key` list when it holds 2 to MAX_CHOICES entries; None after reporting otherwise."""
    entries = raw.get(key)
    if not entries or len(entries) < 2:
        ctx.error(raw.line, f"{raw['type']} question '{qid}' needs at least two '{key}'", hint, code="unanswerable")
        return None
    if len(entries) > MAX_CHOICES:
        ctx.error(entries.line, f"{raw['type']} question '{qid}' has {len(entries)} {key}; at most {MAX_CHOICES}",
                  code="choice-count")
        return None
    return entries
