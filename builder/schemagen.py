"""JSON Schemas (draft 2020-12) of the course files, generated from the loader's declarations.

The validator checks every file against `builder/loader/sources.py`; these schemas are made from the same
objects, read only, so an editor's completion and inline errors (VS Code with the YAML extension, any editor
with yaml-language-server) cannot disagree with `coursebuild validate` about which keys exist, their types,
ranges and allowed words. What the declarations cannot say (a single-choice question needs exactly one
correct choice, minutes must add up) stays with `validate`. Key descriptions: builder/schemas/course/.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from builder.builders import course_sections
from builder.loader.itemchecks.codes import CODES, CheckCode, Reason
from builder.loader.scenarios import FOLDER as SCENARIO_FOLDER
from builder.loader.schema import (
    FROM_TYPE,
    LANG_PATTERN,
    Bool,
    Choice,
    Id,
    Int,
    LangTag,
    ListOf,
    Localized,
    MapOf,
    Number,
    Record,
    Str,
    Type,
)
from builder.loader.sources import (
    ASSESSMENT_FILE,
    GLOSSARY_FILE,
    LESSON_FILE,
    QUIZ_FILE,
    SCENARIO_FILE,
    course_file,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://coursebuild.invalid/schema/"  # a name, never fetched; editors use the file path
DESCRIPTIONS = Path(__file__).resolve().parent / "schemas" / "course" / "descriptions.yaml"

# file type -> its declaration; a new course file type is one more entry. Each is named as its file is, except
# scenarios, which authors name themselves (lessons/<folder>/scenarios/<name>.yaml): see `file_type`.
SCENARIO = "scenario.yaml"
FILES: dict[str, Record] = {
    "course.yaml": course_file(course_sections()),  # the course's own keys and each builder's section
    "lesson.yaml": LESSON_FILE,
    "quiz.yaml": QUIZ_FILE,
    "assessment.yaml": ASSESSMENT_FILE,
    "glossary.yaml": GLOSSARY_FILE,
    SCENARIO: SCENARIO_FILE,
}


@cache
def descriptions() -> dict[str, Any]:
    return yaml.safe_load(DESCRIPTIONS.read_text(encoding="utf-8"))


def schema_name(file_name: str) -> str:
    return file_name.replace(".yaml", ".schema.json")


def generate(languages: tuple[str, ...] = ()) -> dict[str, dict]:
    """Every file's schema by schema file name. With `languages` (a course's), texts must be given in exactly
    those languages, and editors offer them; without, any BCP 47 tag is accepted."""
    return {schema_name(name): _file_schema(name, shape, languages) for name, shape in FILES.items()}


def _file_schema(name: str, shape: Record, languages: tuple[str, ...]) -> dict:
    body = _Generator(languages, name).record(shape, name)
    title = f"coursebuild {name}" if name != SCENARIO else f"coursebuild lessons/<folder>/{SCENARIO_FOLDER}/<name>.yaml"
    return {"$schema": DRAFT, "$id": BASE_ID + schema_name(name), "title": title,
            "description": descriptions()["files"][name], **body}


def write(folder: Path, languages: tuple[str, ...] = ()) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, schema in generate(languages).items():
        path = folder / file_name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


class _Generator:
    def __init__(self, languages: tuple[str, ...], file: str) -> None:
        self.languages, self.file = languages, file

    def record(self, shape: Record, parent: str) -> dict:
        properties = {}
        for spec in shape.fields:
            schema = self.type(spec.type, spec.name)
            if not spec.required:
                schema = _nullable(schema)  # an empty value (`key:` and nothing) means "use the default"
                if spec.default is not FROM_TYPE and spec.default not in (None, [], ""):
                    schema["default"] = spec.default
            properties[spec.name] = {"description": _describe(self.file, parent, spec.name), **schema}
        result: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [spec.name for spec in shape.fields if spec.required]
        if required:
            result["required"] = required
        return result

    def type(self, shape: Type, name: str) -> dict:
        if isinstance(shape, Record):
            return self.record(shape, name)
        if isinstance(shape, Localized):
            return self.localized(shape, name)
        if isinstance(shape, ListOf):
            result: dict[str, Any] = {"type": "array", "items": self.type(shape.item, name)}
            if shape.min_items:
                result["minItems"] = shape.min_items
            if shape.max_items is not None:
                result["maxItems"] = shape.max_items
            return result
        if isinstance(shape, MapOf):
            return {"type": "object", "propertyNames": self.type(shape.key, name),
                    "additionalProperties": self.type(shape.value, name)}
        if isinstance(shape, CheckCode):
            return {"enum": list(CODES)}
        if isinstance(shape, Reason):
            return {"type": "string", "minLength": 1, "pattern": r"\S"}
        if isinstance(shape, (Id, LangTag)):
            result = {"type": "string", "pattern": shape.pattern.pattern}
            if shape.max_length:
                result["maxLength"] = shape.max_length
            return result
        if isinstance(shape, Str):
            # The loader takes a number where a text is expected (version: 1.0) as its text.
            result = {"type": ["string", "number"], "pattern": shape.pattern.pattern if shape.pattern else r"\S"}
            if shape.max_length:
                result["maxLength"] = shape.max_length
            return result
        if isinstance(shape, Int):
            result = {"type": "integer"}
            if shape.minimum is not None:
                result["minimum"] = shape.minimum
            if shape.maximum is not None:
                result["maximum"] = shape.maximum
            return result
        if isinstance(shape, Number):
            return {"type": "number"} if shape.minimum is None else {"type": "number", "minimum": shape.minimum}
        if isinstance(shape, Bool):
            return {"type": "boolean"}
        if isinstance(shape, Choice):
            return {"enum": list(shape.values)}
        reference = getattr(shape, "reference", None)
        if isinstance(reference, Record):  # a text per language, or a reference written as a mapping
            return {"anyOf": [self.localized(Localized(), name), self.record(reference, name)]}
        # A type of its own with nothing to introspect: anything goes here, validate checks it.
        return {"$comment": f"{type(shape).__name__}: {shape.label}"}

    def localized(self, shape: Localized, name: str) -> dict:
        item = self.type(shape.item, name)
        if self.languages:
            per_language = {"type": "object", "properties": {lang: item for lang in self.languages},
                            "required": list(self.languages), "additionalProperties": False}
            return per_language if len(self.languages) > 1 else {"anyOf": [item, per_language]}
        per_language = {"type": "object", "patternProperties": {LANG_PATTERN.pattern: item},
                        "additionalProperties": False, "minProperties": 1}
        # A single-language course may write plain texts.
        return {"anyOf": [item, per_language]}


def _nullable(schema: dict) -> dict:
    """The schema, also allowing null; kept flat so that editors name the real problem, not 'no anyOf matched'."""
    result = dict(schema)
    if "enum" in result:
        result["enum"] = [*result["enum"], None]
    elif "anyOf" in result:
        result["anyOf"] = [*result["anyOf"], {"type": "null"}]
    elif isinstance(result.get("type"), list):
        result["type"] = [*result["type"], "null"]
    elif "type" in result:
        result["type"] = [result["type"], "null"]
    else:
        result = {"anyOf": [schema, {"type": "null"}]}
    return result


def _describe(file: str, parent: str, name: str) -> str:
    keys = descriptions()["keys"]
    return keys.get(f"{file}/{parent}.{name}") or keys.get(f"{parent}.{name}") or keys[name]


# Where `coursebuild new` puts a course's own schemas: inside the course, so editors find them offline.
COURSE_SCHEMA_FOLDER = Path(".coursebuild") / "schema"


def file_type(relative: Path) -> str:
    """The FILES entry a course file (a path inside the course folder) follows; empty when it has none."""
    parts = relative.parts
    if len(parts) == 4 and parts[0] == "lessons" and parts[2] == SCENARIO_FOLDER and relative.suffix == ".yaml":
        return SCENARIO
    expected = {"course.yaml": 1, "glossary.yaml": 1}.get(relative.name, 3)  # at the top, or in a lesson folder
    return relative.name if relative.name in FILES and relative.name != SCENARIO and len(parts) == expected else ""


def modeline(course_dir: Path, yaml_file: Path) -> str:
    """The comment that tells yaml-language-server (VS Code's YAML extension and others) which schema a course
    file follows, as a path relative to the file; empty for a file that has no schema."""
    relative_file = yaml_file.relative_to(course_dir)
    kind = file_type(relative_file)
    if not kind:
        return ""
    depth = len(relative_file.parts) - 1
    relative = "/".join([".."] * depth + [*COURSE_SCHEMA_FOLDER.parts, schema_name(kind)])
    return f"# yaml-language-server: $schema={relative}\n"
