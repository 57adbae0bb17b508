"""The final assessment: each lesson's own bank (lessons/<folder>/assessment.yaml), drawn as course.yaml says.

A final assessment measures what the practice quizzes taught, so it never reuses them: learners have seen
those questions, with their feedback, and would be scored on memory. Courses written before banks existed
drew from the quizzes; format 1 still builds them that way, with a warning per lesson (see README,
"The final assessment").
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from builder.loader.questions import questions_from, settings_from
from builder.loader.reading import Loading
from builder.loader.schema import Partial, Rec, broken_items, invalid_items
from builder.loader.sources import ASSESSMENT_FILE
from builder.structure import FinalAssessment, Lesson, Question, Text
from builder.wording import counted

BANK_FILE = "assessment.yaml"
# The smallest bank worth drawing from: fewer and every attempt asks the same questions.
SUGGESTED_BANK = 3


def load_assessment(loading: Loading, data: Rec, folders: list[Path], lessons: list[Lesson]
                    ) -> FinalAssessment | None:
    """The final assessment, its draw checked against the lessons and their banks. Runs even when other keys of
    course.yaml failed (then only for the diagnostics): it needs only `lessons` and `assessment`. Nothing is
    concluded from a lesson or a bank that failed to load; their own errors say what is wrong."""
    banks, broken = _load_banks(loading, folders, lessons)
    raw = data.get("assessment")
    draw = raw.get("draw") if raw else None
    drawn = set(draw or ())
    loaded = {lesson.id for lesson in lessons}
    for lesson_id, (file, _) in sorted(banks.items()):
        if lesson_id in loaded and lesson_id not in drawn and (draw is not None or not raw):
            hint = (f"add '{lesson_id}: {SUGGESTED_BANK}' under 'draw:' of 'assessment:' in course.yaml"
                    if raw else "add an 'assessment:' to course.yaml that draws from it (see README)")
            loading.report.warning(file, 0, f"the final assessment does not draw from this bank ('{lesson_id}')",
                                   hint + ", or delete the file", code="bank-not-drawn")
    if not raw or draw is None:
        return None
    by_id = {lesson.id: lesson for lesson in lessons}
    # Every lesson.yaml whose id could be read, loaded or not: folder name -> lesson id.
    ids = {PurePosixPath(file).parent.name: identifier for identifier, what, file, _ in loading.claims
           if what == "lesson"}
    every_id_known = len(ids) == len(folders)
    listing = ", ".join(f"{lesson_id} (lessons/{folder})" for folder, lesson_id in ids.items())
    questions: list[Question] = []
    for key, count in draw.items():
        line = draw.key_lines.get(key, 0)
        lesson = by_id.get(key)
        if lesson is None:
            if key in ids and key not in ids.values():
                loading.report.error("course.yaml", line, f"'{key}' is a lesson folder; 'draw' takes the lesson's "
                                     f"id, '{ids[key]}' (the 'id' in its lesson.yaml)",
                                     f"write '{ids[key]}: {count}'; the lessons' ids are: {listing}",
                                     code="unknown-lesson")
            elif key not in ids.values() and every_id_known:
                loading.report.error("course.yaml", line, f"the assessment draws from '{key}', which is not a "
                                     "lesson id", f"'draw' takes lesson ids (the 'id' in each lesson.yaml): "
                                     f"{listing or 'no lessons yet'}", code="unknown-lesson")
            continue  # otherwise the lesson has errors of its own, reported where they are
        folder = PurePosixPath(lesson.where.file).parent
        if key in broken:
            continue  # its assessment.yaml has errors of its own
        if key in banks:
            file, bank = banks[key]
            where = f"its bank ({file}) holds"
        elif lesson.quiz is not None:
            loading.report.warning(
                "course.yaml", line, f"the final assessment draws from the practice quiz of '{key}' "
                f"({folder}/quiz.yaml): learners have already seen those questions and their answers",
                f"write new questions for the final assessment in {folder}/{BANK_FILE} (the same form as "
                f"quiz.yaml, at least {max(count, SUGGESTED_BANK)}); drawing from quiz.yaml is deprecated and "
                "stops with format 2", code="assessment-from-quiz")
            bank, where = lesson.quiz.questions, f"its practice quiz ({folder}/quiz.yaml) holds"
        else:
            loading.report.error("course.yaml", line, f"the assessment draws from '{key}', which has no "
                                 f"{BANK_FILE}", f"write the lesson's final-assessment questions in "
                                 f"{folder}/{BANK_FILE} (the same form as quiz.yaml), or remove it from 'draw'",
                                 code="no-bank")
            continue
        if count > len(bank):
            loading.report.error("course.yaml", line, f"the assessment draws {counted(count, 'question')} from "
                                 f"'{key}', but {where} only {len(bank)}",
                                 "lower the number, or add questions", code="draw-too-many")
        questions.extend(bank)
    if type(raw) is Partial or type(data) is Partial:
        return None
    return FinalAssessment(settings=settings_from(raw), draw=tuple(draw.items()),
                           title=Text(raw["title"]), questions=tuple(questions))


def _load_banks(loading: Loading, folders: list[Path], lessons: list[Lesson]
                ) -> tuple[dict[str, tuple[str, tuple[Question, ...]]], set[str]]:
    """lesson id → (file, bank questions), and the lesson ids whose bank could not be read."""
    by_number = {lesson.number: lesson for lesson in lessons}
    banks: dict[str, tuple[str, tuple[Question, ...]]] = {}
    broken: set[str] = set()
    for number, folder in enumerate(folders, start=1):
        path = folder / BANK_FILE
        lesson = by_number.get(number)
        lesson_id = lesson.id if lesson else folder.name
        found = loading.find(path)
        if found.problem:
            broken.add(lesson_id)
            continue
        if found.path is None:
            continue
        raw = loading.read_yaml(path, ASSESSMENT_FILE, what="assessment bank", partial=True)
        if raw is None or "questions" not in raw:
            broken.add(lesson_id)
            continue
        ctx = loading.context(path)
        for question in [*raw["questions"], *broken_items(raw["questions"])]:
            if "id" in question:
                loading.claim(question["id"], "question", ctx.file, question.line_of("id"))
        objectives = {o.id for o in lesson.objectives} if lesson else None
        bank = questions_from(raw["questions"], lesson_id, objectives, ctx)
        if type(raw) is Partial or invalid_items(raw["questions"]):
            broken.add(lesson_id)
            continue
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
