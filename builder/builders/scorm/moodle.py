"""What Moodle 4.5's SCORM import makes of a manifest: a reading of `mod/scorm/datamodels/scormlib.php`.

Moodle does not validate a manifest against the schemas. It parses it with PHP's xml_parser (no
namespace processing, element and attribute names upper-cased), walks the tree in scorm_get_manifest()
and writes what it found into its database. Three kinds of failure live there, and no XSD sees them:

- PHP errors in the parser. The IMSSS:OBJECTIVES branch assigns `$objectivesdata->mapinfos` on a
  variable that does not exist (the one it built is `$objectivedata`): under PHP 8 any objective with
  an <imsss:mapInfo> stops the upload with "Attempt to assign property "mapinfos" on null".
- Database errors. A value longer than its column (PostgreSQL refuses it), or a rule whose missing
  part leaves a NOT NULL column null (a sequencing rule without ruleConditions or ruleAction, a
  rollup rule without rollupConditions, a rule condition without `condition`).
- Silent misreadings. Names are matched as written, prefix included: a SCORM type attribute that is not
  spelled `adlcp:scormtype` (any case) makes every SCO an 'asset', sequencing under another prefix than
  `imsss:` is ignored, and a schemaversion Moodle does not recognise runs a 2004 package with the 1.2 API.

`read_import` reads a manifest the way that code does (Python's expat, which like PHP's parser reports
names as written) and `import_problems` compares the result with what the package means, so that
every package is checked against it before it is written and the tests can try every build setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from lxml import etree

from builder.builders.scorm import manifest

# Moodle's pre-pass (scorm_parse_scorm) turns every '&' not starting a short named reference into '&amp;'.
_BARE_AMPERSAND = re.compile(rb"&(?![A-Za-z0-9_]{2,6};)")
# scorm_get_manifest's test of <schemaversion>: anything else is taken for SCORM 1.2.
_VERSION_12_OR_13 = re.compile(r"^(1\.2)$|^(CAM )?(1\.3)$")
_VERSION_2004 = re.compile(r"^2004 (3rd|4th) Edition$")
# mod/scorm/db/install.xml: the char columns the import writes, and their lengths.
SCOES_COLUMNS = {"manifest": 255, "organization": 255, "parent": 255, "identifier": 255, "scormtype": 5,
                 "title": 255}
OBJECTIVE_ID = 255
RULE_COLUMNS = {"conditioncombination": 3, "action": 25}
RULE_CONDITION_COLUMNS = {"referencedobjective": 255, "operator": 5, "cond": 30}
ROLLUP_COLUMNS = {"childactivityset": 15, "conditioncombination": 3}
DATA_NAME = 255
MAP_INFO_ERROR = 'Attempt to assign property "mapinfos" on null'


@dataclass
class MoodleImport:
    """What the import stored, or why it stopped."""

    version: str = ""  # SCORM_1.2 or SCORM_1.3, as Moodle decides from <schemaversion>
    # (organization, identifier) -> the fields scorm_get_manifest set; the organization's own row has ''.
    items: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    fatal: str = ""  # the PHP or database error that stops the upload, if any
    objective_map: bool = False  # the fatal error is the mapInfo one
    warnings: list[str] = field(default_factory=list)  # PHP warnings: the upload goes on, with notices shown

    def item(self, identifier: str) -> dict[str, Any] | None:
        return next((v for (_, ident), v in self.items.items() if ident == identifier), None)


class _Stop(Exception):
    """The PHP error or database exception that ends Moodle's import."""


def _upper(name: str) -> str:
    """PHP's case folding: ASCII letters only."""
    return "".join(c.upper() if c.isascii() else c for c in name)


def _php_truthy_trim(text: str) -> bool:
    """`if (trim($tagData))`: whitespace-only chunks and a chunk that trims to '0' are dropped."""
    stripped = text.strip(" \t\n\r\0\x0b")
    return bool(stripped) and stripped != "0"


def parse_blocks(data: bytes) -> list[dict[str, Any]]:
    """The array tree Moodle's xml2Array builds: {'name', 'attrs', 'tagData'?, 'children'?} per element."""
    output: list[dict[str, Any]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        output.append({"name": _upper(name), "attrs": {_upper(k): v for k, v in attrs.items()}})

    def text(data: str) -> None:
        if _php_truthy_trim(data) and output:
            output[-1]["tagData"] = output[-1].get("tagData", "") + data

    def end(name: str) -> None:
        if len(output) > 1:  # the root stays where it is: PHP's array_pop drops the copy it wrote at [-1]
            closed = output.pop()
            output[-1].setdefault("children", []).append(closed)

    parser = expat.ParserCreate("UTF-8")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.Parse(_BARE_AMPERSAND.sub(b"&amp;", data), True)
    return output


class _Reader:
    """scorm_get_manifest and scorm_parse_scorm, reduced to what decides success and what gets stored."""

    def __init__(self) -> None:
        self.result = MoodleImport()
        self.parents: list[tuple[str, str]] = []  # (identifier, organization)
        self.resources: dict[str, dict[str, str]] = {}
        self.manifest = ""
        self.organization = ""
        self.default_org = ""

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)

    def attr(self, block: dict[str, Any], name: str) -> str | None:
        value = block["attrs"].get(name)
        if value is None:
            self.warn(f'Undefined array key "{name}" on <{block["name"].lower()}>')
        return value

    def children(self, block: dict[str, Any]) -> list[dict[str, Any]]:
        """`foreach ($block['children'] ...)` without a check: a warning when there are none."""
        if "children" not in block:
            self.warn(f"foreach() over the children of an empty <{block['name'].lower()}>")
        return block.get("children", [])

    def target(self) -> dict[str, Any]:
        if not self.parents:  # PHP reads a property of null here: a warning, and the value goes nowhere
            self.warn("an element outside any organization or item")
            return {}
        identifier, organization = self.parents[-1]
        return self.result.items.setdefault((organization, identifier), {})

    def walk(self, blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            handler = getattr(self, "on_" + re.sub(r"\W", "_", block["name"].lower()), None)
            if handler is not None:
                handler(block)

    def on_metadata(self, block: dict[str, Any]) -> None:
        for child in block.get("children", []):
            if child["name"] == "SCHEMAVERSION" and not self.result.version:
                text = child.get("tagData", "")
                if match := _VERSION_12_OR_13.match(text):
                    self.result.version = "SCORM_" + next(g for g in reversed(match.groups()) if g)
                elif _VERSION_2004.match(text):
                    self.result.version = "SCORM_1.3"
                else:
                    self.result.version = "SCORM_1.2"

    def on_manifest(self, block: dict[str, Any]) -> None:
        self.manifest = self.attr(block, "IDENTIFIER") or ""
        self.organization = ""
        children = self.children(block)
        self.resources = {}
        for resources in children:
            if resources["name"] == "RESOURCES":
                for resource in resources.get("children", []):
                    if resource["name"] == "RESOURCE":
                        self.resources[resource["attrs"].get("IDENTIFIER", "")] = resource["attrs"]
        self.walk(children)

    def on_organizations(self, block: dict[str, Any]) -> None:
        if not self.default_org and "DEFAULT" in block["attrs"]:
            self.default_org = block["attrs"]["DEFAULT"]
        self.walk(block.get("children", []))

    def on_organization(self, block: dict[str, Any]) -> None:
        identifier = self.attr(block, "IDENTIFIER") or ""
        self.organization = ""
        self.result.items[("", identifier)] = {"identifier": identifier, "parent": "/", "launch": "",
                                               "scormtype": ""}
        self.parents = [(identifier, "")]
        self.organization = identifier
        self.walk(block.get("children", []))
        self.parents.pop()

    def on_item(self, block: dict[str, Any]) -> None:
        parent_identifier, _ = self.parents[-1]
        identifier = self.attr(block, "IDENTIFIER") or ""
        item: dict[str, Any] = {"identifier": identifier, "parent": parent_identifier,
                                "isvisible": block["attrs"].get("ISVISIBLE", "true"),
                                "parameters": block["attrs"].get("PARAMETERS", "")}
        self.result.items[(self.organization, identifier)] = item
        reference = block["attrs"].get("IDENTIFIERREF")
        if reference is None:
            item.update(launch="", scormtype="asset")
        elif reference not in self.resources:
            item["launch"] = ""
            self.warn(f"item {identifier!r} names a resource the manifest does not have ({reference!r})")
        else:
            resource = self.resources[reference]
            item["launch"] = resource.get("XML:BASE", "") + resource.get("HREF", "")
            item["scormtype"] = resource.get("ADLCP:SCORMTYPE") or "asset"
        self.parents.append((identifier, self.organization))
        self.walk(block.get("children", []))
        self.parents.pop()

    def on_title(self, block: dict[str, Any]) -> None:
        self.target()["title"] = block.get("tagData", "")

    def on_adlcp_prerequisites(self, block: dict[str, Any]) -> None:
        if self.attr(block, "TYPE") == "aicc_script":
            self.target()["prerequisites"] = block.get("tagData", "")

    def on_adlcp_masteryscore(self, block: dict[str, Any]) -> None:
        self.target()["masteryscore"] = block.get("tagData", "")

    def on_imsss_sequencing(self, block: dict[str, Any]) -> None:
        target = self.target()
        for part in block.get("children", []):
            name = part["name"]
            if name in ("IMSSS:CONTROLMODE", "IMSSS:DELIVERYCONTROLS", "IMSSS:LIMITCONDITIONS",
                        "ADLSEQ:CONSTRAINEDCHOICECONSIDERATIONS"):
                target.update({key.lower(): value for key, value in part["attrs"].items()})
            elif name == "IMSSS:OBJECTIVES":
                target["objectives"] = self.objectives(part)
            elif name == "IMSSS:ROLLUPRULES":
                target.update({key.lower(): value for key, value in part["attrs"].items()})
                if part.get("children"):
                    target["rolluprules"] = [self.rollup_rule(rule) for rule in part["children"]
                                             if rule["name"] == "IMSSS:ROLLUPRULE"]
            elif name == "IMSSS:SEQUENCINGRULES":
                target["sequencingrules"] = [self.sequencing_rule(rule) for rule in part.get("children", [])
                                             if rule.get("children")]

    def objectives(self, block: dict[str, Any]) -> list[dict[str, Any]]:
        found = []
        for objective in self.children(block):
            data: dict[str, Any] = {"primaryobj": int(objective["name"] == "IMSSS:PRIMARYOBJECTIVE")}
            if objective["name"] not in ("IMSSS:PRIMARYOBJECTIVE", "IMSSS:OBJECTIVE"):
                raise _Stop(f"<{objective['name'].lower()}> inside <imsss:objectives> leaves the objective's "
                            "NOT NULL columns empty (database error)")
            data["satisfiedbymeasure"] = int(objective["attrs"].get("SATISFIEDBYMEASURE") == "true")
            data["objectiveid"] = objective["attrs"].get("OBJECTIVEID", "")
            data["minnormalizedmeasure"] = "1.0"
            for parameter in objective.get("children", []):
                if parameter["name"] == "IMSSS:MINNORMALIZEDMEASURE":
                    data["minnormalizedmeasure"] = parameter.get("tagData", "0")
                elif parameter["name"] == "IMSSS:MAPINFO":
                    self.result.objective_map = True
                    raise _Stop(f"{MAP_INFO_ERROR} (objective {data['objectiveid']!r} has an <imsss:mapInfo>)")
            self.fits("objectiveid", data["objectiveid"], OBJECTIVE_ID, "an objectiveID")
            found.append(data)
        return found

    def rollup_rule(self, block: dict[str, Any]) -> dict[str, Any]:
        rule: dict[str, Any] = {"childactivityset": block["attrs"].get("CHILDACTIVITYSET", "all")}
        for part in block.get("children", []):
            if part["name"] == "IMSSS:ROLLUPCONDITIONS":
                rule["conditioncombination"] = part["attrs"].get("CONDITIONCOMBINATION", "all")
                rule["conditions"] = [c["attrs"].get("CONDITION") for c in self.children(part)
                                      if c["name"] == "IMSSS:ROLLUPCONDITION"]
            elif part["name"] == "IMSSS:ROLLUPACTION":
                rule["action"] = self.attr(part, "ACTION")
        if "conditioncombination" not in rule:
            raise _Stop("a rollupRule without rollupConditions leaves a NOT NULL column empty (database error)")
        for column, size in ROLLUP_COLUMNS.items():
            self.fits(column, rule[column], size, "a rollup rule")
        return rule

    def sequencing_rule(self, block: dict[str, Any]) -> dict[str, Any]:
        rule: dict[str, Any] = {"type": block["name"]}
        for part in block["children"]:
            if part["name"] == "IMSSS:RULECONDITIONS":
                rule["conditioncombination"] = part["attrs"].get("CONDITIONCOMBINATION", "all")
                rule["conditions"] = []
                for condition in self.children(part):
                    if condition["name"] != "IMSSS:RULECONDITION":
                        continue
                    attrs = condition["attrs"]
                    if "CONDITION" not in attrs:
                        raise _Stop("a ruleCondition without condition leaves a NOT NULL column empty "
                                    "(database error)")
                    values = {"referencedobjective": attrs.get("REFERENCEDOBJECTIVE", ""),
                              "operator": attrs.get("OPERATOR", "noOp"), "cond": attrs["CONDITION"]}
                    for column, size in RULE_CONDITION_COLUMNS.items():
                        self.fits(column, values[column], size, "a rule condition")
                    rule["conditions"].append(values)
            elif part["name"] == "IMSSS:RULEACTION":
                rule["action"] = self.attr(part, "ACTION")
        for column, size in RULE_COLUMNS.items():
            if rule.get(column) is None:
                raise _Stop(f"a {block['name'].lower()} without its {column} leaves a NOT NULL column empty "
                            "(database error)")
            self.fits(column, rule[column], size, "a sequencing rule")
        return rule

    def fits(self, column: str, value: str, size: int, what: str) -> None:
        if len(value) > size:
            raise _Stop(f"{what}'s {column} is {len(value)} characters long; Moodle's column holds {size} "
                        f"(database error): {value[:60]!r}")

    def store(self) -> None:
        """What scorm_parse_scorm inserts for each element, checked against the columns' sizes."""
        for (organization, identifier), item in self.result.items.items():
            row = {"manifest": self.manifest, "organization": organization, **item}
            for column, size in SCOES_COLUMNS.items():
                self.fits(column, str(row.get(column, "")), size, f"item {identifier!r}")
            for name in item:
                self.fits("name", name, DATA_NAME, "a stored setting")


def read_import(data: bytes) -> MoodleImport:
    reader = _Reader()
    try:
        blocks = parse_blocks(data)
    except expat.ExpatError as exc:
        reader.result.fatal = f"XML error: {exc}"
        return reader.result
    try:
        reader.walk(blocks)
        reader.store()
    except _Stop as stop:
        reader.result.fatal = str(stop)
    if not reader.result.version:
        reader.result.version = "SCORM_1.2"
    return reader.result


def import_problems(data: bytes, plan: manifest.PackagePlan, *, objective_maps_allowed: bool = False) -> list[str]:
    """Why Moodle 4.5 would refuse or misread this package's manifest; [] when it imports it as built.
    `objective_maps_allowed`: the package was built to gate lessons through global objectives, which Moodle
    cannot import; every other problem still counts."""
    result = read_import(data)
    if result.fatal and result.objective_map and objective_maps_allowed:
        result = read_import(without_objective_maps(data))  # everything else must still hold
    if result.fatal:
        return [f"Moodle's import would stop: {result.fatal}"]
    problems = [f"Moodle's import would print a PHP warning: {w}" for w in result.warnings]
    expected_version = "SCORM_1.2" if plan.version == "1.2" else "SCORM_1.3"
    if result.version != expected_version:
        problems.append(f"Moodle would run the package as {result.version}, not {expected_version}")
    previous = None
    for sco in plan.scos:
        identifier = manifest.xml_id("item", sco.id)
        item = result.item(identifier)
        if item is None:
            problems.append(f"Moodle finds no item {identifier!r}")
            continue
        if (item.get("launch"), item.get("scormtype")) != (sco.launch, "sco"):
            problems.append(f"Moodle reads item {identifier!r} as {item.get('scormtype')!r} launching "
                            f"{item.get('launch')!r}, not a SCO launching {sco.launch!r}")
        problems += _mastery_problems(plan, sco, identifier, item)
        expected_prerequisites = previous if manifest.ordered_by_prerequisites(plan) else None
        if plan.version == "1.2" and item.get("prerequisites") != expected_prerequisites:
            problems.append(f"Moodle reads item {identifier!r}'s prerequisites as {item.get('prerequisites')!r}, "
                                f"not {previous!r}")
        previous = identifier
    return problems


def _mastery_problems(plan: manifest.PackagePlan, sco: manifest.ScoPlan, identifier: str,
                      item: dict[str, Any]) -> list[str]:
    if sco.pass_mark is None:
        return []
    if plan.version == "1.2":
        found = item.get("masteryscore")
        expected = str(sco.pass_mark)
    else:
        primary = next((o for o in item.get("objectives", []) if o["primaryobj"]), None)
        found = primary and (primary["satisfiedbymeasure"], primary["minnormalizedmeasure"].strip())
        expected = (1, manifest.decimal(sco.pass_mark / 100))
    if found != expected:
        return [f"Moodle reads item {identifier!r}'s mastery as {found!r}, not {expected!r}"]
    return []


def without_objective_maps(data: bytes) -> bytes:
    """The manifest as if it had no <imsss:mapInfo>: what Moodle would go on to read past them."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for info in list(root.iter(f"{{{manifest.NS_2004['imsss']}}}mapInfo")):
        info.getparent().remove(info)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
