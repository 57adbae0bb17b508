"""Checks across files, run once every file has loaded."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from builder.loader.itemchecks import Pool, check_items
from builder.loader.reading import Loading
from builder.loader.schema import Rec
from builder.structure import CompletionRule, Course


def check_course(course: Course, data: Rec, loading: Loading, folders: list[Path]) -> None:
    report = loading.report
    pools = {lesson.id: lesson.quiz for lesson in course.lessons}
    all_lessons_loaded = len(course.lessons) == len(folders)
    needs_a_test = course.completion in (CompletionRule.ASSESSMENT, CompletionRule.BOTH)
    if needs_a_test and course.lessons and all_lessons_loaded and not course.assessment and not any(pools.values()):
        report.error("course.yaml", data.line_of("completion"),
                     f"completion is '{course.completion.value}', but the course has no assessment and no quiz",
                     "add an 'assessment:' (or lesson quizzes), or set 'completion: pages'", code="nothing-to-pass")
    check_items(_question_pools(course), course.languages, report)
    for lang in course.languages:
        seen: dict[str, str] = {}
        for entry in course.glossary:
            key = entry.term[lang].casefold()
            if key in seen:
                report.warning("glossary.yaml", 0, f"the {lang} term '{entry.term[lang]}' is defined twice "
                               f"('{seen[key]}' and '{entry.id}')", "keep one definition per term",
                               code="duplicate-term")
            seen[key] = entry.id


def _question_pools(course: Course) -> list[Pool]:
    """Each lesson's practice quiz and each lesson's final-assessment bank, with the file each was written in."""
    pools = []
    for lesson in course.lessons:
        folder = PurePosixPath(lesson.where.file).parent
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
