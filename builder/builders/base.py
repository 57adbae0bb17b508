"""The Builder interface: one small class per output format over the shared course model.

Like Sphinx's builders, each has three hooks:
- `init()`   checks what it needs before anything is written (fonts, size limits);
- `write()`  writes its files for each requested language into the staging folder;
- `finish()` releases what `init` took.
A builder reports problems to `self.report` and raises BuildFailed to stop the build. It declares its options
(`options`, builder/builders/options.py) and its section of course.yaml (`section`) on its class; the command
line and the loader collect them, and the builder reads them with `setting(name)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from builder.builders.options import Option, resolve
from builder.diagnostics import Report
from builder.localization import primary_subtag, resolve_in
from builder.structure import Course
from builder.writer import Stage


@dataclass(frozen=True)
class BuildOptions:
    """What a build was asked for, beyond formats: languages, the builders' options given on the command line
    (or by a preset), and the builders' sections of course.yaml as the loader checked them."""

    languages: tuple[str, ...] = ()  # empty: every course language
    given: Mapping[str, Any] = field(default_factory=dict)  # option name -> value
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # section name -> its keys
    preset: str | None = None  # the LMS preset asked for (`--preset`), for messages about that LMS


class Builder:
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    section: ClassVar[str | None] = None  # its section of course.yaml, if it has one
    options: ClassVar[tuple[Option, ...]] = ()

    def __init__(self, course: Course, options: BuildOptions, report: Report) -> None:
        self.course = course
        self.build_options = options
        self.report = report

    def setting(self, name: str) -> Any:
        """The value of one of its options that applies to this build."""
        option = next(o for o in self.options if o.name == name)
        section = self.build_options.sections.get(self.section) if self.section else None
        return resolve(option, self.build_options.given, section)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.build_options.languages or self.course.languages

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

    def write(self, staging: Stage) -> None:
        for language in self.languages:
            self.write_language(language, staging)

    def write_language(self, language: str, staging: Stage) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Release resources; called whether or not `write` succeeded."""
