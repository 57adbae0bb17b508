"""imsmanifest.xml for SCORM 1.2 and 2004 (3rd/4th edition), built with lxml.

A `PackagePlan` says what one zip holds (its SCOs, their mastery, every player file);
`manifest_xml` turns it into the manifest of the plan's version, and `lom_xml` into the
IEEE LOM metadata file that 2004 manifests point at (1.2 carries IMS metadata inline,
since only the 1.2 metadata schema is among the ADL files the package ships).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from builder.builders.scorm import xsd
from builder.runtime.rules import unit_rules
from builder.runtime.units import PackagingMode, launch_file, unit_ids, unit_title
from builder.structure import Course

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS_12 = {"imscp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
         "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}
NS_2004 = {"imscp": "http://www.imsglobal.org/xsd/imscp_v1p1", "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
           "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3", "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
           "imsss": "http://www.imsglobal.org/xsd/imsss"}
LOM = "http://ltsc.ieee.org/xsd/LOM"
METADATA_FILE = "metadata.xml"  # the LOM record of a 2004 package, at the zip root
MAX_DESCRIPTION = 1000  # SCORM Cloud warns above this in 1.2 metadata; kept for 2004 too
SHARED_RESOURCE = "res-shared"
MAX_TITLE = 200  # the smallest permitted maximum of <title> in the SCORM CAM book


class Sequencing(StrEnum):
    """How the SCOs of a per-lesson package follow each other (course.yaml `packaging: sequencing`)."""

    LINEAR = "linear"  # lessons in order
    FREE = "free"  # any lesson, any order


class Gating(StrEnum):
    """How a linear per-lesson SCORM 2004 package keeps the lessons in order (`--scorm2004-gating`)."""

    # Each SCO writes its pass to a global objective that the next SCO's precondition reads: the next
    # lesson stays disabled until the one before is passed. Needs <imsss:mapInfo>, which Moodle 4.5
    # cannot import (see moodle.py).
    OBJECTIVES = "objectives"
    # Only the organization's control mode: Continue/Previous, no choosing from the LMS's menu. Nothing
    # requires a lesson to be passed before the next opens; the manifest has no objective maps.
    FLOW = "flow"


@dataclass(frozen=True)
class ScoPlan:
    id: str  # runtime.units.unit_ids(): 'course', a lesson id, or 'assessment'
    title: str
    launch: str  # the launch page, at the zip root
    pass_mark: int | None  # percent; None when the SCO reports no score
    counts_for_success: bool  # whether its satisfaction rolls up to the course (2004 per-lesson)


@dataclass(frozen=True)
class PackagePlan:
    version: str  # '1.2' or '2004'
    edition: int | None  # 3 or 4 for 2004
    identifier: str
    course_version: str
    language: str
    title: str
    description: str
    learning_time: int  # minutes
    mode: PackagingMode
    sequencing: Sequencing
    scos: tuple[ScoPlan, ...]
    files: tuple[str, ...]  # every player file (zip paths), launch pages included
    gating: Gating = Gating.OBJECTIVES  # 2004, linear per-lesson only

    @property
    def flavour(self) -> str:
        return xsd.flavour(self.version, self.edition)


def xml_id(*parts: str) -> str:
    """An XML ID (NCName) made of the parts: other characters become '-', a leading non-letter gets a prefix."""
    text = re.sub(r"[^A-Za-z0-9_.-]", "-", "-".join(parts))
    return text if re.match(r"[A-Za-z_]", text) else f"id-{text}"


def short_title(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1].rstrip() + "…"


def short_description(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1].rstrip() + "…"


def sco_pass_mark(course: Course, sco_id: str) -> int | None:
    """The mastery of a SCO: the pass mark of the score it reports (runtime/rules.py decides which: the course's
    for the whole course or the final assessment, a lesson quiz's own for a lesson SCO); None when it reports
    no score."""
    return unit_rules(course, sco_id).mastery


def plan_package(course: Course, language: str, version: str, edition: int | None, mode: PackagingMode,
                 files: list[str], gating: Gating = Gating.OBJECTIVES,
                 sequencing: Sequencing = Sequencing.LINEAR) -> PackagePlan:
    """What one zip holds; `files` are the runtime's files (runtime.files.delivery_files keys)."""
    scos = []
    for sco_id in unit_ids(course, mode):
        mark = sco_pass_mark(course, sco_id)
        # With a final assessment the lesson quizzes are practice: only the assessment decides the course.
        counts = mark is not None and (course.assessment is None or sco_id in ("assessment", "course"))
        scos.append(ScoPlan(sco_id, short_title(unit_title(course, sco_id, language)), launch_file(sco_id), mark,
                            counts))
    return PackagePlan(
        version=version, edition=edition if version == "2004" else None,
        identifier=xml_id(course.id, course.version, language), course_version=course.version,
        language=language, title=short_title(course.title[language]), description=short_description(course.description[language]),
        learning_time=course.learning_time, mode=mode, sequencing=Sequencing(sequencing),
        scos=tuple(scos), files=tuple(sorted(files)), gating=Gating(gating))


def schema_version(plan: PackagePlan) -> str:
    return "1.2" if plan.version == "1.2" else f"2004 {'3rd' if plan.edition == 3 else '4th'} Edition"


def schema_location(plan: PackagePlan) -> str:
    return " ".join(f"{ns} {file}" for ns, file in xsd.FLAVOURS[plan.flavour][1].items())


def manifest_xml(plan: PackagePlan) -> bytes:
    ns = NS_12 if plan.version == "1.2" else NS_2004
    cp, adl = ns["imscp"], ns["adlcp"]
    root = etree.Element(f"{{{cp}}}manifest", nsmap={None: cp, **{k: v for k, v in ns.items() if k != "imscp"},
                                                     "xsi": XSI})
    root.set("identifier", plan.identifier)
    root.set("version", plan.course_version)
    root.set(f"{{{XSI}}}schemaLocation", schema_location(plan))
    metadata = etree.SubElement(root, f"{{{cp}}}metadata")
    etree.SubElement(metadata, f"{{{cp}}}schema").text = "ADL SCORM"
    etree.SubElement(metadata, f"{{{cp}}}schemaversion").text = schema_version(plan)
    if plan.version == "1.2":
        metadata.append(_imsmd_lom(plan))
    else:
        etree.SubElement(metadata, f"{{{adl}}}location").text = METADATA_FILE

    organizations = etree.SubElement(root, f"{{{cp}}}organizations", default="org")
    organization = etree.SubElement(organizations, f"{{{cp}}}organization", identifier="org")
    if plan.version == "2004":
        organization.set(f"{{{ns['adlseq']}}}objectivesGlobalToSystem", "false")
    etree.SubElement(organization, f"{{{cp}}}title").text = plan.title
    previous = None
    for index, sco in enumerate(plan.scos):
        item = etree.SubElement(organization, f"{{{cp}}}item", identifier=xml_id("item", sco.id),
                                identifierref=xml_id("res", sco.id))
        etree.SubElement(item, f"{{{cp}}}title").text = sco.title
        if plan.version == "1.2":
            _item_12(plan, item, sco, previous)
        else:
            item.append(_item_sequencing(plan, sco, plan.scos[index - 1] if index else None))
        previous = item
    if plan.version == "2004" and plan.mode is PackagingMode.PER_LESSON:
        organization.append(_organization_sequencing(plan))

    _resources(plan, etree.SubElement(root, f"{{{cp}}}resources"), ns)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item_12(plan: PackagePlan, item: etree._Element, sco: ScoPlan, previous: etree._Element | None) -> None:
    adl = NS_12["adlcp"]
    if previous is not None and ordered_by_prerequisites(plan):
        # 1.2's only ordering device: an LMS that honours prerequisites opens a lesson once the one before is done.
        etree.SubElement(item, f"{{{adl}}}prerequisites", type="aicc_script").text = previous.get("identifier")
    if sco.pass_mark is not None:
        etree.SubElement(item, f"{{{adl}}}masteryscore").text = str(sco.pass_mark)


def ordered_by_prerequisites(plan: PackagePlan) -> bool:
    return plan.version == "1.2" and plan.mode is PackagingMode.PER_LESSON and plan.sequencing is Sequencing.LINEAR


def gated_by_objectives(plan: PackagePlan) -> bool:
    """Whether the manifest carries the global-objective gate (and so objective maps)."""
    return (plan.version == "2004" and plan.mode is PackagingMode.PER_LESSON
            and plan.sequencing is Sequencing.LINEAR and plan.gating is Gating.OBJECTIVES)


def order_not_enforced(plan: PackagePlan) -> bool:
    """A linear per-lesson 2004 package whose lessons follow in order without any gate."""
    return (plan.version == "2004" and plan.mode is PackagingMode.PER_LESSON
            and plan.sequencing is Sequencing.LINEAR and plan.gating is Gating.FLOW)


def passed_target(plan: PackagePlan, sco: ScoPlan) -> str:
    """The global objective a linear per-lesson package shares a SCO's pass through (scoped to the course:
    the organization sets objectivesGlobalToSystem="false")."""
    return f"urn:coursebuild:{plan.identifier}:{sco.id}:passed"


def _item_sequencing(plan: PackagePlan, sco: ScoPlan, previous: ScoPlan | None) -> etree._Element:
    """In a linear per-lesson package a SCO opens once the one before is passed: each SCO writes its
    primary objective's satisfaction to a global objective, and the next one reads it in a precondition.
    Continue alone cannot enforce order: flow moves on whatever the status. With Gating.FLOW that is all
    there is (no objective maps, for LMSs that cannot import them)."""
    ss = NS_2004["imsss"]
    sequencing = etree.Element(f"{{{ss}}}sequencing")
    gate = previous if gated_by_objectives(plan) and previous is not None and previous.pass_mark is not None else None
    if gate is not None:
        rules = etree.SubElement(sequencing, f"{{{ss}}}sequencingRules")
        rule = etree.SubElement(rules, f"{{{ss}}}preConditionRule")
        conditions = etree.SubElement(rule, f"{{{ss}}}ruleConditions")
        etree.SubElement(conditions, f"{{{ss}}}ruleCondition", referencedObjective=xml_id(sco.id, "after", gate.id),
                         operator="not", condition="satisfied")
        etree.SubElement(rule, f"{{{ss}}}ruleAction", action="disabled")
    if plan.mode is PackagingMode.PER_LESSON and not sco.counts_for_success:
        # A lesson without a scored quiz (or a practice quiz beside a final assessment) must not keep
        # the course from being satisfied, nor weigh in the course's measure.
        etree.SubElement(sequencing, f"{{{ss}}}rollupRules", rollupObjectiveSatisfied="false",
                         objectiveMeasureWeight="0")
    if sco.pass_mark is not None or gate is not None:
        objectives = etree.SubElement(sequencing, f"{{{ss}}}objectives")
        primary = etree.SubElement(objectives, f"{{{ss}}}primaryObjective", objectiveID=xml_id(sco.id, "mastery"))
        if sco.pass_mark is not None:
            primary.set("satisfiedByMeasure", "true")
            etree.SubElement(primary, f"{{{ss}}}minNormalizedMeasure").text = decimal(sco.pass_mark / 100)
            if gated_by_objectives(plan):
                etree.SubElement(primary, f"{{{ss}}}mapInfo", targetObjectiveID=passed_target(plan, sco),
                                 readSatisfiedStatus="false", writeSatisfiedStatus="true")
        if gate is not None:
            before = etree.SubElement(objectives, f"{{{ss}}}objective", objectiveID=xml_id(sco.id, "after", gate.id))
            etree.SubElement(before, f"{{{ss}}}mapInfo", targetObjectiveID=passed_target(plan, gate),
                             readSatisfiedStatus="true", writeSatisfiedStatus="false")
    # The defaults are false: the LMS would mark the SCO completed and passed on launch.
    etree.SubElement(sequencing, f"{{{ss}}}deliveryControls", tracked="true", completionSetByContent="true",
                     objectiveSetByContent="true")
    return sequencing


def _organization_sequencing(plan: PackagePlan) -> etree._Element:
    ss = NS_2004["imsss"]
    sequencing = etree.Element(f"{{{ss}}}sequencing")
    linear = plan.sequencing is Sequencing.LINEAR
    # linear: lessons only through Continue/Previous, in order; free: the LMS's table of contents too.
    etree.SubElement(sequencing, f"{{{ss}}}controlMode", choice="false" if linear else "true", choiceExit="true",
                     flow="true", forwardOnly="false")
    rollup = etree.SubElement(sequencing, f"{{{ss}}}rollupRules", rollupObjectiveSatisfied="true",
                              rollupProgressCompletion="true")
    for child_set, operator, condition, action in (("all", "noOp", "satisfied", "satisfied"),
                                                   ("any", "not", "satisfied", "notSatisfied"),
                                                   ("all", "noOp", "completed", "completed")):
        rule = etree.SubElement(rollup, f"{{{ss}}}rollupRule", childActivitySet=child_set)
        conditions = etree.SubElement(rule, f"{{{ss}}}rollupConditions", conditionCombination="any")
        etree.SubElement(conditions, f"{{{ss}}}rollupCondition", operator=operator, condition=condition)
        etree.SubElement(rule, f"{{{ss}}}rollupAction", action=action)
    return sequencing


def _resources(plan: PackagePlan, resources: etree._Element, ns: dict[str, str]) -> None:
    cp = ns["imscp"]
    scorm_type = f"{{{ns['adlcp']}}}{'scormtype' if plan.version == '1.2' else 'scormType'}"
    launches = {sco.launch for sco in plan.scos}
    single = plan.mode is PackagingMode.SINGLE
    for sco in plan.scos:
        resource = etree.SubElement(resources, f"{{{cp}}}resource", identifier=xml_id("res", sco.id),
                                    type="webcontent", href=sco.launch)
        resource.set(scorm_type, "sco")
        listed = [sco.launch, *(f for f in plan.files if f not in launches)] if single else [sco.launch]
        for href in listed:
            etree.SubElement(resource, f"{{{cp}}}file", href=href)
        if not single:
            etree.SubElement(resource, f"{{{cp}}}dependency", identifierref=SHARED_RESOURCE)
    if not single:
        shared = etree.SubElement(resources, f"{{{cp}}}resource", identifier=SHARED_RESOURCE, type="webcontent")
        shared.set(scorm_type, "asset")
        for href in plan.files:
            if href not in launches:
                etree.SubElement(shared, f"{{{cp}}}file", href=href)


def _imsmd_lom(plan: PackagePlan) -> etree._Element:
    md = NS_12["imsmd"]

    def langstring(parent: etree._Element, tag: str, text: str, language: str = plan.language) -> None:
        holder = etree.SubElement(parent, f"{{{md}}}{tag}")
        etree.SubElement(holder, f"{{{md}}}langstring", {XML_LANG: language}).text = text

    lom = etree.Element(f"{{{md}}}lom")
    general = etree.SubElement(lom, f"{{{md}}}general")
    langstring(general, "title", plan.title)
    etree.SubElement(general, f"{{{md}}}language").text = plan.language
    langstring(general, "description", plan.description)
    lifecycle = etree.SubElement(lom, f"{{{md}}}lifecycle")
    langstring(lifecycle, "version", plan.course_version, "x-none")
    educational = etree.SubElement(lom, f"{{{md}}}educational")
    learning_time = etree.SubElement(educational, f"{{{md}}}typicallearningtime")
    hours, minutes = divmod(plan.learning_time, 60)
    etree.SubElement(learning_time, f"{{{md}}}datetime").text = f"{hours:02d}:{minutes:02d}:00"
    return lom


def lom_xml(plan: PackagePlan) -> bytes:
    """The IEEE LOM record a 2004 manifest names in adlcp:location."""
    lom = etree.Element(f"{{{LOM}}}lom", nsmap={None: LOM})

    def string(parent: etree._Element, tag: str, text: str, language: str = plan.language) -> None:
        holder = etree.SubElement(parent, f"{{{LOM}}}{tag}")
        etree.SubElement(holder, f"{{{LOM}}}string", language=language).text = text

    general = etree.SubElement(lom, f"{{{LOM}}}general")
    string(general, "title", plan.title)
    etree.SubElement(general, f"{{{LOM}}}language").text = plan.language
    string(general, "description", plan.description)
    lifecycle = etree.SubElement(lom, f"{{{LOM}}}lifeCycle")
    string(lifecycle, "version", plan.course_version, "x-none")
    educational = etree.SubElement(lom, f"{{{LOM}}}educational")
    learning_time = etree.SubElement(educational, f"{{{LOM}}}typicalLearningTime")
    etree.SubElement(learning_time, f"{{{LOM}}}duration").text = f"PT{plan.learning_time}M"
    return etree.tostring(lom, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def decimal(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
