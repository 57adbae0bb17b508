"""Property-based fuzzing of the loader and validator: a mutated course is either a course or a report.

Mutations of the example course (byte and character edits, deleted, duplicated and swapped lines,
changed indentation, swapped values, truncated files, random YAML values in place of valid ones) must
never raise out of `load_course`, and every problem must come back as a diagnostic with a file and a
message. CI runs COURSEBUILD_FUZZ_EXAMPLES (default 150) examples; the on-demand run uses 2,000:

    COURSEBUILD_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/reliability/test_fuzz.py
"""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builder.builders.scorm.package import package_entries, package_problems
from builder.diagnostics import Report
from builder.loader import load_course
from builder.runtime.units import PackagingMode
from builder.structure import Course
from tests.conftest import EXAMPLE_COURSE
from tests.edits import run_validate, source_files

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("COURSEBUILD_FUZZ_EXAMPLES", "150"))
ORIGINALS = {path.relative_to(EXAMPLE_COURSE).as_posix(): path.read_bytes() for path in source_files(EXAMPLE_COURSE)}
FILES = sorted(ORIGINALS)
YAML_FILES = [name for name in FILES if name.endswith(".yaml")]
# Characters that change what YAML or Markdown means, and a few that test encodings and line ends.
SIGNIFICANT = ":-[]{}#&*!|>'\"%@`,?\t\n\r \\<>/()\x00\x85\u2028\ufeff\u00e9\u958b"
KEY_VALUE = re.compile(rb"^(\s*-?\s*[A-Za-z_-]+:)[ ]+(\S.*)$")

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mutation(draw: st.DrawFn, data: bytes, yaml_file: bool) -> bytes:
    """One edit of a file's bytes, of a kind an author's slip or a broken tool produces."""
    kinds = ["bytes", "chars", "delete-line", "duplicate-line", "swap-lines", "indent", "truncate", "swap-values"]
    if yaml_file:
        kinds.append("yaml-value")
    kind = draw(st.sampled_from(kinds))
    event(f"mutation: {kind}")
    lines = _lines(data)
    at = draw(st.integers(0, max(len(data) - 1, 0)))
    row = draw(st.integers(0, len(lines) - 1))
    if kind == "bytes":
        cut = draw(st.integers(0, 4))
        return data[:at] + draw(st.binary(max_size=4)) + data[at + cut:]
    if kind == "chars":
        text = draw(st.text(alphabet=SIGNIFICANT, min_size=1, max_size=4)).encode("utf-8")
        return data[:at] + text + data[at + draw(st.integers(0, 2)):]
    if kind == "delete-line":
        del lines[row]
    elif kind == "duplicate-line":
        lines.insert(row, lines[row])
    elif kind == "swap-lines":
        other = draw(st.integers(0, len(lines) - 1))
        lines[row], lines[other] = lines[other], lines[row]
    elif kind == "indent":
        shift = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
        lines[row] = b" " * shift + lines[row] if shift > 0 else lines[row][-shift:]
    elif kind == "truncate":
        return data[:at]
    else:
        pairs = [n for n, line in enumerate(lines) if KEY_VALUE.match(line)]
        if not pairs:
            return data
        first = draw(st.sampled_from(pairs))
        match = KEY_VALUE.match(lines[first])
        assert match is not None
        if kind == "swap-values":
            second = KEY_VALUE.match(lines[draw(st.sampled_from(pairs))])
            assert second is not None
            lines[first] = match.group(1) + b" " + second.group(2)
        else:
            value = yaml.safe_dump(draw(yaml_values), default_flow_style=True, allow_unicode=True, width=10_000)
            flow = value.removesuffix("\n...\n").strip().replace("\n", " ")
            lines[first] = match.group(1) + b" " + flow.encode("utf-8")
    return b"\n".join(lines)


@st.composite
def mutated_course(draw: st.DrawFn) -> dict[str, bytes]:
    """One to three files of the example course, each edited one to three times."""
    changed: dict[str, bytes] = {}
    for name in draw(st.lists(st.sampled_from(FILES), min_size=1, max_size=3, unique=True)):
        data = ORIGINALS[name]
        for _ in range(draw(st.integers(1, 3))):
            data = draw(mutation(data, name in YAML_FILES))
        changed[name] = data
    return changed


class Workspace:
    """A copy of the example course that each example edits and then puts back, instead of copying again."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(EXAMPLE_COURSE, root)

    @contextmanager
    def apply(self, changed: dict[str, bytes]) -> Iterator[None]:
        for name, data in changed.items():
            (self.root / name).write_bytes(data)
        try:
            yield
        finally:
            for name in changed:
                (self.root / name).write_bytes(ORIGINALS[name])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("fuzz") / "course")


def check_outcome(course: Course | None, report: Report) -> None:
    if course is None:
        assert report.has_errors, "no course and no error: the author would not know why"
    else:
        assert not report.has_errors, "a course is never built from sources with errors"
    for diagnostic in report.diagnostics:
        assert isinstance(diagnostic.file, str) and diagnostic.file, diagnostic
        assert diagnostic.message.strip(), diagnostic
        assert diagnostic.line >= 0, diagnostic
    report.render()
    report.render("github")
    report.render("json")


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(changed=mutated_course())
def test_a_mutated_course_is_a_course_or_a_report(workspace: Workspace, changed: dict[str, bytes]) -> None:
    with workspace.apply(changed):
        course, report = load_course(workspace.root)
        check_outcome(course, report)
    event("outcome: " + ("course with warnings" if course and report.diagnostics else "course" if course else "errors"))


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(changed=mutated_course())
def test_a_mutated_course_the_loader_accepts_packages_cleanly(workspace: Workspace, changed: dict[str, bytes]) -> None:
    """Whatever the loader lets through, the SCORM packager turns into manifests the official XSDs accept
    (a text the loader passed once crashed the per-lesson manifest: a control character)."""
    with workspace.apply(changed):
        course, _ = load_course(workspace.root)
    event("packaged" if course else "rejected by the loader")
    if course is None:
        return
    for language in course.languages:
        for version in ("1.2", "2004"):
            plan, entries = package_entries(course, language, version, 4 if version == "2004" else None,
                                            PackagingMode.PER_LESSON)
            assert package_problems(plan, entries) == [], (language, version)


def test_the_workspace_is_restored_between_examples(workspace: Workspace) -> None:
    """The fuzz test would prove little if a broken file leaked from one example into every next one."""
    with workspace.apply({"course.yaml": b"format: [\n"}):
        assert load_course(workspace.root)[0] is None
    course, report = load_course(workspace.root)
    assert course is not None and not report.diagnostics, report.render()


def _random_mutations(seed: int) -> dict[str, bytes]:
    """Plain random edits, reproducible by seed, for the console-script check (no Hypothesis engine there)."""
    rng = random.Random(seed)
    changed = {}
    for name in rng.sample(FILES, 2):
        data = bytearray(ORIGINALS[name])
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.4:
                data[at:at + rng.randint(0, 3)] = rng.choice(SIGNIFICANT).encode("utf-8")
            elif choice < 0.7:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 3)))
            else:
                del data[at:]
                data += b"\n"
        changed[name] = bytes(data)
    return changed


@pytest.mark.parametrize("seed", range(6))
def test_console_script_never_shows_a_traceback(seed: int, tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(EXAMPLE_COURSE, root)
    changed = _random_mutations(seed)
    for name, data in changed.items():
        (root / name).write_bytes(data)
    result = run_validate(root)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert result.returncode in (0, 1), output
    assert ("failed" if result.returncode else "ok") in output.splitlines()[-1], output
