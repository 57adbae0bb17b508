"""course.yaml `theme` (issue 17 §7): logo and colours in the player and the handbooks, each colour checked against
WCAG AA where it is used, with an error naming the pair and the ratio at the colour's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.builders.handbook.render import HandbookSpec, language_css
from builder.loader import load_course
from builder.loader.theme import contrast
from builder.runtime.files import Delivery, delivery_files

THEME = 'theme:\n  logo: lessons/01-greeting/assets/headset.svg\n  primary: "{primary}"\n  accent: "{accent}"\n'


def themed(course_copy: Path, primary: str = "#1a5e3a", accent: str = "#b3261e") -> Path:
    """The example course (which has a theme of its own) with this one instead."""
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text[:text.index("theme:")] + THEME.format(primary=primary, accent=accent),
                           encoding="utf-8")
    return course_file


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1) if text in line)


def test_wcag_contrast_ratios() -> None:
    assert round(contrast("#ffffff", "#000000"), 2) == 21
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
    assert contrast("#0b57d0", "#ffffff") == contrast("#ffffff", "#0b57d0")


def test_a_colour_without_enough_contrast_is_an_error_naming_the_pair_and_the_ratio(course_copy: Path) -> None:
    course_file = themed(course_copy, primary="#8ab4f8", accent="#fbbc04")
    course, report = load_course(course_copy)
    assert course is None
    errors = {(e.line, e.message) for e in report.errors}
    assert (line_of(course_file, "primary:"), "theme: white text on primary #8ab4f8 has a contrast of 2.1:1; "
            "WCAG AA needs 4.5:1") in errors
    assert (line_of(course_file, "accent:"), "theme: the focus ring in accent #fbbc04 on white has a contrast of "
            "1.7:1; WCAG AA needs 3:1") in errors
    assert all(e.code == "theme-contrast" and e.file == "course.yaml" for e in report.errors)


def test_a_colour_written_without_quotes_or_in_another_form_says_how(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text[:text.index("theme:")] + 'theme:\n  primary: "blue"\n', encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is None and "in quotes" in report.render()


def test_an_unquoted_colour_which_yaml_reads_as_a_comment_is_not_ignored(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text[:text.index("theme:")] + "theme:\n  primary: #1a5e3a\n", encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is None
    assert [(e.line, e.message) for e in report.errors] == [(line_of(course_file, "primary:"),
                                                              "theme: primary has no colour")]
    assert 'primary: "#0b57d0"' in report.render()


def test_a_missing_logo_is_an_error_at_its_line(course_copy: Path) -> None:
    course_file = themed(course_copy)
    course_file.write_text(course_file.read_text(encoding="utf-8").replace("headset.svg", "logo.svg"),
                           encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is None
    assert [e.line for e in report.errors] == [line_of(course_file, "logo:")]
    assert "theme: the logo: the image 'lessons/01-greeting/assets/logo.svg' does not exist" in report.render()


def test_the_theme_reaches_the_player_and_the_handbooks(course_copy: Path) -> None:
    themed(course_copy)
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    assert course.theme and course.theme.primary == "#1a5e3a" and course.theme.logo
    files = delivery_files(course, "en", Delivery("scorm2004"))
    page = files["index.html"].decode()
    assert "<style>:root { --accent: #1a5e3a; --focus: #b3261e; }</style>" in page
    assert f'<img src="{course.theme.logo.href}" alt="" height="32">' in page
    assert files[course.theme.logo.href] == course.theme.logo.data
    css = language_css(course, HandbookSpec("en", "participant", "a4", "double"))
    assert ":root { --accent: #1a5e3a; }" in css


def test_without_a_theme_nothing_changes(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text[:text.index("theme:")], encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None and course.theme is None, report.render()
    page = delivery_files(course, "en", Delivery("scorm2004"))["index.html"].decode()
    assert "<style>" not in page and "<img" not in page


@pytest.mark.parametrize("colour", ["#0b57d0", "#1a5e3a"])
def test_colours_that_pass(course_copy: Path, colour: str) -> None:
    themed(course_copy, primary=colour)
    course, report = load_course(course_copy)
    assert course is not None, report.render()
