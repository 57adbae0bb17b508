"""Checks across files, run once every file has loaded."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from builder.loader.reading import Loading
from builder.loader.schema import Rec
from builder.structure import CompletionRule, Course, Lesson


def check_course(course: Course, data: Rec, loading: Loading, folders: list[Path]) -> None:
    report = loading.report
    pools = {lesson.id: lesson.quiz for lesson in course.lessons}
    all_lessons_loaded = len(course.lessons) == len(set(data["lessons"]))
    if course.assessment:
        check_draw(course.lessons, data, loading, folders)
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


def check_draw(lessons: tuple[Lesson, ...] | list[Lesson], data: Rec, loading: Loading, folders: list[Path]) -> None:
    """Each lesson the final assessment draws from exists and has enough questions. It needs only the lessons
    and course.yaml's `assessment` and `lessons`, so it runs even when other keys of course.yaml failed. A
    lesson that failed to load proves nothing about its pool, and an unknown id proves nothing while a
    lesson.yaml could not be read."""
    report = loading.report
    pools = {lesson.id: lesson.quiz for lesson in lessons}
    # Every lesson.yaml whose id could be read, loaded or not: folder name -> lesson id.
    ids = {PurePosixPath(file).parent.name: identifier for identifier, what, file, _ in loading.claims
           if what == "lesson"}
    every_id_known = len(ids) == len(folders)
    listing = ", ".join(f"{lesson_id} (lessons/{folder})" for folder, lesson_id in ids.items())
    draw = data["assessment"]["draw"]
    for key, count in draw.items():
        line = draw.key_lines.get(key, 0)
        if key in ids and key not in ids.values():
            report.error("course.yaml", line, f"'{key}' is a lesson folder; 'draw' takes the lesson's id, "
                         f"'{ids[key]}' (the 'id' in its lesson.yaml)",
                         f"write '{ids[key]}: {count}'; the lessons' ids are: {listing}", code="unknown-lesson")
        elif key not in ids.values():
            if every_id_known:
                report.error("course.yaml", line, f"the assessment draws from '{key}', which is not a lesson id",
                             f"'draw' takes lesson ids (the 'id' in each lesson.yaml): {listing or 'no lessons yet'}",
                             code="unknown-lesson")
        elif key not in pools:
            continue  # the lesson has errors of its own, reported where they are
        elif pools[key] is None:
            report.error("course.yaml", line, f"the assessment draws from '{key}', which has no quiz",
                         "add quiz.yaml to that lesson, or remove it from 'draw'", code="no-pool")
        elif count > len(pools[key].questions):
            report.error("course.yaml", line,
                         f"the assessment draws {count} questions from '{key}', whose pool has only "
                         f"{len(pools[key].questions)}", "lower the number, or add questions",
                         code="draw-too-many")
