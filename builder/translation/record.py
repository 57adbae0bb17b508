"""The translation record: which source text each translation was made from.

`.coursebuild/translations.tsv` in the course folder, one line per translated text and language, sorted, so
that it diffs well in git:

    lessons/01-greeting/quiz.yaml#questions.greet-q-single.prompt<TAB>en<TAB>3f2a9c1d0b7e<TAB>2026-12-02<TAB>current

unit key, target language, a hash of the source-language text the translation was made from, the day the line
was written, and `current` (reviewed) or `draft` (machine-converted, waiting for review). `translate import`,
`translate convert` and `translate mark-current` write it; `validate` compares it with the sources. A course
without the file is not tracked.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

RECORD = Path(".coursebuild") / "translations.tsv"
HEADER = ("# coursebuild translation record: unit, language, hash of the source text translated, date, state.\n"
          "# Written by 'coursebuild translate import / convert / mark-current'; read by 'coursebuild validate'.\n")
CURRENT, DRAFT = "current", "draft"


@dataclass(frozen=True)
class Entry:
    source_hash: str
    date: str
    state: str = CURRENT


Record = dict[tuple[str, str], Entry]  # (unit key, language) -> entry


def record_path(root: Path) -> Path:
    return root / RECORD


def load(root: Path) -> Record | None:
    """The record, or None when the course does not track its translations."""
    path = record_path(root)
    if not path.is_file():
        return None
    entries: Record = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 4:
            continue
        state = fields[4] if len(fields) > 4 and fields[4] in (CURRENT, DRAFT) else CURRENT
        entries[(fields[0], fields[1])] = Entry(fields[2], fields[3], state)
    return entries


def render(entries: Record) -> str:
    lines = [f"{key}\t{lang}\t{e.source_hash}\t{e.date}\t{e.state}\n" for (key, lang), e in sorted(entries.items())]
    return HEADER + "".join(lines)


def today() -> str:
    """The record's date; SOURCE_DATE_EPOCH fixes it for reproducible tests."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch and epoch.isdigit() else \
        datetime.datetime.now(datetime.UTC)
    return moment.date().isoformat()


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def changed_on(path: Path) -> str:
    """When a source file last changed: its last commit's date when git knows the file and it has no
    uncommitted changes, else the file's modification date."""
    try:
        folder = str(path.parent)
        status = subprocess.run(["git", "status", "--porcelain", "--", path.name], cwd=folder, capture_output=True,
                                text=True, timeout=10, check=False)
        if status.returncode == 0 and not status.stdout.strip():
            log = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path.name], cwd=folder,
                                 capture_output=True, text=True, timeout=10, check=False)
            if log.returncode == 0 and log.stdout.strip():
                return log.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC).date().isoformat()
    except OSError:
        return "an unknown date"
