"""Reading source files safely: inside the course folder, bounded in size, UTF-8."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from builder.diagnostics import Report

# A real lesson page is a few kilobytes; these bounds only stop pathological input
# (a 50 MB paste, a generated file) before any parser sees it.
MAX_TEXT_BYTES = 1_000_000
MAX_ASSET_BYTES = 5_000_000


@dataclass(frozen=True)
class SourceFolder:
    """The course folder; every path handed out is checked to stay inside it."""

    root: Path

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

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
            return path.read_bytes()
        except FileNotFoundError:
            report.error(rel, 0, f"the {what} '{rel}' does not exist", "create it, or fix the name", code="missing-file")
        except IsADirectoryError:
            report.error(rel, 0, f"'{rel}' is a folder, but a {what} is expected", code="not-a-file")
        except OSError as exc:
            report.error(rel, 0, f"cannot read this {what}: {exc.strerror}", code="unreadable")
        return None

    def is_inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root.resolve())
        except (ValueError, OSError, RuntimeError):
            return False
        return True

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
