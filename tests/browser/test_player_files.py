"""What player_files and worst_case_suspend_length give, without a browser."""

from __future__ import annotations

import json
from pathlib import Path

from builder.builders.scorm.player import STATIC, course_data, launch_file, player_files, sco_ids, sco_rules, ui_strings
from builder.builders.scorm.suspend import SUSPEND_LIMITS, worst_case_suspend_length
from builder.loader import load_course
from builder.structure import Course, PackagingMode

PLAYER_BUDGET = 60_000  # bytes of JS + CSS before compression, the per-language strings excluded


def test_files_are_complete_and_deterministic(example_course: Course) -> None:
    for mode in PackagingMode:
        files = player_files(example_course, "zh-Hant", "2004", mode)
        assert files == player_files(example_course, "zh-Hant", "2004", mode)
        for sco in sco_ids(example_course, mode):
            page = files[launch_file(sco)].decode()
            assert f'data-sco="{sco}"' in page and 'lang="zh-Hant"' in page
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
    assert sco_ids(example_course, PackagingMode.SINGLE) == ["course"]
    assert sco_ids(example_course, PackagingMode.PER_LESSON) == ["greeting", "closing", "assessment"]
    assert [launch_file(s) for s in ("course", "greeting", "assessment")] == [
        "index.html", "sco-greeting.html", "sco-assessment.html"]


def test_strings_cover_the_same_keys_and_fall_back_to_english() -> None:
    assert set(ui_strings("zh-Hant")) == set(ui_strings("en"))
    assert ui_strings("fr") == ui_strings("en")


def test_player_stays_within_its_size_budget() -> None:
    size = sum(path.stat().st_size for path in STATIC.iterdir() if path.suffix in (".js", ".css"))
    assert size < PLAYER_BUDGET, f"the player's JS + CSS is {size} bytes"


def test_worst_case_grows_with_fill_in_max_length(example_course: Course, course_copy: Path) -> None:
    before = worst_case_suspend_length(example_course, "en", "1.2", "greeting")
    quiz = course_copy / "lessons" / "01-greeting" / "quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("max_length: 20", "max_length: 120"), encoding="utf-8")
    longer, report = load_course(course_copy)
    assert longer is not None, report.render()
    # Each typed character may cost two in JSON ("), so 100 more allowed characters cost up to 200.
    assert worst_case_suspend_length(longer, "en", "1.2", "greeting") == before + 200
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
    data = course_data(example_course, "en", "2004", PackagingMode.SINGLE)
    assert example_course.completion.value == "both"
    assert data["assessment"]["needs"] == {"intro": True, "lessons": ["greeting", "closing"]}
    assert [lesson["needs"] for lesson in data["lessons"]] == [None, None]
    # Per-lesson packages leave the order to the LMS (packaging.sequencing): the player locks nothing.
    per_lesson = course_data(example_course, "en", "2004", PackagingMode.PER_LESSON)
    assert per_lesson["assessment"]["needs"] is None


def test_navigation_settings_decide_the_locks(course_copy: Path) -> None:
    scored_only = _course_with(course_copy, "", completion="assessment")
    assert course_data(scored_only, "en", "1.2", PackagingMode.SINGLE)["assessment"]["needs"] is None


def test_navigation_after_pages_and_lessons_in_order(course_copy: Path) -> None:
    course = _course_with(course_copy, "navigation:\n  assessment: after-pages\n  lessons: in-order\n",
                          completion="assessment")
    data = course_data(course, "en", "1.2", PackagingMode.SINGLE)
    assert data["assessment"]["needs"] == {"intro": True, "lessons": ["greeting", "closing"]}
    assert [lesson["needs"] for lesson in data["lessons"]] == [None, {"intro": False, "lessons": ["greeting"]}]


def test_navigation_anytime(course_copy: Path) -> None:
    course = _course_with(course_copy, "navigation:\n  assessment: anytime\n")
    assert course_data(course, "en", "2004", PackagingMode.SINGLE)["assessment"]["needs"] is None


def test_a_wrong_navigation_value_is_named_with_its_line(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8") + "navigation:\n  assessment: yes\n",
                           encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is None
    rendered = report.render()
    assert "course.yaml" in rendered and "after-pages" in rendered and "anytime" in rendered, rendered


def test_each_sco_says_what_it_holds_and_which_score_it_reports(example_course: Course) -> None:
    single = sco_rules(example_course, "course")
    assert (single["lessons"], single["intro"], single["assessment"], single["scored"]) == ([0, 1], True, True, "a")
    assert single["passMark"] == example_course.assessment.settings.pass_mark
    lesson = sco_rules(example_course, "closing")
    assert (lesson["lessons"], lesson["scored"], lesson["objectives"]) == (
        [1], "q0", [o.id for o in example_course.lessons[1].objectives])
    assert lesson["passMark"] == example_course.lessons[1].quiz.settings.pass_mark
    assessment = sco_rules(example_course, "assessment")
    assert (assessment["lessons"], assessment["assessment"], assessment["scored"]) == ([], True, "a")


def test_without_a_final_assessment_the_lesson_quizzes_are_weighted_by_one_attempts_points(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text[:text.index("\nassessment:")] + "\n", encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    rules = sco_rules(course, "course")
    assert rules["scored"] == "lessons" and not rules["assessment"]
    assert rules["weights"] == [[n, float(sum(q.points for q in lesson.quiz.questions))]
                                for n, lesson in enumerate(course.lessons) if lesson.quiz]
    assert rules["passMark"] == course.pass_mark
