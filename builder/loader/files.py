"""Reading source files safely: inside the course folder, bounded in size, UTF-8."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from builder.diagnostics import Report

# A real lesson page is a few kilobytes; these bounds only stop pathological input
# (a 50 MB paste, a generated file) before any parser sees it.
MAX_TEXT_BYTES = 1_000_000
MAX_ASSET_BYTES = 5_000_000


@dataclass
class SourceFolder:
    """The course folder; every path handed out is checked to stay inside it."""

    root: Path

    def rel(self, path: Path) -> str:
        """The path as the author sees it: relative to the course folder, with forward slashes."""
        text, prefix = str(path), self._prefix
        return text[len(prefix):].replace(os.sep, "/") if text.startswith(prefix) else path.as_posix()

    @functools.cached_property
    def _prefix(self) -> str:
        return str(self.root) + os.sep

    def read_text(self, path: Path, report: Report, *, what: str = "file") -> str | None:
        """The file's text with BOM and CRLF normalised, or None after reporting why not."""
        data = self.read_bytes(path, report, limit=MAX_TEXT_BYTES, what=what)
        if data is None:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            report.error(
                self.rel(path), line,
                f"this {what} is not UTF-8 text (byte 0x{data[exc.start]:02x} at byte {exc.start})",
                "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
                code="not-utf8",
            )
            return None
        return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    def read_bytes(self, path: Path, report: Report, *, limit: int, what: str = "file") -> bytes | None:
        try:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size <= limit and self.is_inside(path):
                    return handle.read()
        except OSError:
            pass  # reported below with the reason
        return self._report_unreadable(path, report, limit, what)

    def _report_unreadable(self, path: Path, report: Report, limit: int, what: str) -> None:
        rel = self.rel(path)
        if not self.is_inside(path):
            report.error(rel, 0, f"this {what} is a link to a place outside the course folder",
                         "copy the file into the course folder instead of linking to it", code="outside-course")
            return None
        try:
            size = path.stat().st_size
            if size > limit:
                report.error(rel, 0, f"this {what} is {size:,} bytes; the limit is {limit:,}",
                             "split it into smaller files, or shrink it", code="too-large")
                return None
            path.read_bytes()
            report.error(rel, 0, f"cannot read this {what}", code="unreadable")
        except FileNotFoundError:
            report.error(rel, 0, f"the {what} '{rel}' does not exist", "create it, or fix the name", code="missing-file")
        except IsADirectoryError:
            report.error(rel, 0, f"'{rel}' is a folder, but a {what} is expected", code="not-a-file")
        except OSError as exc:
            report.error(rel, 0, f"cannot read this {what}: {exc.strerror}", code="unreadable")
        return None

    def is_inside(self, path: Path) -> bool:
        """True when `path`, links followed, stays in the course folder. Folders are checked once each:
        a course has thousands of files in a few hundred folders."""
        try:
            if not path.is_symlink():
                return self._folder_inside(path.parent)
            path.resolve().relative_to(self._real_root)
        except (ValueError, OSError, RuntimeError):
            return False
        return True

    @functools.cached_property
    def _real_root(self) -> Path:
        return self.root.resolve()

    def _folder_inside(self, folder: Path) -> bool:
        known = self._folders.get(folder)
        if known is None:
            try:
                folder.resolve().relative_to(self._real_root)
                known = True
            except (ValueError, OSError, RuntimeError):
                known = False
            self._folders[folder] = known
        return known

    @functools.cached_property
    def _folders(self) -> dict[Path, bool]:
        return {}

    def resolve_reference(self, base: Path, reference: str) -> tuple[Path | None, str]:
        """Resolve a relative path written in a source file; (None, reason) when it is not allowed."""
        if not reference:
            return None, "the path is empty"
        if "\\" in reference:
            return None, "use forward slashes (/) in paths"
        posix = PurePosixPath(reference)
        if posix.is_absolute() or (len(reference) > 1 and reference[1] == ":"):
            return None, "the path is absolute; write it relative to the file that uses it"
        if ".." in posix.parts:
            return None, "the path goes up with '..'; keep assets inside the lesson folder"
        target = base / Path(*posix.parts)
        if not self.is_inside(target):
            return None, "the path leads outside the course folder (through a link)"
        return target, ""
