"""Load and validate a course folder into the immutable model, reporting every problem found.

    course, report = load_course(Path("course"))
    loaded = load(Path("course"))   # the same, with the output formats' sections of course.yaml (settings)

`course` is None when the report has errors; a course is never half-built. The model holds the course only;
the sections each builder declares for course.yaml (builder/builders) are checked here too and handed to the
builders beside it, as `settings`.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.diagnostics import Report
from builder.loader import sources
from builder.loader.assessment import load_assessment
from builder.loader.checks import check_course
from builder.loader.classroom import check_classroom, classroom_from
from builder.loader.files import SourceFolder, nfc
from builder.loader.lessons import _single_page
from builder.loader.markdown import AssetStore
from builder.loader.parallel import load_lessons
from builder.loader.reading import Loading
from builder.loader.schema import INVALID, Context, LangTag, ListOf, Partial, Rec, Record
from builder.loader.sources import FORMAT_VERSION, GLOSSARY_FILE
from builder.loader.theme import load_theme
from builder.loader.yamlsource import YamlProblem, parse_yaml
from builder.structure import (
    AssessmentAccess,
    CompletionRule,
    Course,
    GlossaryEntry,
    LessonAccess,
    NavigationOptions,
    Text,
)

__all__ = ["Loaded", "load", "load_course"]


@dataclass(frozen=True)
class Loaded:
    course: Course | None  # None when the report has errors
    report: Report
    # The output formats' sections of course.yaml, checked, each key present (its default when not written).
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def load_course(course_dir: Path) -> tuple[Course | None, Report]:
    loaded = load(course_dir)
    return loaded.course, loaded.report


def load(course_dir: Path, sections: Mapping[str, Record] | None = None) -> Loaded:
    """`sections`: the output formats' sections of course.yaml; default: every registered builder's."""
    if sections is None:
        # Imported here: the builders' declarations use the loader's schema types.
        from builder.builders import course_sections

        sections = course_sections()
    # Loading builds hundreds of thousands of small, acyclic objects; the cycle collector would
    # rescan them again and again for nothing (a quarter of the time on a 500-lesson course).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_course(course_dir, sections)
    finally:
        if collecting:
            gc.enable()


def _load_course(course_dir: Path, sections: Mapping[str, Record]) -> Loaded:
    report = Report()
    root = course_dir.resolve() if course_dir.exists() else course_dir
    loading = Loading(SourceFolder(root), report)
    course_file = root / "course.yaml"
    if not root.is_dir():
        report.error(str(course_dir), 0, f"the course folder '{course_dir}' does not exist",
                     "give the folder that holds course.yaml, e.g. 'coursebuild validate course'",
                     code="no-course")
        return Loaded(None, report)
    found = loading.find(course_file)
    if found.path is None:
        if not found.problem:
            report.error(str(course_dir), 0, f"there is no course.yaml in '{course_dir}'",
                         "every course starts with a course.yaml; run 'coursebuild new DIR' or copy the README example",
                         code="no-course")
        return Loaded(None, report)

    loading.languages = _languages(loading, course_file)
    data = loading.read_yaml(course_file, sources.course_file(sections), what="course file", partial=True)
    if data is None or not loading.languages or "format" not in data:
        return Loaded(None, report)  # without data or languages, every other file would only add noise
    if data["format"] != FORMAT_VERSION:
        report.error("course.yaml", data.line_of("format"),
                     f"this course is written in format {data['format']}, but this coursebuild reads format "
                     f"{FORMAT_VERSION}", "upgrade coursebuild, or set 'format: 1'", code="format-version")
        return Loaded(None, report)

    folders = _lesson_folders(loading, data) if "lessons" in data else []
    lessons = load_lessons(loading, folders)
    course_assets = AssetStore(loading.folder, "course", root)
    introduction, there = _single_page(loading, root, "introduction", "introduction", course_assets,
                                       what="introduction")
    if not there:
        report.warning("course.yaml", 0, "the course has no introduction yet",
                       "add introduction.<language>.md beside course.yaml", code="no-introduction")
    glossary = _glossary(loading, root / "glossary.yaml")
    facilitator_page, _ = _single_page(loading, root, "facilitator", "facilitator", course_assets,
                                       what="facilitator notes")
    if type(data) is Partial:
        # course.yaml has errors (reported): no course, but the rest of it has been checked, and so is this.
        if "lessons" in data and "assessment" in data:
            load_assessment(loading, data, folders, lessons)
        loading.check_unique_ids()
        return Loaded(None, report)
    assessment = load_assessment(loading, data, folders, lessons)
    theme = load_theme(data["theme"], loading, course_assets)

    course = Course(
        format=data["format"], id=data["id"], version=str(data["version"]), languages=loading.languages,
        title=Text(data["title"]), description=Text(data["description"]), organization=Text(data["organization"]),
        authors=tuple(data["authors"]), date=data["date"] or "", learning_time=data["learning_time"],
        completion=CompletionRule(data["completion"]),
        introduction=introduction, glossary=glossary, lessons=tuple(lessons), assessment=assessment,
        navigation=_navigation(data["navigation"]),
        assets=tuple(sorted(course_assets.assets.values(), key=lambda a: a.href)),
        classroom=classroom_from(data["classroom"]), facilitator_page=facilitator_page, theme=theme,
    )
    loading.check_unique_ids()
    check_course(course, data, loading, folders)
    check_classroom(course, data, loading)
    if report.has_errors:
        return Loaded(None, report)
    return Loaded(course, report, {name: dict(data[name]) for name in sections})


def _languages(loading: Loading, course_file: Path) -> tuple[str, ...]:
    """Read the languages first: every other text is checked against them."""
    text = loading.folder.read_text(course_file, Report(), what="course file")
    try:
        node = parse_yaml(text) if text else None
    except YamlProblem:
        return ()
    if node is None or node.kind != "mapping" or "languages" not in node.value:
        return ()
    languages = ListOf(LangTag()).check(node.value["languages"], Context("course.yaml", Report()), "")
    if languages is INVALID:
        return ()
    seen: list[str] = []
    for lang in languages:
        if lang in seen:
            loading.report.error("course.yaml", languages.line, f"the language '{lang}' is listed twice",
                                 "list each language once, the source language first", code="duplicate-language")
        else:
            seen.append(lang)
    return tuple(seen)


def _lesson_folders(loading: Loading, data: Rec) -> list[Path]:
    """The lesson folders course.yaml lists, each once and there, in order; every slip reported at its line
    in course.yaml: a folder listed twice, one that is missing (or named in another letter case), and a
    folder under lessons/ that is not listed (a warning: it may be a lesson not ready yet)."""
    report, names = loading.report, data["lessons"]
    lessons_dir = loading.folder.root / "lessons"
    folders: list[Path] = []
    first_line: dict[str, int] = {}
    for name, line in zip(names, names.item_lines, strict=True):
        key = nfc(name)
        if key in first_line:
            report.error("course.yaml", line, f"the lesson '{name}' is listed twice in 'lessons' (first on line "
                         f"{first_line[key]})", "list each lesson folder once; remove this line",
                         code="duplicate-lesson")
            continue
        first_line[key] = line
        found = loading.folder.lookup(lessons_dir / name)
        if found.path is None or not found.path.is_dir():
            reason = (f"the lesson folder 'lessons/{name}' is not there: {found.problem}" if found.problem
                      else f"the lesson folder 'lessons/{name}' does not exist")
            hint = (f"write '{found.near}' here exactly as the folder is named, or rename the folder" if found.near
                    else f"create lessons/{name}/lesson.yaml, or remove '{name}' from 'lessons'")
            report.error("course.yaml", line, reason, hint, code="missing-lesson")
            continue
        folders.append(found.path)
    listed = {nfc(folder.name) for folder in folders} | set(first_line)
    for entry in sorted(lessons_dir.iterdir()) if lessons_dir.is_dir() else ():
        if entry.is_dir() and not entry.name.startswith(".") and nfc(entry.name) not in listed \
                and nfc(entry.name).casefold() not in {name.casefold() for name in listed}:
            report.warning("course.yaml", data.line_of("lessons"),
                           f"the lesson folder 'lessons/{entry.name}' is not listed in 'lessons', so it is left out",
                           f"add '  - {entry.name}' to 'lessons' where it belongs in the teaching order, or move "
                           "the folder out of lessons/", code="unlisted-lesson")
    return folders


def _navigation(data: Rec) -> NavigationOptions:
    return NavigationOptions(assessment=AssessmentAccess(data["assessment"]), lessons=LessonAccess(data["lessons"]))


def _glossary(loading: Loading, path: Path) -> tuple[GlossaryEntry, ...]:
    found = loading.find(path)
    if found.path is None:
        if not found.problem:
            loading.report.warning("course.yaml", 0, "the course has no glossary yet",
                                   "add glossary.yaml beside course.yaml", code="no-glossary")
        return ()
    data = loading.read_yaml(path, GLOSSARY_FILE, what="glossary")
    if data is None:
        return ()
    for term in data["terms"]:
        loading.claim(term["id"], "glossary term", loading.folder.rel(path), term.line_of("id"))
    return tuple(GlossaryEntry(t["id"], Text(t["term"]), Text(t["definition"]), t["link"],
                               tuple(sorted((lang, tuple(forms)) for lang, forms in (t["forms"] or {}).items())))
                 for t in data["terms"])
