"""Handbooks of the example course, built once per session and shared by every handbook test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from builder.builders import BuildOptions
from builder.builders.handbook import HandbookBuilder
from builder.diagnostics import Report
from builder.loader import load_course
from builder.structure import Course
from builder.writer import Staging
from tests.conftest import EXAMPLE_COURSE

LANGUAGES = ("en", "zh-Hant")
EDITIONS = ("participant", "facilitator")


def build_handbooks(course: Course, destination: Path, languages: tuple[str, ...] = (),
                    **given: object) -> tuple[dict[tuple[str, str], Path], Report]:
    """Run the handbook builder as `coursebuild build -f handbook` does, with its options `given` as on the command
    line (editions, paper); (language, edition) → PDF."""
    report = Report()
    builder = HandbookBuilder(course, BuildOptions(languages=languages, given=given), report)
    staging = Staging(destination)
    try:
        builder.init()
        builder.write(staging)
        staging.commit()
    finally:
        builder.finish()
        staging.discard()
    built = {}
    for language in builder.languages:
        for edition in builder.editions:
            built[language, edition] = destination / f"{course.id}-{course.version}-{language}-{edition}.pdf"
    return built, report


@pytest.fixture(scope="session")
def handbooks(example_course: Course, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    built, report = build_handbooks(example_course, tmp_path_factory.mktemp("handbooks-a"))
    assert not report.has_errors, report.render()
    return built


@pytest.fixture(scope="session")
def stress_course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The example course with a long Chinese paragraph full of closing punctuation and a two-page agenda."""
    folder = tmp_path_factory.mktemp("stress") / "course"
    shutil.copytree(EXAMPLE_COURSE, folder)
    sentence = "來電者說：「我已經等了很久！」你回答：「抱歉，讓您久候。」接著說明下一步、確認需求，最後道謝。"
    page = folder / "lessons" / "02-closing" / "pages" / "01-close.zh-Hant.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n" + sentence * 40 + "\n", encoding="utf-8")
    lesson_file = folder / "lessons" / "02-closing" / "lesson.yaml"
    lesson = yaml.safe_load(lesson_file.read_text(encoding="utf-8"))
    lesson["facilitator"] = [{"minutes": 1, "do": {"en": f"Step {n}", "zh-Hant": f"第 {n} 步：請學員分組討論。"}}
                             for n in range(1, 61)]
    lesson["duration"] = 60
    lesson_file.write_text(yaml.safe_dump(lesson, allow_unicode=True), encoding="utf-8")
    course, report = load_course(folder)
    assert course is not None, report.render()
    return course


@pytest.fixture(scope="session")
def stress_handbooks(stress_course: Course, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    built, report = build_handbooks(stress_course, tmp_path_factory.mktemp("stress-out"), languages=("zh-Hant",))
    assert not report.has_errors, report.render()
    return built
