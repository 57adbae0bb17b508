"""The final assessment: each lesson's own bank (lessons/<folder>/assessment.yaml), drawn as course.yaml says.

A final assessment measures what the practice quizzes taught, so it never reuses them: learners have seen
those questions, with their feedback, and would be scored on memory. Courses written before banks existed
drew from the quizzes; format 1 still builds them that way, with a warning per lesson (see README,
"The final assessment").
"""

from __future__ import annotations

from pathlib import Path

from builder.loader.questions import questions_from, settings_from
from builder.loader.reading import Loading
from builder.loader.schema import Rec
from builder.loader.sources import ASSESSMENT_FILE
from builder.structure import FinalAssessment, Lesson, Question, Text

BANK_FILE = "assessment.yaml"
# The smallest bank worth drawing from: fewer and every attempt asks the same questions.
SUGGESTED_BANK = 3


def load_assessment(loading: Loading, data: Rec, root: Path, lessons: list[Lesson]) -> FinalAssessment | None:
    folders: list[str] = data["lessons"]
    banks, broken = _load_banks(loading, root, folders, lessons)
    raw = data["assessment"]
    drawn = set(raw["draw"]) if raw else set()
    for lesson_id, (file, _) in sorted(banks.items()):
        if lesson_id not in drawn:
            hint = (f"add '{lesson_id}: {SUGGESTED_BANK}' under 'draw:' of 'assessment:' in course.yaml"
                    if raw else "add an 'assessment:' to course.yaml that draws from it (see README)")
            loading.report.warning(file, 0, f"the final assessment does not draw from this bank ('{lesson_id}')",
                                   hint + ", or delete the file", code="bank-not-drawn")
    if not raw:
        return None
    by_id = {lesson.id: lesson for lesson in lessons}
    all_loaded = len(lessons) == len(folders)
    questions: list[Question] = []
    for lesson_id, count in raw["draw"].items():
        line = raw["draw"].key_lines.get(lesson_id, 0)
        lesson = by_id.get(lesson_id)
        if lesson is None:
            if all_loaded:
                loading.report.error("course.yaml", line, f"the assessment draws from '{lesson_id}', which is not a "
                                     "lesson id", f"use one of: {', '.join(by_id) or 'no lessons loaded'}",
                                     code="unknown-lesson")
            continue
        folder = f"lessons/{folders[lesson.number - 1]}"
        if lesson_id in broken:
            continue  # its assessment.yaml has errors of its own
        if lesson_id in banks:
            file, bank = banks[lesson_id]
            where = f"its bank ({file}) holds"
        elif lesson.quiz is not None:
            loading.report.warning(
                "course.yaml", line, f"the final assessment draws from the practice quiz of '{lesson_id}' "
                f"({folder}/quiz.yaml): learners have already seen those questions and their answers",
                f"write new questions for the final assessment in {folder}/{BANK_FILE} (the same form as "
                f"quiz.yaml, at least {max(count, SUGGESTED_BANK)}); drawing from quiz.yaml is deprecated and "
                "stops with format 2", code="assessment-from-quiz")
            bank, where = lesson.quiz.questions, f"its practice quiz ({folder}/quiz.yaml) holds"
        else:
            loading.report.error("course.yaml", line, f"the assessment draws from '{lesson_id}', which has no "
                                 f"{BANK_FILE}", f"write the lesson's final-assessment questions in "
                                 f"{folder}/{BANK_FILE} (the same form as quiz.yaml), or remove it from 'draw'",
                                 code="no-bank")
            continue
        if count > len(bank):
            loading.report.error("course.yaml", line, f"the assessment draws {count} questions from "
                                 f"'{lesson_id}', but {where} only {len(bank)}",
                                 "lower the number, or add questions", code="draw-too-many")
        questions.extend(bank)
    draw = tuple(raw["draw"].items())
    return FinalAssessment(settings=settings_from(raw, pass_mark_default=80), draw=draw, title=Text(raw["title"]),
                           questions=tuple(questions))


def _load_banks(loading: Loading, root: Path, folders: list[str], lessons: list[Lesson]
                ) -> tuple[dict[str, tuple[str, tuple[Question, ...]]], set[str]]:
    """lesson id → (file, bank questions), and the lesson ids whose bank could not be read."""
    by_number = {lesson.number: lesson for lesson in lessons}
    banks: dict[str, tuple[str, tuple[Question, ...]]] = {}
    broken: set[str] = set()
    for number, name in enumerate(folders, start=1):
        path = root / "lessons" / name / BANK_FILE
        if not path.is_file():
            continue
        lesson = by_number.get(number)
        lesson_id = lesson.id if lesson else name
        raw = loading.read_yaml(path, ASSESSMENT_FILE, what="assessment bank")
        if raw is None:
            broken.add(lesson_id)
            continue
        ctx = loading.context(path)
        for question in raw["questions"]:
            loading.claim(question["id"], "question", ctx.file, question.line_of("id"))
        objectives = {o.id for o in lesson.objectives} if lesson else None
        bank = questions_from(raw["questions"], lesson_id, objectives, ctx)
        banks[lesson_id] = (ctx.file, bank)
        if lesson:
            _check_coverage(loading, ctx.file, lesson, bank)
    return banks, broken


def _check_coverage(loading: Loading, file: str, lesson: Lesson, bank: tuple[Question, ...]) -> None:
    assessed = {q.objective for q in bank}
    for objective in lesson.objectives:
        if objective.id not in assessed:
            loading.report.warning(file, 0, f"no final-assessment question assesses the objective '{objective.id}'",
                                   f"add a question with 'objective: {objective.id}' to this bank",
                                   code="objective-not-in-bank")
