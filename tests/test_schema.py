"""`coursebuild schema`: JSON Schemas made from the loader's declarations, for editors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from builder import schemagen
from builder.cli import cli
from builder.commands.new import scaffold
from builder.loader.schema import ListOf, Localized, MapOf, Record
from builder.loader.yamlsource import Node, parse_yaml
from tests.conftest import EXAMPLE_COURSE, ROOT, SHIPPED_COURSE

CHECKED_IN = ROOT / "docs" / "schema"


def _plain(node: Node | None):
    """A course file as the loader reads it (dates stay text, as in YAML 1.2), for jsonschema."""
    if node is None:
        return None
    if node.kind == "mapping":
        return {key: _plain(value) for key, value in node.value.items()}
    if node.kind == "list":
        return [_plain(value) for value in node.value]
    return node.value


def _errors(schema: dict, path: Path) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_plain(parse_yaml(path.read_text())))]


def test_the_checked_in_schemas_are_what_the_declarations_generate() -> None:
    """docs/schema/ is regenerated from builder/loader/sources.py: the two cannot drift apart."""
    generated = schemagen.generate()
    assert sorted(p.name for p in CHECKED_IN.glob("*.json")) == sorted(generated)
    for name, schema in generated.items():
        assert (CHECKED_IN / name).read_text(encoding="utf-8") == schemagen.render(schema), \
            f"run: coursebuild schema -o docs/schema ({name} is out of date)"


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    for languages in ((), ("zh-Hant", "en"), ("en",)):
        for schema in schemagen.generate(languages).values():
            jsonschema.Draft202012Validator.check_schema(schema)


def test_every_declared_key_has_a_description_and_every_description_a_key() -> None:
    scoped: set[tuple[str, str, str]] = set()  # (file, parent, name)

    def walk(shape, parent: str, file: str) -> None:
        if isinstance(shape, Record):
            for spec in shape.fields:
                scoped.add((file, parent, spec.name))
                walk(spec.type, spec.name, file)
        elif isinstance(shape, (ListOf, Localized)):
            walk(shape.item, parent, file)
        elif isinstance(shape, MapOf):
            walk(shape.value, parent, file)
        elif isinstance(getattr(shape, "reference", None), Record):  # a text, or a reference such as a printable
            walk(shape.reference, parent, file)

    for file_name, shape in schemagen.FILES.items():
        walk(shape, file_name, file_name)
    described = schemagen.descriptions()["keys"]
    for file, parent, name in scoped:  # each key where it stands: its own description there, or the name's
        assert {f"{file}/{parent}.{name}", f"{parent}.{name}", name} & set(described), f"'{parent}.{name}' in " \
                                                                                        f"{file} has no description"
    written = {f"{file}/{parent}.{name}" for file, parent, name in scoped} | {f"{parent}.{name}" for _, parent, name
                                                                               in scoped} | {n for *_, n in scoped}
    assert set(described) <= written, f"descriptions of keys the format does not have: {set(described) - written}"
    assert all(isinstance(text, str) and text.strip() for text in described.values())
    for file_name in schemagen.FILES:
        schema = schemagen.generate()[schemagen.schema_name(file_name)]
        assert schema["description"] and all(p["description"] for p in schema["properties"].values())
    scenario = schemagen.generate()["scenario.schema.json"]
    choice = scenario["properties"]["nodes"]["items"]["properties"]["choices"]["items"]["properties"]
    assert "debrief" in choice["feedback"]["description"] and "facilitator key" not in choice["feedback"]["description"]


# Every course file of both courses, scenarios included (lessons/<folder>/scenarios/<name>.yaml).
COURSE_FILES = sorted((folder, p) for folder in (SHIPPED_COURSE, EXAMPLE_COURSE) for p in folder.rglob("*.yaml")
                      if schemagen.file_type(p.relative_to(folder)))


def test_the_scenarios_are_among_the_files_checked() -> None:
    kinds = {schemagen.file_type(path.relative_to(folder)) for folder, path in COURSE_FILES}
    assert kinds == set(schemagen.FILES)  # the example course has a scenario
    assert (EXAMPLE_COURSE, EXAMPLE_COURSE / "lessons/02-closing/scenarios/last-minute.yaml") in COURSE_FILES


@pytest.mark.parametrize("course_root, path", COURSE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_shipped_and_example_courses_follow_the_schemas(course_root: Path, path: Path) -> None:
    languages = tuple(_plain(parse_yaml((course_root / "course.yaml").read_text()))["languages"])
    for langs in ((), languages):
        schema = schemagen.generate(langs)[schemagen.schema_name(schemagen.file_type(path.relative_to(course_root)))]
        assert _errors(schema, path) == []


def test_the_schema_rejects_what_validate_rejects(tmp_path: Path) -> None:
    schemas = schemagen.generate(("en", "zh-Hant"))
    lesson = tmp_path / "lesson.yaml"
    lesson.write_text((EXAMPLE_COURSE / "lessons/01-greeting/lesson.yaml").read_text().replace(
        "duration: 30", "durations: 30").replace("kind: pair", "kind: pairs"))
    errors = " ".join(_errors(schemas["lesson.schema.json"], lesson))
    assert "'durations' was unexpected" in errors and "'duration' is a required property" in errors
    assert "'pairs' is not one of ['individual', 'pair', 'group']" in errors
    course = tmp_path / "course.yaml"
    course.write_text((EXAMPLE_COURSE / "course.yaml").read_text().replace("  zh-Hant: 電話應對基本功\n", ""))
    assert any("'zh-Hant' is a required property" in e for e in _errors(schemas["course.schema.json"], course))


def test_the_scenario_schema_rejects_what_validate_rejects(tmp_path: Path) -> None:
    scenario = tmp_path / "lessons/02-closing/scenarios/last-minute.yaml"
    scenario.parent.mkdir(parents=True)
    scenario.write_text((EXAMPLE_COURSE / "lessons/02-closing/scenarios/last-minute.yaml").read_text().replace(
        "verdict: best", "verdict: great").replace("effects: {trust: +20}", "effects: {trust: lots}").replace(
        "    speaker: lin\n", "    speakers: lin\n", 1))
    schema = schemagen.generate(("en", "zh-Hant"))["scenario.schema.json"]
    errors = " ".join(_errors(schema, scenario))
    assert "'great' is not one of ['best', 'good', 'poor', None]" in errors
    assert "'lots' is not of type 'integer'" in errors and "'speakers' was unexpected" in errors
    result = CliRunner().invoke(cli, ["validate", str(_course_with(tmp_path, scenario))])
    assert result.exit_code == 1  # validate refuses the same file


def _course_with(tmp_path: Path, scenario: Path) -> Path:
    """A copy of the example course whose scenario is `scenario`."""
    copy = tmp_path / "course"
    shutil.copytree(EXAMPLE_COURSE, copy)
    shutil.copyfile(scenario, copy / "lessons/02-closing/scenarios/last-minute.yaml")
    return copy


def test_a_scenario_file_gets_the_scenario_schema_comment() -> None:
    """`coursebuild new` writes no scenario yet; when it does, its files need this comment."""
    course = Path("/course")
    line = schemagen.modeline(course, course / "lessons/01-x/scenarios/angry-caller.yaml")
    assert line == "# yaml-language-server: $schema=../../../.coursebuild/schema/scenario.schema.json\n"
    assert schemagen.modeline(course, course / "lessons/01-x/assets/data.yaml") == ""


def test_new_courses_carry_the_schema_comment_and_their_own_schemas(tmp_path: Path) -> None:
    folder = tmp_path / "my-course"
    scaffold(folder, ("zh-Hant", "en"), "My course")
    for path in folder.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema_path = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema_path.is_file() and schema_path.name == schemagen.schema_name(path.name)
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        assert _errors(schema, path) == []
    course_schema = json.loads((folder / ".coursebuild/schema/course.schema.json").read_text())
    assert course_schema["properties"]["title"]["required"] == ["zh-Hant", "en"]  # title is required: not nullable


def test_schema_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", "-o", str(tmp_path / "s"), "--lang", "en"])
    assert result.exit_code == 0 and "wrote 6 schemas" in result.output
    assert CliRunner().invoke(cli, ["schema", "-o", str(tmp_path / "s"), "--lang", "en_US"]).exit_code == 2
