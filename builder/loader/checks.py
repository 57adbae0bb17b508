"""Checks across files, run once every file has loaded."""

from __future__ import annotations

from builder.loader.reading import Loading
from builder.loader.schema import Rec
from builder.structure import CompletionRule, Course


def check_course(course: Course, data: Rec, loading: Loading) -> None:
    report = loading.report
    pools = {lesson.id: lesson.quiz for lesson in course.lessons}
    all_lessons_loaded = len(course.lessons) == len(data["lessons"])
    if course.assessment and all_lessons_loaded:
        draw_lines = data["assessment"]["draw"].key_lines
        for lesson_id, count in course.assessment.draw:
            line = draw_lines.get(lesson_id, 0)
            if lesson_id not in pools:
                report.error("course.yaml", line, f"the assessment draws from '{lesson_id}', which is not a lesson id",
                             f"use one of: {', '.join(pools) or 'no lessons loaded'}", code="unknown-lesson")
            elif pools[lesson_id] is None:
                report.error("course.yaml", line, f"the assessment draws from '{lesson_id}', which has no quiz",
                             "add quiz.yaml to that lesson, or remove it from 'draw'", code="no-pool")
            elif count > len(pools[lesson_id].questions):
                report.error("course.yaml", line,
                             f"the assessment draws {count} questions from '{lesson_id}', whose pool has only "
                             f"{len(pools[lesson_id].questions)}", "lower the number, or add questions",
                             code="draw-too-many")
    needs_a_test = course.completion in (CompletionRule.ASSESSMENT, CompletionRule.BOTH)
    if needs_a_test and course.lessons and not course.assessment and not any(pools.values()):
        report.error("course.yaml", data.line_of("completion"),
                     f"completion is '{course.completion.value}', but the course has no assessment and no quiz",
                     "add an 'assessment:' (or lesson quizzes), or set 'completion: pages'", code="nothing-to-pass")
    for lesson in course.lessons:
        if lesson.quiz is None:
            continue
        assessed = {q.objective for q in lesson.quiz.questions}
        lesson_file = f"{_lesson_folder(data, lesson.number)}/lesson.yaml"
        for objective in lesson.objectives:
            if objective.id not in assessed:
                report.warning(lesson_file, 0, f"no question assesses the objective '{objective.id}'",
                               f"add a question with 'objective: {objective.id}' to quiz.yaml",
                               code="objective-not-assessed")
    for lang in course.languages:
        seen: dict[str, str] = {}
        for entry in course.glossary:
            key = entry.term[lang].casefold()
            if key in seen:
                report.warning("glossary.yaml", 0, f"the {lang} term '{entry.term[lang]}' is defined twice "
                               f"('{seen[key]}' and '{entry.id}')", "keep one definition per term",
                               code="duplicate-term")
            seen[key] = entry.id


def _lesson_folder(data: Rec, number: int) -> str:
    return f"lessons/{data['lessons'][number - 1]}"
