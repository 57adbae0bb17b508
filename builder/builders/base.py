"""The Builder interface: one small class per output format over the shared course model.

Like Sphinx's builders, each has three hooks:
- `init()`   checks what it needs before anything is written (fonts, size limits);
- `write()`  writes its files for each requested language into the staging folder;
- `finish()` releases what `init` took.
A builder reports problems to `self.report` and raises BuildFailed to stop the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from builder.diagnostics import Report
from builder.localization import primary_subtag, resolve_in
from builder.structure import Course
from builder.writer import Staging


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asked for, beyond formats and languages."""

    languages: tuple[str, ...] = ()  # empty: every course language
    editions: tuple[str, ...] = ()  # handbook: participant / facilitator / printables; empty: all
    paper: str | None = None  # handbook: overrides the course's paper
    sides: str | None = None  # handbook: double / single; overrides the course
    packaging_mode: str | None = None  # scorm: single / per-lesson; overrides the course
    scorm2004_edition: int | None = None  # 3 or 4; overrides the course
    scorm2004_gating: str | None = None  # objectives | flow: how linear per-lesson 2004 keeps lessons in order
    preset: str | None = None  # the LMS preset asked for (`--preset`), for messages about that LMS
    extra: dict[str, str] = field(default_factory=dict)


class Builder:
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init__(self, course: Course, options: BuildOptions, report: Report) -> None:
        self.course = course
        self.options = options
        self.report = report

    @property
    def languages(self) -> tuple[str, ...]:
        return self.options.languages or self.course.languages

    def checkpoint(self) -> None:
        """Called by a long write now and then; the build replaces it to stop there when asked to."""

    def init(self) -> None:
        """Check preconditions; raise BuildFailed after reporting what is wrong."""

    def warn_untranslated(self, what: str, folder: Path) -> None:
        """A course language coursebuild has no words for still builds, in English, with a warning."""
        for language in self.languages:
            if not resolve_in(folder, language).untranslated:
                continue
            primary = primary_subtag(language)
            also = f" (or {primary}.json for every variant of '{primary}')" if primary != language else ""
            self.report.warning(
                "course.yaml", 0,
                f"coursebuild has no {what} words in '{language}': its buttons, labels and messages will be "
                "in English", f"add builder/strings/{folder.name}/{language}.json{also}, a translated copy of en.json",
                code="untranslated-ui")

    def write(self, staging: Staging) -> None:
        for language in self.languages:
            self.write_language(language, staging)

    def write_language(self, language: str, staging: Staging) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Release resources; called whether or not `write` succeeded."""
