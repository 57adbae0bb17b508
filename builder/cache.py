"""The build cache: outputs kept by a key of everything they were made from, so an unchanged output is not rebuilt.

A key (`output_key`) is a sha256 over: the builder's name and its options' values, the model as seen in the
languages the output reads (every Text cut down to them, everything else whole: assets' bytes, settings, ids,
source locations), whatever else the builder says it reads (the handbook: its font files), and the environment:
coursebuild's version, every file of the coursebuild package (code, templates, static files, strings), the
versions of the libraries that shape the bytes, Python's version and SOURCE_DATE_EPOCH.

An entry is a folder named by its key holding the outputs' files and `manifest.json` (the key again, each
file's sha256, each output's record, the warnings its build reported, so a hit reports them too). It is
written in a private folder and renamed into place, so two builds sharing a cache never see half an entry;
whichever renames first wins and the other's copy is dropped. An entry whose manifest is unreadable, names
another key, or whose files do not match their sha256 is ignored with a warning and rebuilt, never trusted.
After a build the least recently used entries are removed until the cache is under its size bound.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import builder
from builder.diagnostics import Diagnostic, Report, Severity
from builder.structure.text import Text
from builder.writer import FOLDER_MARK, Output, Staging, folder_digest, source_date_epoch

CACHE_FORMAT = 1
MANIFEST = "manifest.json"
HINTS = "hints"
DEFAULT_LIMIT_MB = 500
# The distributions whose versions shape an output's bytes; a different version of any is a different key.
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pillow", "lxml",
             "jinja2", "markupsafe", "cmarkgfm", "nh3", "pyyaml", "pyicu-wheels", "lark")
PACKAGE = Path(builder.__file__).resolve().parent


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/coursebuild, else ~/.cache/coursebuild: outside the course and the output folder, so a
    published output folder never carries it and removing the outputs keeps it."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coursebuild"


# ---------------------------------------------------------------------------------------------------- keys


def library_versions() -> dict[str, str]:
    """The installed version of each library in LIBRARIES ('-' when absent)."""
    return {name: _version(name) for name in LIBRARIES}


@cache
def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@cache
def package_digest() -> str:
    """Every file of the coursebuild package (code, templates, static files, strings, schemas), by path and content."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(PACKAGE).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def environment() -> dict[str, object]:
    return {
        "cache": CACHE_FORMAT,
        "coursebuild": builder.__version__,
        "package": package_digest(),
        "python": list(sys.version_info[:3]),
        "libraries": library_versions(),
        "source_date_epoch": source_date_epoch(),
    }


def model_digest(value: object, languages: Iterable[str]) -> str:
    """A digest of a part of the model as read in `languages`: a Text counts only its texts in them. The same
    course read in the same languages is digested once per process (the builders of one build share it)."""
    wanted = frozenset(languages)
    memo_key = (id(value), wanted)
    known = _digests.get(memo_key)
    if known is not None and known[0] is value:
        return known[1]
    chunks: list[bytes] = []
    _encode(value, wanted, chunks.append)
    digest = hashlib.sha256(b"".join(chunks)).hexdigest()
    if dataclasses.is_dataclass(value):
        if any(kept is not value for kept, _ in _digests.values()):
            _digests.clear()  # another course (the next build in a long-lived process): keep one course only
        _digests[memo_key] = (value, digest)  # the value is kept, so its id cannot be reused meanwhile
    return digest


_digests: dict[tuple[int, frozenset[str]], tuple[object, str]] = {}


def _encode(value: object, languages: frozenset[str], out: Callable[[bytes], None]) -> None:
    """Each value with a tag and, for containers, a length, so that no two different values give the same bytes."""
    kind = type(value)
    if kind is str:
        data = value.encode("utf-8", "surrogatepass")  # type: ignore[attr-defined]
        out(b"s%d;" % len(data))
        out(data)
    elif kind is Text:
        items = [(language, text) for language, text in value.items() if language in languages]  # type: ignore[attr-defined]
        out(b"T%d;" % len(items))
        for language, text in items:
            _encode(language, languages, out)
            _encode(text, languages, out)
    elif kind is tuple or kind is list:
        out(b"L%d;" % len(value))  # type: ignore[arg-type]
        for item in value:  # type: ignore[attr-defined]
            _encode(item, languages, out)
    elif value is None or kind is bool:
        out(b"N;" if value is None else b"B%d;" % value)
    elif isinstance(value, enum.Enum):
        out(f"E{kind.__name__}.{value.name};".encode())
    elif kind is int or kind is float:
        out(f"{kind.__name__}{value!r};".encode())
    elif kind is bytes:
        out(b"b%d;" % len(value))  # type: ignore[arg-type]
        out(value)  # type: ignore[arg-type]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _field_names(kind)
        out(f"D{kind.__name__}{len(names)};".encode())
        for name in names:
            out(name.encode() + b"=")
            _encode(getattr(value, name), languages, out)
    elif isinstance(value, Mapping):
        out(b"M%d;" % len(value))
        for key in sorted(value, key=repr):
            _encode(key, languages, out)
            _encode(value[key], languages, out)
    elif isinstance(value, (set, frozenset)):
        parts = sorted(model_digest(item, languages) for item in value)
        out(b"S%d;" % len(parts))
        out("".join(parts).encode())
    elif isinstance(value, str):  # a subclass of str
        _encode(str(value), languages, out)
    else:  # a new kind of value in the model must be taught here, not silently left out of the key
        raise TypeError(f"the build cache cannot digest a {kind.__name__}")


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(item.name for item in dataclasses.fields(kind))


def output_key(parts: Mapping[str, object]) -> str:
    """The key of an output from what it depends on (already reduced to plain values and digests)."""
    text = json.dumps({**parts, "environment": environment()}, sort_keys=True, default=repr, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Entry:
    key: str
    folder: Path
    outputs: tuple[Output, ...]
    diagnostics: tuple[Diagnostic, ...]


class BuildCache:
    """A cache folder that builds may share. `report` takes the warnings about entries that cannot be trusted."""

    def __init__(self, root: Path, report: Report, limit_bytes: int = DEFAULT_LIMIT_MB * 1024 * 1024) -> None:
        self.root = root.absolute()
        self.report = report
        self.limit_bytes = limit_bytes
        self.hits: list[str] = []
        self.misses: list[str] = []
        self.unwritable = False  # said once per build

    @property
    def entries(self) -> Path:
        return self.root / f"v{CACHE_FORMAT}"

    def restore(self, key: str, staging: Staging) -> list[Output] | None:
        """The entry's outputs copied into `staging` and its warnings reported again; None on a miss."""
        entry = self.lookup(key)
        if entry is None:
            self.misses.append(key)
            return None
        placed = []
        for output in entry.outputs:
            placed.append(staging.place_copy(dataclasses.replace(output, cached=True), entry.folder / "files" /
                                             output.name))
        for diagnostic in entry.diagnostics:
            self.report.diagnostics.append(diagnostic)
        _touch(entry.folder / MANIFEST)
        self.hits.append(key)
        return placed

    def lookup(self, key: str) -> Entry | None:
        """The entry of `key` if it is there and whole; a damaged or foreign one is reported and left unused."""
        folder = self.entries / key
        manifest_path = folder / MANIFEST
        if not manifest_path.is_file():
            return None
        try:
            manifest = json.loads(manifest_path.read_text("utf-8"))
            entry = self._entry(key, folder, manifest)
        except FileNotFoundError:  # removed by another build's eviction while we read it: a plain miss
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self._distrust(folder, str(exc) or type(exc).__name__)
            return None
        return entry

    def _entry(self, key: str, folder: Path, manifest: dict) -> Entry:
        if manifest.get("cache") != "coursebuild" or manifest.get("format") != CACHE_FORMAT:
            raise ValueError("it was not written by this coursebuild cache")
        if manifest.get("key") != key:
            raise ValueError(f"its manifest is for another key ({str(manifest.get('key'))[:12]}…)")
        files = folder / "files"
        outputs = []
        for record in manifest["outputs"]:
            stored: dict[str, str] = record["files"]
            items = []
            for relative, expected in sorted(stored.items()):
                path = files / relative
                if not path.resolve().is_relative_to(files.resolve()) or path.is_symlink():
                    raise ValueError(f"{relative} is not a file of the entry")
                data = path.read_bytes()
                if hashlib.sha256(data).hexdigest() != expected:
                    raise ValueError(f"{relative} does not match its sha256")
                items.append((_inside(relative, record["name"]), data))
            output = Output(record["format"], record["language"], record["name"], record["size"], record["sha256"],
                            record["description"], folder=record["folder"])
            actual = folder_digest(items) if output.folder else (hashlib.sha256(items[0][1]).hexdigest()
                                                                 if len(items) == 1 else "")
            if actual != output.sha256:
                raise ValueError(f"{output.name} does not match the output's sha256")
            outputs.append(output)
        diagnostics = tuple(Diagnostic(d["file"], d["line"], d["column"], Severity(d["severity"]), d["message"],
                                       d["hint"], d["code"]) for d in manifest["diagnostics"])
        return Entry(key, folder, tuple(outputs), diagnostics)

    def _distrust(self, folder: Path, why: str) -> None:
        self.report.warning(str(folder), 0, f"a build cache entry cannot be trusted ({why}); it was not used, and "
                            "the output is built afresh", "nothing to do: the new build replaces the entry; if this "
                            "happens often, check the disk of the cache folder (--cache-dir)", code="cache-entry-bad")
        _remove(folder, self.entries)

    def store(self, key: str, outputs: Iterable[Output], staging: Staging, diagnostics: Iterable[Diagnostic]) -> None:
        """Keep what one key's build staged. Best effort: a cache that cannot be written costs speed, not the build."""
        outputs = list(outputs)
        if not outputs or any(d.severity is Severity.ERROR for d in diagnostics):
            return
        try:
            self.entries.mkdir(parents=True, exist_ok=True)
            temporary = Path(tempfile.mkdtemp(prefix=".new-", dir=self.entries))
        except OSError as exc:
            self._unwritable(exc)
            return
        try:
            records = [self._copy_in(output, staging, temporary / "files") for output in outputs]
            manifest = {"cache": "coursebuild", "format": CACHE_FORMAT, "key": key, "outputs": records,
                        "diagnostics": [d.as_json() for d in diagnostics]}
            (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
            target = self.entries / key
            if target.exists():  # damaged (it missed) or written meanwhile by a build sharing the cache
                _remove(target, self.entries)
            os.rename(temporary, target)
        except OSError as exc:
            if not (self.entries / key / MANIFEST).is_file():  # losing a race to another build is no problem
                self._unwritable(exc)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)

    # Hints: what a previous build learnt that may save work in the next (the handbook's page numbers), never an
    # output. A builder checks a hint against what it computes and uses it only when they agree, so a stale,
    # foreign or damaged hint costs time, never a wrong byte; it is read and written without a word.

    def hint(self, name: str) -> object:
        """The value kept under `name` by an earlier build; None when there is none or it cannot be read."""
        try:
            stored = json.loads((self.root / HINTS / _hint_file(name)).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return stored.get("value") if isinstance(stored, dict) and stored.get("name") == name else None

    def keep_hint(self, name: str, value: object) -> None:
        """Keep a JSON value under `name` for the next build, replacing the one there."""
        folder = self.root / HINTS
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".new-", dir=folder)
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump({"name": name, "value": value}, file, sort_keys=True)
            os.replace(temporary, folder / _hint_file(name))
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def _copy_in(self, output: Output, staging: Staging, files: Path) -> dict[str, object]:
        source = staging.path(output.name)
        target = files / output.name
        target.parent.mkdir(parents=True, exist_ok=True)
        stored: dict[str, str] = {}
        if output.folder:
            for path in sorted(source.rglob("*")):
                relative = path.relative_to(source).as_posix()
                if path.is_file() and relative != FOLDER_MARK:
                    (target / relative).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target / relative)
                    stored[f"{output.name}/{relative}"] = _sha256(path)
        else:
            shutil.copyfile(source, target)
            stored[output.name] = _sha256(target)
        return {"format": output.format, "language": output.language, "name": output.name, "size": output.size,
                "sha256": output.sha256, "description": output.description, "folder": output.folder,
                "files": stored}

    def _unwritable(self, exc: OSError) -> None:
        if self.unwritable:
            return
        self.unwritable = True
        self.report.warning(str(self.root), 0, f"the build cache cannot be written: {exc.strerror or exc}; the "
                            "outputs are built and placed as usual, but the next build cannot reuse them",
                            "make the cache folder writable, choose another with --cache-dir, or pass --no-cache",
                            code="cache-unwritable")

    def evict(self) -> list[str]:
        """Remove the least recently used entries until the cache is under its bound; returns the removed keys."""
        if not self.entries.is_dir():
            return []
        sized = []
        for folder in self.entries.iterdir():
            if folder.name.startswith("."):
                if _age(folder) > 3600:  # left by a build killed while storing or removing
                    shutil.rmtree(folder, ignore_errors=True)
                continue
            try:
                used = (folder / MANIFEST).stat().st_mtime
            except OSError:
                used = 0.0
            sized.append((used, folder.name, _tree_size(folder)))
        total = sum(size for _, _, size in sized)
        removed = []
        for _, name, size in sorted(sized):
            if total <= self.limit_bytes:
                break
            _remove(self.entries / name, self.entries)
            total -= size
            removed.append(name)
        return removed


def _hint_file(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:32] + ".json"


def _inside(relative: str, name: str) -> str:
    """A stored file's path inside its output (a folder output's files are stored under the output's name)."""
    return relative[len(name) + 1:] if relative.startswith(name + "/") else relative


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _touch(path: Path) -> None:
    """The manifest's modification time is the entry's last use (access times are often not kept: noatime)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _tree_size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
        except OSError:
            pass
    return total


def _remove(folder: Path, entries: Path) -> None:
    """Rename first, then delete: a build reading the entry meanwhile finds it whole or not at all."""
    try:
        doomed = Path(tempfile.mkdtemp(prefix=".old-", dir=entries))
    except OSError:
        return
    with contextlib.suppress(OSError):  # gone already: another build removed it
        os.rename(folder, doomed / "entry")
    shutil.rmtree(doomed, ignore_errors=True)
