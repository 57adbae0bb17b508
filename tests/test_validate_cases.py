"""Broken courses: each case breaks a copy of the example course one way and checks that the
report names the file, the line and the problem, and that nothing else goes wrong."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.loader import load_course
from tests.edits import line_of, replace, write

LESSON = "lessons/01-greeting/lesson.yaml"
QUIZ = "lessons/01-greeting/quiz.yaml"
PAGE = "lessons/01-greeting/pages/01-first-words.en.md"


@dataclass
class Case:
    name: str
    breaks: Callable[[Path], None]
    file: str
    line: Callable[[Path], int] | int | None  # None: no line applies (a whole file)
    says: tuple[str, ...]
    severity: str = "error"


def at(rel: str, fragment: str) -> Callable[[Path], int]:
    return lambda root: line_of(root, rel, fragment)


def _write(rel: str, data: bytes | str) -> Callable[[Path], None]:
    return lambda root: write(root, rel, data)


def _symlink_out(root: Path) -> None:
    outside = root.parent / "outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    os.symlink(outside, root / "lessons/01-greeting/assets/linked.svg")
    replace(root, PAGE, "(assets/headset.svg)", "(assets/linked.svg)")


CASES = [
    Case("yaml syntax in course.yaml", lambda r: replace(r, "course.yaml", "version: 1.2.0", "version: [1.2.0"),
         "course.yaml", None, ("YAML syntax error",)),
    Case("yaml syntax in lesson.yaml", lambda r: replace(r, LESSON, "duration: 30", "duration: 30\n  oops: x"),
         LESSON, at(LESSON, "oops"), ("YAML syntax error",)),
    Case("yaml syntax in quiz.yaml", lambda r: replace(r, QUIZ, "type: single", "type: single: double"),
         QUIZ, at(QUIZ, "single: double"), ("YAML syntax error", "quotes")),
    Case("wrong type", lambda r: replace(r, LESSON, "duration: 30", "duration: thirty"),
         LESSON, at(LESSON, "duration:"), ("duration must be a whole number", "'thirty'")),
    Case("unknown key with suggestion", lambda r: replace(r, LESSON, "duration: 30", "durations: 30"),
         LESSON, at(LESSON, "durations:"), ("unknown key 'durations'", "did you mean 'duration'")),
    Case("missing translation", lambda r: replace(r, LESSON, "  zh-Hant: 開場\n", ""),
         LESSON, at(LESSON, "title:"), ("title has no zh-Hant translation", "add 'zh-Hant: …'")),
    Case("malformed language tag", lambda r: replace(r, "course.yaml", "languages: [en, zh-Hant]", "languages: [en, zh_TW]"),
         "course.yaml", at("course.yaml", "languages:"), ("zh_TW", "BCP 47")),
    Case("duplicate id", lambda r: replace(r, LESSON, "id: greet-tone", "id: greet-name"),
         LESSON, lambda r: line_of(r, LESSON, "id: greet-name", last=True), ("the id 'greet-name' is already used",)),
    Case("objective that does not exist", lambda r: replace(r, QUIZ, "objective: greet-name", "objective: greet-nam"),
         QUIZ, at(QUIZ, "greet-nam"), ("objective 'greet-nam'", "greet-name")),
    Case("single choice with two correct answers",
         lambda r: replace(r, QUIZ, '          zh-Hant: 「Acme。」', '          zh-Hant: 「Acme。」\n        correct: true'),
         QUIZ, at(QUIZ, "    choices:"), ("has 2 correct choices", "exactly one")),
    Case("matching with repeated items", lambda r: replace(r, QUIZ, "right: {en: Speak slowly and calmly", "right: {en: Apologise for the wait"),
         QUIZ, at(QUIZ, "pairs:"), ("repeats the same en text",)),
    Case("ordering with one item", lambda r: replace(r, QUIZ, """      - id: agent
        text: {en: Say your name, zh-Hant: 說出名字}
      - id: offer
        text: {en: Offer help, zh-Hant: 表示願意協助}
""", ""), QUIZ, at(QUIZ, "id: greet-q-order"), ("needs at least two 'items'",)),
    Case("negative tolerance", lambda r: replace(r, QUIZ, "tolerance: 2", "tolerance: -2"),
         QUIZ, at(QUIZ, "tolerance:"), ("negative tolerance",)),
    Case("minutes that do not add up", lambda r: replace(r, LESSON, "duration: 30", "duration: 35"),
         LESSON, at(LESSON, "duration:"), ("add up to 30 minutes", "duration is 35")),
    Case("image without alt text", lambda r: replace(r, PAGE, "![A headset on a desk]", "![]"),
         PAGE, at(PAGE, "![]"), ("no alt text",)),
    Case("missing asset", lambda r: replace(r, PAGE, "(assets/headset.svg)", "(assets/headphones.svg)"),
         PAGE, at(PAGE, "headphones"), ("'assets/headphones.svg' does not exist",)),
    Case("absolute asset path", lambda r: replace(r, PAGE, "(assets/headset.svg)", "(/etc/passwd.png)"),
         PAGE, at(PAGE, "passwd"), ("absolute",)),
    Case("asset path with ..", lambda r: replace(r, PAGE, "(assets/headset.svg)", "(../02-closing/x.png)"),
         PAGE, at(PAGE, "02-closing"), ("'..'",)),
    Case("asset symlink out of the course", _symlink_out,
         PAGE, at(PAGE, "linked.svg"), ("outside the course folder",)),
    Case("file that is not UTF-8", _write(PAGE, "# Titre\n\nCaf\xe9 cr\xe8me\n".encode("latin-1")),
         PAGE, 3, ("not UTF-8", "Save As")),
    Case("empty page", _write(PAGE, "  \n\n"), PAGE, 1, ("this page is empty",)),
    Case("page without a title", _write(PAGE, "Some text without a heading.\n"), PAGE, 1,
         ("does not start with its title", "# The page title")),
    Case("page missing in one language", lambda r: (r / "lessons/01-greeting/pages/02-stressed-callers.zh-Hant.md").unlink(),
         "lessons/01-greeting/pages/02-stressed-callers.en.md", None, ("no zh-Hant translation", "02-stressed-callers.zh-Hant.md")),
    Case("duplicate key", lambda r: replace(r, LESSON, "duration: 30", "duration: 30\nduration: 40"),
         LESSON, at(LESSON, "duration: 40"), ("'duration' appears twice",)),
    Case("missing required key", lambda r: replace(r, LESSON, """goal:
  en: Agents open every call with a greeting that names the company, themselves and an offer to help.
  zh-Hant: 客服人員在每通電話開頭說出公司、自己的名字，並表達願意協助。
""", ""), LESSON, 1, ("has no 'goal'",)),
    Case("lesson folder that does not exist", lambda r: replace(r, "course.yaml", "  - 02-closing", "  - 02-closingg"),
         "course.yaml", None, ("'lessons/02-closingg' does not exist",)),
    Case("assessment drawing more than the pool", lambda r: replace(r, "course.yaml", "closing: 2", "closing: 9"),
         "course.yaml", at("course.yaml", "closing: 9"), ("draws 9 questions from 'closing'", "only 3")),
    Case("assessment drawing from an unknown lesson", lambda r: replace(r, "course.yaml", "closing: 2", "closin: 2"),
         "course.yaml", at("course.yaml", "closin: 2"), ("'closin', which is not a lesson id",)),
    Case("value outside the allowed words", lambda r: replace(r, LESSON, "kind: pair", "kind: pairs"),
         LESSON, at(LESSON, "kind: pairs"), ("kind must be one of individual, pair, group", "did you mean 'pair'")),
    Case("page file badly named", _write("lessons/01-greeting/pages/extra page.md", "# Extra\n\nText.\n"),
         "lessons/01-greeting/pages/extra page.md", None, ("file name does not say",)),
    Case("yaml anchors and aliases", lambda r: replace(r, LESSON, "materials:\n  - en: Headset", "materials:\n  - &h en: Headset"),
         LESSON, at(LESSON, "&h"), ("anchors and aliases",)),
    Case("nesting too deep", lambda r: replace(r, LESSON, "duration: 30", "duration: 30\nx: " + "[" * 40 + "]" * 40),
         LESSON, at(LESSON, "x: [["), ("nested more than",)),
    Case("file too large", _write(PAGE, "# Big\n\n" + "word " * 300_000), PAGE, None, ("the limit is",)),
    Case("fill-in answer longer than max_length", lambda r: replace(r, QUIZ, "max_length: 20", "max_length: 4"),
         QUIZ, at(QUIZ, "answers:"), ("longer than max_length (4)",)),
    Case("newer format version", lambda r: replace(r, "course.yaml", "format: 1", "format: 2"),
         "course.yaml", at("course.yaml", "format: 2"), ("format 2",)),
    Case("key used by another question type", lambda r: replace(r, QUIZ, "answer: false", "answer: false\n    tolerance: 1"),
         QUIZ, at(QUIZ, "    tolerance: 1"), ("true-false question, which does not use 'tolerance'",)),
    Case("facilitator step running an unknown activity", lambda r: replace(r, LESSON, "- activity: greet-pairs", "- activity: greet-pair"),
         LESSON, at(LESSON, "activity: greet-pair"), ("'greet-pair', which this lesson does not have", "greet-pairs")),
    Case("image on the internet", lambda r: replace(r, PAGE, "(assets/headset.svg)", "(https://example.com/a.png)"),
         PAGE, at(PAGE, "example.com"), ("on the internet", "offline")),
    Case("objective no question assesses", lambda r: replace(r, QUIZ, "objective: greet-tone", "objective: greet-name", -1),
         LESSON, None, ("no question assesses the objective 'greet-tone'",), "warning"),
    Case("raw HTML with a script", lambda r: replace(r, PAGE, "- an **offer** to help.", "- an **offer** to help.\n\n<script>alert(1)</script>"),
         PAGE, at(PAGE, "<script>"), ("raw HTML", "unsafe was removed"), "warning"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_course_is_reported_precisely(case: Case, course_copy: Path) -> None:
    case.breaks(course_copy)
    course, report = load_course(course_copy)
    matches = [d for d in report.diagnostics if all(s in d.message + " " + d.hint for s in case.says)]
    assert matches, f"no diagnostic says {case.says}; got:\n{report.render()}"
    found = matches[0]
    assert found.file == case.file
    assert found.severity.value == case.severity
    expected_line = case.line(course_copy) if callable(case.line) else case.line
    if expected_line is not None:
        assert found.line == expected_line, found.as_text()
    assert found.hint or found.severity.value == "warning" or "must be" in found.message, "every error says how to fix it"
    if case.severity == "error":
        assert course is None, "a course with errors is never built"
    else:
        assert course is not None and not report.has_errors, report.render()


def test_every_problem_is_reported_in_one_run(course_copy: Path) -> None:
    replace(course_copy, LESSON, "duration: 30", "duration: thirty")
    replace(course_copy, QUIZ, "tolerance: 2", "tolerance: -2")
    replace(course_copy, PAGE, "![A headset on a desk]", "![]")
    _, report = load_course(course_copy)
    files = {d.file for d in report.errors}
    assert {LESSON, QUIZ, PAGE} <= files, report.render()


def test_bom_crlf_and_unusual_file_names_are_accepted(course_copy: Path) -> None:
    lesson = course_copy / LESSON
    lesson.write_bytes(b"\xef\xbb\xbf" + lesson.read_bytes().replace(b"\n", b"\r\n"))
    (course_copy / "lessons/01-greeting/assets/headset.svg").rename(course_copy / "lessons/01-greeting/assets/耳機 圖.svg")
    replace(course_copy, PAGE, "(assets/headset.svg)", "(<assets/耳機 圖.svg>)")
    replace(course_copy, "lessons/01-greeting/pages/01-first-words.zh-Hant.md", "(assets/headset.svg)",
            "(<assets/耳機 圖.svg>)")
    course, report = load_course(course_copy)
    assert course is not None and not report.diagnostics, report.render()
    asset = course.lessons[0].assets[0]
    assert asset.href.isascii() and " " not in asset.href
    assert f'src="{asset.href}"' in course.lessons[0].pages[0].html["en"]


def test_empty_course_folder(tmp_path: Path) -> None:
    course, report = load_course(tmp_path)
    assert course is None
    assert "no course.yaml" in report.errors[0].message


def _errors(report) -> list[str]:
    return [f"{d.file}:{d.line}: {d.message}" for d in report.errors]


def test_several_independent_mistakes_in_one_question_are_all_reported(course_copy: Path) -> None:
    """A misspelled objective, a second correct choice and a missing translation in one question."""
    replace(course_copy, QUIZ, "objective: greet-name", "objective: greet-nam")
    replace(course_copy, QUIZ, '          zh-Hant: 「Acme。」', '          zh-Hant: 「Acme。」\n        correct: true')
    replace(course_copy, QUIZ, "      zh-Hant: 哪一句開場同時說出公司與客服人員的名字？\n", "")
    _, report = load_course(course_copy)
    found = "\n".join(_errors(report))
    assert f"{QUIZ}:{line_of(course_copy, QUIZ, 'greet-nam')}: question 'greet-q-single' assesses objective 'greet-nam'" in found
    assert "single-choice question 'greet-q-single' has 2 correct choices" in found
    assert "prompt has no zh-Hant translation" in found


def test_a_page_missing_a_translation_still_has_its_images_checked(course_copy: Path) -> None:
    (course_copy / "lessons/01-greeting/pages/01-first-words.zh-Hant.md").unlink()
    replace(course_copy, PAGE, "![A headset on a desk]", "![]")
    _, report = load_course(course_copy)
    found = "\n".join(_errors(report))
    assert "the page '01-first-words' has no zh-Hant translation" in found
    assert f"{PAGE}:{line_of(course_copy, PAGE, '![]')}: an image has no alt text" in found


def test_a_page_in_a_misspelled_language_still_has_its_text_checked(course_copy: Path) -> None:
    zh = "lessons/01-greeting/pages/01-first-words.zh-Hant.md"
    wrong = zh.replace("zh-Hant", "zh-hant")
    (course_copy / zh).rename(course_copy / wrong)
    replace(course_copy, wrong, "# 最初的十秒", "## 最初的十秒")
    _, report = load_course(course_copy)
    found = "\n".join(_errors(report))
    assert f"{wrong}:0: 'zh-hant' in the file name is not one of the course languages" in found
    assert f"{wrong}:1: this page starts with a '## ' heading" in found


def test_a_broken_lesson_file_still_has_its_quiz_checked_against_its_objectives(course_copy: Path) -> None:
    replace(course_copy, LESSON, "duration: 30", "duration: thirty")
    replace(course_copy, QUIZ, "objective: greet-name", "objective: greet-nam")
    replace(course_copy, "course.yaml", "date: 2026-11-01", "date: 2026-13-45")
    replace(course_copy, "course.yaml", "    closing: 2", "    02-closing: 2")
    replace(course_copy, "lessons/02-closing/quiz.yaml", "  - id: close-q1", "  - id: Close-Q1")
    _, report = load_course(course_copy)
    found = "\n".join(_errors(report))
    for expected in ("duration must be a whole number", "assesses objective 'greet-nam'", "not a date in the calendar",
                     "'Close-Q1' is not in the right form", "'02-closing' is a lesson folder"):
        assert expected in found, expected


def test_no_conclusion_is_drawn_from_parts_that_failed(course_copy: Path) -> None:
    """The only question assessing greet-tone has an error: no warning that nothing assesses greet-tone, no
    "minutes do not add up" when a step is unreadable, no "has no quiz" when the quiz has errors."""
    replace(course_copy, QUIZ, "objective: greet-tone", "objective: greet-tone\n    points: many", -1)
    replace(course_copy, LESSON, "- activity: greet-pairs", "- activity: greet-pairs\n    minutes: x")
    replace(course_copy, "lessons/02-closing/quiz.yaml", "questions:", "settings:\n  pass_mark: high\nquestions:")
    course, report = load_course(course_copy)
    assert course is None
    codes = {d.code for d in report.diagnostics}
    assert "objective-not-assessed" not in codes and "minutes-mismatch" not in codes and "no-pool" not in codes, \
        report.render()
    assert {"wrong-type"} <= codes


def test_a_lesson_listed_twice_is_one_error_in_course_yaml(course_copy: Path) -> None:
    """Not a cascade of "id already used" errors inside the lesson's own files: the lesson is loaded once."""
    replace(course_copy, "course.yaml", "  - 02-closing", "  - 02-closing\n  - 01-greeting")
    _, report = load_course(course_copy)
    assert [(d.file, d.line, d.code) for d in report.errors] == [
        ("course.yaml", line_of(course_copy, "course.yaml", "  - 01-greeting", last=True), "duplicate-lesson")]
