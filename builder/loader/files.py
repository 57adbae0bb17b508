"""Reading source files safely: inside the course folder, regular files only, bounded in size, UTF-8.

Names are looked up in the folder's own listing, never by asking the file system whether a name exists:
macOS and Windows answer yes for `Headset.svg` when the file is `headset.svg` (and macOS for a name in
another Unicode normal form), while the Linux server the package ends up on answers no. Comparing with the
listing gives the same answer everywhere.
"""

from __future__ import annotations

import functools
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from builder.diagnostics import Report

# A real lesson page is a few kilobytes; these bounds only stop pathological input
# (a 50 MB paste, a generated file) before any parser sees it.
MAX_TEXT_BYTES = 1_000_000
MAX_ASSET_BYTES = 5_000_000

_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
# Opening a named pipe for reading waits for a writer, possibly forever; O_NONBLOCK returns at once.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def nfc(name: str) -> str:
    """The one Unicode normal form names are compared in (macOS writes file names decomposed, NFD)."""
    return unicodedata.normalize("NFC", name)


@dataclass(frozen=True)
class Lookup:
    """What a name found in its folder: the entry to read (any kind: file, folder, link), or why not."""

    path: Path | None
    problem: str = ""  # a near miss, in words: a name differing only by letter case, or two look-alike names
    near: str = ""  # the name that nearly matched (letter case), for the fix


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
        """The bytes of a regular file inside the course; None after reporting why not."""
        data, problem = self.read(path, limit, what)
        if problem is not None:
            message, hint, code = problem
            report.error(self.rel(path), 0, message, hint, code=code)
        return data

    def read(self, path: Path, limit: int, what: str) -> tuple[bytes | None, tuple[str, str, str] | None]:
        """(bytes, no problem) for a regular file inside the course of at most `limit` bytes, else (None,
        (message, hint, code)). Nothing else is ever opened: a named pipe would block the reader forever."""
        problem = self.problem_with(path, limit, what)
        if problem is not None:
            return None, problem
        try:
            fd = os.open(path, _OPEN_FLAGS)
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())  # the file itself, in case it was swapped since the check
                if stat.S_ISREG(info.st_mode) and info.st_size <= limit:
                    # One byte more than the size, to notice a file that grew meanwhile (a buffer of the
                    # limit's size, allocated for every file, would cost more than the whole parse).
                    data = handle.read(info.st_size + 1)
                    if len(data) <= info.st_size:
                        return data, None
        except OSError as exc:
            return None, (f"cannot read this {what}: {exc.strerror or exc}",
                          "check that the file can be read (its permissions, or whether it is still being copied)",
                          "unreadable")
        return None, self.problem_with(path, limit, what) or (f"this {what} changed while it was read", "try again",
                                                               "unreadable")

    def problem_with(self, path: Path, limit: int, what: str) -> tuple[str, str, str] | None:
        """(message, hint, code) saying why `path` cannot be read as a source file, or None when it can."""
        rel = self.rel(path)
        if not self.is_inside(path):
            return (f"this {what} is a link to a place outside the course folder",
                    "copy the file into the course folder instead of linking to it", "outside-course")
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                return (f"'{rel}' is a link to '{os.readlink(path)}', which does not exist",
                        "point the link at a file that exists, or replace the link with the file itself",
                        "broken-link")
            return f"the {what} '{rel}' does not exist", "create it, or fix the name", "missing-file"
        except OSError as exc:
            return (f"cannot read this {what}: {exc.strerror or exc}",
                    "replace it with a plain file (a link that loops or a folder you may not open cannot be read)",
                    "unreadable")
        if stat.S_ISDIR(info.st_mode):
            return f"'{rel}' is a folder, but a {what} is expected", "put the file here, not a folder", "not-a-file"
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _SPECIAL_KINDS if test(info.st_mode)), "a special file")
            return (f"'{rel}' is {kind}, not a file; coursebuild reads only regular files",
                    f"replace it with the {what} itself, saved as an ordinary file", "not-a-file")
        if info.st_size > limit:
            return (f"this {what} is {info.st_size:,} bytes; the limit is {limit:,}",
                    "split it into smaller files, or shrink it", "too-large")
        return None

    def lookup(self, path: Path) -> Lookup:
        """Find `path` (below the course folder) by the names its folders list. A name written in another
        Unicode normal form is the same name; a name differing only by letter case is a near miss, refused
        on every file system because it breaks on the servers that tell the two apart."""
        try:
            parts = path.relative_to(self.root).parts
        except ValueError:
            return Lookup(path if os.path.lexists(path) else None)
        current = self.root
        for part in parts:
            names = self._listing(current)
            if names is None:
                return Lookup(None)
            exact, by_form, by_case = names
            twins = by_form.get(nfc(part), ())
            if len(twins) > 1:
                shown = " and ".join(f"'{self.rel(current / twin)}'" for twin in twins)
                return Lookup(None, f"{shown} have the same name written in two Unicode forms (composed and "
                                    "decomposed letters); they look identical, and macOS cannot hold both")
            if part in exact:
                current = current / part
            elif twins:
                current = current / twins[0]
            else:
                near = by_case.get(nfc(part).casefold(), ())
                if near:
                    found = self.rel(current / near[0])
                    return Lookup(None, f"'{found}' exists, but its name differs in letter case; servers "
                                        "(Linux) tell the two apart even where your computer does not", near[0])
                return Lookup(None)
        return Lookup(current)

    def _listing(self, folder: Path) -> tuple[set[str], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] | None:
        """The names in `folder`: as written, grouped by normal form, and grouped by letter case. Once per folder."""
        cache = self._listings
        if folder not in cache:
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                cache[folder] = None
                return None
            by_form: dict[str, tuple[str, ...]] = {}
            by_case: dict[str, tuple[str, ...]] = {}
            for name in names:
                key = nfc(name)
                by_form[key] = (*by_form.get(key, ()), name)
                by_case[key.casefold()] = (*by_case.get(key.casefold(), ()), name)
            cache[folder] = (set(names), by_form, by_case)
        return cache[folder]

    @functools.cached_property
    def _listings(self) -> dict[Path, tuple[set[str], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] | None]:
        return {}

    def is_inside(self, path: Path) -> bool:
        """True when `path`, links followed, stays in the course folder. Folders are checked once each:
        a course has thousands of files in a few hundred folders."""
        try:
            if not path.is_symlink():
                return self._folder_inside(path.parent)
            target = path.resolve()
        except (OSError, RuntimeError):
            return True  # a link that loops leads nowhere, outside or in; reading it reports the loop
        try:
            target.relative_to(self._real_root)
        except ValueError:
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
