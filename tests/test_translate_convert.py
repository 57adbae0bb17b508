"""`coursebuild translate convert`: zh-Hans drafted from zh-Hant with OpenCC's phrase-level conversion."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.diagnostics import Report
from builder.loader import load_course
from builder.translation import record
from builder.translation.convert import Converter
from builder.translation.stale import check_translations
from builder.translation.units import read_course
from tests.conftest import EXAMPLE_TEXTS, SHIPPED_COURSE


def test_conversion_uses_mainland_phrases_and_lists_the_regional_terms() -> None:
    converter = Converter(("zh-Hant", "zh-Hans"))
    converted = converter.text("客服專員用軟體看資訊，品質監控每週一次。", "x.yaml:1")
    assert converted == "客服专员用软件看信息，品质监控每周一次。"
    terms = {t.source: (t.converted, t.by_characters) for t in converter.terms.values()}
    assert terms["軟體"] == ("软件", "软体") and terms["資訊"] == ("信息", "资讯")
    assert "客服專員" not in terms and "品質監控" not in terms  # character mapping only: not regional terms


def test_a_teams_own_terms_come_first() -> None:
    converter = Converter(("zh-Hant", "zh-Hans"), {"品質監控": "质量监控"})
    assert converter.text("品質監控與軟體", "x") == "质量监控与软件"
    own = converter.terms["品質監控"]
    assert own.own and own.converted == "质量监控" and own.by_characters == "品质监控"


def test_convert_adds_zh_hans_to_the_example_course_as_drafts(course_copy: Path) -> None:
    """The example course's source is English; zh-Hans is drafted from its zh-Hant translation."""
    terms = course_copy.parent / "terms.tsv"
    terms.write_text("# our contact-centre usage\n來電者\t来电人\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", "convert", "--from", "zh-Hant", "--to", "zh-Hans",
                                      str(course_copy), "--terms", str(terms)])
    assert result.exit_code == 0, result.output
    assert f"drafted {EXAMPLE_TEXTS} zh-Hans texts from zh-Hant" in result.output
    assert "來電者 → 来电人  [来电者]" in result.output and "(your list)" in result.output
    course, report = load_course(course_copy)
    assert course is not None and not report.errors, report.render()
    assert course.languages == ("en", "zh-Hant", "zh-Hans") and course.title["zh-Hans"] == "电话应对基本功"
    assert (course_copy / "lessons/01-greeting/pages/01-first-words.zh-Hans.md").is_file()
    # The facilitator notes and every text of the scenario have their zh-Hans draft too.
    assert (course_copy / "facilitator.zh-Hans.md").read_text(encoding="utf-8").startswith("# 讲师须知\n")
    scenario_units = [u for u in read_course(course_copy, "zh-Hans").units if "/scenarios/" in u.doc]
    assert len(scenario_units) == 36 and all(u.target is not None for u in scenario_units)
    scenario = course.lessons[1].scenarios[0]
    assert scenario.title["zh-Hans"] == "通话的最后一分钟" and "林小姐的包裹晚了两天" in scenario.intro["zh-Hans"]
    assert scenario.cast[0].portrait.alt["zh-Hans"].startswith("林小姐，一位黑色短发")
    assert "zh-Hans: 电话应对基本功" in (course_copy / "course.yaml").read_text(encoding="utf-8")
    entries = record.load(course_copy)
    drafts = [key for (key, lang), entry in entries.items() if lang == "zh-Hans" and entry.state == record.DRAFT]
    assert len(drafts) == EXAMPLE_TEXTS
    report = Report()
    check_translations(course_copy, report)
    assert len(report.warnings) == EXAMPLE_TEXTS and {w.code for w in report.warnings} == {"draft-translation"}
    CliRunner().invoke(cli, ["translate", "mark-current", str(course_copy), "--lang", "zh-Hans"])
    report = Report()
    check_translations(course_copy, report)
    assert report.warnings == []


@pytest.mark.slow
def test_the_example_course_converted_to_zh_hans_builds(course_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["translate", "convert", "--from", "zh-Hant", "--to", "zh-Hans",
                               str(course_copy)]).exit_code == 0
    result = runner.invoke(cli, ["validate", str(course_copy), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["errors"] == [], result.output
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(course_copy), "-o", str(out), "--lang", "zh-Hans", "-f", "scorm2004",
                                 "-f", "handbook", "--edition", "facilitator", "--json"])
    assert result.exit_code == 0, result.output
    outputs = {o["format"]: out / Path(o["path"]).name for o in json.loads(result.stdout)["outputs"]}
    assert set(outputs) == {"scorm2004", "handbook"}
    guide = subprocess.run(["pdftotext", str(outputs["handbook"]), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "讲师须知" in guide and "講師須知" not in guide  # the facilitator notes, in Simplified Chinese


def test_convert_refuses_a_language_the_course_does_not_have(course_copy: Path) -> None:
    result = CliRunner().invoke(cli, ["translate", "convert", "--from", "zh-Hans", "--to", "zh-Hant",
                                      str(course_copy)])
    assert result.exit_code == 1 and "'zh-Hans' is not a language of this course" in result.output


@pytest.mark.slow
def test_a_converted_copy_of_the_shipped_course_validates_and_builds_zh_hans(tmp_path: Path) -> None:
    copy = tmp_path / "course"
    shutil.copytree(SHIPPED_COURSE, copy)
    runner = CliRunner()
    result = runner.invoke(cli, ["translate", "convert", "--from", "zh-Hant", "--to", "zh-Hans", str(copy)])
    assert result.exit_code == 0, result.output
    assert "軟體" not in (copy / "lessons/01-time-management/pages/01-whose-time.zh-Hans.md").read_text()
    assert "資訊 → 信息  [资讯]" in result.output
    matrix = (copy / "lessons/01-time-management/assets/matrix.zh-Hans.svg").read_text(encoding="utf-8")
    assert "紧急" in matrix and "緊急" not in matrix  # the picture's words converted too
    page = (copy / "lessons/01-time-management/pages/02-urgent-important-matrix.zh-Hans.md").read_text()
    assert "(assets/matrix.zh-Hans.svg)" in page
    result = runner.invoke(cli, ["validate", str(copy)])
    assert result.exit_code == 0 and "draft-translation" not in result.output  # text format shows messages
    assert "unreviewed draft converted from zh-Hant" in result.output
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(copy), "-o", str(out), "--lang", "zh-Hans", "-f", "scorm2004",
                                 "-f", "handbook", "--edition", "participant", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    pdf = next(out / Path(o["path"]).name for o in summary["outputs"] if o["format"] == "handbook")
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = {line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:]}
    assert "Noto-Sans-CJK-SC" in fonts and not any("CJK-TC" in font for font in fonts)
    assert any(o["format"] == "scorm2004" for o in summary["outputs"])
