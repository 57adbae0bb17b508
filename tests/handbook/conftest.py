"""Handbooks of the example course, built once per session and shared by every handbook test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from builder.builders import BuildOptions
from builder.builders.handbook import HandbookBuilder
from builder.cache import BuildCache
from builder.diagnostics import Report
from builder.loader import load_course
from builder.structure import Course
from builder.writer import Staging
from tests.conftest import EXAMPLE_COURSE

LANGUAGES = ("en", "zh-Hant")
EDITIONS = ("participant", "facilitator")


def build_handbooks(course: Course, destination: Path, languages: tuple[str, ...] = (), cache: Path | None = None,
                    **given: object) -> tuple[dict[tuple[str, str], Path], Report]:
    """Run the handbook builder as `coursebuild build -f handbook` does, with its options `given` as on the command
    line (editions, paper) and the build cache in `cache` if given; (language, edition) → PDF."""
    report = Report()
    builder = HandbookBuilder(course, BuildOptions(languages=languages, given=given), report)
    if cache is not None:
        builder.cache = BuildCache(cache, report)
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
    _add_print_traps(folder, lesson)
    lesson_file.write_text(yaml.safe_dump(lesson, allow_unicode=True), encoding="utf-8")
    course, report = load_course(folder)
    assert course is not None, report.render()
    return course


# A table whose first column holds a header word and one-character cells, beside two columns of long text:
# the narrow column is where a header would break inside a word.
TRAP_TABLE = "\n".join([
    "| 急迫程度評估 | 處理方式 | 客服中心的例子 |", "| --- | --- | --- |",
    *(f"| {level} | {'先確認對方真正要的結果與期限，再決定自己處理、交辦或排進行事曆。' * 2} | "
      f"{'第 ' + str(n) + ' 通來電：客戶要求今天內回覆退款進度，主管也在等週報。' * 2} |"
      for n, level in enumerate("高中低高中低", start=1)),
])
FILLER = "督導每天面對的請求很多，先分清楚輕重緩急，再決定處理順序。"


def _add_print_traps(folder: Path, lesson: dict) -> None:
    """Layouts that break the print rules unless the handbook keeps them: a table that would straddle a page
    break, writing lines that would spill onto a page of their own, a job aid far longer than a page, and
    glossary terms whose dictionary order differs from code-point order."""
    pages = folder / "lessons" / "02-closing" / "pages"
    for language, title in (("en", "# A table"), ("zh-Hant", "# 一張表")):
        filler = "\n\n".join([FILLER * 6] * 10)
        (pages / f"02-table.{language}.md").write_text(f"{title}\n\n{filler}\n\n{TRAP_TABLE}\n", encoding="utf-8")
    lesson["activities"] = [{
        "id": "close-long", "kind": "individual", "title": {"en": "Long notes", "zh-Hant": "長篇筆記"}, "minutes": 1,
        "instructions": {"en": "Write.", "zh-Hant": "\n\n".join([FILLER * 8] * 3)}, "writing_lines": 40}]
    lesson["facilitator"][0] = {"activity": "close-long"}
    items = "\n".join(f"- 第 {n} 項：{FILLER}" for n in range(1, 90))
    for language in ("en", "zh-Hant"):
        (folder / "lessons" / "02-closing" / f"job-aid.{language}.md").write_text(
            f"# 結束通話檢查表\n\n{items}\n", encoding="utf-8")
    glossary = folder / "glossary.yaml"
    terms = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    terms["terms"] += [{"id": f"term-{n}", "term": {"en": en, "zh-Hant": zh}, "definition": {"en": "x", "zh-Hant": "說明"}}
                       for n, (en, zh) in enumerate([("after-call work", "督導"), ("AHT", "門市"), ("Zebra", "一對一")])]
    glossary.write_text(yaml.safe_dump(terms, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="session")
def stress_build(stress_course: Course, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[dict[tuple[str, str], Path], Report]:
    built, report = build_handbooks(stress_course, tmp_path_factory.mktemp("stress-out"), languages=("zh-Hant",))
    assert not report.has_errors, report.render()
    return built, report


@pytest.fixture(scope="session")
def stress_handbooks(stress_build) -> dict[tuple[str, str], Path]:
    return stress_build[0]
