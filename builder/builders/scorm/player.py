"""The SCO player: every file a SCORM package needs to show and track the course in one language.

The player is static HTML, CSS and dependency-free JavaScript. The course itself reaches it as a
JS file assigning a JSON object (`data/course.js`), because `fetch` of a JSON file fails on file://
when the player runs standalone. One data file serves every SCO of a package; each launch page
says which SCO it is.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from builder.collation import in_dictionary_order
from builder.localization import resolve_in
from builder.structure import (
    Course,
    Lesson,
    LessonAccess,
    PackagingMode,
    Page,
    Question,
    QuestionType,
    Quiz,
    QuizSettings,
    Text,
)

BUILDER_DIR = Path(__file__).resolve().parent.parent.parent
TEMPLATES = BUILDER_DIR / "templates" / "player"
STATIC = BUILDER_DIR / "static" / "player"
STRINGS = BUILDER_DIR / "strings" / "player"
FALLBACK_LANGUAGE = "en"

# The order the launch page loads the scripts in: each later one uses the earlier ones.
SCRIPTS = ("scorm-api.js", "state.js", "quiz.js", "player.js")
STYLES = ("player.css",)
COURSE_DATA = "data/course.js"
STRINGS_DATA = "data/strings.js"
ASSESSMENT_SCO = "assessment"
SINGLE_SCO = "course"


def sco_ids(course: Course, mode: PackagingMode) -> list[str]:
    """['course'] in single mode; in per-lesson mode each lesson id in order, then 'assessment' when the
    course has a final assessment."""
    if PackagingMode(mode) is PackagingMode.SINGLE:
        return [SINGLE_SCO]
    ids = [lesson.id for lesson in course.lessons]
    if course.assessment:
        ids.append(ASSESSMENT_SCO)
    return ids


def launch_file(sco_id: str) -> str:
    """'index.html' for 'course'; f'sco-{sco_id}.html' otherwise (all launch pages at the zip root)."""
    return "index.html" if sco_id == SINGLE_SCO else f"sco-{sco_id}.html"


def player_files(course: Course, language: str, version: str, mode: PackagingMode) -> dict[str, bytes]:
    """Every file the player needs for one language, keyed by zip path: the launch page(s), player JS and CSS,
    the course data for that language, the UI strings, and every Asset (at asset.href). version is '1.2' or
    '2004'. Deterministic bytes. Does NOT include imsmanifest.xml or schema files (A adds those)."""
    if version not in ("1.2", "2004"):
        raise ValueError(f"unknown SCORM version {version!r}")
    strings = ui_strings(language)
    files: dict[str, bytes] = {}
    template = _environment().get_template("launch.html")
    for sco in sco_ids(course, mode):
        html = template.render(
            language=language,
            title=sco_title(course, sco, language),
            sco=sco,
            version=version,
            mode=PackagingMode(mode).value,
            scripts=[f"player/{name}" for name in SCRIPTS],
            styles=[f"player/{name}" for name in STYLES],
            course_data=COURSE_DATA,
            strings_data=STRINGS_DATA,
            strings=strings,
        )
        files[launch_file(sco)] = html.encode("utf-8")
    for name in (*SCRIPTS, *STYLES):
        files[f"player/{name}"] = (STATIC / name).read_bytes()
    files[COURSE_DATA] = _js_assignment("COURSEBUILD_COURSE", course_data(course, language, version, mode))
    files[STRINGS_DATA] = _js_assignment("COURSEBUILD_STRINGS", strings)
    for asset in (*course.assets, *(asset for lesson in course.lessons for asset in lesson.assets)):
        files[asset.href] = asset.data
    return files


def ui_strings(language: str) -> dict[str, str]:
    """The player's UI strings for a course language (resolved as builder/localization.py says: zh-TW gets
    zh-Hant, ru-RU ru, pt-BR English), over the English ones so a missing key still shows English."""
    strings = dict(_read_strings(FALLBACK_LANGUAGE))
    strings.update(_read_strings(resolve_in(STRINGS, language).strings))
    return strings


def sco_title(course: Course, sco: str, language: str) -> str:
    if sco == SINGLE_SCO:
        return _t(course.title, language, course)
    if sco == ASSESSMENT_SCO and course.assessment:
        return _t(course.assessment.title, language, course)
    return _t(course.lesson(sco).title, language, course)


def course_data(course: Course, language: str, version: str, mode: PackagingMode) -> dict[str, Any]:
    """What the player reads: the whole course in one language; per SCO what it holds and reports (`scos`);
    what the final assessment and each lesson wait for before they open (`needs`, None when open); and
    fingerprints that let a resumed attempt keep the parts of its stored state whose structure has not changed.
    Every rule is decided here; the player only applies it to what the learner did."""
    return {
        "format": 1,
        "id": course.id,
        "version": course.version,
        "language": language,
        "scorm": version,
        "mode": PackagingMode(mode).value,
        "title": _t(course.title, language, course),
        "completion": course.completion.value,
        "scos": {sco: sco_rules(course, sco) for sco in sco_ids(course, mode)},
        "introduction": _page(course.introduction, "introduction", course, language) if course.introduction else None,
        "lessons": [_lesson(lesson, course, language, _lesson_needs(course, n, mode))
                    for n, lesson in enumerate(course.lessons)],
        "assessment": _assessment(course, language, _assessment_needs(course, mode)),
        "glossary": [
            {"id": entry.id, "term": _t(entry.term, language, course), "definition": _t(entry.definition, language, course)}
            for entry in in_dictionary_order(course.glossary, language, lambda e: _t(e.term, language, course), lambda e: e.id)
        ],
    }


def sco_rules(course: Course, sco: str) -> dict[str, Any]:
    """What one SCO holds and reports, so that the player never works it out: its lessons (indices into the
    course's), whether it holds the introduction and the final assessment, the objectives it reports, the quiz
    whose score it reports ('a' the final assessment, 'q0' its lesson's quiz, 'lessons' the lesson quizzes
    together, or None) with that score's pass mark, and for 'lessons' each quiz's weight: the points of one
    attempt (README, "Which score reaches the LMS")."""
    if sco == SINGLE_SCO:
        lessons = list(range(len(course.lessons)))
    elif sco == ASSESSMENT_SCO:
        lessons = []
    else:
        lessons = [next(n for n, lesson in enumerate(course.lessons) if lesson.id == sco)]
    has_assessment = sco in (SINGLE_SCO, ASSESSMENT_SCO) and course.assessment is not None
    quizzes = [(n, course.lessons[n].quiz) for n in lessons if course.lessons[n].quiz]
    scored, pass_mark, weights = None, course.pass_mark, []
    if has_assessment:
        scored = "a"
    elif sco == SINGLE_SCO and quizzes:
        scored, weights = "lessons", [[n, _attempt_points(quiz)] for n, quiz in quizzes]
    elif quizzes:
        scored, pass_mark = "q0", quizzes[0][1].settings.pass_mark
    reported = course.lessons if sco == SINGLE_SCO else [course.lessons[n] for n in lessons]
    if sco == ASSESSMENT_SCO and course.assessment:
        drawn = {lesson_id for lesson_id, _ in course.assessment.draw}
        reported = [lesson for lesson in course.lessons if lesson.id in drawn]
    return {
        "lessons": lessons,
        "intro": sco == SINGLE_SCO and course.introduction is not None,
        "assessment": has_assessment,
        "objectives": [o.id for lesson in reported for o in lesson.objectives],
        "scored": scored,
        "passMark": pass_mark,
        "weights": weights,
    }


def _attempt_points(quiz: Quiz) -> float:
    """The points one attempt of a lesson quiz is worth: its drawn share of the pool's points."""
    return sum(q.points for q in quiz.questions) * quiz.questions_per_attempt / len(quiz.questions)


def quiz_fingerprint(questions: tuple[Question, ...], settings: QuizSettings, draw: tuple[tuple[str, int], ...] = ()) -> str:
    """Changes whenever a stored answer could no longer mean the same thing: question ids, types, the ids and
    order of their choices, and how many questions an attempt holds."""
    shape = [[q.id, q.type.value, [c.id for c in q.choices], [p.id for p in q.pairs],
              q.fill_in.max_length if q.fill_in else 0] for q in questions]
    return _fingerprint([shape, settings.draw, settings.attempts, list(draw)])


def pages_fingerprint(pages: list[Page]) -> str:
    return _fingerprint([page.id for page in pages])


def lesson_pages(lesson: Lesson) -> list[Page]:
    """The content pages of a lesson as the learner pages through them: its pages, then its job aid."""
    return [*lesson.pages, *([lesson.job_aid] if lesson.job_aid else [])]


def _assessment_needs(course: Course, mode: PackagingMode) -> dict[str, Any] | None:
    """What the final assessment waits for before it opens: every content page of the course, the pages the
    completion rule counts (Course.assessment_after_pages); None when it is open. Only a single SCO holds the
    pages; in per-lesson packages the LMS orders the SCOs (packaging.sequencing)."""
    if PackagingMode(mode) is not PackagingMode.SINGLE or not course.assessment_after_pages:
        return None
    return {"intro": course.introduction is not None, "lessons": [lesson.id for lesson in course.lessons]}


def _lesson_needs(course: Course, index: int, mode: PackagingMode) -> dict[str, Any] | None:
    """With `navigation: lessons: in-order` in a single SCO, a lesson waits for every page of the one before."""
    if PackagingMode(mode) is not PackagingMode.SINGLE or course.navigation.lessons is not LessonAccess.IN_ORDER \
            or index == 0:
        return None
    return {"intro": False, "lessons": [course.lessons[index - 1].id]}


def _lesson(lesson: Lesson, course: Course, language: str, needs: dict[str, Any] | None) -> dict[str, Any]:
    pages = lesson_pages(lesson)
    return {
        "id": lesson.id,
        "number": lesson.number,
        "title": _t(lesson.title, language, course),
        "objectives": [{"id": o.id, "text": _t(o.text, language, course)} for o in lesson.objectives],
        "pages": [_page(page, page.id, course, language) for page in pages],
        "pagesFingerprint": pages_fingerprint(pages),
        "quiz": _quiz(lesson.quiz, course, language) if lesson.quiz else None,
        "needs": needs,
    }


def _assessment(course: Course, language: str, needs: dict[str, Any] | None) -> dict[str, Any] | None:
    if not course.assessment:
        return None
    questions = course.assessment.questions  # each lesson's bank, in draw order; the player draws per lesson
    return {
        "title": _t(course.assessment.title, language, course),
        "settings": _settings(course.assessment.settings),
        "draw": [[lesson_id, count] for lesson_id, count in course.assessment.draw],
        "questions": [_question(q, course, language) for q in questions],
        "fingerprint": quiz_fingerprint(questions, course.assessment.settings, course.assessment.draw),
        "needs": needs,
    }


def _quiz(quiz: Quiz, course: Course, language: str) -> dict[str, Any]:
    return {
        "settings": _settings(quiz.settings),
        "questions": [_question(q, course, language) for q in quiz.questions],
        "fingerprint": quiz_fingerprint(quiz.questions, quiz.settings),
    }


def _settings(settings: QuizSettings) -> dict[str, Any]:
    return {
        "passMark": settings.pass_mark,
        "shuffleQuestions": settings.shuffle_questions,
        "shuffleChoices": settings.shuffle_choices,
        "draw": settings.draw if isinstance(settings.draw, int) else 0,
        "attempts": settings.attempts,
        "feedback": settings.feedback.value,
    }


def _question(q: Question, course: Course, language: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": q.id,
        "type": q.type.value,
        "lesson": q.lesson,
        "objective": q.objective,
        "prompt": _t(q.prompt, language, course),
        "points": q.points,
        "feedbackCorrect": _t(q.feedback_correct, language, course) if q.feedback_correct else "",
        "feedbackIncorrect": _t(q.feedback_incorrect, language, course) if q.feedback_incorrect else "",
    }
    if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDERING):
        data["choices"] = [
            {"id": c.id, "text": _t(c.text, language, course), "correct": c.correct,
             "feedback": _t(c.feedback, language, course) if c.feedback else ""}
            for c in q.choices
        ]
        if not q.shuffle and q.type is not QuestionType.ORDERING:
            data["fixedOrder"] = True  # shown as written even when the quiz shuffles choices
    elif q.type is QuestionType.TRUE_FALSE:
        data["answer"] = bool(q.true_false)
    elif q.type is QuestionType.FILL_IN and q.fill_in:
        rule = q.fill_in
        data["accepted"] = list(rule.answers(language) or rule.answers(course.source_language))
        data["caseSensitive"] = rule.case_sensitive
        data["whitespace"] = rule.whitespace
        data["maxLength"] = rule.max_length
    elif q.type is QuestionType.MATCHING:
        data["pairs"] = [{"id": p.id, "left": _t(p.left, language, course), "right": _t(p.right, language, course)}
                         for p in q.pairs]
    elif q.type is QuestionType.NUMERIC:
        data["value"] = q.numeric_value
        data["tolerance"] = q.numeric_tolerance
    return data


def _page(page: Page, page_id: str, course: Course, language: str) -> dict[str, Any]:
    return {"id": page_id, "title": _t(page.title, language, course), "html": _t(page.html, language, course)}


def _t(text: Text, language: str, course: Course) -> str:
    """A text in the package's language; the source language when a translation is missing."""
    return text.get(language) or text.get_or_empty(course.source_language)


def _fingerprint(value: object) -> str:
    return hashlib.sha256(json.dumps(value, separators=(",", ":")).encode()).hexdigest()[:8]


def _js_assignment(name: str, value: object) -> bytes:
    # "</" is escaped so the data can never close a <script> element, whatever a page's HTML holds.
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return f"window.{name} = {body};\n".encode()


@cache
def _read_strings(language: str) -> dict[str, str]:
    return json.loads((STRINGS / f"{language}.json").read_text(encoding="utf-8"))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
