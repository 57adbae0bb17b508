"""`coursebuild build -f scorm2004`: one SCORM 2004 zip per language, 4th edition unless told 3rd."""

from __future__ import annotations

from builder.builders.scorm.package import ScormBuilder


class Scorm2004Builder(ScormBuilder):
    name = "scorm2004"
    description = "SCORM 2004 package, 4th or 3rd edition (one zip per language)"
    version = "2004"

    @property
    def edition(self) -> int:
        return int(self.setting("scorm2004_edition"))

    @property
    def format_label(self) -> str:
        return f"scorm2004-{'3rd' if self.edition == 3 else '4th'}"
