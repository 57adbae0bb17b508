"""Images of the course itself (those the introduction shows) travel with it: into every SCORM zip, where
the player finds them, and into the handbooks, where WeasyPrint draws them."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from builder.builders.scorm.package import package_entries
from builder.loader import load_course
from builder.runtime.units import PackagingMode
from tests.edits import INTRO, replace
from tests.handbook.conftest import build_handbooks


def _png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def course_with_intro_image(course_copy: Path):
    (course_copy / "assets").mkdir()
    (course_copy / "assets" / "welcome.png").write_bytes(_png("teal"))
    for intro in (INTRO, INTRO.replace(".en.", ".zh-Hant.")):
        text = (course_copy / intro).read_text(encoding="utf-8")
        (course_copy / intro).write_text(text + "\n![A teal welcome card](assets/welcome.png)\n", encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    return course


def test_the_model_holds_the_introductions_images(course_with_intro_image) -> None:
    course = course_with_intro_image
    (asset,) = [a for a in course.assets if a.source == "assets/welcome.png"]  # beside the theme's logo
    assert asset.media_type == "image/png" and asset.data == _png("teal")
    assert asset.source == "assets/welcome.png" and asset.where.file == INTRO
    assert f'src="{asset.href}"' in course.introduction.html["en"]


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("mode", list(PackagingMode))
def test_an_introduction_image_is_in_every_zip(course_with_intro_image, version: str, mode: PackagingMode) -> None:
    course = course_with_intro_image
    (asset,) = [a for a in course.assets if a.source == "assets/welcome.png"]  # beside the theme's logo
    _, entries = package_entries(course, "en", version, 4 if version == "2004" else None, mode)
    assert entries[asset.href] == asset.data
    assert asset.href.encode() in entries["imsmanifest.xml"], "the manifest lists the file too"


def test_an_introduction_image_is_printed_in_the_handbook(course_with_intro_image, tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        built, report = build_handbooks(course_with_intro_image, tmp_path, languages=("en",),
                                        editions=("participant",))
    assert not report.has_errors, report.render()
    assert not [r for r in caplog.records if "asset" in r.getMessage()], caplog.text
    pdf = PdfReader(built["en", "participant"])
    images = [image for page in pdf.pages for image in page.images]
    assert images, "the introduction's picture is drawn in the PDF"
    assert any(image.image.size == (40, 30) for image in images)


def test_an_introduction_image_reaches_the_zip_on_the_command_line(course_copy: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from builder.cli import cli

    (course_copy / "welcome.png").write_bytes(_png("navy"))
    replace(course_copy, INTRO, "\n", "\n\n![A navy card](welcome.png)\n\n", 1)
    replace(course_copy, INTRO.replace(".en.", ".zh-Hant."), "\n", "\n\n![深藍色卡片](welcome.png)\n\n", 1)
    result = CliRunner().invoke(cli, ["build", str(course_copy), "-o", str(tmp_path), "-f", "scorm12",
                                      "--lang", "en"])
    assert result.exit_code == 0, result.output
    (package,) = tmp_path.glob("*.zip")
    with zipfile.ZipFile(package) as archive:
        images = [name for name in archive.namelist() if name.endswith(".png")]
        assert images and archive.read(images[0]) == _png("navy")
