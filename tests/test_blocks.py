"""Interactive blocks in pages (builder/loader/blocks.py): each mistake reported at its file and line, and the
HTML the model holds for each kind."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from builder.loader import load_course
from builder.questions import QUESTION_KINDS
from builder.structure import Course
from tests.edits import JOB_AID, PAGE, PAGE_ZH, line_of

CLOSE = "lessons/02-closing/pages/01-close.en.md"
STRESSED = "lessons/01-greeting/pages/02-stressed-callers.en.md"


def _append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def _errors(root: Path) -> list:
    _, report = load_course(root)
    return [d for d in report.diagnostics if d.severity == "error"]


def _one(root: Path, *says: str):
    found = [d for d in _errors(root) if all(s in d.message + " " + d.hint for s in says)]
    assert found, f"no error says {says}; got: {[d.message for d in _errors(root)]}"
    return found[0]


@pytest.mark.parametrize(("block", "marker", "says"), [
    ("```tabz\n## One\nText.\n\n## Two\nText.\n```\n", "```tabz", ("unknown interactive block 'tabz'", "did you mean tabs")),
    ("```Accordian\n## One\nText.\n```\n", "```Accordian", ("unknown interactive block 'Accordian'", "accordion")),
    ("```tabs\n## Only one\nText.\n```\n", "```tabs", ("```tabs block has 1 tab", "at least 2")),
    ("```process\n## Only one\nText.\n```\n", "```process", ("has 1 step", "at least 2")),
    ("```tabs\nNo titles at all.\n```\n", "```tabs", ("no tab titles",)),
    ("```accordion\nIntro first.\n\n## One\nText.\n```\n", "Intro first.", ("text before its first section's title",)),
    ("```tabs\n## One\nText.\n\n## Two\n\n```\n", "## Two", ("the tab 'Two' is empty",)),
    ("```reveal\n## Card\n![](assets/headset.svg)\n```\n", "![](assets", ("no alt text",)),
    ("````tabs\n## One\n```reveal\n## A\nB\n```\n\n## Two\nText.\n````\n", "```reveal",
     ("```reveal block cannot be inside another",)),
    ("```check\nquestion: greet-q-singel\n```\n", "question: greet-q-singel",
     ("names the question 'greet-q-singel'", "did you mean 'greet-q-single'")),
    ("```check\ntype: single\nprompt: [oops\n```\n", "prompt: [oops", ("knowledge check",)),
    ("```check\ntype: single\nprompt: Which?\nchoices:\n  - id: a\n    text: A\n  - id: b\n    text: B\n```\n",
     "choices:", ("correct",)),
    ("```check\ntype: true-false\nprompt: Yes?\nanswer: true\nsocred: 1\n```\n", "socred", ("unknown key 'socred'",)),
    ("```check\ntype: true-false\nprompt: Yes?\nanswer: true\nscored: true\n```\n", "scored", ("never scored",)),
    ("```check\nquestion: greet-q-single\ntype: single\n```\n", "question:", ("not both",)),
    ("```check\n```\n", "```check", ("holds a question",)),
])
def test_each_mistake_is_reported_at_its_line(course_copy: Path, block: str, marker: str, says: tuple[str, ...]) -> None:
    _append(course_copy, STRESSED, block)
    found = _one(course_copy, *says)
    assert found.file == STRESSED
    assert found.line == line_of(course_copy, STRESSED, marker, last=True)


def test_a_check_outside_a_lesson_page_is_refused(course_copy: Path) -> None:
    _append(course_copy, JOB_AID, "```check\nquestion: greet-q-single\n```\n")
    found = _one(course_copy, "only be in a lesson's page")
    assert (found.file, found.line) == (JOB_AID, line_of(course_copy, JOB_AID, "```check"))


def test_languages_must_have_the_same_checks(course_copy: Path) -> None:
    _append(course_copy, PAGE, "```check\nquestion: greet-q-single\n```\n")
    found = _one(course_copy, "has 0 knowledge checks, its en version 1")
    assert found.file == PAGE_ZH


def test_an_ordinary_code_block_stays_code(course_copy: Path) -> None:
    _append(course_copy, PAGE, "```python\nprint('tabs')\n```\n")
    _append(course_copy, PAGE_ZH, "```python\nprint('tabs')\n```\n")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    assert "<pre><code>print('tabs')" in course.lessons[0].pages[0].html["en"]


YAML_OF_EACH_TYPE = {
    "single": "choices:\n  - id: a\n    text: Right\n    correct: true\n  - id: b\n    text: Wrong\n    feedback: Look again.",
    "multiple": "choices:\n  - id: a\n    text: One\n    correct: true\n  - id: b\n    text: Two\n    correct: true\n"
                "  - id: c\n    text: Three",
    "true-false": "answer: true",
    "fill-in": "answers: [help, assist]",
    "matching": "pairs:\n  - {id: a, left: Angry, right: Apologise}\n  - {id: b, left: Confused, right: Slow down}",
    "ordering": "items:\n  - {id: a, text: Thank}\n  - {id: b, text: Name}\n  - {id: c, text: Offer}",
    "numeric": "value: 10\ntolerance: 2",
}


def test_every_question_type_can_be_written_in_place(course_copy: Path) -> None:
    assert set(YAML_OF_EACH_TYPE) == set(QUESTION_KINDS)
    for page in (PAGE, PAGE_ZH):
        for kind, keys in YAML_OF_EACH_TYPE.items():
            _append(course_copy, page, f"```check\ntype: {kind}\nprompt: A {kind} question?\n{keys}\n```\n")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    page = course.lessons[0].pages[0]
    checks = page.checks_in("en")
    assert [c.question.type.value for c in checks] == list(YAML_OF_EACH_TYPE)
    assert all(not c.from_pool and c.question.prompt["en"] for c in checks)
    assert checks[0].where == type(checks[0].where)(PAGE, line_of(course_copy, PAGE, "```check"))
    html = lxml.html.fragment_fromstring(page.html["en"], create_parent="div")
    assert [n.get("data-check") for n in html.iterfind(".//div[@class='cb-block cb-check']")] == [c.id for c in checks]


def test_the_html_of_each_kind(example_course: Course) -> None:
    greeting, closing = example_course.lessons
    tabs = lxml.html.fragment_fromstring(greeting.pages[1].html["en"], create_parent="div")
    panels = tabs.find(".//div[@class='cb-block cb-tabs']")
    assert [s.findtext("h2[@class='cb-title']") for s in panels.iterfind("section[@class='cb-panel']")] == \
        ["Angry", "Confused"]
    assert panels.find("section/div[@class='cb-body']/p").text.startswith("Let them finish")
    close = lxml.html.fragment_fromstring(closing.pages[0].html["en"], create_parent="div")
    steps = close.find(".//ol[@class='cb-block cb-process']")
    assert [li.findtext("h2") for li in steps] == ["Repeat", "Check", "Thank"]
    assert close.find(".//div[@class='cb-block cb-accordion']") is not None
    assert [h.text_content() for h in close.iterfind(".//div[@class='cb-block cb-reveal']/section/h2")] == \
        ['"Anything else?"', '"That\'s all, right?"']
    check, = closing.pages[0].checks_in("zh-Hant")
    assert not check.from_pool and check.question.true_false is False
    assert close.find(".//div[@data-check]").get("data-check") == check.id == "close-check-1"
    pooled, = greeting.pages[1].checks_in("en")
    assert pooled.from_pool and pooled.question.id == "greet-q-single"
    assert tabs.find(".//div[@data-check]").get("data-check") == pooled.id == "stressed-callers-check-1"
