"""Checks across files, run once every file has loaded."""

from __future__ import annotations

from builder.loader.itemchecks import Pool, check_items
from builder.loader.reading import Loading
from builder.loader.schema import Rec
from builder.structure import CompletionRule, Course


def check_course(course: Course, data: Rec, loading: Loading) -> None:
    report = loading.report
    pools = {lesson.id: lesson.quiz for lesson in course.lessons}
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
    check_items(_question_pools(course, data), course.languages, report)
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


def _question_pools(course: Course, data: Rec) -> list[Pool]:
    """Each lesson's practice quiz and each lesson's final-assessment bank, with the file each was written in."""
    pools = []
    for lesson in course.lessons:
        folder = _lesson_folder(data, lesson.number)
        if lesson.quiz:
            pools.append(Pool(f"{folder}/quiz.yaml", lesson.quiz.questions,
                              not lesson.quiz.settings.shuffle_choices, practice=True))
        practice = lesson.quiz.questions if lesson.quiz else ()
        # A course that still draws from a quiz (deprecated) has no bank: those questions are checked as practice.
        bank = tuple(q for q in course.assessment.bank(lesson.id) if q not in practice) if course.assessment else ()
        if bank:
            pools.append(Pool(f"{folder}/assessment.yaml", bank,
                              not course.assessment.settings.shuffle_choices, practice=False))
    return pools
