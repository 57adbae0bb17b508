"""What the runtime's files, course data, rules and worst-case state give, without a browser."""

from __future__ import annotations

import json
from pathlib import Path

from builder.builders.scorm.package import SUSPEND_LIMITS, delivery
from builder.loader import load_course
from builder.runtime.data import course_data
from builder.runtime.files import ADAPTERS, Delivery, delivery_files, static_files, ui_strings
from builder.runtime.rules import unit_rules
from builder.runtime.state import worst_case_length
from builder.runtime.units import PackagingMode, launch_file, unit_ids
from builder.structure import Course

PLAYER_BUDGET = 80_000  # bytes of JS + CSS a delivery ships, before compression, the per-language strings excluded


def test_files_are_complete_and_deterministic(example_course: Course) -> None:
    for mode in PackagingMode:
        files = delivery_files(example_course, "zh-Hant", delivery("2004", 4, mode))
        assert files == delivery_files(example_course, "zh-Hant", delivery("2004", 4, mode))
        for sco in unit_ids(example_course, mode):
            page = files[launch_file(sco)].decode()
            assert f'<body data-unit="{sco}" data-scorm="2004">' in page and 'lang="zh-Hant"' in page
            assert '<script src="player/scorm2004.js">' in page and "scorm12.js" not in page
            assert "http://" not in page and "https://" not in page  # nothing from a CDN
        for lesson in example_course.lessons:
            for asset in lesson.assets:
                assert files[asset.href] == asset.data
        course_js = files["data/course.js"].decode()
        assert course_js.startswith("window.COURSEBUILD_COURSE = ")
        data = json.loads(course_js.removeprefix("window.COURSEBUILD_COURSE = ").rstrip().rstrip(";"))
        assert data["language"] == "zh-Hant" and data["title"] == example_course.title["zh-Hant"]
        assert "目錄" in files["data/strings.js"].decode()


def test_ids_and_launch_files(example_course: Course) -> None:
    assert unit_ids(example_course, PackagingMode.SINGLE) == ["course"]
    assert unit_ids(example_course, PackagingMode.PER_LESSON) == ["greeting", "closing", "assessment"]
    assert [launch_file(s) for s in ("course", "greeting", "assessment")] == [
        "index.html", "sco-greeting.html", "sco-assessment.html"]


def test_strings_cover_the_same_keys_and_fall_back_to_english() -> None:
    assert set(ui_strings("zh-Hant")) == set(ui_strings("en"))
    assert ui_strings("fr") == ui_strings("en")


def test_player_stays_within_its_size_budget() -> None:
    """What each delivery ships: the runtime's modules, views and styles, with its own adapter only."""
    for adapter in ADAPTERS:
        size = sum(len(data) for data in static_files(Delivery(adapter)).values())
        assert size < PLAYER_BUDGET, f"the player's JS + CSS with the {adapter} adapter is {size} bytes"


def test_worst_case_grows_with_fill_in_max_length(example_course: Course, course_copy: Path) -> None:
    before = worst_case_length(example_course, "greeting")
    quiz = course_copy / "lessons" / "01-greeting" / "quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("max_length: 20", "max_length: 120"), encoding="utf-8")
    longer, report = load_course(course_copy)
    assert longer is not None, report.render()
    # Each typed character may cost two in JSON ("), so 100 more allowed characters cost up to 200.
    assert worst_case_length(longer, "greeting") == before + 200
    assert before < SUSPEND_LIMITS["1.2"] < SUSPEND_LIMITS["2004"]


def _course_with(course_copy: Path, extra: str, completion: str = "both") -> Course:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8").replace("completion: both", f"completion: {completion}")
    course_file.write_text(text + extra, encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    return course


def test_the_final_assessment_waits_for_every_page_when_completion_counts_them(example_course: Course) -> None:
    """The lock rule is computed once, here: the player only reads `needs`."""
    data = course_data(example_course, "en", PackagingMode.SINGLE)
    assert example_course.completion.value == "both"
    every_page = ["i", "p0.0", "p0.1", "p0.2", "p1.0", "p1.1"]  # the introduction, each lesson's pages and job aid
    assert data["assessment"]["needs"] == every_page
    assert [lesson["needs"] for lesson in data["lessons"]] == [None, None]
    assert data["units"]["course"]["flow"] == ["i", "p0.0", "p0.1", "p0.2", "q0", "p1.0", "p1.1", "q1", "a"]
    # Per-lesson packages leave the order to the LMS (packaging.sequencing): the player locks nothing.
    per_lesson = course_data(example_course, "en", PackagingMode.PER_LESSON)
    assert per_lesson["assessment"]["needs"] is None


def test_navigation_settings_decide_the_locks(course_copy: Path) -> None:
    scored_only = _course_with(course_copy, "", completion="assessment")
    assert course_data(scored_only, "en", PackagingMode.SINGLE)["assessment"]["needs"] is None


def test_navigation_after_pages_and_lessons_in_order(course_copy: Path) -> None:
    course = _course_with(course_copy, "navigation:\n  assessment: after-pages\n  lessons: in-order\n",
                          completion="assessment")
    data = course_data(course, "en", PackagingMode.SINGLE)
    assert data["assessment"]["needs"] == ["i", "p0.0", "p0.1", "p0.2", "p1.0", "p1.1"]
    assert [lesson["needs"] for lesson in data["lessons"]] == [None, ["p0.0", "p0.1", "p0.2"]]


def test_navigation_anytime(course_copy: Path) -> None:
    course = _course_with(course_copy, "navigation:\n  assessment: anytime\n")
    assert course_data(course, "en", PackagingMode.SINGLE)["assessment"]["needs"] is None


def test_a_wrong_navigation_value_is_named_with_its_line(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8") + "navigation:\n  assessment: yes\n",
                           encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is None
    rendered = report.render()
    assert "course.yaml" in rendered and "after-pages" in rendered and "anytime" in rendered, rendered


def test_each_sco_says_what_it_holds_and_which_score_it_reports(example_course: Course) -> None:
    single = unit_rules(example_course, "course")
    assert (single.lessons, single.intro, single.assessment, single.scored) == ((0, 1), True, True, "a")
    assert single.pass_mark == single.mastery == example_course.assessment.settings.pass_mark
    assert (single.needs_pages, single.needs_pass) == (True, True)  # completion: both
    lesson = unit_rules(example_course, "closing")
    assert (lesson.lessons, lesson.scored, lesson.objectives) == (
        (1,), "q0", tuple(o.id for o in example_course.lessons[1].objectives))
    assert lesson.pass_mark == example_course.lessons[1].quiz.settings.pass_mark
    assessment = unit_rules(example_course, "assessment")
    assert (assessment.lessons, assessment.assessment, assessment.scored) == ((), True, "a")


def test_without_a_final_assessment_the_lesson_quizzes_are_weighted_by_one_attempts_points(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text[:text.index("\nassessment:")] + "\n", encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    rules = unit_rules(course, "course")
    assert rules.scored == "lessons" and not rules.assessment
    assert rules.weights == tuple((n, float(sum(q.points for q in lesson.quiz.questions)))
                                  for n, lesson in enumerate(course.lessons) if lesson.quiz)
    assert rules.pass_mark == course.pass_mark


def test_what_completes_a_unit_is_decided_by_the_build(course_copy: Path) -> None:
    """`completion` applied once: the player completes a unit when its needs_pages and needs_pass hold."""
    scored_only = _course_with(course_copy, "", completion="assessment")
    assert (unit_rules(scored_only, "course").needs_pages, unit_rules(scored_only, "course").needs_pass) == (False, True)
    course_file = course_copy / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace("completion: assessment", "completion: pages"),
                           encoding="utf-8")
    pages_only, report = load_course(course_copy)
    assert pages_only is not None, report.render()
    assert (unit_rules(pages_only, "greeting").needs_pages, unit_rules(pages_only, "greeting").needs_pass) == (True, False)
    assert course_data(pages_only, "en", PackagingMode.PER_LESSON)["units"]["greeting"]["needsPass"] is False
