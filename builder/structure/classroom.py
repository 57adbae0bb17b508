"""What a classroom run of the course needs: materials, printables, the day's plan."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from builder.structure.text import Text


@dataclass(frozen=True)
class Material:
    """One line of a materials list: a text, or a reference to a printable of the course by its id."""

    text: Text | None = None
    printable: str | None = None
    # Where the line is written, for messages; not part of what the line is, so the same printable or text named
    # by a lesson and by one of its activities is one material.
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Sheet:
    """One card, or the one sheet of a handout or worksheet."""

    role: Text | None  # who it is for (a role-play side, a group); None when it is for everyone
    body: Text  # safe HTML


class PrintableKind:
    ROLE_CARD = "role-card"
    TASK_CARD = "task-card"
    HANDOUT = "handout"
    WORKSHEET = "worksheet"
    CARDS = (ROLE_CARD, TASK_CARD)


@dataclass(frozen=True)
class Printable:
    """Something the trainer prints for the classroom: never part of the participant workbook."""

    id: str
    kind: str  # PrintableKind
    title: Text
    role: Text | None  # `for`: who it is for
    per: str  # participant | pair | group | room: who gets `copies`
    copies: int
    cards_per_page: int  # cards only: 1 or 2, with cut lines between
    sheets: tuple[Sheet, ...]
    writing_lines: int  # handouts and worksheets: ruled lines after the text
    file: str = ""  # the lesson.yaml it is written in
    line: int = 0

    @property
    def is_cards(self) -> bool:
        return self.kind in PrintableKind.CARDS

    def copies_for(self, classroom: Classroom) -> int:
        """How many to print for the class (sets, for cards)."""
        units = {"participant": classroom.participants, "pair": math.ceil(classroom.participants / 2),
                 "group": math.ceil(classroom.participants / classroom.group_size), "room": 1}[self.per]
        return units * self.copies


@dataclass(frozen=True)
class Break:
    after: str  # a lesson id
    minutes: int
    title: Text | None


@dataclass(frozen=True)
class Classroom:
    """course.yaml `classroom`: the class the print counts are for, and the day's plan."""

    participants: int = 12
    group_size: int = 4
    start: str = ""  # "09:00"; empty: the day's clock starts at 0:00
    breaks: tuple[Break, ...] = ()
    checklist: tuple[Text, ...] = ()
