"""`coursebuild build -f cmi5`: one zip per language named like the SCORM zips, cmi5.xml at its root and valid,
the runtime's files with the cmi5 adapter, the same bytes from the same sources, its options, and clear errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from builder.cli import cli
from builder.cmi5 import checks, structure
from tests.conftest import EXAMPLE_COURSE

NS = {"c": structure.NAMESPACE}


def build(out: Path, *args: str, course: Path = EXAMPLE_COURSE):
    return CliRunner().invoke(cli, ["build", str(course), "-o", str(out), "-f", "cmi5", *args])


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_one_valid_zip_per_language_with_the_cmi5_adapter(tmp_path: Path) -> None:
    result = build(tmp_path / "out", "--mode", "per-lesson")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "phone-basics-1.2.0-en-cmi5-per-lesson.zip", "phone-basics-1.2.0-zh-Hant-cmi5-per-lesson.zip"]
    files = entries(tmp_path / "out" / "phone-basics-1.2.0-zh-Hant-cmi5-per-lesson.zip")
    assert checks.structure_problems(files["cmi5.xml"], files) == []
    urls = etree.fromstring(files["cmi5.xml"]).xpath("//c:au/c:url/text()", namespaces=NS)
    assert urls == ["sco-greeting.html", "sco-closing.html", "sco-assessment.html"]
    page = files["sco-greeting.html"].decode()
    assert '<script src="player/xapi.js">' in page and '<script src="player/cmi5.js">' in page
    assert "scorm" not in page and "imsmanifest.xml" not in files
    assert "urn:coursebuild:phone-basics:1.2.0:zh-Hant:lesson:greeting:au" in files["cmi5.xml"].decode()


def test_the_same_sources_give_the_same_bytes(tmp_path: Path) -> None:
    assert build(tmp_path / "a").exit_code == 0 and build(tmp_path / "b").exit_code == 0
    for zipped in (tmp_path / "a").iterdir():
        assert zipped.read_bytes() == (tmp_path / "b" / zipped.name).read_bytes()


def test_launch_method_and_id_base_come_from_the_flag_and_course_yaml(tmp_path: Path, course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("  scorm2004_edition: 4", "  scorm2004_edition: 4\n  cmi5_id_base: "
                                        "https://learning.example.com/courses/"), encoding="utf-8")
    result = build(tmp_path / "out", "--cmi5-launch-method", "OwnWindow", "--lang", "en", course=course_copy)
    assert result.exit_code == 0, result.output
    xml = etree.fromstring(entries(tmp_path / "out" / "phone-basics-1.2.0-en-cmi5-single.zip")["cmi5.xml"])
    (au,) = xml.xpath("//c:au", namespaces=NS)
    assert au.get("launchMethod") == "OwnWindow"
    assert au.get("id") == "https://learning.example.com/courses/phone-basics/1.2.0/en/au"


def test_an_id_base_that_cannot_prefix_iris_is_a_clear_error(tmp_path: Path, course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("  scorm2004_edition: 4", "  scorm2004_edition: 4\n  cmi5_id_base: "
                                        "https://learning.example.com/courses"), encoding="utf-8")
    result = build(tmp_path / "out", course=course_copy)
    assert result.exit_code != 0
    assert "cmi5_id_base" in result.output and "ending in '/'" in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.zip"))


def test_a_state_that_could_outgrow_the_cmi5_bound_is_refused_before_writing(tmp_path: Path, monkeypatch) -> None:
    from builder.builders import cmi5

    monkeypatch.setattr(cmi5, "STATE_LIMIT", 100)
    result = build(tmp_path / "out")
    assert result.exit_code != 0
    assert "saved state could reach" in result.output and "under 100" in result.output, result.output
    assert "per-lesson" in result.output and "Traceback" not in result.output
