"""coursebuild installed from the wheel the project builds, into a fresh virtual environment, used on a
course that lives in another folder: what docs/ci.md tells authors to do in their own repositories.

The wheel is built from a copy of the sources an sdist would hold (pyproject.toml, README, LICENSE,
builder/) with the oldest setuptools that pyproject.toml's [build-system] accepts, so the minimum it
declares is one that works; the fresh environment gets its dependencies from the package index pip is
configured with, pinned by requirements/constraints.txt.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from builder import __version__
from tests.conftest import EXAMPLE_COURSE, ROOT

pytestmark = pytest.mark.slow
TIMEOUT = 900  # installing WeasyPrint and lxml from the index on a busy machine
PACKAGE_DATA = ("templates", "static", "strings", "schemas", "runtime/static", "runtime/templates")


def run(*args: str | Path, cwd: Path, timeout: int = TIMEOUT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            encoding="utf-8", errors="replace", timeout=timeout, check=False)
    assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "builder", source / "builder", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (requirement,) = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    oldest = re.fullmatch(r"setuptools>=(\d+)", requirement)
    assert oldest, requirement
    builder_env = tmp_path_factory.mktemp("build-env")
    venv.EnvBuilder(with_pip=True).create(builder_env)
    python = builder_env / "bin" / "python"
    run(python, "-m", "pip", "install", "--disable-pip-version-check", "-q", f"setuptools=={oldest.group(1)}.*",
        cwd=builder_env)
    dist = tmp_path_factory.mktemp("dist")
    run(python, "-m", "pip", "wheel", "--disable-pip-version-check", "--no-deps", "--no-build-isolation",
        "--wheel-dir", dist, source, cwd=source)
    (built,) = dist.glob("coursebuild-*.whl")
    assert built.name == f"coursebuild-{__version__}-py3-none-any.whl"
    return built


def test_the_wheel_holds_every_file_the_package_reads(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    package = ROOT / "builder"
    expected = {path.relative_to(ROOT).as_posix() for folder in PACKAGE_DATA for path in (package / folder).rglob("*")
                if path.is_file() and "__pycache__" not in path.parts}
    expected |= {path.relative_to(ROOT).as_posix() for path in package.rglob("*.py") if "__pycache__" not in path.parts}
    expected.add("builder/presets.yaml")
    assert expected - names == set()
    assert not {n for n in names if n.startswith(("tests/", "course/", "docs/"))}
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        assert "coursebuild = builder.cli:main" in archive.read(entry_points).decode()


def test_installed_from_the_wheel_it_validates_and_builds_a_course_anywhere(wheel: Path, tmp_path: Path):
    environment = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(environment)
    python, coursebuild = environment / "bin" / "python", environment / "bin" / "coursebuild"
    run(python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-c",
        ROOT / "requirements" / "constraints.txt", wheel, cwd=tmp_path)

    elsewhere = tmp_path / "my-repository"
    shutil.copytree(EXAMPLE_COURSE, elsewhere / "course")
    assert run(coursebuild, "--version", cwd=elsewhere).stdout.strip() == f"coursebuild, version {__version__}"
    where = run(python, "-c", "import builder; print(builder.__file__)", cwd=elsewhere).stdout.strip()
    assert Path(where).is_relative_to(environment), where  # the installed copy, not this checkout

    checked = run(coursebuild, "validate", "course", "--strict", cwd=elsewhere)
    assert "course: ok, 2 lessons" in checked.stderr, checked.stderr
    run(coursebuild, "build", "course", "-o", "output", "-f", "scorm12", "-f", "scorm2004", "--mode", "per-lesson",
        cwd=elsewhere)
    run(coursebuild, "build", "course", "-o", "output", "-f", "handbook", "--lang", "en", "--edition", "participant",
        cwd=elsewhere)
    outputs = sorted(p.name for p in (elsewhere / "output").iterdir())
    assert outputs == ["phone-basics-1.2.0-en-participant.pdf",
                       *(f"phone-basics-1.2.0-{lang}-{fmt}-per-lesson.zip" for lang in ("en", "zh-Hant")
                         for fmt in ("scorm12", "scorm2004-4th"))], outputs
    with zipfile.ZipFile(elsewhere / "output" / "phone-basics-1.2.0-en-scorm2004-4th-per-lesson.zip") as package:
        names = set(package.namelist())
    assert {"imsmanifest.xml", "player/player.js", "data/course.js", "imscp_v1p1.xsd"} <= names
    assert (elsewhere / "output" / "phone-basics-1.2.0-en-participant.pdf").read_bytes().startswith(b"%PDF-")

    run(coursebuild, "new", "second-course", "--lang", "en", cwd=elsewhere)  # the scaffold's templates
    run(coursebuild, "validate", "second-course", cwd=elsewhere)
