"""`coursebuild build -f cmi5`: one cmi5 package per language (docs/cmi5.md).

A zip holds cmi5.xml at its root (builder/cmi5/structure.py: one AU per unit of the runtime, as the SCORM
packages have one SCO per unit) and the runtime's files with the cmi5 adapter (builder/runtime/static/cmi5.js).
cmi5.xml is checked against the official XSD and CATAPULT's import rules before anything is written.
"""

from __future__ import annotations

import re
from typing import ClassVar

from builder.builders.base import Builder
from builder.builders.options import Option
from builder.builders.scorm.options import OPTIONS as PACKAGING_OPTIONS
from builder.builders.scorm.options import SECTION
from builder.builders.scorm.package import zip_name
from builder.cmi5 import checks, iri, structure
from builder.diagnostics import BuildFailed
from builder.loader.schema import Choice, Str
from builder.runtime.files import STRINGS, UI_STRINGS_DATA, Delivery, delivery_files, ui_strings_file
from builder.runtime.state import worst_case_length
from builder.runtime.units import PackagingMode, launch_file, unit_ids
from builder.writer import Stage

# The saved state lives in an xAPI State API document, which has no SCORM limit. Every state write still goes
# over the network at each step, and the last one rides a keepalive request as the page closes (browsers allow
# 64 KiB in flight): 60,000 characters keeps both sane, and is more than SCORM 2004 3rd edition's 4,000.
STATE_LIMIT = 60_000

MODE = next(option for option in PACKAGING_OPTIONS if option.name == "mode")  # shared with the SCORM builders
ID_BASE = Option("cmi5_id_base", Str(pattern=re.compile(r"\S+\Z"), pattern_hint="write one IRI prefix, no spaces"),
                 default=iri.DEFAULT_BASE, key="cmi5_id_base",
                 help="What every cmi5 id starts with: a URN prefix ending in ':' or an https URL ending in '/'.")
LAUNCH_METHOD = Option("cmi5_launch_method", Choice(*(m.value for m in structure.LaunchMethod)),
                       default=structure.LaunchMethod.ANY_WINDOW.value, flag="--cmi5-launch-method",
                       key="cmi5_launch_method",
                       help="How the LMS may open a cmi5 AU: AnyWindow (its choice: frame, window, redirect) or "
                            "OwnWindow (a window of its own).")


def delivery(mode: PackagingMode) -> Delivery:
    return Delivery(adapter="cmi5", mode=PackagingMode(mode), state_limit=STATE_LIMIT)


class Cmi5Builder(Builder):
    name: ClassVar[str] = "cmi5"
    description: ClassVar[str] = "cmi5 package, AUs reporting to the LMS's LRS over xAPI (one zip per language)"
    section = SECTION
    options = (MODE, ID_BASE, LAUNCH_METHOD)

    @property
    def mode(self) -> PackagingMode:
        return PackagingMode(self.setting("mode"))

    def init(self) -> None:
        self.warn_untranslated("player", STRINGS)
        failed = False
        try:
            iri.check_base(self.setting("cmi5_id_base"))
        except iri.BadBase as bad:
            self.report.error("course.yaml", 0, f"packaging › cmi5_id_base: {bad}",
                              "write e.g. 'urn:coursebuild:' or 'https://learning.example.com/courses/', or remove "
                              "the key", code="bad-cmi5-id-base")
            failed = True
        for unit in unit_ids(self.course, self.mode):
            length = worst_case_length(self.course, unit)
            if length > STATE_LIMIT:
                self.report.error("course.yaml", 0,
                                  f"cmi5 package, AU '{unit}': the player's saved state could reach {length:,} "
                                  f"characters; coursebuild keeps a cmi5 state document under {STATE_LIMIT:,}",
                                  "lower max_length of the fill-in questions, draw fewer questions, or package one "
                                  "AU per lesson (--mode per-lesson)", code="state-too-long")
                failed = True
        if failed:
            raise BuildFailed()

    def package(self, language: str) -> dict[str, bytes]:
        """Every file of one language's zip, keyed by path: the runtime's files and cmi5.xml."""
        files = delivery_files(self.course, language, delivery(self.mode))
        plan = structure.plan_structure(self.course, self.mode, (language,), launch_file,
                                        launch_method=structure.LaunchMethod(self.setting("cmi5_launch_method")),
                                        id_base=self.setting("cmi5_id_base"))
        for name in (structure.FILE_NAME, UI_STRINGS_DATA):
            if name in files:
                raise ValueError(f"the player wrote {name}, a name the cmi5 package needs")
        # The player's words in every language of the course: the AU shows them in the learner's
        # languagePreference when it names another of them (docs/cmi5.md, "Languages").
        files[UI_STRINGS_DATA] = ui_strings_file(self.course.languages)
        return {structure.FILE_NAME: structure.structure_xml(plan), **files}

    def write_language(self, language: str, staging: Stage) -> None:
        entries = self.package(language)
        name = zip_name(self.course, language, self.name, self.mode)
        problems = checks.structure_problems(entries[structure.FILE_NAME], entries)
        if problems:
            for problem in problems:
                self.report.error("", 0, f"{name}: the generated cmi5.xml is wrong: {problem}",
                                  "this is a bug in coursebuild; please report it with the course",
                                  code="cmi5-structure-invalid")
            raise BuildFailed()
        staging.write_zip(self.name, language, name, entries.items(),
                          description=f"cmi5 package, {self.mode.value} packaging")
