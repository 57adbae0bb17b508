"""Outputs that are folders of files are staged and placed like files, all or none; a stage in memory keeps what
builders write (the preview)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.writer import FOLDER_MARK, MemoryStaging, Staging, folder_digest

SITE = [("index.html", b"<!DOCTYPE html>"), ("en/index.html", b"en"), ("en/player/player.js", b"js")]


def test_a_folder_output_replaces_the_older_one_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    staging = Staging(out)
    staging.write_folder("web", "", "site", [("old/stale.html", b"old")])
    staging.commit()
    staging = Staging(out)
    output = staging.write_folder("web", "", "site", SITE)
    assert output.size == sum(len(data) for _, data in SITE) and output.sha256 == folder_digest(SITE)
    assert output.folder
    staging.commit()
    files = sorted(p.relative_to(out / "site").as_posix() for p in (out / "site").rglob("*") if p.is_file())
    assert files == sorted([FOLDER_MARK, *(name for name, _ in SITE)])  # the old folder's files are gone with it
    assert (out / "site" / "en" / "player" / "player.js").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in out.iterdir()] == ["site"]  # no stage left


def test_someone_s_own_folder_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "notes.txt").write_bytes(b"mine")
    staging = Staging(out)
    staging.write_folder("web", "", "site", SITE)
    with pytest.raises(FileExistsError, match="did not write"):
        staging.commit()
    assert [p.name for p in (out / "site").iterdir()] == ["notes.txt"]
    assert [p.name for p in out.iterdir()] == ["site"]


def test_a_failed_placing_puts_the_older_folder_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    staging = Staging(out)
    staging.write_folder("web", "", "site", [("index.html", b"earlier")])
    staging.commit()
    staging = Staging(out)
    staging.write_folder("web", "", "site", SITE)
    staging.write_bytes("web", "", "second.zip", b"zip")
    real_replace = os.replace

    def failing(source: object, target: object) -> None:
        if str(target).endswith("second.zip"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        staging.commit()
    monkeypatch.undo()
    assert (out / "site" / "index.html").read_bytes() == b"earlier"
    assert sorted(p.name for p in out.iterdir()) == ["site"]


def test_a_folder_cannot_hold_a_path_outside_it(tmp_path: Path) -> None:
    for bad in ("../escape.html", "/etc/passwd"):
        with pytest.raises(ValueError):
            Staging(tmp_path / "out").write_folder("web", "", "site", [(bad, b"x")])


def test_a_stage_in_memory_keeps_each_output_s_files() -> None:
    stage = MemoryStaging()
    stage.write_zip("scorm12", "en", "course.zip", [("index.html", b"a"), ("imsmanifest.xml", b"b")])
    stage.write_folder("web", "", "site", SITE)
    assert stage.files["course.zip"] == {"index.html": b"a", "imsmanifest.xml": b"b"}
    assert stage.files["site"]["en/index.html"] == b"en"
    assert [o.name for o in stage.outputs] == ["course.zip", "site"]
    with pytest.raises(ValueError):
        stage.write_bytes("web", "", "site", b"again")
