"""One preview build: the course loaded and built by the SCORM builder of the version asked for, as a single SCO,
into a stage in memory; the server serves that package's files. Going through the Builder interface, the preview
gets what a build gets: the same files, and the builder's checks (a suspend_data that could overflow, words
missing in the course's language).

A build never raises for a bad course: its problems travel with it, so that the server can show them
in the page and keep running until the author fixes the source.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.builders import BuildOptions, load_builder
from builder.diagnostics import BuildFailed, Diagnostic, Report
from builder.loader import load
from builder.runtime.rules import unit_rules
from builder.runtime.units import SINGLE_UNIT, PackagingMode
from builder.structure import Course
from builder.writer import MemoryStaging

VERSIONS = ("1.2", "2004")
BUILDER = {"1.2": "scorm12", "2004": "scorm2004"}


@dataclass(frozen=True)
class PreviewBuild:
    generation: int
    version: str
    language: str = ""
    files: Mapping[str, bytes] = field(default_factory=dict)
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    course_id: str = ""
    course_version: str = ""
    title: str = ""
    mastery: int | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.files)

    def storage_key(self) -> str:
        """Where the preview page keeps the learner's state between reloads: one per course, language and
        SCORM version, so that switching either starts cleanly."""
        return f"coursebuild-preview:{self.course_id}:{self.language}:{self.version}"

    def status(self) -> dict[str, object]:
        return {
            "generation": self.generation,
            "ok": self.ok,
            "title": self.title,
            "errors": [d.as_json() for d in self.errors],
            "warnings": [d.as_json() for d in self.warnings],
        }


def build_preview(course_dir: Path, language: str | None, version: str, generation: int) -> PreviewBuild:
    """The player for `language` (default: the course's source language) and SCORM `version`, or the
    problems that stop it."""
    started = time.perf_counter()
    report = Report()
    files: Mapping[str, bytes] = {}
    course = None
    try:
        loaded = load(course_dir)
        course, report = loaded.course, loaded.report
        if course is not None:
            language = language or course.source_language
            if language not in course.languages:
                report.error(str(course_dir / "course.yaml"), 0, f"the course has no language '{language}'",
                             f"restart the preview with --lang and one of: {', '.join(course.languages)}",
                             code="preview-language")
            else:
                files = _package(course, language, version, loaded.settings, report)
    except Exception as exc:  # the server must outlive any failure of one build, even a bug of ours
        report.error(str(course_dir), 0, f"coursebuild could not build the preview: {type(exc).__name__}: {exc}",
                     "this is a bug in coursebuild, not in your course; please report it", code="preview-internal")
        files = {}
    ok = course is not None and not report.has_errors
    return PreviewBuild(
        generation=generation,
        version=version,
        language=language or "",
        files=files if ok else {},
        errors=tuple(report.errors),
        warnings=tuple(report.warnings),
        course_id=course.id if course else "",
        course_version=course.version if course else "",
        title=(course.title.get(language) or course.title.get_or_empty(course.source_language)) if course and language
        else "",
        mastery=unit_rules(course, SINGLE_UNIT).mastery if course else None,  # what the manifest holds
        seconds=time.perf_counter() - started,
    )


def _package(course: Course, language: str, version: str, settings: Mapping[str, Mapping[str, Any]],
             report: Report) -> Mapping[str, bytes]:
    """The files of the single-SCO package the version's builder makes (its manifest and schemas included); none
    when its checks fail (reported)."""
    builder = load_builder(BUILDER[version])(
        course, BuildOptions(languages=(language,), given={"mode": PackagingMode.SINGLE.value}, sections=settings),
        report)
    stage = MemoryStaging()
    try:
        builder.init()
        builder.write(stage)
    except BuildFailed:
        return {}
    finally:
        builder.finish()
    (package,) = stage.files.values()
    return package
