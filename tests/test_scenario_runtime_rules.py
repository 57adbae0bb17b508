"""What the runtime is handed about scenarios (builder/runtime/rules.py, data.py, scenarios.py): where a scenario
stands in its unit's flow, which assessed scenarios a unit needs played and passed, how a lesson's score is made
(its shares), how a lesson scored by a scenario alone weighs, and the per-node best choices a decision is
recorded against."""

from __future__ import annotations

from pathlib import Path

from builder.loader import load_course
from builder.runtime.data import course_data
from builder.runtime.rules import unit_rules
from builder.runtime.units import PackagingMode
from builder.structure import Course


def test_a_scenario_stands_after_its_lesson_s_pages_and_before_its_quiz(example_course: Course) -> None:
    rules = unit_rules(example_course, "course")
    assert rules.flow[rules.flow.index("s1.0") - 1] == "p1.1" and rules.flow[rules.flow.index("s1.0") + 1] == "q1"
    # The final assessment gives the score: the scenario must be played to complete, not passed to pass.
    assert (rules.scored, rules.played, rules.must_pass) == ("a", ((1, 0),), ())
    lesson = unit_rules(example_course, "closing")
    assert (lesson.flow, lesson.scored, lesson.pass_mark) == (("p0.0", "p0.1", "s0.0", "q0"), "q0", 70)
    assert lesson.played == lesson.must_pass == ((0, 0),)
    assert unit_rules(example_course, "greeting").played == ()


def test_the_course_data_carries_the_shares_and_each_node_s_best_choices(example_course: Course) -> None:
    data = course_data(example_course, "en", PackagingMode.SINGLE)
    greeting, closing = data["lessons"]
    assert (greeting["shares"], greeting["scenarios"]) == ([100, 0, -1], [])
    assert closing["shares"] == [60, 40, 0]
    [scenario] = closing["scenarios"]
    nodes = {node["id"]: node for node in scenario["nodes"]}
    assert nodes["opening"]["best"] == [0] and nodes["delighted"]["best"] == []
    assert nodes["opening"]["text"].startswith("So the courier") and nodes["delighted"]["debrief"].startswith("<p>")
    assert scenario["cast"][0]["portrait"]["alt"].startswith("Ms Lin")
    assert scenario["meters"][0]["label"] == "Ms Lin's trust"
    assert data["units"]["course"]["played"] == [[1, 0]]


def test_without_a_final_assessment_the_scenario_counts_in_the_lessons_score(course_copy: Path) -> None:
    course_yaml = course_copy / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8")
    course_yaml.write_text(text[:text.index("assessment:")], encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    rules = unit_rules(course, "course")
    assert rules.scored == "lessons" and rules.must_pass == ((1, 0),)


def test_a_lesson_scored_by_its_scenario_alone_weighs_its_best_path(course_copy: Path) -> None:
    (course_copy / "lessons" / "02-closing" / "quiz.yaml").unlink()
    course_yaml = course_copy / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8")
    course_yaml.write_text(text[:text.index("assessment:")], encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    assert course_data(course, "en", PackagingMode.SINGLE)["lessons"][1]["shares"] == [0, 100, 0]
    single = unit_rules(course, "course")
    assert single.scored == "lessons" and single.weights[1] == (1, 7.0)  # the best path's 7 points
    lesson = unit_rules(course, "closing")
    assert (lesson.scored, lesson.pass_mark, lesson.must_pass) == ("q0", course.pass_mark, ((0, 0),))
