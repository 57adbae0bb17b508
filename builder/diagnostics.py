"""Problems found in a course, reported to authors in words they understand.

Every check appends a Diagnostic to a Report instead of raising, so that one run
of `coursebuild validate` lists every problem at once.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from builder.wording import counted


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""
    code: str = ""

    def location(self) -> str:
        if not self.file:
            return "course"
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def as_text(self) -> str:
        text = f"{self.location()}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text

    def as_github(self) -> str:
        """A GitHub Actions workflow command; other CI systems read the same form."""
        props = [f"file={_escape_property(self.file)}"] if self.file else []
        if self.line > 0:
            props.append(f"line={self.line}")
        if self.column > 0:
            props.append(f"col={self.column}")
        if self.code:
            props.append(f"title={_escape_property(self.code)}")
        message = self.message + (f" Fix: {self.hint}" if self.hint else "")
        return f"::{self.severity.value} {','.join(props)}::{_escape_data(message)}"

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    """Collects diagnostics; the loader and builders share one per run."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, file: str, line: int, message: str, hint: str = "", *, column: int = 0, code: str = "") -> None:
        self.diagnostics.append(Diagnostic(file, line, column, Severity.ERROR, message, hint, code))

    def warning(self, file: str, line: int, message: str, hint: str = "", *, column: int = 0, code: str = "") -> None:
        self.diagnostics.append(Diagnostic(file, line, column, Severity.WARNING, message, hint, code))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics))

    def render(self, style: str = "text") -> str:
        if style == "github":
            return "\n".join(d.as_github() for d in self.sorted())
        if style == "json":
            return json.dumps([d.as_json() for d in self.sorted()], ensure_ascii=False, indent=2)
        return "\n".join(d.as_text() for d in self.sorted())

    def seen_from(self, course_dir: Path, base: Path) -> Report:
        """The same diagnostics with each file named as seen from `base` (see `display_path`)."""
        return Report([replace(d, file=display_path(d.file, course_dir, base)) for d in self.diagnostics])

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        return f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"


def display_path(file: str, course_dir: Path, base: Path) -> str:
    """`file` (relative to the course folder, or absolute) as a path relative to `base` when it lies inside
    it, else as an absolute path; '' (the course as a whole) stays ''. An absolute `file` stays itself."""
    if not file:
        return file
    # The loader names the course folder itself as it was given (it does not exist, has no course.yaml).
    path = Path(os.path.abspath(course_dir if Path(file) == Path(course_dir) else Path(course_dir, file)))
    try:
        return path.relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        return str(path)


def repository_root(start: Path) -> Path | None:
    """The top folder of the git work tree holding `start` (a `.git` folder, or file in a worktree), if any."""
    start = Path(os.path.abspath(start))
    return next((folder for folder in (start, *start.parents) if (folder / ".git").exists()), None)


class BuildFailed(Exception):
    """Raised by a builder when it cannot produce its output; the report says why."""
