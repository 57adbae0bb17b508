"""The runtime's pure modules under Node's own test runner (tests/js/runtime/*.test.js), and the round trip of the
saved state: the worst case Python measures (builder/runtime/state.py) is exactly what the player's decoder reads
and writes back, character for character, so the build's suspend_data check measures the real thing."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from builder.loader import load_course
from builder.runtime.data import course_data
from builder.runtime.state import encode, worst_case_state
from builder.runtime.units import PackagingMode, unit_ids
from builder.structure import Course
from tests.conftest import ROOT, SHIPPED_COURSE

JS_TESTS = ROOT / "tests" / "js" / "runtime"


def node(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", *map(str, args)], capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "TZ": "UTC", "NODE_NO_WARNINGS": "1"})


def test_the_runtime_s_unit_tests_pass_under_node() -> None:
    result = node("--test", *sorted(JS_TESTS.glob("*.test.js")))
    assert result.returncode == 0, f"node --test failed:\n{result.stdout}\n{result.stderr}"
    assert "# fail 0" in result.stdout


def player_parts(course: Course, unit: str) -> dict:
    """The worst case without the scenario part ("s"): the scenario player, which comes later (issue 12, part 2),
    reads and writes it; until then this player neither reads nor writes it."""
    return {key: value for key, value in worst_case_state(course, unit).items() if key != "s"}


def round_trip(course: Course, mode: PackagingMode, tmp_path: Path) -> None:
    states = {unit: encode(player_parts(course, unit)) for unit in unit_ids(course, mode)}
    source = tmp_path / f"{course.id}-{mode.value}.json"
    source.write_text(json.dumps({"course": course_data(course, course.source_language, mode), "states": states},
                                 ensure_ascii=False), encoding="utf-8")
    result = node(JS_TESTS / "decode-state.js", source)
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    for unit, text in states.items():
        worst = player_parts(course, unit)
        parts = len(worst["p"]) + sum(1 for quiz in worst["q"] if quiz) + (1 if worst["a"] else 0)
        assert read[unit]["dropped"] == 0, f"{unit}: the player dropped a part of the worst case"
        assert read[unit]["restored"] == parts, unit
        assert read[unit]["text"] == text, f"{unit}: the player writes the worst case differently"


@pytest.mark.parametrize("mode", list(PackagingMode))
def test_python_s_worst_case_state_is_what_the_player_reads_and_writes(example_course: Course, mode: PackagingMode,
                                                                        tmp_path: Path) -> None:
    round_trip(example_course, mode, tmp_path)


def test_the_round_trip_holds_for_the_shipped_course(tmp_path: Path) -> None:
    course, report = load_course(SHIPPED_COURSE)
    assert course is not None, report.render()
    round_trip(course, PackagingMode.SINGLE, tmp_path)
