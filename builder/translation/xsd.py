"""Offline validation of XLIFF files against the official OASIS XLIFF 2.0 schemas in builder/schemas/xliff2.

A driver schema imports the core and the size-restriction module, so one XMLSchema checks both the core
elements and the `slr:` attributes coursebuild writes. Imports are served by file name from that folder by a
resolver that refuses everything else: validation never touches the network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

FOLDER = Path(__file__).resolve().parent.parent / "schemas" / "xliff2"
CORE = "urn:oasis:names:tc:xliff:document:2.0"
SLR = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
_MODULES = {CORE: "xliff_core_2.0.xsd", SLR: "size_restriction.xsd"}


class _LocalSchemas(etree.Resolver):
    def resolve(self, url: str, public_id: str | None, context: object) -> object:
        name = (url or "").rsplit("/", 1)[-1]
        path = FOLDER / name
        if not name or not path.is_file():
            raise OSError(f"schema file {url!r} is not in {FOLDER}; refusing to fetch it")
        return self.resolve_filename(str(path), context)


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas())
    return parser


@cache
def schema() -> etree.XMLSchema:
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{name}"/>' for ns, name in _MODULES.items())
    driver = (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
              f'targetNamespace="urn:coursebuild:xsd-driver">{imports}</xs:schema>').encode()
    root = etree.fromstring(driver, _parser(), base_url=str(FOLDER / "driver.xsd"))
    return etree.XMLSchema(etree.ElementTree(root))


def validate(document: bytes) -> list[str]:
    """Every schema violation as 'line N: message'; empty when the document is valid XLIFF 2.0."""
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    try:
        root = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: not well-formed XML: {exc.msg}"]
    checker = schema()
    if checker.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in checker.error_log]
