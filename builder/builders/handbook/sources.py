"""Which source file a printed text comes from, so a font problem points at the file to fix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from builder.structure import Course, Lesson, Material, Text


def _lesson_folder(lesson: Lesson) -> str:
    for page in (*lesson.pages, lesson.job_aid):
        if page is not None:
            for source in page.source.values():
                return str(PurePosixPath(source).parent.parent if "/pages/" in source else PurePosixPath(source).parent)
    return f"lessons/{lesson.id}"


def _texts(values: object) -> Iterator[Text]:
    if isinstance(values, Text):
        yield values
    elif isinstance(values, Material) and values.text is not None:
        yield values.text
    elif isinstance(values, tuple | list):
        for value in values:
            yield from _texts(value)


def texts_by_source(course: Course, language: str) -> Iterator[tuple[str, int, str]]:
    """(file, line, text) for every text of the course in `language`; line 0 when unknown."""
    yield from (("course.yaml", 0, t.get_or_empty(language))
                for t in (course.title, course.description, course.organization))
    if course.assessment:
        yield "course.yaml", 0, course.assessment.title.get_or_empty(language)
    for entry in course.glossary:
        yield "glossary.yaml", 0, entry.term.get_or_empty(language) + entry.definition.get_or_empty(language)
    classroom = [course.classroom.checklist, [b.title for b in course.classroom.breaks if b.title]]
    yield from (("course.yaml", 0, t.get_or_empty(language)) for t in _texts(classroom))
    for page in (course.introduction, course.facilitator_page):
        if page is not None:
            yield page.source.get_or_empty(language), 0, page.title.get_or_empty(language) + page.html.get_or_empty(
                language)
    for lesson in course.lessons:
        folder = _lesson_folder(lesson)
        for page in (*lesson.pages, lesson.job_aid):
            if page is not None:
                source = page.source.get_or_empty(language)
                yield source, 0, page.title.get_or_empty(language) + page.html.get_or_empty(language)
        lesson_texts = [lesson.title, lesson.goal, lesson.materials, [o.text for o in lesson.objectives],
                        lesson.reflection, [s.do for s in lesson.facilitator], [s.say for s in lesson.facilitator]]
        for activity in lesson.activities:
            lesson_texts += [activity.title, activity.materials, activity.instructions, activity.debrief,
                             activity.model_answer]
        for printable in lesson.printables:
            for text in _texts([printable.title, printable.role, [(s.role, s.body) for s in printable.sheets]]):
                yield printable.file, printable.line, text.get_or_empty(language)
        for text in _texts(lesson_texts):
            yield f"{folder}/lesson.yaml", 0, text.get_or_empty(language)
        practice = lesson.quiz.questions if lesson.quiz else ()
        bank = course.assessment.bank(lesson.id) if course.assessment else ()
        for file, questions in (("quiz.yaml", practice), ("assessment.yaml", [q for q in bank if q not in practice])):
            for question in questions:
                parts = [question.prompt, question.feedback_correct, question.feedback_incorrect,
                         [c.text for c in question.choices], [c.feedback for c in question.choices],
                         [p.left for p in question.pairs], [p.right for p in question.pairs]]
                for text in _texts(parts):
                    yield f"{folder}/{file}", question.line, text.get_or_empty(language)


def locate(course: Course, language: str, character: str) -> tuple[str, int]:
    for file, line, text in texts_by_source(course, language):
        if character in text:
            return file, line
    return "", 0
