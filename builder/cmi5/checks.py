"""A generated cmi5.xml checked as an LMS's importer checks it, before anything is zipped.

First the official XSD (a copy in builder/schemas/cmi5, read with no network), then what the XSD cannot see,
in the order ADL's CATAPULT player checks an upload (player/service/plugins/routes/v1/courses.js), each
problem naming the cmi5 requirement it breaks (the ids of ADL's cmi5 requirements list):
- 3.0.0.0-1   course, block, AU and objective ids are fully qualified IRIs, not references;
- 13.1.2.0-1, 13.1.3.0-1, 13.1.4.0-1   ids are unique (we also refuse one id shared by two kinds);
- 13.1.4      every objective an AU or block refers to is declared; masteryScore has at most 4 decimals;
- 13.1.4.0-2  an AU url is a well-formed URL;
- 8.1.0.0-6   its query string does not use a launch parameter's name (endpoint, fetch, actor, …);
- 14.1.0.0-3  a relative url names a file of the package; coursebuild also wants every AU inside the zip
              (packages run offline), so an absolute url is refused too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from builder.cmi5.iri import is_absolute_iri
from builder.cmi5.structure import NAMESPACE

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "cmi5" / "CourseStructure.xsd"
LAUNCH_PARAMETERS = ("endpoint", "fetch", "actor", "registration", "activityId")  # spec 8.1
_UNIQUE_REQUIREMENT = {"block": "13.1.2.0-1", "objective": "13.1.3.0-1", "au": "13.1.4.0-1", "course": "13.1.4.0-1"}
_NS = {"cmi5": NAMESPACE}


@dataclass(frozen=True, order=True)
class StructureProblem:
    requirement: str  # the cmi5 requirement id it breaks, e.g. '13.1.4.0-1'
    message: str

    def __str__(self) -> str:
        return f"{self.message} (cmi5 {self.requirement})"


@cache
def load_schema(path: Path = SCHEMA) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(path), parser))


def _parse(data: bytes) -> tuple[etree._Element | None, list[StructureProblem]]:
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    try:
        return etree.fromstring(data, parser), []
    except etree.XMLSyntaxError as exc:
        return None, [StructureProblem("13.2.0.0-1", f"line {exc.lineno}: not well-formed XML: {exc.msg}")]


def schema_problems(data: bytes) -> list[StructureProblem]:
    """Every violation of CourseStructure.xsd, 'line N: message'; empty when it is valid."""
    document, problems = _parse(data)
    if document is None:
        return problems
    schema = load_schema()
    if schema.validate(document):
        return []
    return [StructureProblem("13.2.0.0-1", f"line {error.line}: {error.message}") for error in schema.error_log]


def structure_problems(data: bytes, files: Iterable[str]) -> list[StructureProblem]:
    """The XSD first; when it passes, the checks it cannot make, with `files` the zip's entry names."""
    problems = schema_problems(data)
    if problems:
        return problems
    document, _ = _parse(data)
    assert document is not None  # the schema check parsed it
    return [*_id_problems(document), *_reference_problems(document), *_au_problems(document, set(files))]


def _id_problems(document: etree._Element) -> list[StructureProblem]:
    problems = []
    seen: dict[str, str] = {}
    for element in document.iter(*(f"{{{NAMESPACE}}}{kind}" for kind in ("course", "block", "au", "objective"))):
        kind = etree.QName(element).localname
        element_id = element.get("id")
        if element_id is None:  # an <objective idref=…> reference, checked below
            continue
        where = f"line {element.sourceline}: {kind} id {element_id!r}"
        if not is_absolute_iri(element_id):
            problems.append(StructureProblem("3.0.0.0-1", f"{where} is not a fully qualified IRI"))
        if element_id in seen:
            problems.append(StructureProblem(_UNIQUE_REQUIREMENT[kind],
                                             f"{where} is already the id of a {seen[element_id]}"))
        else:
            seen[element_id] = kind
    return problems


def _reference_problems(document: etree._Element) -> list[StructureProblem]:
    declared = set(document.xpath("cmi5:objectives/cmi5:objective/@id", namespaces=_NS))
    problems = []
    for reference in document.xpath("//cmi5:block/cmi5:objectives/cmi5:objective | //cmi5:au/cmi5:objectives/cmi5:objective",
                                    namespaces=_NS):
        idref = reference.get("idref")
        if idref not in declared:
            problems.append(StructureProblem(
                "13.1.4", f"line {reference.sourceline}: objective reference {idref!r} names no objective of the course"))
    for au in document.iter(f"{{{NAMESPACE}}}au"):
        score = au.get("masteryScore")
        if score is not None and len(score.partition(".")[2]) > 4:
            problems.append(StructureProblem(
                "13.1.4", f"line {au.sourceline}: masteryScore {score} has more than 4 decimal places"))
    return problems


def _au_problems(document: etree._Element, files: set[str]) -> list[StructureProblem]:
    problems = []
    for url_element in document.iter(f"{{{NAMESPACE}}}url"):
        url = (url_element.text or "").strip()
        where = f"line {url_element.sourceline}: AU url {url!r}"
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            problems.append(StructureProblem("13.1.4.0-2", f"{where} is not a URL: {exc}"))
            continue
        if any(ch.isspace() or ch in '<>"{}|\\^`' for ch in url):
            problems.append(StructureProblem("13.1.4.0-2", f"{where} holds a space or a character URLs do not allow"))
        taken = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)} & set(LAUNCH_PARAMETERS))
        if taken:
            problems.append(StructureProblem(
                "8.1.0.0-6", f"{where} uses the launch parameter name(s) {', '.join(taken)} in its query string"))
        if parts.scheme or parts.netloc:
            problems.append(StructureProblem(
                "14.1.0.0-3", f"{where} is absolute: every AU of a coursebuild package must be inside the zip"))
            continue
        path = unquote(parts.path)
        normal = PurePosixPath(path)
        if path.startswith("/") or ".." in normal.parts or str(normal) not in files:
            problems.append(StructureProblem("14.1.0.0-3", f"{where} names no file of the package"))
    return problems
