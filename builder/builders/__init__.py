"""The registry of output formats: `coursebuild build -f NAME` looks builders up here.

A builder module is light to import (the handbook's WeasyPrint loads only when it builds), so the command line
and the loader can collect every builder's options and course.yaml section (`command_options`,
`course_sections`) on every run.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from builder.builders.base import Builder, BuildOptions
from builder.builders.options import Option, section_record
from builder.cache import BuildCache
from builder.diagnostics import BuildFailed, Report
from builder.loader.schema import Record
from builder.structure import Course
from builder.writer import Stage

__all__ = ["BUILDERS", "BuildOptions", "Builder", "command_options", "course_sections", "load_builder",
           "run_builders"]

# format name -> (module, class); the order is the order `coursebuild build` runs them in.
BUILDERS: dict[str, tuple[str, str]] = {
    "scorm12": ("builder.builders.scorm12", "Scorm12Builder"),
    "scorm2004": ("builder.builders.scorm2004", "Scorm2004Builder"),
    "cmi5": ("builder.builders.cmi5", "Cmi5Builder"),
    "handbook": ("builder.builders.handbook", "HandbookBuilder"),
    "web": ("builder.builders.web", "WebBuilder"),
}


def load_builder(name: str) -> type[Builder]:
    module_name, class_name = BUILDERS[name]
    cls: type[Builder] = getattr(importlib.import_module(module_name), class_name)
    return cls


def declared_options() -> dict[str, Option]:
    """Every builder's options by name. Builders may share an option (the SCORM ones share `packaging`), but
    never give one name two meanings."""
    found: dict[str, Option] = {}
    for name in BUILDERS:
        for option in load_builder(name).options:
            if found.setdefault(option.name, option) is not option:
                raise ValueError(f"two builders declare different options named {option.name!r}")
    return found


def command_options() -> list[Option]:
    """The options with a command-line flag, in registry order."""
    return [option for option in declared_options().values() if option.flag]


def course_sections() -> dict[str, Record]:
    """Each builder's section of course.yaml, by name (the loader checks them with the course's own keys)."""
    sections: dict[str, list[Option]] = {}
    for name in BUILDERS:
        cls = load_builder(name)
        if cls.section:
            known = sections.setdefault(cls.section, [])
            known.extend(option for option in cls.options if option.key and option not in known)
    return {name: section_record(options) for name, options in sections.items()}


def run_builders(names: Iterable[str], course: Course, options: BuildOptions, report: Report, staging: Stage,
                 *, between: Callable[[], None] | None = None, cache: BuildCache | None = None) -> None:
    """Each builder's init, write and finish in turn, writing into `staging`; BuildFailed once any
    reported an error. `between` runs before each builder and at the builders' own checkpoints (the CLI
    checks there for a stop signal whose exception was lost, e.g. raised inside a finalizer). With a `cache`,
    outputs whose key it holds are copied from it instead of being built (see Builder.cache_key)."""
    for name in names:
        if between:
            between()
        builder = load_builder(name)(course, options, report)
        builder.cache = cache
        if between:
            builder.checkpoint = between
        try:
            builder.init()
            builder.write(staging)
        finally:
            builder.finish()
    if report.has_errors:
        raise BuildFailed()
