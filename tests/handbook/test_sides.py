"""Single-sided handbooks (course.yaml `handbook: sides: single`, or --sides single): no page left blank
for a lesson to start on the right, so fewer pages; double-sided stays the default."""

from __future__ import annotations

import subprocess

import pytest

from builder.loader import load
from tests.conftest import EXAMPLE_COURSE
from tests.edits import COURSE, COURSEBUILD, replace
from tests.handbook.conftest import build_handbooks
from tests.handbook.pdf import is_blank_page, page_texts, squeeze
from tests.handbook.test_structure import lesson_start_pages


@pytest.fixture(scope="module")
def single_sided(example_course, tmp_path_factory):
    built, report = build_handbooks(example_course, tmp_path_factory.mktemp("single"), languages=("zh-Hant",),
                                    editions=("participant", "facilitator"), sides="single")
    assert not report.has_errors, report.render()
    return built


@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_single_sided_has_no_blank_pages_and_fewer_pages(single_sided, handbooks, example_course, edition):
    single = page_texts(single_sided["zh-Hant", edition])
    double = page_texts(handbooks["zh-Hant", edition])
    assert any(is_blank_page(text) for text in double), "double-sided is the default"
    assert not any(is_blank_page(text) for text in single)
    # Every page double-sided printing leaves blank is saved (how many there are depends on where each part
    # happens to end, so the count is read, not fixed).
    blanks = sum(is_blank_page(text) for text in double)
    assert blanks >= 2 and len(single) <= len(double) - blanks
    starts = lesson_start_pages(single, example_course, "zh-Hant")
    contents = squeeze(single[1])  # the cover, then the contents: no blank back of the cover
    for lesson in example_course.lessons:
        assert squeeze(f"{lesson.title['zh-Hant']}") + "." in contents.replace("…", ".")
        assert contents.split(squeeze(lesson.title["zh-Hant"]))[1].lstrip(".").startswith(str(starts[lesson.id]))
    assert any(starts[lesson.id] % 2 == 0 for lesson in example_course.lessons), "lessons start on any page"


def test_single_sided_pages_carry_the_course_and_the_lesson_in_their_header(single_sided, example_course):
    texts = page_texts(single_sided["zh-Hant", "participant"], layout=True)
    starts = lesson_start_pages(page_texts(single_sided["zh-Hant", "participant"]), example_course, "zh-Hant")
    lesson = example_course.lessons[0]
    for number in (starts[lesson.id] + 1, starts[lesson.id] + 2):  # a left and a right page alike
        header = squeeze(texts[number - 1].strip().splitlines()[0])
        assert header == squeeze(example_course.title["zh-Hant"] + lesson.title["zh-Hant"]), header


def test_sides_from_course_yaml_and_from_the_command_line(course_copy, tmp_path):
    assert load(course_copy).settings["handbook"]["sides"] == "double"
    replace(course_copy, COURSE, "  sides: double", "  sides: single")
    loaded = load(course_copy)
    assert loaded.course is not None and loaded.settings["handbook"]["sides"] == "single", loaded.report.render()
    out = tmp_path / "out"
    command = [COURSEBUILD, "build", EXAMPLE_COURSE, "-o", out, "-f", "handbook", "--lang", "en", "--edition",
               "participant", "-q"]
    subprocess.run([*command, "--sides", "single"], check=True)
    single = page_texts(out / "phone-basics-1.2.0-en-participant.pdf")
    subprocess.run([*command, "--sides", "double"], check=True)
    double = page_texts(out / "phone-basics-1.2.0-en-participant.pdf")
    assert len(single) < len(double) and not any(is_blank_page(t) for t in single)
    bad = subprocess.run([*command, "--sides", "both"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "'both' is not one of 'double', 'single'" in bad.stderr
