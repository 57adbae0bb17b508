"""Deterministic, all-or-nothing output.

Builders write into a staging folder beside the destination; only when every
builder has succeeded are the outputs (files, or folders of files) renamed into
place, so a failed or killed build leaves earlier outputs as they were. Zips get
fixed timestamps, sorted entries and fixed permissions so the same sources give
the same bytes. `MemoryStaging` keeps what builders write in memory instead (the
preview runs builders into one).

A build killed outright (SIGKILL, the out-of-memory killer, a power cut) cannot remove
its stage. The stage's name says who owns it (machine, boot, process id and the
process's start time), and the next build into the same folder removes the stages
whose owner is gone; a stage that may still be in use is never touched.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import socket
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol

# 1980-01-01 is the earliest time a zip entry can hold.
ZIP_EPOCH = 315532800
# In every folder output: a later build replaces a folder only when it finds this in it, never someone's own folder.
FOLDER_MARK = ".coursebuild-output"
FOLDER_MARK_TEXT = "This folder was written by coursebuild; the next build into the folder above replaces it whole.\n"
STAGE_PREFIX = ".coursebuild-staging-"
# {machine}-{boot}-{pid}-{start}-{mkdtemp's random part}
_STAGE_NAME = re.compile(rf"^{re.escape(STAGE_PREFIX)}([0-9a-f]{{8}})-([0-9a-f]{{8}})-(\d+)-(\d+)-[a-z0-9_]+$")


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the zip epoch: never the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    try:
        return max(int(value), ZIP_EPOCH)
    except ValueError:
        return ZIP_EPOCH


@dataclass(frozen=True)
class Output:
    format: str
    language: str
    name: str  # file name inside the output folder
    size: int
    sha256: str
    description: str = ""
    folder: bool = False  # a folder of files (its size: of the files; its sha256: folder_digest)


class Stage(Protocol):
    """Where a builder writes its outputs: a Staging on disk, or a MemoryStaging."""

    def write_zip(self, fmt: str, language: str, name: str, entries: Iterable[tuple[str, bytes]],
                  description: str = "") -> Output: ...

    def write_folder(self, fmt: str, language: str, name: str, entries: Iterable[tuple[str, bytes]],
                     description: str = "") -> Output: ...

    def write_bytes(self, fmt: str, language: str, name: str, data: bytes, description: str = "") -> Output: ...


@dataclass
class Staging:
    """A private folder on the destination's file system where a build writes its files."""

    destination: Path
    folder: Path = field(init=False)
    outputs: list[Output] = field(default_factory=list)
    # Called with each output as soon as it is staged, so a long build can show its progress.
    on_output: Callable[[Output], None] | None = None
    swept: list[Path] = field(init=False, default_factory=list)  # stale stages of killed builds, removed

    def __post_init__(self) -> None:
        self.destination.mkdir(parents=True, exist_ok=True)
        self.swept = sweep_stale_stages(self.destination)
        self.folder = Path(tempfile.mkdtemp(prefix=stage_prefix(), dir=self.destination))

    def path(self, name: str) -> Path:
        """Where a builder may write `name` itself (e.g. WeasyPrint); call `record` afterwards."""
        return self.folder / name

    def write_bytes(self, fmt: str, language: str, name: str, data: bytes, description: str = "") -> Output:
        path = self.path(name)
        path.write_bytes(data)
        return self.record(fmt, language, name, description)

    def write_zip(self, fmt: str, language: str, name: str, entries: Iterable[tuple[str, bytes]],
                  description: str = "") -> Output:
        write_deterministic_zip(self.path(name), entries)
        return self.record(fmt, language, name, description)

    def write_folder(self, fmt: str, language: str, name: str, entries: Iterable[tuple[str, bytes]],
                     description: str = "") -> Output:
        """A folder of files (relative paths with '/'), placed as one output like a zip."""
        items = _checked_entries(entries)
        root = self.path(name)
        for relative, data in [*items, (FOLDER_MARK, FOLDER_MARK_TEXT.encode())]:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            target.chmod(0o644)
        return self._add(Output(fmt, language, name, sum(len(data) for _, data in items), folder_digest(items),
                                description, folder=True))

    def record(self, fmt: str, language: str, name: str, description: str = "") -> Output:
        data = self.path(name).read_bytes()
        return self._add(Output(fmt, language, name, len(data), hashlib.sha256(data).hexdigest(), description))

    def _add(self, output: Output) -> Output:
        if any(o.name == output.name for o in self.outputs):
            raise ValueError(f"two outputs are both named {output.name}")
        self.outputs.append(output)
        if self.on_output is not None:
            self.on_output(output)
        return output

    def commit(self) -> list[Path]:
        """Move every staged file into the destination, or none: if one move fails, undo the earlier ones.

        Each rename is atomic, but a build places several files. An output that replaces an older file
        first gets a hard link to the old one inside the stage, so a failed move can be undone by putting
        the old files back and removing the new ones. The stage is removed in every case.
        """
        previous = self.folder / ".previous"
        placed: list[tuple[Path, Path | None]] = []  # (target, the old file kept aside, if there was one)
        try:
            previous.mkdir()
            for output in self.outputs:
                target = self.destination / output.name
                kept = _keep_aside(target, previous / output.name, output.folder)
                os.replace(self.path(output.name), target)
                placed.append((target, kept))
        except OSError:
            _undo(placed)
            raise
        finally:
            self.discard()
        return [target for target, _ in placed]

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _machine() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _boot() -> str:
    """This boot of the machine (Linux); '0' * 8 where the system does not say."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip().replace("-", "")[:8] or "0" * 8
    except OSError:
        return "0" * 8


def _process(pid: int) -> tuple[int, bool] | None:
    """(start time in clock ticks since boot, alive) of a process, from /proc; None if it does not exist.
    A zombie (killed, not yet reaped) counts as not alive."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # the command name in parentheses may hold spaces
    return int(fields[19]), fields[0] not in ("Z", "X")


def stage_prefix(pid: int | None = None) -> str:
    """The start of the name of a stage owned by process `pid` (default: this one)."""
    pid = os.getpid() if pid is None else pid
    try:
        start = (_process(pid) or (0, True))[0]
    except (OSError, ValueError, IndexError):  # no /proc (macOS, Windows): the pid alone
        start = 0
    return f"{STAGE_PREFIX}{_machine()}-{_boot()}-{pid}-{start}-"


def stage_is_stale(name: str) -> bool:
    """Whether the build that made this stage is surely gone. Anything unsure keeps the stage: a stage
    of another machine (a shared network folder), of an older coursebuild, or of a process that may live."""
    match = _STAGE_NAME.match(name)
    if not match or match.group(1) != _machine():
        return False
    if match.group(2) != _boot():
        return True  # made before this machine last started
    return not _owner_alive(int(match.group(3)), int(match.group(4)))


def _owner_alive(pid: int, start: int) -> bool:
    if not Path("/proc/self/stat").exists():  # no /proc (macOS, Windows): whether the pid exists at all
        return _pid_exists(pid)
    try:
        process = _process(pid)
    except (OSError, ValueError, IndexError):  # unreadable: assume it lives
        return True
    if process is None:
        return False
    started, alive = process
    return alive and (start == 0 or started == start)  # a later process reusing the pid is not the owner


def _pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True


def sweep_stale_stages(destination: Path) -> list[Path]:
    """Remove the stages in `destination` left by builds that were killed; returns what was removed."""
    swept = []
    for entry in sorted(destination.glob(STAGE_PREFIX + "*")):
        if entry.is_dir() and not entry.is_symlink() and stage_is_stale(entry.name):
            shutil.rmtree(entry, ignore_errors=True)
            swept.append(entry)
    return swept


def _keep_aside(target: Path, aside: Path, folder: bool) -> Path | None:
    """An older output in the way, kept where the undo finds it: a file as a second link (it stays in place until
    the new one replaces it), an older folder output moved aside (a rename cannot replace a folder that holds
    files). A folder coursebuild did not write is never moved: the move into place fails on it."""
    if target.is_dir() and not target.is_symlink():
        if not folder:
            return None  # a file cannot replace it: os.replace says "Is a directory"
        if not (target / FOLDER_MARK).is_file():
            raise FileExistsError(errno.EEXIST, "a folder coursebuild did not write is in the way", str(target))
        os.replace(target, aside)
        return aside
    if not target.is_file():
        return None
    try:
        os.link(target, aside)
    except OSError:  # a file system without hard links (FAT, some network shares)
        shutil.copy2(target, aside)
    return aside


def _undo(placed: list[tuple[Path, Path | None]]) -> None:
    """Best effort: the destination may have just become unwritable, which is why we are undoing. Only what this
    build placed is here."""
    for target, kept in reversed(placed):
        try:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            if kept is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(kept, target)
        except OSError:
            pass


def _checked_entries(entries: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The entries sorted by path; refuses two of one path and a path that leaves the folder."""
    items = sorted(entries, key=lambda item: item[0])
    names = [name for name, _ in items]
    if len(set(names)) != len(names):
        raise ValueError("a folder cannot hold two files of the same name")
    for name in names:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise ValueError(f"{name!r} is not a path inside the output")
    return items


def folder_digest(items: Iterable[tuple[str, bytes]]) -> str:
    """A folder output's sha256: of each file's path and sha256, one line each, in path order."""
    lines = "".join(f"{name}\0{hashlib.sha256(data).hexdigest()}\n" for name, data in sorted(items))
    return hashlib.sha256(lines.encode()).hexdigest()


@dataclass
class MemoryStaging:
    """A stage in memory: builders write into it as into a Staging, and what they wrote stays here, each output's
    files by path (a zip's entries, a folder's files, or a file itself under its own name). Nothing is placed."""

    outputs: list[Output] = field(default_factory=list)
    files: dict[str, Mapping[str, bytes]] = field(default_factory=dict)  # output name -> its files

    def write_zip(self, fmt: str, language: str, name: str, entries: Iterable[tuple[str, bytes]],
                  description: str = "") -> Output:
        return self._keep(fmt, language, name, _checked_entries(entries), description, folder=False)

    def write_folder(self, fmt: str, language: str, name: str, entries: Iterable[tuple[str, bytes]],
                     description: str = "") -> Output:
        return self._keep(fmt, language, name, _checked_entries(entries), description, folder=True)

    def write_bytes(self, fmt: str, language: str, name: str, data: bytes, description: str = "") -> Output:
        return self._keep(fmt, language, name, [(name, data)], description, folder=False)

    def _keep(self, fmt: str, language: str, name: str, items: list[tuple[str, bytes]], description: str,
              folder: bool) -> Output:
        """Its sha256 is folder_digest of its files, whatever its kind: nothing is zipped here."""
        if name in self.files:
            raise ValueError(f"two outputs are both named {name}")
        self.files[name] = dict(items)
        output = Output(fmt, language, name, sum(len(data) for _, data in items), folder_digest(items), description,
                        folder=folder)
        self.outputs.append(output)
        return output


def write_deterministic_zip(path: Path, entries: Iterable[tuple[str, bytes]]) -> None:
    stamp = time.gmtime(source_date_epoch())[:6]
    items = sorted(entries, key=lambda item: item[0])
    names = [name for name, _ in items]
    if len(set(names)) != len(names):
        raise ValueError("a zip cannot hold two files of the same name")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.create_system = 3  # Unix, so the permission bits are read
            archive.writestr(info, data, compresslevel=9)
