"""Escaping everywhere: markup-like text in titles, prompts, choices and feedback arrives intact and inert.

The example course is given texts full of `<`, `&`, both quotes, `]]>`, `</script>` and an <img onerror>
that would set `window.__pwned` if it ever became markup. The built SCORM manifests (parsed with lxml),
the player's course data, the player in Chromium and the PDF handbooks (read back with pdftotext) must
all show the same characters the author typed, and no script may run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from lxml import etree

from builder.loader import load_course
from builder.structure import Course
from tests.browser.conftest import browser, page, site  # noqa: F401  (fixtures shared with the browser tests)
from tests.browser.scodriver import Learner
from tests.conftest import EXAMPLE_COURSE
from tests.edits import COURSE, COURSEBUILD, LESSON, QUIZ

PAYLOAD = """& <b>&amp;</b> "dq" 'sq' ]]> </script><img src=x onerror=window.__pwned=1> 1<2"""


def nasty(label: str) -> str:
    return f"{label} {PAYLOAD}"


COURSE_TITLE = nasty("Course")
LESSON_TITLE = nasty("Lesson")
PROMPT = nasty("Prompt")
CHOICES = [nasty(f"Choice {n}") for n in range(3)]
CHOICE_FEEDBACK = nasty("Choice feedback")
CORRECT = nasty("Correct")
INCORRECT = nasty("Incorrect")
TF_PROMPT = nasty("True or false")


def _edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _course(data: dict) -> None:
    data["title"]["en"] = COURSE_TITLE


def _lesson(data: dict) -> None:
    data["title"]["en"] = LESSON_TITLE


def _quiz(data: dict) -> None:
    single, _, true_false = data["questions"][:3]
    single["prompt"]["en"] = PROMPT
    for choice, text in zip(single["choices"], CHOICES, strict=True):
        choice["text"]["en"] = text
    single["choices"][0]["feedback"]["en"] = CHOICE_FEEDBACK
    single["feedback"] = {"correct": {"en": CORRECT, "zh-Hant": "正確"}, "incorrect": {"en": INCORRECT, "zh-Hant": "錯"}}
    true_false["prompt"]["en"] = TF_PROMPT


@pytest.fixture(scope="module")
def nasty_course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("escaping") / "course"
    shutil.copytree(EXAMPLE_COURSE, root)
    _edit_yaml(root / COURSE, _course)
    _edit_yaml(root / LESSON, _lesson)
    _edit_yaml(root / QUIZ, _quiz)
    return root


@pytest.fixture(scope="module")
def nasty_course(nasty_course_dir: Path) -> Course:
    course, report = load_course(nasty_course_dir)
    assert course is not None, report.render()
    return course


@pytest.fixture(scope="module")
def built(nasty_course_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every SCORM flavour per lesson (lesson titles reach the manifest) and both handbooks, in English."""
    output = tmp_path_factory.mktemp("escaping-out")
    result = subprocess.run(
        [str(COURSEBUILD), "build", str(nasty_course_dir), "-o", str(output), "--lang", "en", "--mode", "per-lesson",
         "-f", "scorm12", "-f", "scorm2004", "-f", "handbook"],
        capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return output


def test_the_model_keeps_the_text_exactly(nasty_course: Course) -> None:
    question = nasty_course.lessons[0].quiz.questions[0]
    assert nasty_course.title["en"] == COURSE_TITLE
    assert nasty_course.lessons[0].title["en"] == LESSON_TITLE
    assert question.prompt["en"] == PROMPT
    assert [c.text["en"] for c in question.choices] == CHOICES


def _zips(built: Path) -> list[Path]:
    zips = sorted(built.glob("*.zip"))
    assert len(zips) == 2, zips
    return zips


def test_manifest_titles_are_the_source_text(built: Path) -> None:
    for package in _zips(built):
        with zipfile.ZipFile(package) as archive:
            manifest = archive.read("imsmanifest.xml")
        root = etree.fromstring(manifest, etree.XMLParser(resolve_entities=False, no_network=True))
        titles = [element.text for element in root.iter("{*}title")]
        assert COURSE_TITLE in titles, (package.name, titles)
        assert LESSON_TITLE in titles, (package.name, titles)
        # Escaped as text, never as markup or CDATA that the payload's ']]>' could close.
        assert b"<![CDATA[" not in manifest
        assert b"<img" not in manifest and b"<b>" not in manifest
        # Where the manifest carries LOM metadata inline (1.2), its title is the source text too.
        strings = [element.text for element in root.iter("{*}langstring", "{*}string")]
        assert not strings or COURSE_TITLE in strings, (package.name, strings)


def _course_data(archive: zipfile.ZipFile) -> dict[str, Any]:
    script = archive.read("data/course.js").decode("utf-8")
    prefix = "window.COURSEBUILD_COURSE = "
    assert script.startswith(prefix) and script.endswith(";\n")
    assert "</script" not in script.lower(), "the data could close the <script> element that loads it"
    return json.loads(script[len(prefix):-2])


def test_player_data_round_trips_exactly(built: Path) -> None:
    for package in _zips(built):
        with zipfile.ZipFile(package) as archive:
            data = _course_data(archive)
            launch = lxml.html.fromstring(archive.read("sco-greeting.html"))
        assert data["title"] == COURSE_TITLE
        lesson = data["lessons"][0]
        assert lesson["title"] == LESSON_TITLE
        question = lesson["quiz"]["questions"][0]
        flat = json.dumps(question, ensure_ascii=False)
        for text in (PROMPT, *CHOICES, CHOICE_FEEDBACK, CORRECT, INCORRECT):
            assert json.dumps(text, ensure_ascii=False)[1:-1] in flat, text
        # The launch page's <title> and visible course title are text, not markup.
        assert launch.findtext(".//title") == LESSON_TITLE
        assert launch.get_element_by_id("course-title").text_content() == LESSON_TITLE
        assert not launch.xpath("//img[@onerror]")


@pytest.mark.browser
def test_player_shows_the_text_and_runs_no_script(page, site, nasty_course: Course) -> None:  # noqa: F811
    learner = Learner(page, nasty_course, site.url, "1.2")
    learner.launch(site.sco(nasty_course, "en", "1.2", "single", variant="-escaping") + "/index.html")
    frame = learner.frame
    assert frame.locator("#course-title").inner_text() == COURSE_TITLE
    assert LESSON_TITLE in frame.locator("#menu").text_content()
    learner.next_until_quiz()
    if frame.locator("[data-action='start-quiz']").count():
        learner.click("start-quiz")
    form = frame.locator("form.question")
    assert form.get_attribute("data-question") == "greet-q-single"
    shown = form.inner_text()
    for text in (PROMPT, *CHOICES):
        assert text in shown, text
    # Choice A is wrong and carries its own feedback; the lesson quiz gives feedback at once.
    form.locator("input[value='0']").check()
    form.locator("[data-action='submit-answer']").click()
    feedback = frame.locator("#feedback")
    assert feedback.get_attribute("data-result") == "incorrect"
    assert CHOICE_FEEDBACK in feedback.inner_text() or INCORRECT in feedback.inner_text(), feedback.inner_text()
    frame.locator("[data-action='next-question']").click()
    learner.take_quiz(False)
    assert frame.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert frame.locator("img[onerror]").count() == 0
    assert frame.locator("img[src='x']").count() == 0


def _pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


@pytest.fixture(scope="module")
def handbook_texts(built: Path) -> dict[str, str]:
    pdfs = {path.stem.rsplit("-", 1)[-1]: path for path in built.glob("*.pdf")}
    assert set(pdfs) == {"participant", "facilitator", "printables"}, pdfs
    del pdfs["printables"]  # the example course's own cards: none of the escaped texts is on them
    return {edition: _pdf_text(path) for edition, path in pdfs.items()}


PRINTED = {
    # The workbook prints the quiz without answers; the guide's answer key the right choice and the reasons.
    "participant": (COURSE_TITLE, LESSON_TITLE, PROMPT, *CHOICES, TF_PROMPT),
    "facilitator": (COURSE_TITLE, LESSON_TITLE, PROMPT, CHOICES[1], CORRECT, CHOICE_FEEDBACK, TF_PROMPT),
}


@pytest.mark.parametrize("edition", sorted(PRINTED))
def test_handbooks_print_the_literal_characters(handbook_texts: dict[str, str], edition: str) -> None:
    text = handbook_texts[edition]
    for source in PRINTED[edition]:
        assert " ".join(source.split()) in text, source
    assert "&amp;" in text  # printed as typed, once: neither unescaped to '&' nor escaped twice
    assert "&amp;amp;" not in text and "&lt;" not in text
