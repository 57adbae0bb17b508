"""A preview build is a client of the Builder interface: the SCORM builder of the version asked for writes its
single-SCO package into a stage in memory, so the preview serves what a build would zip and reports what a build
would refuse."""

from __future__ import annotations

from pathlib import Path

from builder.preview.build import build_preview
from tests.scorm.test_package import course_with_long_answers


def test_the_preview_serves_the_builder_s_package(course_copy: Path) -> None:
    for version, adapter in (("1.2", "player/scorm12.js"), ("2004", "player/scorm2004.js")):
        build = build_preview(course_copy, "en", version, 1)
        assert build.ok, build.errors
        assert {"index.html", "imsmanifest.xml", "data/course.js", adapter} <= set(build.files)
        assert adapter.encode() in build.files["index.html"]
        assert build.mastery == 80  # the final assessment's pass mark, as the manifest gives it


def test_the_preview_runs_the_builder_s_checks(course_copy: Path) -> None:
    """A course whose suspend_data could pass SCORM 1.2's 4,096 characters is refused in the preview as in a build."""
    course_with_long_answers(course_copy, 10)
    build = build_preview(course_copy, "en", "1.2", 1)
    assert not build.ok and not build.files
    (error,) = [d for d in build.errors if d.code == "suspend-data-too-long"]
    assert "SCORM 1.2 allows 4,096" in error.message
    assert build_preview(course_copy, "en", "2004", 2).ok  # 64,000 characters are enough


def test_the_preview_holds_one_sco_whatever_course_yaml_packages(course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace("mode: single", "mode: per-lesson"),
                           encoding="utf-8")
    build = build_preview(course_copy, "en", "2004", 1)
    assert build.ok and "index.html" in build.files and not any(name.startswith("sco-") for name in build.files)
