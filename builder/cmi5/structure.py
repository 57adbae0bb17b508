"""cmi5.xml: the course structure an LMS imports, planned from the course model and written with lxml.

Each SCO of today's packaging is one assignable unit (AU): in single packaging the whole course, in per-lesson
packaging one AU per lesson, each inside its lesson's <block>, then the final assessment's AU. What an AU needs
to be judged comes from the course:

- `moveOn` from the completion rule: pages -> Completed, assessment -> Passed, both -> CompletedAndPassed, for
  an AU whose score decides the course; an AU without such a score -> Completed, except a lesson whose quiz is
  practice beside a final assessment under `completion: assessment` -> NotApplicable (only the final
  assessment decides; the player would complete such a lesson only once its practice quiz is passed);
- `masteryScore` (0..1) from the pass mark, on every AU that reports a pass or fail;
- `<objectives>`: every lesson objective is declared once; a lesson's block refers to its objectives, an AU to
  the objectives its questions and assessed scenarios assess.

The units, what each holds and its pass mark are the runtime's (`builder/runtime/units.py` and `rules.py`),
the same the SCORM manifests read, so a cmi5 AU and the SCO it replaces are held to the same mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from builder.cmi5.iri import DEFAULT_BASE, PackageIris, package_iris
from builder.runtime.rules import unit_rules
from builder.runtime.units import ASSESSMENT_UNIT, SINGLE_UNIT, PackagingMode, unit_ids, unit_lessons
from builder.structure import CompletionRule, Course, Lesson, Text

NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
FILE_NAME = "cmi5.xml"  # at the zip root (spec 14.1)
COURSE_UNIT = SINGLE_UNIT  # the runtime's unit ids: 'course', a lesson id, 'assessment'


class MoveOn(StrEnum):
    NOT_APPLICABLE = "NotApplicable"
    PASSED = "Passed"
    COMPLETED = "Completed"
    COMPLETED_AND_PASSED = "CompletedAndPassed"
    COMPLETED_OR_PASSED = "CompletedOrPassed"


class LaunchMethod(StrEnum):
    ANY_WINDOW = "AnyWindow"  # the LMS chooses: frame, new window, redirect
    OWN_WINDOW = "OwnWindow"  # a window of its own (a new window or the LMS's window redirected)


RULE_MOVE_ON = {CompletionRule.PAGES: MoveOn.COMPLETED, CompletionRule.ASSESSMENT: MoveOn.PASSED,
                CompletionRule.BOTH: MoveOn.COMPLETED_AND_PASSED}


@dataclass(frozen=True)
class Unit:
    """One AU: a unit of the runtime, with what cmi5.xml needs of its rules."""

    key: str  # 'course', a lesson id, or 'assessment'
    lessons: tuple[Lesson, ...]  # the lessons whose pages and quizzes it shows
    holds_assessment: bool
    pass_mark: int | None  # percent; None when it reports no pass or fail
    decides: bool  # whether its pass or fail counts for the course (not a practice quiz)


@dataclass(frozen=True)
class ObjectivePlan:
    id: str
    title: Text


@dataclass(frozen=True)
class AuPlan:
    key: str
    id: str
    title: Text
    description: Text
    url: str
    move_on: MoveOn
    mastery_score: str | None  # a decimal 0..1, as written; None when the AU reports no pass or fail
    launch_method: LaunchMethod
    objectives: tuple[str, ...]  # objective IRIs


@dataclass(frozen=True)
class BlockPlan:
    id: str
    title: Text
    description: Text
    objectives: tuple[str, ...]
    aus: tuple[AuPlan, ...]


@dataclass(frozen=True)
class StructurePlan:
    id: str
    languages: tuple[str, ...]  # the languages of every <langstring>, in this order
    title: Text
    description: Text
    objectives: tuple[ObjectivePlan, ...]
    children: tuple[BlockPlan | AuPlan, ...]

    def aus(self) -> tuple[AuPlan, ...]:
        return tuple(au for child in self.children
                     for au in (child.aus if isinstance(child, BlockPlan) else (child,)))


def units(course: Course, mode: PackagingMode) -> tuple[Unit, ...]:
    """The AUs of a package, as the runtime cuts the course: one for the course in single packaging; per lesson,
    each lesson then the final assessment (when the course has one)."""
    found = []
    for key in unit_ids(course, mode):
        rules = unit_rules(course, key)
        # With a final assessment, lesson quizzes are practice: only the unit holding the assessment decides.
        decides = rules.mastery is not None and (course.assessment is None or rules.assessment)
        found.append(Unit(key, tuple(unit_lessons(course, key)), rules.assessment, rules.mastery, decides))
    return tuple(found)


def move_on(course: Course, unit: Unit) -> MoveOn:
    if unit.decides:
        return RULE_MOVE_ON[course.completion]
    if unit.pass_mark is not None and course.completion is CompletionRule.ASSESSMENT:
        return MoveOn.NOT_APPLICABLE
    return MoveOn.COMPLETED


def mastery_score(pass_mark: int | None) -> str | None:
    """A pass mark in percent as cmi5's 0..1 decimal (at most 4 places; pass marks are whole percents)."""
    if pass_mark is None:
        return None
    return f"{pass_mark / 100:.2f}".rstrip("0").rstrip(".") if pass_mark else "0"


def assessed_objectives(course: Course, unit: Unit) -> tuple[str, ...]:
    """The objective ids its questions and assessed scenarios assess, in course order, each once."""
    questions = [q for lesson in unit.lessons if lesson.quiz for q in lesson.quiz.questions]
    if unit.holds_assessment and course.assessment:
        questions += course.assessment.questions
    named = {q.objective for q in questions}
    named |= {o for lesson in unit.lessons for s in lesson.scenarios if s.assessed for o in s.objectives}
    return tuple(o.id for lesson in course.lessons for o in lesson.objectives if o.id in named)


def plan_structure(course: Course, mode: PackagingMode, languages: tuple[str, ...],
                   launch_url: Callable[[str], str], *, launch_method: LaunchMethod = LaunchMethod.ANY_WINDOW,
                   id_base: str = DEFAULT_BASE) -> StructurePlan:
    """What cmi5.xml says for a package holding `languages`; `launch_url(unit key)` is the AU's launch page,
    relative to the zip root. Raises iri.BadBase for an id base that cannot prefix IRIs."""
    iris = package_iris(course, languages, id_base)
    objectives = tuple(ObjectivePlan(iris.objective(o.id), o.text) for lesson in course.lessons
                       for o in lesson.objectives)
    children: list[BlockPlan | AuPlan] = []
    for unit in units(course, mode):
        au = _au(course, unit, iris, launch_url(unit.key), LaunchMethod(launch_method))
        if unit.key in (COURSE_UNIT, ASSESSMENT_UNIT):
            children.append(au)
            continue
        lesson = unit.lessons[0]
        children.append(BlockPlan(iris.lesson(lesson.id), lesson.title, lesson.goal,
                                  tuple(iris.objective(o.id) for o in lesson.objectives), (au,)))
    return StructurePlan(iris.course, tuple(languages), course.title, course.description, objectives,
                         tuple(children))


def _au(course: Course, unit: Unit, iris: PackageIris, url: str, launch_method: LaunchMethod) -> AuPlan:
    if unit.key == COURSE_UNIT:
        au_id, title, description = iris.course_unit, course.title, course.description
    elif unit.key == ASSESSMENT_UNIT and course.assessment:
        # A final assessment has a title only: it describes itself.
        au_id, title, description = iris.assessment_unit, course.assessment.title, course.assessment.title
    else:
        lesson = unit.lessons[0]
        au_id, title, description = iris.lesson_unit(lesson.id), lesson.title, lesson.goal
    return AuPlan(unit.key, au_id, title, description, url, move_on(course, unit), mastery_score(unit.pass_mark),
                  launch_method, tuple(iris.objective(o) for o in assessed_objectives(course, unit)))


def structure_xml(plan: StructurePlan) -> bytes:
    """cmi5.xml for the plan: deterministic bytes, UTF-8."""
    root = etree.Element(_tag("courseStructure"), nsmap={None: NAMESPACE})
    course = etree.SubElement(root, _tag("course"), id=plan.id)
    _texts(course, plan, plan.title, plan.description)
    if plan.objectives:
        objectives = etree.SubElement(root, _tag("objectives"))
        for objective in plan.objectives:
            element = etree.SubElement(objectives, _tag("objective"), id=objective.id)
            _texts(element, plan, objective.title, objective.title)
    for child in plan.children:
        if isinstance(child, BlockPlan):
            block = etree.SubElement(root, _tag("block"), id=child.id)
            _texts(block, plan, child.title, child.description)
            _references(block, child.objectives)
            for au in child.aus:
                _au_element(block, plan, au)
        else:
            _au_element(root, plan, child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _au_element(parent: etree._Element, plan: StructurePlan, au: AuPlan) -> None:
    element = etree.SubElement(parent, _tag("au"), id=au.id, moveOn=au.move_on.value,
                               launchMethod=au.launch_method.value)
    if au.mastery_score is not None:
        element.set("masteryScore", au.mastery_score)
    _texts(element, plan, au.title, au.description)
    _references(element, au.objectives)
    etree.SubElement(element, _tag("url")).text = au.url


def _texts(parent: etree._Element, plan: StructurePlan, title: Text, description: Text) -> None:
    for tag, text in (("title", title), ("description", description)):
        holder = etree.SubElement(parent, _tag(tag))
        for language in plan.languages:
            etree.SubElement(holder, _tag("langstring"), lang=language).text = " ".join(text[language].split())


def _references(parent: etree._Element, objective_ids: tuple[str, ...]) -> None:
    if not objective_ids:
        return
    holder = etree.SubElement(parent, _tag("objectives"))
    for objective_id in objective_ids:
        etree.SubElement(holder, _tag("objective"), idref=objective_id)


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"
