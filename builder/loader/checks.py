"""Checks across files, run once every file has loaded."""

from __future__ import annotations

from pathlib import Path

from builder.loader.reading import Loading
from builder.loader.schema import Rec
from builder.structure import CompletionRule, Course


def check_course(course: Course, data: Rec, loading: Loading, folders: list[Path]) -> None:
    report = loading.report
    pools = {lesson.id: lesson.quiz for lesson in course.lessons}
    all_lessons_loaded = len(course.lessons) == len(data["lessons"])
    if course.assessment:
        _check_draw(course, data, loading, folders, all_lessons_loaded)
    needs_a_test = course.completion in (CompletionRule.ASSESSMENT, CompletionRule.BOTH)
    if needs_a_test and course.lessons and all_lessons_loaded and not course.assessment and not any(pools.values()):
        report.error("course.yaml", data.line_of("completion"),
                     f"completion is '{course.completion.value}', but the course has no assessment and no quiz",
                     "add an 'assessment:' (or lesson quizzes), or set 'completion: pages'", code="nothing-to-pass")
    for lang in course.languages:
        seen: dict[str, str] = {}
        for entry in course.glossary:
            key = entry.term[lang].casefold()
            if key in seen:
                report.warning("glossary.yaml", 0, f"the {lang} term '{entry.term[lang]}' is defined twice "
                               f"('{seen[key]}' and '{entry.id}')", "keep one definition per term",
                               code="duplicate-term")
            seen[key] = entry.id


def _check_draw(course: Course, data: Rec, loading: Loading, folders: list[Path], all_lessons_loaded: bool) -> None:
    """Each lesson the final assessment draws from exists and has enough questions. A lesson that failed to
    load proves nothing either way, so a key that might be its id is left alone."""
    report = loading.report
    pools = {lesson.id: lesson.quiz for lesson in course.lessons}
    folder_ids = {folder.name: lesson.id for folder, lesson in _lessons_by_folder(course, folders)}
    listing = ", ".join(f"{lesson_id} (lessons/{name})" for name, lesson_id in folder_ids.items())
    draw_lines = data["assessment"]["draw"].key_lines
    for lesson_id, count in course.assessment.draw:
        line = draw_lines.get(lesson_id, 0)
        if lesson_id in folder_ids and lesson_id not in pools:
            report.error("course.yaml", line, f"'{lesson_id}' is a lesson folder; 'draw' takes the lesson's id, "
                         f"'{folder_ids[lesson_id]}' (the 'id' in its lesson.yaml)",
                         f"write '{folder_ids[lesson_id]}: {count}'; the lessons' ids are: {listing}",
                         code="unknown-lesson")
        elif lesson_id not in pools:
            if all_lessons_loaded:
                report.error("course.yaml", line, f"the assessment draws from '{lesson_id}', which is not a lesson "
                             "id", f"'draw' takes lesson ids (the 'id' in each lesson.yaml): "
                             f"{listing or 'no lessons loaded'}", code="unknown-lesson")
        elif pools[lesson_id] is None:
            report.error("course.yaml", line, f"the assessment draws from '{lesson_id}', which has no quiz",
                         "add quiz.yaml to that lesson, or remove it from 'draw'", code="no-pool")
        elif count > len(pools[lesson_id].questions):
            report.error("course.yaml", line,
                         f"the assessment draws {count} questions from '{lesson_id}', whose pool has only "
                         f"{len(pools[lesson_id].questions)}", "lower the number, or add questions",
                         code="draw-too-many")


def _lessons_by_folder(course: Course, folders: list[Path]):
    by_file = {lesson.where.file: lesson for lesson in course.lessons}
    for folder in folders:
        lesson = by_file.get(f"lessons/{folder.name}/lesson.yaml")
        if lesson is not None:
            yield folder, lesson
