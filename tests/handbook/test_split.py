"""One language alone (an edit rebuilds only its own) is split across the cores: the workbook and the printables
side by side, then the guide from the pages they send back. The PDFs must be the same bytes as unsplit."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.builders.handbook import parallel
from tests.handbook.conftest import build_handbooks


def test_one_language_split_across_cores_gives_the_same_pdfs(example_course, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    course = example_course
    editions = ["participant", "facilitator", "printables"]
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    whole, _ = build_handbooks(course, tmp_path / "whole", ("en",), editions=editions)
    splits = []
    real_split = parallel.split_jobs

    def spy(*args, **kwargs):
        splits.append(real_split(*args, **kwargs))
        return splits[-1]

    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(parallel, "split_jobs", spy)
    split, report = build_handbooks(course, tmp_path / "split", ("en",), editions=editions)
    assert splits and splits[0] is not None  # the build was split
    assert not report.errors and len(split) == len(whole) == 3
    for key, path in whole.items():
        assert split[key].read_bytes() == path.read_bytes(), key
