"""Counts in the command line's and the reports' English: '1 lesson', '2 lessons', never '1 lessons'."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """The count with its noun, singular for exactly one; `plural` when adding 's' is not the plural."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
