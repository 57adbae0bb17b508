"""cmi5.xml from the course model: valid against the official XSD, ids that are stable and unique, the
completion rule and pass marks carried as moveOn and masteryScore, objectives referenced by the AUs that
assess them, for the example and the shipped course in both packaging modes."""

from __future__ import annotations

import dataclasses
import filecmp

import pytest
from lxml import etree

from builder.builders.scorm import manifest
from builder.cmi5 import checks, iri, structure
from builder.cmi5.structure import LaunchMethod, MoveOn
from builder.loader import load_course
from builder.runtime.files import Delivery, delivery_files
from builder.runtime.rules import unit_rules
from builder.runtime.units import PackagingMode, launch_file, unit_ids
from builder.structure import CompletionRule, Course
from tests.conftest import ROOT, SHIPPED_COURSE

NS = {"c": structure.NAMESPACE}
MODES = [PackagingMode.SINGLE, PackagingMode.PER_LESSON]


@pytest.fixture(scope="module")
def shipped_course() -> Course:
    course, report = load_course(SHIPPED_COURSE)
    assert course is not None, report.render()
    return course


def package(course: Course, mode: PackagingMode, languages: tuple[str, ...], **options) -> tuple[bytes, dict]:
    """cmi5.xml of a package and its files (today's player files stand in for the cmi5 runtime's)."""
    plan = structure.plan_structure(course, mode, languages, launch_file, **options)
    files = delivery_files(course, languages[0], Delivery("scorm2004", mode))
    return structure.structure_xml(plan), files


def tree(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def aus(data: bytes) -> list[etree._Element]:
    return tree(data).xpath("//c:au", namespaces=NS)


@pytest.mark.parametrize("mode", MODES, ids=str)
@pytest.mark.parametrize("which", ["example", "shipped"])
def test_every_package_is_valid_and_passes_the_importer_checks(request, which, mode):
    course = request.getfixturevalue("example_course" if which == "example" else "shipped_course")
    for languages in [(language,) for language in course.languages] + [course.languages]:
        data, files = package(course, mode, languages)
        assert checks.schema_problems(data) == []
        assert checks.structure_problems(data, files) == []


def test_the_shipped_schema_is_the_official_copy():
    shared = ROOT.parent / "shared" / "schemas" / "cmi5"
    if not shared.is_dir():
        pytest.skip("../shared is not beside this checkout (CI runs from a copy of it)")
    ours = ROOT / "builder" / "schemas" / "cmi5"
    assert filecmp.cmp(shared / "CourseStructure.xsd", ours / "CourseStructure.xsd", shallow=False)
    assert filecmp.cmp(shared / "LICENSE-CATAPULT", ours / "LICENSE-CATAPULT", shallow=False)


def test_single_packaging_is_one_au_for_the_whole_course(example_course):
    data, _ = package(example_course, PackagingMode.SINGLE, ("en",))
    root = tree(data)
    assert root.xpath("//c:block", namespaces=NS) == []
    [au] = aus(data)
    assert au.get("id") == "urn:coursebuild:phone-basics:1.2.0:en:au"
    assert au.findtext("c:url", namespaces=NS) == "index.html"
    assert au.findtext("c:title/c:langstring", namespaces=NS) == "Phone basics"
    # completion: both, with a final assessment at 80 %
    assert (au.get("moveOn"), au.get("masteryScore"), au.get("launchMethod")) == ("CompletedAndPassed", "0.8", "AnyWindow")


def test_per_lesson_packaging_is_a_block_per_lesson_then_the_assessment(example_course):
    data, _ = package(example_course, PackagingMode.PER_LESSON, ("en",))
    root = tree(data)
    blocks = root.xpath("c:block", namespaces=NS)
    assert [b.get("id") for b in blocks] == ["urn:coursebuild:phone-basics:1.2.0:en:lesson:greeting",
                                            "urn:coursebuild:phone-basics:1.2.0:en:lesson:closing"]
    assert [len(b.xpath("c:au", namespaces=NS)) for b in blocks] == [1, 1]
    assert [au.findtext("c:url", namespaces=NS) for au in aus(data)] == [
        "sco-greeting.html", "sco-closing.html", "sco-assessment.html"]
    assessment = root.xpath("c:au", namespaces=NS)
    assert [a.get("id") for a in assessment] == ["urn:coursebuild:phone-basics:1.2.0:en:assessment"]
    assert assessment[0].findtext("c:title/c:langstring", namespaces=NS) == "Final check"


def test_ids_are_stable_and_unique_per_course_version_and_package(example_course):
    first, _ = package(example_course, PackagingMode.PER_LESSON, ("en",))
    again, _ = package(example_course, PackagingMode.PER_LESSON, ("en",))
    assert first == again
    ids = lambda data: tree(data).xpath("//@id")  # noqa: E731
    chinese, _ = package(example_course, PackagingMode.PER_LESSON, ("zh-Hant",))
    newer, _ = package(dataclasses.replace(example_course, version="1.3.0"), PackagingMode.PER_LESSON, ("en",))
    for other in (chinese, newer):
        assert set(ids(first)).isdisjoint(ids(other))
    both, _ = package(example_course, PackagingMode.PER_LESSON, example_course.languages)
    assert tree(both).xpath("c:course/@id", namespaces=NS) == ["urn:coursebuild:phone-basics:1.2.0"]


def test_an_https_base_gives_path_ids(example_course):
    data, _ = package(example_course, PackagingMode.PER_LESSON, ("en",), id_base="https://learning.example.com/courses/")
    assert tree(data).xpath("//c:au/@id", namespaces=NS)[0] == (
        "https://learning.example.com/courses/phone-basics/1.2.0/en/lesson/greeting/au")
    assert checks.structure_problems(data, delivery_files(example_course, "en", Delivery("scorm2004", "per-lesson"))) == []


@pytest.mark.parametrize("base", ["urn:", "urn:coursebuild", "https://example.com/courses", "ftp://example.com/",
                                  "https://example.com/a b/", "courses/", "https:///x/", "https://x.example/?q=1/"])
def test_a_base_that_cannot_prefix_iris_is_refused(example_course, base):
    with pytest.raises(iri.BadBase, match="cmi5 id base"):
        structure.plan_structure(example_course, PackagingMode.SINGLE, ("en",), launch_file, id_base=base)


def test_titles_and_descriptions_come_in_every_language_of_the_package(example_course):
    data, _ = package(example_course, PackagingMode.PER_LESSON, example_course.languages)
    for holder in tree(data).xpath("//c:title | //c:description", namespaces=NS):
        languages = [ls.get("lang") for ls in holder.xpath("c:langstring", namespaces=NS)]
        assert languages == ["en", "zh-Hant"]
        assert all(ls.text and ls.text == ls.text.strip() for ls in holder)
    chinese = tree(data).xpath("c:course/c:title/c:langstring[@lang='zh-Hant']", namespaces=NS)[0].text
    assert chinese == "電話應對基本功"


def test_launch_method_own_window_is_an_option(example_course):
    data, _ = package(example_course, PackagingMode.PER_LESSON, ("en",), launch_method=LaunchMethod.OWN_WINDOW)
    assert {au.get("launchMethod") for au in aus(data)} == {"OwnWindow"}


@pytest.mark.parametrize(("rule", "decides", "practice"), [
    (CompletionRule.PAGES, MoveOn.COMPLETED, MoveOn.COMPLETED),
    (CompletionRule.ASSESSMENT, MoveOn.PASSED, MoveOn.NOT_APPLICABLE),
    (CompletionRule.BOTH, MoveOn.COMPLETED_AND_PASSED, MoveOn.COMPLETED),
])
def test_move_on_follows_the_completion_rule(example_course, rule, decides, practice):
    course = dataclasses.replace(example_course, completion=rule)
    single, _ = package(course, PackagingMode.SINGLE, ("en",))
    assert [au.get("moveOn") for au in aus(single)] == [decides]
    per_lesson, _ = package(course, PackagingMode.PER_LESSON, ("en",))
    # With a final assessment the lesson quizzes are practice: only the assessment's AU decides.
    assert [au.get("moveOn") for au in aus(per_lesson)] == [practice, practice, decides]


def test_without_a_final_assessment_each_lesson_score_decides_its_lesson(example_course):
    greeting, closing = example_course.lessons
    course = dataclasses.replace(example_course, assessment=None, completion=CompletionRule.ASSESSMENT,
                                 lessons=(greeting, dataclasses.replace(closing, quiz=None, scenarios=())))
    data, _ = package(course, PackagingMode.PER_LESSON, ("en",))
    assert [(au.get("moveOn"), au.get("masteryScore")) for au in aus(data)] == [
        ("Passed", mastery(greeting.quiz.settings.pass_mark)), ("Completed", None)]


def test_a_lesson_scored_by_its_assessed_scenario_alone_is_passed_at_the_course_pass_mark(example_course):
    """A lesson with no quiz but an assessed scenario has a score, the scenario's (README, "Which score reaches
    the LMS"), held to the course's pass mark (the strictest lesson quiz's; 0 when no lesson has a quiz), as its
    SCO is: cmi5 moves on when it is passed."""
    greeting, closing = example_course.lessons
    assert [s.assessed for s in closing.scenarios] == [True]
    course = dataclasses.replace(example_course, assessment=None, completion=CompletionRule.ASSESSMENT,
                                 lessons=(greeting, dataclasses.replace(closing, quiz=None)))
    data, _ = package(course, PackagingMode.PER_LESSON, ("en",))
    assert [(au.get("moveOn"), au.get("masteryScore")) for au in aus(data)] == [
        ("Passed", mastery(greeting.quiz.settings.pass_mark)), ("Passed", mastery(course.pass_mark))]
    no_quiz = dataclasses.replace(course, lessons=(dataclasses.replace(greeting, quiz=None), course.lessons[1]))
    single, _ = package(no_quiz, PackagingMode.SINGLE, ("en",))
    assert [(au.get("moveOn"), au.get("masteryScore")) for au in aus(single)] == [("Passed", "0")]
    per_lesson, _ = package(no_quiz, PackagingMode.PER_LESSON, ("en",))
    assert [(au.get("moveOn"), au.get("masteryScore")) for au in aus(per_lesson)] == [
        ("Completed", None), ("Passed", "0")]
    for mode in MODES:
        plan = manifest.plan_package(no_quiz, "en", "2004", 4, mode, [])
        assert [u.pass_mark for u in structure.units(no_quiz, mode)] == [sco.pass_mark for sco in plan.scos]


def test_a_course_without_any_scored_quiz_or_assessed_scenario_moves_on_when_completed(example_course):
    course = dataclasses.replace(example_course, assessment=None, completion=CompletionRule.ASSESSMENT,
                                 lessons=tuple(dataclasses.replace(lesson, quiz=None, scenarios=())
                                               for lesson in example_course.lessons))
    for mode in MODES:
        data, _ = package(course, mode, ("en",))
        assert {(au.get("moveOn"), au.get("masteryScore")) for au in aus(data)} == {("Completed", None)}


def mastery(pass_mark: int) -> str:
    return structure.mastery_score(pass_mark) or ""


@pytest.mark.parametrize(("percent", "decimal"), [(80, "0.8"), (75, "0.75"), (100, "1"), (0, "0"), (5, "0.05")])
def test_mastery_score_is_the_pass_mark_as_a_decimal(percent, decimal):
    assert structure.mastery_score(percent) == decimal


@pytest.mark.parametrize("which", ["example", "shipped"])
@pytest.mark.parametrize("mode", MODES, ids=str)
def test_units_and_pass_marks_are_the_runtimes_and_agree_with_the_scorm_packages(request, which, mode):
    """The cmi5 units are the runtime's units, held to the pass marks its rules decide, as the SCOs are."""
    course = request.getfixturevalue("example_course" if which == "example" else "shipped_course")
    units = structure.units(course, mode)
    assert [u.key for u in units] == unit_ids(course, mode)
    assert [u.pass_mark for u in units] == [unit_rules(course, u.key).mastery for u in units]
    plan = manifest.plan_package(course, course.languages[0], "2004", 4, mode, [])
    assert [u.pass_mark for u in units] == [sco.pass_mark for sco in plan.scos]
    assert [u.decides for u in units] == [sco.counts_for_success for sco in plan.scos]


def test_objectives_are_declared_once_and_referenced_by_the_aus_that_assess_them(example_course):
    data, _ = package(example_course, PackagingMode.PER_LESSON, ("en",))
    root = tree(data)
    prefix = "urn:coursebuild:phone-basics:1.2.0:en:objective:"
    declared = root.xpath("c:objectives/c:objective/@id", namespaces=NS)
    assert declared == [prefix + o.id for lesson in example_course.lessons for o in lesson.objectives]
    greeting_block = root.xpath("c:block", namespaces=NS)[0]
    assert greeting_block.xpath("c:objectives/c:objective/@idref", namespaces=NS) == [
        prefix + o.id for o in example_course.lessons[0].objectives]
    for au, unit in zip(aus(data), structure.units(example_course, PackagingMode.PER_LESSON), strict=True):
        questions = [q for lesson in unit.lessons if lesson.quiz for q in lesson.quiz.questions]
        if unit.holds_assessment:
            questions += example_course.assessment.questions
        scenarios = {o for lesson in unit.lessons for s in lesson.scenarios if s.assessed for o in s.objectives}
        expected = {prefix + q.objective for q in questions} | {prefix + o for o in scenarios}
        assert set(au.xpath("c:objectives/c:objective/@idref", namespaces=NS)) == expected
        assert expected  # every unit of the example course assesses something


def test_a_unit_that_assesses_nothing_refers_to_no_objective(example_course):
    course = dataclasses.replace(example_course, assessment=None,
                                 lessons=tuple(dataclasses.replace(lesson, quiz=None, scenarios=())
                                               for lesson in example_course.lessons))
    data, _ = package(course, PackagingMode.SINGLE, ("en",))
    assert aus(data)[0].xpath("c:objectives", namespaces=NS) == []
    assert checks.structure_problems(data, delivery_files(course, "en", Delivery("scorm2004", "single"))) == []
