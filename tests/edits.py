"""Small, checked edits to a copy of the example course, shared by the tests that break courses on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from builder.loader import load_course
from builder.structure import Course
from tests.conftest import EXAMPLE_COURSE, ROOT

COURSEBUILD = ROOT / ".venv" / "bin" / "coursebuild"

LESSON = "lessons/01-greeting/lesson.yaml"
QUIZ = "lessons/01-greeting/quiz.yaml"
PAGE = "lessons/01-greeting/pages/01-first-words.en.md"
PAGE_ZH = "lessons/01-greeting/pages/01-first-words.zh-Hant.md"
JOB_AID = "lessons/01-greeting/job-aid.en.md"
INTRO = "introduction.en.md"
GLOSSARY = "glossary.yaml"
COURSE = "course.yaml"
ASSETS = "lessons/01-greeting/assets"


def replace(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    """Replace text in a source file; fails loudly when the text is not there, so a case never tests nothing."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(root: Path, rel: str, fragment: str, *, last: bool = False) -> int:
    """The 1-based line of `fragment` in the edited file: expected positions follow the file, not a guess."""
    lines = [n for n, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), start=1)
             if fragment in line]
    assert lines, f"test setup: {fragment!r} not in {rel}"
    return lines[-1] if last else lines[0]


def write(root: Path, rel: str, data: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def source_files(root: Path) -> list[Path]:
    """Every text source of the course (YAML and Markdown), in a stable order."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".md"))


def run_validate(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as an author runs it; NO_COLOR keeps the output plain for matching."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([str(COURSEBUILD), "validate", str(course)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=env, timeout=120, check=False)


def example_with_page_text(folder: Path, added: dict[str, str]) -> Course:
    """A copy of the example course in `folder`, with text appended to its first page in each language given,
    loaded (the load must succeed)."""
    course_dir = folder / "course"
    shutil.copytree(EXAMPLE_COURSE, course_dir)
    for language, text in added.items():
        page = course_dir / PAGE.replace(".en.md", f".{language}.md")
        page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")
    course, report = load_course(course_dir)
    assert course is not None, report.render()
    return course
