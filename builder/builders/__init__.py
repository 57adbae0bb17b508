"""The registry of output formats: `coursebuild build -f NAME` looks builders up here.

Builders are named here and imported only when asked for, so that `-f scorm12` does not
pay for loading WeasyPrint.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from builder.builders.base import Builder, BuildOptions
from builder.diagnostics import BuildFailed, Report
from builder.structure import Course
from builder.writer import Staging

__all__ = ["BUILDERS", "BuildOptions", "Builder", "load_builder", "run_builders"]

# format name -> (module, class); the order is the order `coursebuild build` runs them in.
BUILDERS: dict[str, tuple[str, str]] = {
    "scorm12": ("builder.builders.scorm12", "Scorm12Builder"),
    "scorm2004": ("builder.builders.scorm2004", "Scorm2004Builder"),
    "handbook": ("builder.builders.handbook", "HandbookBuilder"),
}


def load_builder(name: str) -> type[Builder]:
    module_name, class_name = BUILDERS[name]
    cls: type[Builder] = getattr(importlib.import_module(module_name), class_name)
    return cls


def run_builders(names: Iterable[str], course: Course, options: BuildOptions, report: Report, staging: Staging,
                 *, between: Callable[[], None] | None = None) -> None:
    """Each builder's init, write and finish in turn, writing into `staging`; BuildFailed once any
    reported an error. `between` runs before each builder and at the builders' own checkpoints (the CLI
    checks there for a stop signal whose exception was lost, e.g. raised inside a finalizer)."""
    for name in names:
        if between:
            between()
        builder = load_builder(name)(course, options, report)
        if between:
            builder.checkpoint = between
        try:
            builder.init()
            builder.write(staging)
        finally:
            builder.finish()
    if report.has_errors:
        raise BuildFailed()
