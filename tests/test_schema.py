"""`coursebuild schema`: JSON Schemas made from the loader's declarations, for editors."""

from __future__ import annotations

import json
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
    names: set[str] = set()
    scoped: set[str] = set()

    def walk(shape, parent: str) -> None:
        if isinstance(shape, Record):
            for spec in shape.fields:
                names.add(spec.name)
                scoped.add(f"{parent}.{spec.name}")
                walk(spec.type, spec.name)
        elif isinstance(shape, (ListOf, Localized)):
            walk(shape.item, parent)
        elif isinstance(shape, MapOf):
            walk(shape.value, parent)

    for file_name, shape in schemagen.FILES.items():
        walk(shape, file_name)
    described = schemagen.descriptions()["keys"]
    for key in scoped:  # each key where it stands: its own description there, or the name's
        assert key in described or key.rsplit(".", 1)[1] in described, f"'{key}' has no description"
    assert all(isinstance(text, str) and text.strip() for text in described.values())
    for file_name in schemagen.FILES:
        schema = schemagen.generate()[schemagen.schema_name(file_name)]
        assert schema["description"] and all(p["description"] for p in schema["properties"].values())


COURSE_FILES = sorted(p for folder in (SHIPPED_COURSE, EXAMPLE_COURSE) for p in folder.rglob("*.yaml")
                      if p.name in schemagen.FILES)


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_shipped_and_example_courses_follow_the_schemas(path: Path) -> None:
    course_root = SHIPPED_COURSE if SHIPPED_COURSE in path.parents else EXAMPLE_COURSE
    languages = tuple(_plain(parse_yaml((course_root / "course.yaml").read_text()))["languages"])
    for langs in ((), languages):
        schema = schemagen.generate(langs)[schemagen.schema_name(path.name)]
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
    assert result.exit_code == 0 and "wrote 5 schemas" in result.output
    assert CliRunner().invoke(cli, ["schema", "-o", str(tmp_path / "s"), "--lang", "en_US"]).exit_code == 2
