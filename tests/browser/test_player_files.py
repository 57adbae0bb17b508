"""What player_files and worst_case_suspend_length give, without a browser."""

from __future__ import annotations

import json
from pathlib import Path

from builder.builders.scorm.player import STATIC, launch_file, player_files, sco_ids, ui_strings
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
