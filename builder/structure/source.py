"""Where a part of the course was written, so that any later message can point the author at it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLocation:
    """A file relative to the course folder, with forward slashes, and a line from 1 (0: the whole file)."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line > 0 else self.file


NOWHERE = SourceLocation("")  # for parts made by code rather than read from a file (tests, synthetic courses)
