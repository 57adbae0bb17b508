"""Shared packaging of the SCORM builders: the runtime's files + manifest + schema files, checked, zipped.

`ScormBuilder` does the work for both versions; scorm12.py and scorm2004.py only say which
version and edition. Before anything is written, `init` measures the worst-case suspend_data
of every SCO, so a course that could lose its learners' progress fails with the numbers.
"""

from __future__ import annotations

from typing import ClassVar

from builder.builders.base import Builder
from builder.builders.scorm import checks, manifest, moodle, xsd
from builder.builders.scorm.options import OPTIONS, SECTION
from builder.diagnostics import BuildFailed
from builder.runtime.files import STRINGS, Delivery, delivery_files
from builder.runtime.state import worst_case_length
from builder.runtime.units import PackagingMode, unit_ids
from builder.structure import Course, QuestionType, SourceLocation
from builder.writer import Stage

SUSPEND_LIMITS = {"1.2": 4096, "2004": 64000}
# SCORM 2004 3rd edition still had the old smallest permitted maximum; the 4th edition raised it.
SUSPEND_LIMIT_2004_3RD = 4000


def suspend_limit(version: str, edition: int | None = None) -> int:
    """The characters of cmi.suspend_data every LMS of that version and edition must store."""
    if version == "2004" and edition == 3:
        return SUSPEND_LIMIT_2004_3RD
    return SUSPEND_LIMITS[version]


def delivery(version: str, edition: int | None, mode: PackagingMode) -> Delivery:
    """What a SCORM package of that version asks of the runtime: its adapter and suspend_data's limit."""
    return Delivery(adapter="scorm12" if version == "1.2" else "scorm2004", mode=PackagingMode(mode),
                    state_limit=suspend_limit(version, edition), body=(("data-scorm", version),))


def zip_name(course: Course, language: str, format_label: str, mode: PackagingMode) -> str:
    """`{course}-{version}-{language}-{format}-{mode}.zip`: no two builds of different settings collide."""
    return f"{course.id}-{course.version}-{language}-{format_label}-{PackagingMode(mode).value}.zip"


def schema_entries(flavour: str) -> list[tuple[str, bytes]]:
    """The ADL schema files the manifest's xsi:schemaLocation names (and what they import), for the zip root."""
    folder = xsd.schema_folder(flavour)
    return [(path.name, path.read_bytes()) for path in sorted(folder.iterdir()) if path.is_file()]


def package_entries(course: Course, language: str, version: str, edition: int | None, mode: PackagingMode,
                    gating: manifest.Gating = manifest.Gating.OBJECTIVES,
                    sequencing: manifest.Sequencing = manifest.Sequencing.LINEAR,
                    ) -> tuple[manifest.PackagePlan, dict[str, bytes]]:
    """Every file of one zip, keyed by zip path, and the plan its manifest was built from."""
    files = delivery_files(course, language, delivery(version, edition, mode))
    plan = manifest.plan_package(course, language, version, edition, mode, list(files), gating, sequencing)
    entries = dict(files)
    entries[checks.MANIFEST] = manifest.manifest_xml(plan)
    if version == "2004":
        entries[manifest.METADATA_FILE] = manifest.lom_xml(plan)
    for name, data in schema_entries(plan.flavour):
        if name in entries:
            raise ValueError(f"the player wrote {name}, a name the package's schema files need")
        entries[name] = data
    return plan, entries


def package_problems(plan: manifest.PackagePlan, entries: dict[str, bytes]) -> list[str]:
    """The manifest checked against the official XSDs (shipped copies), against the zip's files, and against
    what Moodle's import makes of it (objective maps excepted when the plan gates lessons with them)."""
    data = entries[checks.MANIFEST]
    expected = {manifest.xml_id("res", sco.id): sco.pass_mark for sco in plan.scos}
    return [*xsd.validate(data, plan.flavour), *checks.check_manifest(data, entries, plan.version, expected),
            *moodle.import_problems(data, plan, objective_maps_allowed=manifest.gated_by_objectives(plan))]


class ScormBuilder(Builder):
    version: ClassVar[str] = ""
    section = SECTION
    options = OPTIONS

    @property
    def edition(self) -> int | None:
        return None

    @property
    def format_label(self) -> str:
        return self.name

    @property
    def standard(self) -> str:
        """The standard as people name it, e.g. 'SCORM 2004 3rd edition'."""
        if self.edition is None:
            return f"SCORM {self.version}"
        return f"SCORM {self.version} {'3rd' if self.edition == 3 else '4th'} edition"

    @property
    def mode(self) -> PackagingMode:
        return PackagingMode(self.setting("mode"))

    @property
    def sequencing(self) -> manifest.Sequencing:
        return manifest.Sequencing(self.setting("sequencing"))

    @property
    def gating(self) -> manifest.Gating:
        return manifest.Gating(self.setting("scorm2004_gating"))

    def init(self) -> None:
        self.warn_untranslated("player", STRINGS)
        self._warn_order_not_enforced()
        failed = False
        limit = suspend_limit(self.version, self.edition)
        for language in self.languages:
            for sco_id in unit_ids(self.course, self.mode):
                length = worst_case_length(self.course, sco_id)
                if length > limit:
                    self._report_suspend_overflow(sco_id, language, length, limit)
                    failed = True
        if failed:
            raise BuildFailed()

    def _warn_order_not_enforced(self) -> None:
        """Say so when a linear per-lesson 2004 package is built without its gate (Moodle cannot import it)."""
        if not self.languages:
            return
        plan = manifest.plan_package(self.course, self.languages[0], self.version, self.edition, self.mode, [],
                                     self.gating, self.sequencing)
        if not manifest.order_not_enforced(plan):
            return
        if self.build_options.preset == "moodle":
            self.report.warning(
                "course.yaml", 0,
                f"{self.standard} per-lesson packages for Moodle carry no objective maps (Moodle 4.5 cannot import "
                "them), so nothing makes a lesson wait for the one before: Moodle does not run SCORM 2004 "
                "sequencing, and a learner can open any lesson from its table of contents without passing the "
                "ones before it",
                "for lessons that open in order in Moodle, build SCORM 1.2 per lesson (--preset moodle -f scorm12 "
                "--mode per-lesson): Moodle honours its prerequisites; see docs/lms/moodle.md",
                code="lesson-order-not-enforced")
        else:
            self.report.warning(
                "course.yaml", 0,
                f"{self.standard} per-lesson packages built with --scorm2004-gating flow: the lessons follow in "
                "order through the LMS's Continue and Previous, but a learner does not have to pass a lesson "
                "before the next one opens",
                "leave out --scorm2004-gating flow to keep each lesson closed until the one before is passed, "
                "unless the LMS cannot import objective maps (Moodle); see docs/scorm.md",
                code="lesson-order-not-enforced")

    def _report_suspend_overflow(self, sco_id: str, language: str, length: int, limit: int) -> None:
        lessons = self.course.lessons if sco_id in ("course", "assessment") else (self.course.lesson(sco_id),)
        fill_ins = sorted(((q.fill_in.max_length, q.id) for lesson in lessons if lesson.quiz
                           for q in lesson.quiz.questions if q.type is QuestionType.FILL_IN and q.fill_in),
                          reverse=True)
        largest = ", ".join(f"{qid} ({size})" for size, qid in fill_ins[:3])
        hint = "lower max_length of the fill-in questions" + (f" (largest: {largest})" if largest else "")
        hint += ", draw fewer questions"
        if self.mode is PackagingMode.SINGLE:
            hint += ", package one SCO per lesson (--mode per-lesson)"
        if limit < SUSPEND_LIMITS["2004"]:
            hint += ", or build SCORM 2004 4th edition (64,000 characters)"
        largest_fill_in = max((q for lesson in lessons if lesson.quiz for q in lesson.quiz.questions if q.fill_in),
                              key=lambda q: q.fill_in.max_length, default=None)
        where = largest_fill_in.where if largest_fill_in else SourceLocation("course.yaml")
        self.report.error(where.file, where.line,
                          f"SCORM {self.version} package ({self.name}, {language}), SCO '{sco_id}': the player's "
                          f"suspend_data could reach {length:,} characters; {self.standard} allows {limit:,}",
                          hint, code="suspend-data-too-long")

    def write_language(self, language: str, staging: Stage) -> None:
        plan, entries = package_entries(self.course, language, self.version, self.edition, self.mode, self.gating,
                                        self.sequencing)
        name = zip_name(self.course, language, self.format_label, self.mode)
        problems = package_problems(plan, entries)
        if problems:
            for problem in problems:
                self.report.error("", 0, f"{name}: the generated manifest is wrong: {problem}",
                                  "this is a bug in coursebuild; please report it with the course",
                                  code="manifest-invalid")
            raise BuildFailed()
        staging.write_zip(self.name, language, name, entries.items(),
                          description=f"SCORM {self.version} package, {self.mode.value} packaging")

