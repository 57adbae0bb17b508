"""The two registries of question types (builder/questions in Python, questions.js in the player) list the same
types, and every entry gives everything a type needs on its side: adding a type is one entry in each."""

from __future__ import annotations

import json
import subprocess

import pytest

from builder.builders.handbook.render import TEMPLATES
from builder.loader.itemchecks.codes import CODES
from builder.loader.itemchecks.question import QUESTION_CHECKS
from builder.loader.sources import QUESTION_TYPES
from builder.questions import QUESTION_KINDS, QuestionKind
from builder.runtime.files import STATIC
from builder.structure import QuestionType

PYTHON_METHODS = ("build", "runtime_data", "worst_answer", "answer_lines")
JS_METHODS = ("order", "correct", "score", "record", "render", "read")
LIST_JS_TYPES = """
const vm = require('vm'), fs = require('fs');
vm.runInThisContext(fs.readFileSync(process.argv[1], 'utf8'), {filename: process.argv[1]});
const types = CoursebuildQuestions.types;
console.log(JSON.stringify(Object.fromEntries(Object.keys(types).map(
  name => [name, Object.keys(types[name]).filter(key => typeof types[name][key] === 'function')]))));
"""


def js_types() -> dict[str, list[str]]:
    result = subprocess.run(["node", "-e", LIST_JS_TYPES, str(STATIC / "questions.js")], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_both_registries_list_the_model_s_types() -> None:
    names = [t.value for t in QuestionType]
    assert list(QUESTION_KINDS) == names
    assert tuple(names) == QUESTION_TYPES  # what quiz.yaml's `type` accepts
    assert sorted(js_types()) == sorted(names)


@pytest.mark.parametrize("name", list(QUESTION_KINDS))
def test_every_python_entry_is_complete(name: str) -> None:
    kind = QUESTION_KINDS[name]
    assert kind.name == name
    for method in PYTHON_METHODS:
        assert getattr(type(kind), method) is not getattr(QuestionKind, method), f"{name} has no {method}"
    assert (TEMPLATES / kind.exercise).is_file(), kind.exercise
    assert set(kind.item_checks) <= set(CODES) and set(kind.item_checks) <= set(QUESTION_CHECKS), kind.item_checks
    assert set(kind.needs or ()) <= set(kind.keys)


def test_every_js_entry_is_complete() -> None:
    for name, methods in js_types().items():
        assert set(JS_METHODS) <= set(methods), f"questions.js: '{name}' lacks {set(JS_METHODS) - set(methods)}"


def test_a_key_belongs_to_the_types_that_declare_it() -> None:
    """Only fill-in questions may write max_length, only single and multiple ones choices: the loader's
    'key-not-used' check is built from the entries' keys."""
    from builder.loader.questions import _USED_BY

    assert _USED_BY["max_length"] == {"fill-in"}
    assert _USED_BY["choices"] == {"single", "multiple"}
    assert set(_USED_BY) == {key for kind in QUESTION_KINDS.values() for key in kind.keys}
