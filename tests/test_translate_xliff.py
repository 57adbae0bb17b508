"""`coursebuild translate export`: XLIFF 2.0 valid against the official OASIS schemas, stable ids, notes, limits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from builder.cli import cli
from builder.translation import xsd
from builder.translation.export import export
from tests.conftest import EXAMPLE_COURSE, EXAMPLE_TEXTS, SHIPPED_COURSE

NS = {"x": "urn:oasis:names:tc:xliff:document:2.0", "slr": "urn:oasis:names:tc:xliff:sizerestriction:2.0"}
SHARED_SCHEMAS = Path(__file__).resolve().parent.parent.parent / "shared" / "schemas" / "xliff2"


def _units(data: bytes) -> dict[tuple[str, str], etree._Element]:
    root = etree.fromstring(data)
    return {(f.get("original"), u.get("id")): u for f in root.iterfind("x:file", NS) for u in f.iterfind("x:unit", NS)}


@pytest.mark.parametrize("course, target", [(SHIPPED_COURSE, "en"), (EXAMPLE_COURSE, "zh-Hant"),
                                            (EXAMPLE_COURSE, "fr")])
def test_export_is_valid_xliff_2_against_the_official_schema(course: Path, target: str) -> None:
    result = export(course, target)
    assert result.schema_errors == [] and xsd.validate(result.data) == []
    root = etree.fromstring(result.data)
    assert root.get("srcLang") == result.extraction.source_lang and root.get("trgLang") == target
    assert result.units > 100 and not result.extraction.problems
    assert result.translated == (0 if target == "fr" else result.units)


def test_the_validator_reads_the_schema_copies_shipped_with_coursebuild() -> None:
    """builder/schemas/xliff2 holds unchanged copies of the OASIS files (CI may not have ../shared)."""
    for name in ("xliff_core_2.0.xsd", "size_restriction.xsd"):
        ours = (xsd.FOLDER / name).read_bytes()
        if SHARED_SCHEMAS.is_dir():
            assert ours == (SHARED_SCHEMAS / name).read_bytes()
    assert (xsd.FOLDER / "LICENSE.md").is_file()
    broken = export(EXAMPLE_COURSE, "zh-Hant").data.replace(b"<segment ", b'<segment xml:space="preserve" ', 1)
    assert any("space" in error for error in xsd.validate(broken))  # what translate-toolkit's writer does


def test_units_carry_location_context_what_and_size_limits() -> None:
    units = _units(export(EXAMPLE_COURSE, "zh-Hant").data)
    title = units[("course.yaml", "title")]
    assert title.get(f"{{{NS['slr']}}}sizeRestriction") == "200"
    notes = {n.get("category"): n.text for n in title.iterfind("x:notes/x:note", NS)}
    assert notes["location"] == "course.yaml:7" and notes["target-location"] == "course.yaml:8"
    assert units[("course.yaml", "description")].get(f"{{{NS['slr']}}}sizeRestriction") == "1000"
    answers = [u for (doc, uid), u in units.items() if ".answers." in uid]
    assert answers and all(u.get(f"{{{NS['slr']}}}sizeRestriction") for u in answers)  # max_length of the question
    choice = units[("lessons/01-greeting/quiz.yaml", "questions.greet-q-single.choices.a.text")]
    context = {n.get("category"): n.text for n in choice.iterfind("x:notes/x:note", NS)}
    assert context["context"].startswith("lesson 1 “Opening the call”, practice quiz")
    assert context["what"] == "questions › greet-q-single › choices › a › text"
    page = units[("lessons/01-greeting/pages/01-first-words.md", "b3")]
    source = page.find("x:segment/x:source", NS)
    pc = source.find("x:pc", NS)
    data = {d.get("id"): d.text for d in page.iterfind("x:originalData/x:data", NS)}
    assert data[pc.get("dataRefStart")] == "**" and pc.get("subType") == "xlf:b"


def test_unit_ids_do_not_change_when_another_text_is_edited(course_copy: Path) -> None:
    before = set(_units(export(course_copy, "zh-Hant").data))
    quiz = course_copy / "lessons/01-greeting/quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("Which greeting", "Which opening", 1), encoding="utf-8")
    page = course_copy / "lessons/01-greeting/pages/01-first-words.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace("within seconds", "in seconds"), encoding="utf-8")
    assert set(_units(export(course_copy, "zh-Hant").data)) == before


def test_export_command_writes_the_file_and_refuses_the_source_language(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "en.xlf"
    result = runner.invoke(cli, ["translate", "export", str(EXAMPLE_COURSE), "--to", "zh-Hant", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{EXAMPLE_TEXTS} texts" in result.output and xsd.validate(out.read_bytes()) == []
    result = runner.invoke(cli, ["translate", "export", str(EXAMPLE_COURSE), "--to", "en", "-o", str(out)])
    assert result.exit_code == 2 and "source language" in result.output
    result = runner.invoke(cli, ["translate", "export", str(EXAMPLE_COURSE), "--to", "zh_Hant", "-o", str(out)])
    assert result.exit_code == 2 and "BCP 47" in result.output


def test_export_refuses_a_course_with_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(EXAMPLE_COURSE, broken)
    (broken / "course.yaml").write_text((broken / "course.yaml").read_text().replace("format: 1", "format: one"))
    result = CliRunner().invoke(cli, ["translate", "export", str(broken), "--to", "zh-Hant", "-o",
                                      str(tmp_path / "x.xlf")])
    assert result.exit_code == 1 and "fix them first" in result.output and not (tmp_path / "x.xlf").exists()
