"""Branching scenarios: the format, the condition parser, the graph checks (one broken scenario per check,
each asserting file, line and message), the facts worked out for the runtime, and the suspend_data budget.

Most cases load a tiny one-language course (`mini_course`) holding one scenario, BASE, edited one way."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.loader import load_course
from builder.loader.conditions import ConditionProblem, parse_condition
from builder.runtime.state import encode, worst_case_length, worst_case_state, worst_scenario_part, worst_scenario_state
from builder.scenario.ranges import outcomes
from builder.scenario.rules import (
    MAX_STORED_STEPS,
    LessonShares,
    lesson_score,
    lesson_shares,
    scenario_percent,
    scenario_rules,
    stored_steps,
)
from builder.structure import Course
from builder.structure.conditions import AllOf, AnyOf, Compare, Condition, Not
from builder.structure.scenario import Meter, Step, Verdict
from tests.conftest import ROOT
from tests.edits import line_of, replace

SCENARIO = "lessons/01-call/scenarios/call.yaml"
EXAMPLE_SCENARIO = "lessons/02-closing/scenarios/last-minute.yaml"

COURSE = """\
format: 1
id: mini
version: 1.0.0
languages: [en]
title: Mini
description: A course with one scenario.
organization: Tests
learning_time: 5
completion: pages
lessons: [01-call]
"""

LESSON = """\
id: call
title: A call
goal: Agents keep a caller's trust.
duration: 10
objectives:
  - {id: obj-listen, text: Listen first.}
  - {id: obj-close, text: Close well.}
  - {id: obj-check, text: Check for more.}
facilitator:
  - {minutes: 10, say: Play it.}
"""

BASE = """\
id: call-scenario
title: An upset caller
intro: Ann calls about a late parcel.
meters:
  - id: trust
    label: Trust
    start: 50
    min: 0
    max: 100
cast:
  - id: ann
    name: Ann
    role: Customer
nodes:
  - id: start
    speaker: ann
    text: Where is my parcel?
    choices:
      - id: kind
        text: I am sorry, let me check.
        points: 2
        effects: {trust: +20}
        goto: middle
      - id: rude
        text: Not my problem.
        effects: {trust: -20}
        goto: middle
  - id: middle
    text: The call goes on.
    choices:
      - id: close
        text: Goodbye.
        points: 1
        goto: fine
        branches:
          - if: trust >= 70
            goto: great
  - id: great
    speaker: ann
    text: Thank you so much!
    verdict: best
    debrief: You kept her trust.
  - id: fine
    speaker: ann
    text: Bye.
    verdict: good
    debrief: It could have gone better.
"""


def write_course(root: Path, scenario: str = BASE, extra: dict[str, str | bytes] | None = None) -> Path:
    files: dict[str, str | bytes] = {"course.yaml": COURSE, "lessons/01-call/lesson.yaml": LESSON,
                                     SCENARIO: scenario, **(extra or {})}
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def mini_course(tmp_path: Path) -> Path:
    return write_course(tmp_path / "mini")


def test_base_scenario_loads_with_its_facts(mini_course: Path) -> None:
    course, report = load_course(mini_course)
    assert course is not None, report.render()
    assert [d for d in report.diagnostics if "scenarios/" in d.file] == []
    (scenario,) = course.lessons[0].scenarios
    assert scenario.file == SCENARIO and scenario.line == 1 and scenario.node("middle").choices[0].condition is None
    assert scenario.node("middle").line == line_of(mini_course, SCENARIO, "id: middle")
    assert scenario.node("start").choices[1].line == line_of(mini_course, SCENARIO, "id: rude")
    assert scenario.facts.best_points == 3
    assert scenario.facts.model_path == (Step("start", "kind"), Step("middle", "close"))
    assert scenario.facts.model_ending == "great" and scenario.facts.longest_run == 2
    assert scenario.node("great").ending.verdict is Verdict.BEST
    assert scenario.node("great").ending.debrief["en"] == "<p>You kept her trust.</p>"
    assert not scenario.assessed and scenario.weight == 0


# ----- broken scenarios: one case per check -----

Edit = Callable[[str], str]


@dataclass
class Case:
    name: str
    edit: Edit  # turns BASE into the broken scenario
    line: str | int  # a fragment of the line reported (its first occurrence after editing), or a number
    says: tuple[str, ...]
    severity: str = "error"
    last: bool = False  # the fragment's last occurrence


def sub(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert old in text, f"test setup: {old!r} not in the scenario"
        return text.replace(old, new, 1)
    return edit


def chain(*edits: Edit) -> Edit:
    def edit(text: str) -> str:
        for one in edits:
            text = one(text)
        return text
    return edit


def _node(text: str) -> str:
    return textwrap.indent(textwrap.dedent(text), "  ")


def before_great(nodes: str) -> Edit:
    """Adds nodes (written at list level) before the node 'great'."""
    return sub("  - id: great\n", _node(nodes) + "  - id: great\n")


def before_close(choices: str) -> Edit:
    """Adds choices (written at list level) to the node 'middle', before 'close'."""
    return sub("      - id: close\n", textwrap.indent(textwrap.dedent(choices), "      ") + "      - id: close\n")


CLOSE_TEXT = "      - id: close\n        text: Goodbye.\n"

CASES = [
    Case("choice to a missing node", sub("        goto: middle\n      - id: rude", "        goto: midle\n      - id: rude"),
         "goto: midle", ("choice 'kind' of node 'start' leads to 'midle', which is not a node", "did you mean 'middle'")),
    Case("branch to a missing node", sub("            goto: great", "            goto: grate"), "goto: grate",
         ("leads to 'grate'", "did you mean 'great'")),
    Case("node no path reaches", before_great("""\
        - id: orphan
          text: Nobody comes here.
          choices:
            - {id: go-on, text: Go on., goto: fine}
        """), "id: orphan", ("no path from the start reaches the node 'orphan'", "goto: orphan")),
    Case("ending no path reaches", before_great("""\
        - id: lost
          text: Lost.
          verdict: poor
          debrief: Nobody gets here.
        """), "id: lost", ("no path from the start reaches the ending 'lost'",)),
    Case("node that is neither an ending nor has a choice", chain(sub("        goto: fine\n", "        goto: limbo\n"),
         before_great("""\
        - id: limbo
          text: Nothing more happens.
        """)), "id: limbo", ("node 'limbo' is neither an ending nor has a choice",)),
    Case("loop with no way out", chain(sub("        effects: {trust: -20}\n        goto: middle", "        goto: ping"),
         before_great("""\
        - id: ping
          text: Ping.
          choices:
            - {id: to-pong, text: Pong., goto: pong}
        - id: pong
          text: Pong.
          choices:
            - {id: to-ping, text: Ping., goto: ping}
        """)), "id: ping", ("a loop with no way out: ping → pong",)),
    Case("runs caught in a loop by a condition", chain(sub(CLOSE_TEXT, CLOSE_TEXT + "        if: trust >= 70\n"),
         before_close("- {id: wait, text: Wait., goto: middle}\n")), "id: middle",
         ("a run can go round middle forever (for example when trust is 30)", "no ending can be reached")),
    Case("dead end made by a condition", sub(CLOSE_TEXT, CLOSE_TEXT + "        if: trust >= 70\n"), "id: middle",
         ("a run can get stuck at node 'middle' (for example when trust is 30)", "every one of its choices")),
    Case("condition naming an unknown meter", sub("if: trust >= 70", "if: trus >= 70"), "if: trus",
         ("tests 'trus', which is not a meter of this scenario", "did you mean 'trust'")),
    Case("condition that can never hold", sub("if: trust >= 70", "if: trust > 100"), "if: trust > 100",
         ("the condition 'trust > 100' can never hold", "trust 0 to 100")),
    Case("condition that can never hold, with and", sub("if: trust >= 70", "if: trust > 60 and trust < 40"),
         "if: trust > 60", ("'trust > 60 and trust < 40' can never hold",)),
    Case("condition syntax", sub("if: trust >= 70", "if: trust => 70"), "if: trust =>",
         ("cannot be read at character 7 ('=')", "'=='")),
    Case("condition chaining comparisons", sub("if: trust >= 70", "if: 0 < trust < 70"), "if: 0 <",
         ("cannot be read at character 11", "two things at a time")),
    Case("choice never offered on any run", before_close("""\
        - id: brag
          text: Brag.
          if: trust >= 90
          goto: great
        """), "id: brag",
         ("the choice 'brag' of node 'middle' is never offered: its condition 'trust >= 90' never holds",)),
    Case("ending no run reaches", sub("if: trust >= 70", "if: trust >= 90"), "id: great",
         ("no run reaches the ending 'great': the conditions on the way to it never allow it",)),
    Case("branch never taken", sub("            goto: great\n", "            goto: great\n          - if: trust >= 60\n"
                                   "            goto: great\n"), "if: trust >= 60",
         ("this branch of the choice 'close' of node 'middle' is never taken",), "warning"),
    Case("best path ends on a poor ending", sub("    verdict: best", "    verdict: poor"), "id: great",
         ("the best-scoring path (3 points: start:kind → middle:close → great) ends on 'great'", "verdict is poor")),
    Case("points on a choice that loops", before_close("- {id: again, text: Again., points: 1, goto: start}\n"),
         "id: again", ("the choice 'again' of node 'middle' gives 1 points but can be taken again and again",)),
    Case("unknown speaker", sub("    speaker: ann\n    text: Where", "    speaker: anne\n    text: Where"),
         "speaker: anne", ("node 'start' is spoken by 'anne', who is not in the cast", "did you mean 'ann'")),
    Case("portrait that does not exist",
         sub("    role: Customer\n", "    role: Customer\n    portrait:\n      image: assets/ann.png\n"
             "      alt: Ann at her desk\n"), "image: assets/ann.png",
         ("the portrait of 'ann': the image 'assets/ann.png' does not exist",)),
    Case("portrait without alt text",
         sub("    role: Customer\n", "    role: Customer\n    portrait:\n      image: assets/ann.png\n"),
         "portrait:", ("portrait has no 'alt'", "for people who cannot see it")),
    Case("duplicate node id", before_great("""\
        - id: great
          text: Again.
          verdict: good
          debrief: Twice.
        """), "id: great", ("two nodes with the id 'great'",), last=True),
    Case("duplicate choice id", sub("      - id: rude\n", "      - id: kind\n"), "id: kind",
         ("node 'start' has two choices with the id 'kind'",), last=True),
    Case("missing start node", sub("nodes:\n", "start: begin\nnodes:\n"), "start: begin",
         ("'start' names the node 'begin'",)),
    Case("effect on an unknown meter", sub("effects: {trust: +20}", "effects: {trusst: +20}"), "effects: {trusst",
         ("changes 'trusst', which is not a meter", "did you mean 'trust'")),
    Case("meter starting outside its range", sub("    start: 50", "    start: 150"), "start: 150",
         ("starts at 150, outside its range 0 to 100",)),
    Case("meter with min above max", sub("    max: 100", "    max: -5"), "max: -5", ("max must be larger",)),
    Case("meter called like a keyword", sub("  - id: trust\n", "  - id: not\n"), "id: not",
         ("a meter cannot be called 'not'",)),
    Case("ending that also has choices",
         sub("    verdict: good\n", "    verdict: good\n    choices:\n      - {id: more, text: More., goto: start}\n"),
         "verdict: good", ("'fine' is an ending (it has a verdict) but also has choices",)),
    Case("ending without a debrief", sub("    verdict: good\n    debrief: It could have gone better.\n",
                                         "    verdict: good\n"), "verdict: good", ("the ending 'fine' has no debrief",)),
    Case("debrief without a verdict", sub("    verdict: good\n", ""), "debrief: It could",
         ("has a debrief but no verdict",)),
    Case("assessed without a weight", sub("intro: Ann", "assessed: true\nobjectives: [obj-close]\nintro: Ann"),
         "assessed: true", ("an assessed scenario needs a 'weight'",)),
    Case("weight on a practice scenario", sub("intro: Ann", "weight: 30\nintro: Ann"), "weight: 30",
         ("'weight' only counts for an assessed scenario",)),
    Case("assessed without objectives", sub("intro: Ann", "assessed: true\nweight: 30\nintro: Ann"), "assessed: true",
         ("must name the objectives it assesses",)),
    Case("objective the lesson does not have", sub("intro: Ann", "objectives: [obj-clos]\nintro: Ann"), "objectives:",
         ("objective 'obj-clos', which this lesson does not have", "did you mean 'obj-close'")),
    Case("assessed scenario without points", chain(
        sub("        points: 2\n", ""), sub("        points: 1\n", ""),
        sub("intro: Ann", "assessed: true\nweight: 30\nobjectives: [obj-close]\nintro: Ann")), "id: start",
         ("this assessed scenario gives no points",)),
    Case("condition that always holds", sub(CLOSE_TEXT, CLOSE_TEXT + "        if: trust >= 0\n"), "if: trust >= 0",
         ("the condition 'trust >= 0' always holds",), "warning"),
    Case("cast member who never speaks", sub("    role: Customer\n", "    role: Customer\n  - {id: bob, name: Bob, role: Boss}\n"),
         "id: bob", ("'bob' is in the cast but speaks no line",), "warning"),
    Case("meter no choice changes", sub("cast:\n", "  - {id: calm, label: Calm, start: 5}\ncast:\n"),
         "id: calm", ("no choice changes the meter 'calm'",), "warning"),
    Case("scenario without an ending", chain(
        sub("    verdict: best\n    debrief: You kept her trust.\n", "    choices:\n      - {id: again, text: Again., goto: start}\n"),
        sub("    verdict: good\n    debrief: It could have gone better.\n", "    choices:\n      - {id: again, text: Again., goto: start}\n")),
         "id: start", ("this scenario has no ending",)),
    Case("too many situations to check", chain(
        sub("  - id: trust\n", "  - {id: a, label: A, start: 0, min: 0, max: 400}\n"
            "  - {id: b, label: B, start: 0, min: 0, max: 400}\n  - id: trust\n"),
        before_close("- {id: more-a, text: A., effects: {a: 1}, goto: middle}\n"
                     "- {id: more-b, text: B., effects: {b: 1}, goto: middle}\n")), "id: start",
         ("more than 100,000 different situations",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_scenario_is_reported_precisely(case: Case, tmp_path: Path) -> None:
    root = write_course(tmp_path / "mini", case.edit(BASE))
    course, report = load_course(root)
    matches = [d for d in report.diagnostics if all(s in d.message + " " + d.hint for s in case.says)]
    assert matches, f"no diagnostic says {case.says}; got:\n{report.render()}"
    found = matches[0]
    assert found.file == SCENARIO
    assert found.severity.value == case.severity, found.as_text()
    expected = line_of(root, SCENARIO, case.line, last=case.last) if isinstance(case.line, str) else case.line
    assert found.line == expected, found.as_text()
    assert found.hint, "every problem says how to fix it"
    if case.severity == "error":
        assert course is None, "a course with errors is never built"
    else:
        assert course is not None and not report.has_errors, report.render()


def test_missing_translation_in_a_scenario(course_copy: Path) -> None:
    replace(course_copy, EXAMPLE_SCENARIO, ", zh-Hant: 所以星期四會送來？希望這次真的會到。}", "}")
    course, report = load_course(course_copy)
    assert course is None
    (found,) = [d for d in report.errors if "no zh-Hant translation" in d.message]
    assert found.file == EXAMPLE_SCENARIO and found.line == line_of(course_copy, EXAMPLE_SCENARIO, "So the courier")
    assert "text" in found.message and "add 'zh-Hant: …'" in found.hint


def test_a_lesson_has_at_most_one_assessed_scenario(course_copy: Path) -> None:
    second = (course_copy / EXAMPLE_SCENARIO).read_text(encoding="utf-8").replace(
        "id: closing-last-minute", "id: closing-again")
    (course_copy / "lessons/02-closing/scenarios/z-again.yaml").write_text(second, encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is None
    (found,) = [d for d in report.errors if d.code == "scenario-assessed-twice"]
    assert found.file == "lessons/02-closing/scenarios/z-again.yaml"
    assert found.line == line_of(course_copy, "lessons/02-closing/scenarios/z-again.yaml", "id: closing-again")
    assert "'closing-last-minute'" in found.message


def test_scenario_ids_are_unique_in_the_course(course_copy: Path) -> None:
    replace(course_copy, EXAMPLE_SCENARIO, "id: closing-last-minute", "id: close-summary")
    _, report = load_course(course_copy)
    (found,) = [d for d in report.errors if d.code == "duplicate-id"]
    assert found.file == EXAMPLE_SCENARIO and found.line == line_of(course_copy, EXAMPLE_SCENARIO, "id: close-summary")


def test_a_file_in_scenarios_that_is_not_yaml(tmp_path: Path) -> None:
    root = write_course(tmp_path / "mini", extra={"lessons/01-call/scenarios/notes.yml": "id: x\n"})
    _, report = load_course(root)
    (found,) = report.errors
    assert found.file == "lessons/01-call/scenarios/notes.yml" and "not a scenario (.yaml)" in found.message


def test_scenarios_are_checked_when_lesson_yaml_is_broken(tmp_path: Path) -> None:
    root = write_course(tmp_path / "mini", BASE.replace("goto: fine", "goto: fin"))
    (root / "lessons/01-call/lesson.yaml").write_text(LESSON.replace("duration: 10", "duration: ten"), encoding="utf-8")
    _, report = load_course(root)
    assert {d.file for d in report.errors} == {"lessons/01-call/lesson.yaml", SCENARIO}


def test_every_choice_pointing_nowhere_is_reported_in_one_run(tmp_path: Path) -> None:
    root = write_course(tmp_path / "mini", BASE.replace("goto: middle", "goto: nowhere"))
    _, report = load_course(root)
    assert [d.line for d in report.errors] == [line_of(root, SCENARIO, "goto: nowhere"),
                                               line_of(root, SCENARIO, "goto: nowhere", last=True)]


# ----- conditions -----

def test_condition_precedence_and_json_form() -> None:
    parsed = parse_condition("a > 1 or b == 2 and not (c <= -3 or d != e)")
    assert isinstance(parsed, Condition)
    assert parsed.tree == AnyOf((Compare(">", "a", 1), AllOf((
        Compare("==", "b", 2), Not(AnyOf((Compare("<=", "c", -3), Compare("!=", "d", "e"))))))))
    assert parsed.as_json() == ["or", [">", "a", 1], ["and", ["==", "b", 2], ["not", ["or", ["<=", "c", -3],
                                                                                       ["!=", "d", "e"]]]]]
    assert parsed.meters() == {"a", "b", "c", "d", "e"}
    assert parse_condition("order >= 1 and notes < 2").meters() == {"order", "notes"}  # keywords inside ids
    assert parse_condition("  trust\n >=  5 ").source == "trust >= 5"


@pytest.mark.parametrize(("text", "says"), [
    ("trust = 5", "'=='"),
    ("trust > 5 && calm < 2", "'and'"),
    ("trust > 5 || calm < 2", "'or'"),
    ("!(trust > 5)", "'not'"),
    ("trust > 4.5", "whole numbers"),
    ("trust > 5 AND calm < 2", "lowercase"),
    ("0 < trust < 5", "two things at a time"),
    ("trust ＞ 5", "half-width"),
    ("trust >", "stops too early"),
    ("trust", "stops too early"),
    ("trust and calm", "each side of and/or"),
    ("__import__('os').system('x')", "cannot be read"),
    ("", "empty"),
    ("trust > 123456", "too large"),
])
def test_condition_mistakes_get_a_message_and_a_hint(text: str, says: str) -> None:
    problem = parse_condition(text)
    assert isinstance(problem, ConditionProblem)
    assert says in problem.message + " " + problem.hint and problem.hint


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abtrust -_0123456789<>=!()&|.＞andornot \n\t")), max_size=60) | st.text(max_size=40))
def test_any_text_gives_a_condition_or_a_message(text: str) -> None:
    parsed = parse_condition(text)
    if isinstance(parsed, ConditionProblem):
        assert parsed.message and parsed.hint
    else:
        assert parse_condition(parsed.source) == parsed  # what it shows is what it means
        json.dumps(parsed.as_json())


def _meter(name: str, low: int = 0, high: int = 100) -> Meter:
    return Meter(name, None, low, low, high)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "can_hold", "can_fail"), [
    ("trust >= 0", True, False),
    ("trust > 100", False, True),
    ("trust > 60 and trust < 40", False, True),
    ("trust > 60 and trust < 62", True, True),
    ("trust == 61 and not trust != 61", True, True),
    ("trust < 0 or trust > 100", False, True),
    ("not (trust < 0 or trust > 100)", True, False),
    ("trust > calm and calm > trust", False, True),  # two meters, small ranges: checked exactly
])
def test_what_a_condition_can_do_over_the_meters_ranges(text: str, can_hold: bool, can_fail: bool) -> None:
    parsed = parse_condition(text)
    assert isinstance(parsed, Condition)
    result = outcomes(parsed, (_meter("trust"), _meter("calm")))
    assert (result.can_hold, result.can_fail) == (can_hold, can_fail)


def test_two_wide_meters_compared_are_assumed_possible() -> None:
    parsed = parse_condition("a > b and b > a")
    assert isinstance(parsed, Condition)
    result = outcomes(parsed, (_meter("a", -9999, 9999), _meter("b", -9999, 9999)))
    assert result.can_hold and result.can_fail  # not decided: never reported wrongly


def _evaluate_json(tree: list, values: dict[str, int]) -> bool:
    """What the runtime does with a condition's JSON form, written from its documentation alone."""
    head, *rest = tree
    if head == "and":
        return all(_evaluate_json(part, values) for part in rest)
    if head == "or":
        return any(_evaluate_json(part, values) for part in rest)
    if head == "not":
        return not _evaluate_json(rest[0], values)
    left, right = (values[o] if isinstance(o, str) else o for o in rest)
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right,
            "==": left == right, "!=": left != right}[head]


def test_the_json_form_means_what_the_condition_means() -> None:
    parsed = parse_condition("not (a >= 3 and b < a) or a == -1 or b != 2")
    assert isinstance(parsed, Condition)
    for a in range(-2, 6):
        for b in range(-2, 6):
            values = {"a": a, "b": b}
            assert _evaluate_json(json.loads(json.dumps(parsed.as_json())), values) == parsed.holds(values)


# ----- facts for the runtime -----

HUB = BASE.replace("""\
  - id: trust
    label: Trust
    start: 50
    min: 0
    max: 100
""", """\
  - id: trust
    label: Trust
    start: 50
    min: 0
    max: 100
  - id: asked
    label: Questions asked
    start: 0
    min: 0
    max: 1
""").replace("      - id: close\n", """\
      - id: ask
        text: Ask one more question.
        if: asked == 0
        points: 3
        effects: {asked: 1}
        goto: middle
      - id: close
""")


def test_a_loop_closed_by_a_meter_may_score(tmp_path: Path) -> None:
    course, report = load_course(write_course(tmp_path / "mini", HUB))
    assert course is not None, report.render()
    facts = course.lessons[0].scenarios[0].facts
    assert facts.best_points == 6 and facts.longest_run == 3
    assert [s.choice for s in facts.model_path] == ["kind", "ask", "close"]


def test_a_scenario_that_can_loop_stores_at_most_the_cap(tmp_path: Path) -> None:
    looping = BASE.replace("      - id: close\n", "      - {id: wait, text: Wait., goto: middle}\n      - id: close\n")
    course, report = load_course(write_course(tmp_path / "mini", looping))
    assert course is not None, report.render()
    scenario = course.lessons[0].scenarios[0]
    assert scenario.facts.longest_run is None and stored_steps(scenario) == MAX_STORED_STEPS
    assert worst_scenario_state(scenario)[-1] == "0" * MAX_STORED_STEPS


def test_model_path_prefers_the_better_verdict_then_fewer_steps(tmp_path: Path) -> None:
    # Same points either way: through 'detour' (an extra step) to 'great', or straight to 'fine' (good).
    text = BASE.replace("        branches:\n          - if: trust >= 70\n            goto: great\n", "").replace(
        "      - id: close\n", "      - {id: detour, text: Detour., points: 1, goto: pause}\n      - id: close\n"
    ).replace("  - id: great\n", _node("""\
- id: pause
  text: A pause.
  choices:
    - {id: go-on, text: Go on., goto: great}
""") + "  - id: great\n")
    course, report = load_course(write_course(tmp_path / "mini", text))
    assert course is not None, report.render()
    facts = course.lessons[0].scenarios[0].facts
    assert facts.model_ending == "great" and [s.choice for s in facts.model_path] == ["kind", "detour", "go-on"]


def test_rules_for_the_runtime(example_course: Course) -> None:
    scenario = example_course.lesson("closing").scenarios[0]
    rules = json.loads(json.dumps(scenario_rules(scenario)))
    assert rules["start"] == 0 and rules["bestPoints"] == 7 and rules["storedSteps"] == 5
    assert rules["meters"] == [{"id": "trust", "start": 50, "min": 0, "max": 100}]
    names = [node["id"] for node in rules["nodes"]]
    farewell = rules["nodes"][names.index("farewell")]
    assert farewell["choices"][0]["branches"] == [[[">=", "trust", 80], names.index("delighted")]]
    assert farewell["choices"][0]["goto"] == names.index("settled")
    assert [rules["nodes"][n]["choices"][c]["id"] for n, c in rules["modelPath"]] == ["summarise", "check", "note",
                                                                                      "thank"]
    assert rules["nodes"][rules["modelEnding"]]["verdict"] == "best"
    later = rules["nodes"][names.index("address")]["choices"][1]
    assert later["feedback"] == "debrief" and later["effects"] == [["trust", -10]]


def test_example_scenario_model(example_course: Course) -> None:
    lesson = example_course.lesson("closing")
    (scenario,) = lesson.scenarios
    assert scenario.assessed and scenario.weight == 40
    assert set(scenario.objectives) <= {o.id for o in lesson.objectives}
    (member,) = scenario.cast
    assert member.portrait is not None and member.portrait.href in {a.href for a in lesson.assets}
    assert member.portrait.alt["zh-Hant"].startswith("林小姐")
    assert len(scenario.nodes) in range(6, 11) and len(scenario.endings) in (2, 3)
    assert {e.ending.verdict for e in scenario.endings} == set(Verdict)


def test_lesson_score_shares_and_rounding(example_course: Course) -> None:
    lesson = example_course.lesson("closing")
    shares = lesson_shares(lesson)
    assert shares == LessonShares(quiz=60, scenario=40, scenario_id="closing-last-minute")
    assert lesson_shares(example_course.lesson("greeting")) == LessonShares(100, 0, None)
    scenario = lesson.scenarios[0]
    assert scenario_percent(7, scenario) == 10000 and scenario_percent(6, scenario) == 8571
    assert lesson_score(shares, 5000, 8571) == 6428  # 0.6 × 50 % + 0.4 × 85.71 % = 64.284 %
    assert lesson_score(shares, 5000, None) is None and lesson_score(shares, None, 8571) is None
    assert lesson_score(LessonShares(0, 100, "x"), None, 8571) == 8571


# ----- suspend_data budget -----

def test_worst_case_state_includes_the_scenarios(example_course: Course) -> None:
    state = worst_case_state(example_course, "course")
    fingerprint = scenario_rules(example_course.lesson("closing").scenarios[0])["fingerprint"]
    assert state["s"] == [0, [[fingerprint, 99, -1, -1, -1, [100], "00000"]]]
    assert "s" not in worst_case_state(example_course, "greeting")  # a SCO without scenarios stores nothing
    assert worst_case_state(example_course, "closing")["s"] == [state["s"][1]]
    without = {key: value for key, value in state.items() if key != "s"}
    assert worst_case_length(example_course, "course") == len(encode(without)) + len(
        ',"s":' + encode(state["s"]))


def test_worst_case_grows_with_the_longest_run(tmp_path: Path) -> None:
    short, _ = load_course(write_course(tmp_path / "short"))
    longer, report = load_course(write_course(tmp_path / "long", BASE.replace("        goto: middle\n      - id: rude",
                                                                             "        goto: pause\n      - id: rude")
                                             .replace("  - id: great\n", _node("""\
- id: pause
  text: A pause.
  choices:
    - {id: go-on, text: Go on., goto: middle}
""") + "  - id: great\n")))
    assert short is not None and longer is not None, report.render()
    part = worst_scenario_part(list(short.lessons))["s"][0][0]
    longer_part = worst_scenario_part(list(longer.lessons))["s"][0][0]
    assert len(longer_part[-1]) == len(part[-1]) + 1 == 3


# ----- around the scenarios -----

def test_the_readme_example_is_the_example_course_scenario() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Branching scenarios", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```\n", 1)[0]
    assert block == (ROOT / "tests/example-course" / EXAMPLE_SCENARIO).read_text(encoding="utf-8")
