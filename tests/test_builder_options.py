"""Builders own their options: each declares its flags and its section of course.yaml on its class; the command line
and the loader collect them, and the model keeps only the course. Flags and keys keep their meaning and messages."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from builder.builders import BuildOptions, command_options, course_sections
from builder.builders.handbook import HandbookBuilder
from builder.builders.scorm2004 import Scorm2004Builder
from builder.cli import cli
from builder.loader import load, load_course
from builder.structure import Course
from tests.conftest import ROOT


def test_the_command_line_offers_every_builder_s_flags() -> None:
    assert [o.flag for o in command_options()] == ["--mode", "--scorm2004-edition", "--scorm2004-gating",
                                                   "--cmi5-launch-method", "--edition",
                                                   "--paper", "--sides", "--web-folder"]
    shown = CliRunner().invoke(cli, ["build", "--help"]).output
    assert all(flag in shown for flag in ("--mode [single|per-lesson]", "--scorm2004-edition [3|4]",
                                          "--edition [participant|facilitator|printables]", "--paper [a4|letter]",
                                          "--sides [double|single]"))


def test_course_yaml_sections_come_from_the_builders() -> None:
    sections = course_sections()
    assert {name: list(record.by_name) for name, record in sections.items()} == {
        "packaging": ["mode", "sequencing", "scorm2004_edition", "cmi5_id_base", "cmi5_launch_method"],
        "handbook": ["paper", "sides"], "web": ["folder"]}


def test_the_model_knows_no_output_format() -> None:
    fields = {f.name for f in dataclasses.fields(Course)}
    assert not fields & {"handbook", "packaging"}
    import builder.structure as structure

    assert not {"HandbookOptions", "PackagingOptions", "PackagingMode", "Sequencing"} & set(dir(structure))


def test_an_absent_section_stands_for_its_declared_defaults(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    start, end = text.index("handbook:"), text.index("assessment:")
    course_file.write_text(text[:start] + text[end:], encoding="utf-8")  # no handbook: or packaging: section
    loaded = load(course_copy)
    assert loaded.course is not None, loaded.report.render()
    assert loaded.settings == {"handbook": {"paper": "a4", "sides": "double"},
                               "packaging": {"mode": "single", "sequencing": "linear", "scorm2004_edition": 4,
                                             "cmi5_id_base": "urn:coursebuild:", "cmi5_launch_method": "AnyWindow"},
                               "web": {"folder": False}}
    assert loaded.course.navigation.assessment.value == "auto"  # navigation: absent too, its own defaults


def test_a_section_s_mistakes_keep_their_messages(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("paper: a4", "paper: a5").replace("mode: single", "modes: single"),
                           encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is None
    rendered = report.render()
    assert "handbook › paper must be one of a4, letter, not the text 'a5'" in rendered, rendered
    assert "unknown key 'modes' in packaging" in rendered and "did you mean 'mode'?" in rendered, rendered


def test_the_command_line_wins_over_course_yaml_which_wins_over_the_default(example_course: Course) -> None:
    def paper(given: dict, sections: dict) -> str:
        return HandbookBuilder(example_course, BuildOptions(given=given, sections=sections), None).paper  # type: ignore[arg-type]

    assert paper({"paper": "letter"}, {"handbook": {"paper": "a4"}}) == "letter"
    assert paper({}, {"handbook": {"paper": "letter"}}) == "letter"
    assert paper({}, {}) == "a4"
    sides = HandbookBuilder(example_course, BuildOptions(given={"sides": "single"},
                                                         sections={"handbook": {"sides": "double"}}), None).sides  # type: ignore[arg-type]
    assert sides == "single"
    edition = Scorm2004Builder(example_course, BuildOptions(sections={"packaging": {"scorm2004_edition": 3}}),
                               None).edition  # type: ignore[arg-type]
    assert edition == 3


def test_collecting_the_options_does_not_load_weasyprint() -> None:
    """`-f scorm12` pays nothing for the handbooks: their builder's module is light until it builds."""
    code = ("import sys; from builder.builders import command_options, course_sections; "
            "command_options(); course_sections(); import builder.cli; print('weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
