"""The registry of output formats: `coursebuild build -f NAME` looks builders up here.

A builder module registers itself by being listed in BUILDER_MODULES; a module whose
dependencies are missing is left out with a note instead of breaking the CLI.
"""

from __future__ import annotations

import importlib

from builder.builders.base import Builder, BuildOptions

__all__ = ["BuildOptions", "Builder", "available_builders"]

# module path -> class name; order is the order `coursebuild build` runs them in.
BUILDER_MODULES: dict[str, str] = {
    "builder.builders.scorm12": "Scorm12Builder",
    "builder.builders.scorm2004": "Scorm2004Builder",
    "builder.builders.handbook": "HandbookBuilder",
}


def available_builders() -> dict[str, type[Builder]]:
    builders: dict[str, type[Builder]] = {}
    for module_name, class_name in BUILDER_MODULES.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # not written yet
            raise
        cls = getattr(module, class_name)
        builders[cls.name] = cls
    return builders
