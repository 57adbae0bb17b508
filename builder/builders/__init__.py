"""The registry of output formats: `coursebuild build -f NAME` looks builders up here.

Builders are named here and imported only when asked for, so that `-f scorm12` does not
pay for loading WeasyPrint.
"""

from __future__ import annotations

import importlib

from builder.builders.base import Builder, BuildOptions

__all__ = ["BUILDERS", "BuildOptions", "Builder", "load_builder"]

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
