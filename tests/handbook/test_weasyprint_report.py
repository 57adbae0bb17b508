"""What WeasyPrint logs reaches the build report, and the PDF file identifier follows the assets' bytes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.builders.handbook import parallel, render
from builder.builders.handbook.crossref import CrossRefs
from builder.builders.handbook.parallel import Job
from builder.builders.handbook.render import HandbookSpec, layout
from builder.structure import Course

from .conftest import build_handbooks


def with_first_asset(course: Course, data: bytes) -> Course:
    """The course with the bytes of its first lesson's first asset (the headset picture) replaced."""
    lesson = course.lessons[0]
    asset = dataclasses.replace(lesson.assets[0], data=data)
    lesson = dataclasses.replace(lesson, assets=(asset, *lesson.assets[1:]))
    return dataclasses.replace(course, lessons=(lesson, *course.lessons[1:]))


@pytest.fixture
def broken_print(example_course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    """A picture WeasyPrint cannot read, and a stylesheet with a property it ignores (forked workers inherit both)."""
    assert example_course.lessons[0].assets[0].media_type == "image/svg+xml"
    stylesheet = tmp_path / "handbook.css"
    stylesheet.write_text(render.STYLESHEET.read_text(encoding="utf-8") + "\np { colr: red; }\n", encoding="utf-8")
    monkeypatch.setattr(render, "STYLESHEET", stylesheet)
    return with_first_asset(example_course, b"this is not a picture")


def test_weasyprint_warnings_come_back_from_the_worker_processes(broken_print: Course, tmp_path: Path):
    jobs = [Job(language, ("participant",), "a4", str(tmp_path)) for language in ("en", "zh-Hant")]
    results = parallel.render_all(broken_print, jobs, workers=2)
    for result in results:
        (rendered,) = result
        assert any("colr" in w for w in rendered.warnings), rendered.warnings
        picture = [w for w in rendered.warnings if broken_print.lessons[0].assets[0].href in w]
        assert picture, rendered.warnings
        assert render.BASE_URL not in picture[0]  # the path the pages use, not our made-up address


def test_weasyprint_warnings_are_build_warnings_with_a_code(broken_print: Course, tmp_path: Path):
    built, report = build_handbooks(broken_print, tmp_path / "out", languages=("en",), editions=("participant",))
    assert not report.has_errors and built["en", "participant"].is_file()
    codes = {w.code for w in report.warnings if "WeasyPrint" in w.message}
    assert codes == {"handbook-render-warning"}
    messages = [w.message for w in report.warnings if w.code == "handbook-render-warning"]
    assert any(m.startswith("the participant handbook (en): WeasyPrint: ") and "colr" in m for m in messages)
    assert any(broken_print.lessons[0].assets[0].href in m for m in messages), messages


def test_the_pdf_identifier_changes_when_a_picture_is_replaced(example_course: Course, tmp_path: Path):
    spec = HandbookSpec("en", "participant", "a4")
    picture = example_course.lessons[0].assets[0].data
    assert picture.rstrip().endswith(b"</svg>")
    replaced = with_first_asset(example_course, picture + b"<!-- redrawn -->\n")
    same_again = with_first_asset(example_course, bytes(picture))
    first, second, again = (layout(course, spec, CrossRefs()) for course in (example_course, replaced, same_again))
    assert first.identifier != second.identifier
    assert first.identifier == again.identifier
    pdf = tmp_path / "replaced.pdf"
    pdf.write_bytes(second.pdf_bytes())
    assert PdfReader(pdf).trailer["/ID"][0].original_bytes == second.identifier
