"""Which source file a printed text comes from, so a font problem points at the file to fix."""

from __future__ import annotations

from collections.abc import Iterator

from builder.structure import Course, Material, SourceLocation, Text


def _texts(values: object) -> Iterator[Text]:
    if isinstance(values, Text):
        yield values
    elif (isinstance(values, Material) and values.text is not None) or (isinstance(values, Material) and values.text is not None):
        yield values.text
    elif isinstance(values, tuple | list):
        for value in values:
            yield from _texts(value)


def _at(where: SourceLocation, values: object, language: str) -> Iterator[tuple[str, int, str]]:
    for text in _texts(values):
        yield where.file, where.line, text.get_or_empty(language)


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
        for page in (*lesson.pages, lesson.job_aid):
            if page is not None:
                source = page.source.get_or_empty(language)
                yield source, 0, page.title.get_or_empty(language) + page.html.get_or_empty(language)
        yield from _at(SourceLocation(lesson.where.file), [lesson.title, lesson.goal, lesson.materials, lesson.reflection,
                                      [s.do for s in lesson.facilitator], [s.say for s in lesson.facilitator]],
                       language)
        for objective in lesson.objectives:
            yield from _at(objective.where, objective.text, language)
        for activity in lesson.activities:
            yield from _at(activity.where, [activity.title, activity.materials, activity.instructions,
                                            activity.debrief, activity.model_answer], language)
        for printable in lesson.printables:
            yield from _at(SourceLocation(printable.file, printable.line),
                           [printable.title, printable.role, [(sheet.role, sheet.body) for sheet in printable.sheets]],
                           language)
        practice = lesson.quiz.questions if lesson.quiz else ()
        bank = course.assessment.bank(lesson.id) if course.assessment else ()
        in_pages = [check.question for page in lesson.pages for check in page.checks_in(language) if not check.from_pool]
        for question in [*practice, *(q for q in bank if q not in practice), *in_pages]:
            yield from _at(question.where, [question.prompt, question.feedback_correct, question.feedback_incorrect,
                                            [c.text for c in question.choices], [c.feedback for c in question.choices],
                                            [p.left for p in question.pairs], [p.right for p in question.pairs]],
                           language)


def locate(course: Course, language: str, character: str) -> tuple[str, int]:
    for file, line, text in texts_by_source(course, language):
        if character in text:
            return file, line
    return "", 0
