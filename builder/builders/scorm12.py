"""`coursebuild build -f scorm12`: one SCORM 1.2 zip per language."""

from __future__ import annotations

from builder.builders.scorm.package import ScormBuilder


class Scorm12Builder(ScormBuilder):
    name = "scorm12"
    description = "SCORM 1.2 package (one zip per language)"
    version = "1.2"
