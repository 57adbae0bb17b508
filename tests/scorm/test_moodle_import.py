"""Every package against what Moodle 4.5's import (mod/scorm/datamodels/scormlib.php) makes of its manifest.

`builder/builders/scorm/moodle.py` reads a manifest as that PHP code does. These tests build the example
course with every preset x format x packaging mode x sequencing through the command line, and check each
zip: Moodle's import would not stop (no objective maps wherever Moodle is the target, no database error),
prints no PHP warning, runs the package with the right SCORM version and sees each SCO as a SCO launching
its page. Every manifest is validated against the official XSDs as well.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from builder.builders.scorm import manifest, moodle, xsd
from builder.builders.scorm.manifest import Sequencing
from builder.builders.scorm.package import package_entries
from builder.cli import cli
from builder.presets import presets
from builder.runtime.units import PackagingMode
from builder.structure import Course
from tests.conftest import EXAMPLE_COURSE

from .test_manifest import NPM_SCHEMAS

SS = manifest.NS_2004["imsss"]
PRESETS = [None, *sorted(presets())]
FLAVOUR_IN_NAME = {"scorm12": "1.2", "scorm2004-3rd": "2004-3rd", "scorm2004-4th": "2004-4th"}


@pytest.fixture(scope="module")
def course_dirs(tmp_path_factory) -> dict[str, Path]:
    """The example course as it is (linear) and with `sequencing: free`."""
    folders = {"linear": EXAMPLE_COURSE}
    free = tmp_path_factory.mktemp("free") / "course"
    shutil.copytree(EXAMPLE_COURSE, free)
    course_yaml = free / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8")
    assert "sequencing: linear" in text
    course_yaml.write_text(text.replace("sequencing: linear", "sequencing: free"), encoding="utf-8")
    folders["free"] = free
    return folders


def build(course_dir: Path, output: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["build", str(course_dir), "-o", str(output), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def flavour_of(zip_path: Path) -> str:
    return next(f for label, f in FLAVOUR_IN_NAME.items() if f"-{label}-" in zip_path.name)


@pytest.mark.parametrize("sequencing", ["linear", "free"])
@pytest.mark.parametrize("mode", ["single", "per-lesson"])
@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p or "no-preset")
def test_every_package_imports_into_moodle_as_built(course_dirs, tmp_path, preset, fmt, mode, sequencing):
    args = ["-f", fmt, "--mode", mode, *(["--preset", preset] if preset else [])]
    summary = build(course_dirs[sequencing], tmp_path, *args)
    assert summary["outputs"]
    gated = fmt == "scorm2004" and mode == "per-lesson" and sequencing == "linear"
    for output in summary["outputs"]:
        path = Path(output["path"])
        with zipfile.ZipFile(path) as archive:
            data = archive.read("imsmanifest.xml")
        assert xsd.validate(data, flavour_of(path), NPM_SCHEMAS) == [], path.name
        result = moodle.read_import(data)
        if result.fatal:
            # Only the default gate of a linear per-lesson 2004 package has objective maps, and never for Moodle;
            # the rest of such a manifest must still be what Moodle reads without trouble.
            assert result.objective_map and gated and preset != "moodle", (path.name, result.fatal)
            result = moodle.read_import(moodle.without_objective_maps(data))
        assert result.warnings == [], path.name
        assert result.version == ("SCORM_1.2" if fmt == "scorm12" else "SCORM_1.3")
        root = etree.fromstring(data)
        scos = {r.get("identifier"): r.get("href") for r in root.iter()
                if etree.QName(r).localname == "resource" and r.get("href")}
        items = [i for i in root.iter() if etree.QName(i).localname == "item"]
        assert items
        for item in items:
            read = result.item(item.get("identifier"))
            assert read is not None and read["scormtype"] == "sco", (path.name, read)
            assert read["launch"] == scos[item.get("identifierref")]
        if fmt == "scorm12" and mode == "per-lesson" and sequencing == "linear":
            # Moodle's table of contents opens a lesson once the one before is done: the order Moodle keeps.
            assert [result.item(i.get("identifier")).get("prerequisites") for i in items] == \
                [None, *(i.get("identifier") for i in items[:-1])]


def test_moodle_preset_never_writes_objective_maps_and_says_what_it_does_instead(tmp_path):
    summary = build(EXAMPLE_COURSE, tmp_path, "--preset", "moodle", "-f", "scorm2004", "--mode", "per-lesson")
    for output in summary["outputs"]:
        with zipfile.ZipFile(output["path"]) as archive:
            data = archive.read("imsmanifest.xml")
        assert b"mapInfo" not in data
        root = etree.fromstring(data)
        assert not root.findall(f".//{{{SS}}}preConditionRule")
        control = root.find(f".//{{{SS}}}controlMode")  # the order still stands where sequencing runs
        assert (control.get("choice"), control.get("flow")) == ("false", "true")
        assert moodle.read_import(data).fatal == ""
    (warning,) = [w for w in summary["warnings"] if w["code"] == "lesson-order-not-enforced"]
    assert "Moodle does not run SCORM 2004 sequencing" in warning["message"]
    assert "-f scorm12 --mode per-lesson" in warning["hint"]


def test_moodle_preset_refuses_the_objective_gate(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE_COURSE), "-o", str(tmp_path), "--preset", "moodle",
                                      "-f", "scorm2004", "--mode", "per-lesson", "--scorm2004-gating", "objectives"])
    assert result.exit_code == 2
    assert "--scorm2004-gating flow only" in result.output
    assert not list(tmp_path.iterdir())


def test_flow_gating_without_the_moodle_preset_warns_in_general_words(tmp_path):
    summary = build(EXAMPLE_COURSE, tmp_path, "-f", "scorm2004", "--mode", "per-lesson", "--scorm2004-gating", "flow")
    (warning,) = [w for w in summary["warnings"] if w["code"] == "lesson-order-not-enforced"]
    assert "--scorm2004-gating flow" in warning["message"] and "Moodle" not in warning["message"]
    summary = build(EXAMPLE_COURSE, tmp_path / "default", "-f", "scorm2004", "--mode", "per-lesson")
    assert not [w for w in summary["warnings"] if w["code"] == "lesson-order-not-enforced"]


# ---- the emulation itself, against what scormlib.php does -------------------------------------------------


def manifest_of(course: Course, version: str, mode: PackagingMode, gating: manifest.Gating = manifest.Gating.OBJECTIVES,
                sequencing: Sequencing = Sequencing.LINEAR) -> tuple[manifest.PackagePlan, bytes]:
    plan, entries = package_entries(course, "en", version, 4 if version == "2004" else None, mode, gating,
                                    sequencing)
    return plan, entries["imsmanifest.xml"]


def test_an_objective_map_stops_the_import_as_it_does_in_moodle(example_course):
    """The default gate: Moodle 4.5 answers 'Attempt to assign property "mapinfos" on null'."""
    plan, data = manifest_of(example_course, "2004", PackagingMode.PER_LESSON)
    result = moodle.read_import(data)
    assert result.objective_map and moodle.MAP_INFO_ERROR in result.fatal
    assert moodle.import_problems(data, plan, objective_maps_allowed=True) == []
    assert moodle.MAP_INFO_ERROR in moodle.import_problems(data, plan)[0]
    # Allowed maps do not hide the rest: what follows them is still read and checked.
    root = etree.fromstring(data)
    _first(root, "ruleCondition").set("condition", "x" * 31)
    assert any("holds 30" in p for p in moodle.import_problems(etree.tostring(root), plan,
                                                                objective_maps_allowed=True))
    # A map on an objective that is not the primary one is just as fatal.
    root = etree.fromstring(data)
    for info in root.findall(f".//{{{SS}}}primaryObjective/{{{SS}}}mapInfo"):
        info.getparent().remove(info)
    assert root.findall(f".//{{{SS}}}objective/{{{SS}}}mapInfo")
    assert moodle.read_import(etree.tostring(root)).objective_map


def test_flow_gating_gives_a_manifest_moodle_imports(example_course):
    plan, data = manifest_of(example_course, "2004", PackagingMode.PER_LESSON, manifest.Gating.FLOW,
                             Sequencing.LINEAR)
    assert moodle.import_problems(data, plan) == []
    assert xsd.validate(data, plan.flavour, NPM_SCHEMAS) == []


def renamed_prefix(data: bytes, namespace: str, prefix: str) -> bytes:
    """The same manifest, the namespace bound to another prefix: identical for any namespace-aware reader."""
    root = etree.fromstring(data)
    nsmap = {(prefix if uri == namespace else key): uri for key, uri in root.nsmap.items()}
    renamed = etree.Element(root.tag, nsmap=nsmap, attrib=dict(root.attrib))
    renamed.extend(root)
    return etree.tostring(renamed)


def test_moodle_matches_prefixes_as_written_and_a_schema_does_not(example_course):
    """An XSD cannot tell `adl:scormType` from `adlcp:scormType`; Moodle then sees every SCO as an asset."""
    plan, data = manifest_of(example_course, "2004", PackagingMode.PER_LESSON, manifest.Gating.FLOW)
    changed = renamed_prefix(data, manifest.NS_2004["adlcp"], "adl")
    assert xsd.validate(changed, plan.flavour, NPM_SCHEMAS) == []
    problems = moodle.import_problems(changed, plan)
    assert any("as 'asset'" in p for p in problems), problems
    without_sequencing = moodle.read_import(renamed_prefix(data, SS, "ss"))
    assert "objectives" not in without_sequencing.item("item-greeting")


@pytest.mark.parametrize(("change", "expected"), [
    (lambda r: _first(r, "ruleAction").getparent().remove(_first(r, "ruleAction")), "NOT NULL"),
    (lambda r: _first(r, "rollupConditions").getparent().remove(_first(r, "rollupConditions")), "NOT NULL"),
    (lambda r: _first(r, "ruleCondition").attrib.pop("condition"), "NOT NULL"),
    (lambda r: _first(r, "primaryObjective").set("objectiveID", "x" * 256), "holds 255"),
    (lambda r: _first(r, "item").find(f"{{{manifest.NS_2004['imscp']}}}title").__setattr__("text", "t" * 256),
     "holds 255"),
    (lambda r: _first(r, "schemaversion").__setattr__("text", "2004 4th edition"), "as SCORM_1.2"),
])
def test_what_else_breaks_moodle_is_caught(example_course, change, expected):
    plan, data = manifest_of(example_course, "2004", PackagingMode.PER_LESSON, manifest.Gating.OBJECTIVES)
    root = etree.fromstring(data)
    for info in list(root.iter(f"{{{SS}}}mapInfo")):  # out of the way: the first fatal error would hide the rest
        info.getparent().remove(info)
    assert moodle.import_problems(etree.tostring(root), plan) == []
    change(root)
    problems = moodle.import_problems(etree.tostring(root), plan)
    assert any(expected in p for p in problems), problems


def _first(root: etree._Element, localname: str) -> etree._Element:
    return next(e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == localname)


def test_php_text_rules_are_followed(example_course):
    """Moodle drops whitespace-only and '0' text chunks and escapes bare ampersands before parsing."""
    blocks = moodle.parse_blocks(b"<manifest identifier='m'><title>A &amp; B</title><x>0</x><y>T&C</y></manifest>")
    (root,) = blocks
    title, zero, bare = root["children"]
    assert title["tagData"] == "A & B" and "tagData" not in zero and bare["tagData"] == "T&C"


# ---- the emulation against Moodle's own parser, where a Moodle source tree and PHP are at hand ---------------

MOODLE_DIR = os.environ.get("MOODLE_DIR", "")
PHP_HARNESS = Path(__file__).with_name("moodle_parse.php")


def moodle_parse(data: bytes, tmp_path: Path) -> dict:
    manifest_file = tmp_path / "imsmanifest.xml"
    manifest_file.write_bytes(data)
    result = subprocess.run(["php", str(PHP_HARNESS), MOODLE_DIR, str(manifest_file)], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def comparable(items: dict) -> dict:
    """What both readings must agree on, per (organization, identifier)."""
    keys = ("identifier", "parent", "launch", "scormtype", "title", "masteryscore", "prerequisites")
    found = {}
    for key, item in items.items():
        entry = {k: item.get(k) for k in keys}
        entry["objectives"] = [(o["primaryobj"], o["satisfiedbymeasure"], o["objectiveid"],
                                float(o["minnormalizedmeasure"])) for o in item.get("objectives", [])]
        entry["sequencingrules"] = [(r["action"], [(c["cond"], c["operator"], c["referencedobjective"])
                                                   for c in r.get("ruleconditions", r.get("conditions", []))])
                                    for r in item.get("sequencingrules", [])]
        entry["rolluprules"] = len(item.get("rolluprules", []))
        found[key] = entry
    return found


@pytest.mark.skipif(not MOODLE_DIR or shutil.which("php") is None,
                    reason="set MOODLE_DIR to a Moodle source tree (and install PHP) to compare with Moodle's parser")
@pytest.mark.parametrize("gating", list(manifest.Gating))
@pytest.mark.parametrize("sequencing", list(Sequencing))
@pytest.mark.parametrize("mode", list(PackagingMode))
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_emulation_reads_manifests_as_moodles_own_parser_does(example_course, tmp_path, version, mode,
                                                                 sequencing, gating):
    course = example_course
    for language in course.languages:
        _, entries = package_entries(course, language, version, 4 if version == "2004" else None, mode, gating,
                                     sequencing)
        variants = [entries["imsmanifest.xml"]]
        if version == "2004":  # an XSD-valid manifest Moodle misreads, and the gate's rules without its maps
            variants.append(renamed_prefix(entries["imsmanifest.xml"], manifest.NS_2004["adlcp"], "adl"))
            variants.append(moodle.without_objective_maps(entries["imsmanifest.xml"]))
        for data in variants:
            ours, theirs = moodle.read_import(data), moodle_parse(data, tmp_path)
            assert ours.warnings == theirs["warnings"] == []
            if "fatal" in theirs:
                assert ours.objective_map and theirs["fatal"] == moodle.MAP_INFO_ERROR, theirs
                continue
            assert not ours.fatal, ours.fatal
            assert ours.version == theirs["scoes"]["version"]
            (elements,) = theirs["scoes"]["elements"].values()
            php_items = {(org, ident): item for org, items in elements.items() for ident, item in items.items()}
            assert comparable(ours.items) == comparable(php_items)
