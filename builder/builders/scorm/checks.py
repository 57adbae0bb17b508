"""What the XSDs cannot see in a manifest, checked against the files of the zip.

Used by the builders before a zip is written, and by the tests on deliberately broken
manifests. Each problem is one sentence naming the element or file concerned.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from lxml import etree

from builder.builders.scorm import xsd
from builder.builders.scorm.manifest import NS_12, NS_2004

NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
MANIFEST = "imsmanifest.xml"


def check_manifest(manifest: bytes, zip_names: Collection[str], version: str,
                   mastery: Mapping[str, int | None] | None = None) -> list[str]:
    """Problems of `manifest` for a zip holding `zip_names`; `mastery` maps resource identifiers of SCOs to
    the pass mark they must carry (None: none), when the caller knows it."""
    try:
        root = etree.fromstring(manifest, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        return [f"the manifest is not well-formed XML: {exc.msg}"]
    ns = NS_12 if version == "1.2" else NS_2004
    other = NS_2004 if version == "1.2" else NS_12
    cp = ns["imscp"]
    if root.tag != f"{{{cp}}}manifest":
        return [f"the root element is {root.tag}, not the SCORM {version} manifest {{{cp}}}manifest"]
    problems: list[str] = []
    problems += _identifiers(root)
    problems += _references(root, cp)
    problems += _scorm_types(root, cp, ns, other, version)
    problems += _files(root, cp, ns, set(zip_names), version)
    problems += _mastery(root, cp, ns, other, version, mastery)
    return problems


def _identifiers(root: etree._Element) -> list[str]:
    problems, seen = [], set()
    for element in root.iter():
        value = element.get("identifier")
        if value is None:
            continue
        if not NCNAME.match(value):
            problems.append(f"identifier {value!r} is not an XML ID (letters, digits, '-', '_', '.'; no spaces)")
        if value in seen:
            problems.append(f"identifier {value!r} is used twice")
        seen.add(value)
    return problems


def _references(root: etree._Element, cp: str) -> list[str]:
    resources = {r.get("identifier") for r in root.iter(f"{{{cp}}}resource")}
    organizations = {o.get("identifier") for o in root.iter(f"{{{cp}}}organization")}
    problems = []
    for tag in ("item", "dependency"):
        for element in root.iter(f"{{{cp}}}{tag}"):
            ref = element.get("identifierref")
            if ref is not None and ref not in resources:
                problems.append(f"{tag} identifierref {ref!r} names no resource")
    for organizations_element in root.iter(f"{{{cp}}}organizations"):
        default = organizations_element.get("default")
        if default is not None and default not in organizations:
            problems.append(f"organizations default {default!r} names no organization")
    if not organizations:
        problems.append("the manifest has no organization")
    return problems


def _scorm_types(root: etree._Element, cp: str, ns: Mapping[str, str], other: Mapping[str, str],
                 version: str) -> list[str]:
    right = f"{{{ns['adlcp']}}}{'scormtype' if version == '1.2' else 'scormType'}"
    problems = []
    for resource in root.iter(f"{{{cp}}}resource"):
        name = resource.get("identifier")
        for attribute in resource.attrib:
            local = etree.QName(attribute).localname
            if local.lower() == "scormtype" and attribute != right:
                problems.append(f"resource {name!r} has {attribute}; SCORM {version} spells it {right}")
        if resource.get(right) not in ("sco", "asset"):
            problems.append(f"resource {name!r} has no {right} of 'sco' or 'asset'")
    return problems


def _files(root: etree._Element, cp: str, ns: Mapping[str, str], zip_names: set[str], version: str) -> list[str]:
    problems = []
    if MANIFEST not in zip_names:
        problems.append("imsmanifest.xml is not at the root of the zip")
    listed: set[str] = set()
    for resource in root.iter(f"{{{cp}}}resource"):
        hrefs = [f.get("href", "") for f in resource.iter(f"{{{cp}}}file")]
        listed.update(hrefs)
        launch = resource.get("href")
        if launch is not None and launch.split("?")[0] not in hrefs:
            problems.append(f"resource {resource.get('identifier')!r} launches {launch!r} but does not list it as a file")
    listed.discard("")
    problems += [f"file {href!r} is listed in the manifest but not in the zip" for href in sorted(listed - zip_names)]
    # Package infrastructure that no resource lists: the manifest, the schema files and metadata records.
    metadata_files = {e.text.strip() for e in root.iter(f"{{{ns['adlcp']}}}location") if e.text}
    infrastructure = {MANIFEST, *metadata_files, *_schema_files(version)}
    unlisted = sorted(zip_names - listed - infrastructure)
    problems += [f"file {name!r} is in the zip but listed under no resource" for name in unlisted]
    return problems


def _schema_files(version: str) -> set[str]:
    editions = ["1.2"] if version == "1.2" else ["2004-3rd", "2004-4th"]
    return {path.name for flavour in editions for path in xsd.schema_folder(flavour).iterdir()}


def _mastery(root: etree._Element, cp: str, ns: Mapping[str, str], other: Mapping[str, str], version: str,
             expected: Mapping[str, int | None] | None) -> list[str]:
    problems = []
    found: dict[str, int | None] = {}
    type_attribute = f"{{{ns['adlcp']}}}{'scormtype' if version == '1.2' else 'scormType'}"
    scos = {r.get("identifier") for r in root.iter(f"{{{cp}}}resource") if r.get(type_attribute) == "sco"}
    if version == "1.2":
        if any(True for _ in root.iter(f"{{{NS_2004['imsss']}}}*")):
            problems.append("a SCORM 1.2 manifest holds 2004 sequencing (imsss) elements")
        for item in root.iter(f"{{{cp}}}item"):
            score = item.find(f"{{{ns['adlcp']}}}masteryscore")
            if score is None:
                continue
            text = (score.text or "").strip()
            if not text.isdigit() or not 0 <= int(text) <= 100:
                problems.append(f"item {item.get('identifier')!r} has masteryscore {text!r}; it must be 0-100")
            else:
                found[item.get("identifierref", "")] = int(text)
            if item.get("identifierref") not in scos:
                problems.append(f"item {item.get('identifier')!r} has a masteryscore but launches no SCO")
    else:
        ss = ns["imsss"]
        if any(True for _ in root.iter(f"{{{other['adlcp']}}}masteryscore")):
            problems.append("a SCORM 2004 manifest holds adlcp:masteryscore (1.2); use a primary objective")
        for item in root.iter(f"{{{cp}}}item"):
            primary = item.find(f"{{{ss}}}sequencing/{{{ss}}}objectives/{{{ss}}}primaryObjective")
            if primary is None:
                continue
            measure = primary.find(f"{{{ss}}}minNormalizedMeasure")
            if measure is None:
                continue
            name = item.get("identifier")
            if item.get("identifierref") is not None and item.get("identifierref") not in scos:
                problems.append(f"item {name!r} has a mastery measure but launches an asset, not a SCO")
            if primary.get("satisfiedByMeasure") != "true":
                problems.append(f"item {name!r}: minNormalizedMeasure is ignored unless satisfiedByMeasure='true'")
            try:
                value = float(measure.text or "")
            except ValueError:
                problems.append(f"item {name!r}: minNormalizedMeasure {measure.text!r} is not a number")
                continue
            if not 0 <= value <= 1:
                problems.append(f"item {name!r}: minNormalizedMeasure {value} is outside 0..1")
            found[item.get("identifierref", "")] = round(value * 100)
    for ref, mark in sorted((expected or {}).items()):
        if found.get(ref) != mark:
            problems.append(f"resource {ref!r} should have mastery {mark}, the manifest gives {found.get(ref)}")
    return problems
