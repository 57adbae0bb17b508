"""The loaded model: immutable, resolved, and faithful to the sources."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from builder.structure import Course, QuestionType, Text


def test_model_is_immutable(example_course: Course) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        example_course.id = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        example_course.title._items = ()  # type: ignore[misc]
    assert isinstance(example_course.lessons, tuple)
    assert pickle.loads(pickle.dumps(example_course)) == example_course


def test_course_fields_resolved(example_course: Course) -> None:
    course = example_course
    assert course.languages == ("en", "zh-Hant") and course.source_language == "en"
    assert course.title == Text({"en": "Phone basics", "zh-Hant": "電話應對基本功"})
    assert [lesson.id for lesson in course.lessons] == ["greeting", "closing"]
    assert course.scored_by == "assessment" and course.pass_mark == 80
    assert course.assessment is not None and dict(course.assessment.draw) == {"greeting": 3, "closing": 2}
    assert [entry.id for entry in course.glossary] == ["term-greeting", "term-hold"]


def test_lesson_pages_in_file_order_with_titles_and_safe_html(example_course: Course) -> None:
    lesson = example_course.lessons[0]
    assert [page.id for page in lesson.pages] == ["first-words", "stressed-callers"]
    assert lesson.pages[0].title["zh-Hant"] == "最初的十秒"
    assert "<table>" in lesson.pages[1].html["en"] and '<th scope="col">Caller sounds</th>' in lesson.pages[1].html["en"]
    assert lesson.job_aid is not None and lesson.job_aid.title["en"] == "Greeting checklist"
    assert "data-sourcepos" not in lesson.pages[0].html["en"]
    (asset,) = lesson.assets
    assert asset.media_type == "image/svg+xml" and asset.data.startswith(b"<svg")
    assert f'src="{asset.href}"' in lesson.pages[0].html["en"]


def test_every_question_type_loaded(example_course: Course) -> None:
    questions = {q.id: q for q in example_course.questions()}
    assert {q.type for q in questions.values()} == set(QuestionType)
    single = questions["greet-q-single"]
    assert [c.id for c in single.correct_choices] == ["b"] and single.choices[0].feedback is not None
    assert questions["greet-q-tf"].true_false is False
    fill = questions["greet-q-fill"].fill_in
    assert fill is not None and fill.answers("en") == ("help", "assist") and fill.max_length == 20
    assert [p.id for p in questions["greet-q-match"].pairs] == ["angry", "confused"]
    assert [c.id for c in questions["greet-q-order"].choices] == ["thanks", "agent", "offer"]
    assert questions["greet-q-number"].numeric_value == 10 and questions["greet-q-number"].numeric_tolerance == 2


def test_facilitator_steps_take_activity_minutes(example_course: Course) -> None:
    lesson = example_course.lessons[0]
    assert [(s.minutes, s.activity) for s in lesson.facilitator] == [(5, None), (15, "greet-pairs"), (10, None)]
    assert sum(s.minutes for s in lesson.facilitator) == lesson.duration


def test_raw_html_keeps_a_safe_subset(course_copy) -> None:
    from builder.loader import load_course

    page = course_copy / "lessons/01-greeting/pages/01-first-words.en.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<p onclick="steal()">Hi <a href="javascript:x()">x</a>'
                    '<abbr title="Average handling time">AHT</abbr></p>\n<script>alert(1)</script>\n', encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None
    html = course.lessons[0].pages[0].html["en"]
    assert "<abbr title=\"Average handling time\">AHT</abbr>" in html
    assert "onclick" not in html and "javascript:" not in html and "<script" not in html and "alert(1)" not in html
    assert any(d.code == "raw-html" for d in report.warnings)


def test_bold_first_column_becomes_row_headers() -> None:
    from builder.loader.markdown import render_markdown

    html = render_markdown("| | Urgent | Not urgent |\n|---|---|---|\n| **Important** | Do now | Plan |\n"
                           "| **Not important** | Delegate | Drop |\n", "page.md", None).html  # type: ignore[arg-type]
    assert '<th scope="row">Important</th>' in html and '<th scope="row">Not important</th>' in html
    assert '<th scope="col">Urgent</th>' in html and "<strong>" not in html
    plain = render_markdown("| a | b |\n|---|---|\n| **x** | y |\n| z | w |\n", "page.md", None).html  # type: ignore[arg-type]
    assert "<td><strong>x</strong></td>" in plain, "only a wholly bold first column means row headers"


def test_the_same_material_named_in_two_places_is_listed_once():
    from builder.structure.classroom import Material
    from builder.structure.text import Text

    in_lesson = Material(printable="cards", file="lessons/01-x/lesson.yaml", line=5)
    in_activity = Material(printable="cards", file="lessons/01-x/lesson.yaml", line=40)
    text = Material(text=Text({"en": "Pens"}), file="a", line=1)
    assert in_lesson == in_activity
    assert list(dict.fromkeys([in_lesson, text, in_activity])) == [in_lesson, text]
