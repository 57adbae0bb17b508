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


def _rebuilt_with_hint(course, cache: Path, destination: Path, monkeypatch: pytest.MonkeyPatch,
                       hint: object = None) -> tuple[dict, list[list[str]]]:
    """Build English with the cache's entries gone (so everything is laid out) but its hints kept, recording the
    editions of each render_all call."""
    import shutil

    from builder.cache import CACHE_FORMAT, BuildCache
    from builder.diagnostics import Report

    shutil.rmtree(cache / f"v{CACHE_FORMAT}")
    if hint is not None:
        BuildCache(cache, Report()).keep_hint(f"handbook/{course.id}/pages/en/a4/double", hint)
    calls: list[list[str]] = []
    real = parallel.render_all

    def spy(course, jobs, *args, **kwargs):
        calls.append([edition for job in jobs for edition in job.editions])
        return real(course, jobs, *args, **kwargs)

    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(parallel, "render_all", spy)
    built, report = build_handbooks(course, destination, ("en",), cache=cache,
                                    editions=["participant", "facilitator", "printables"])
    assert not report.errors
    return built, calls


def test_the_guide_laid_out_beside_the_workbook_from_the_last_build_s_pages(example_course, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A build keeps its page numbers in the cache; the next lays the guide out beside the workbook from them, and
    keeps it when the workbook's pages came out the same: the same bytes as a guide laid out after it."""
    from builder.cache import BuildCache
    from builder.diagnostics import Report

    editions = ["participant", "facilitator", "printables"]
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    cache = tmp_path / "cache"
    whole, _ = build_handbooks(example_course, tmp_path / "whole", ("en",), cache=cache, editions=editions)
    hint = BuildCache(cache, Report()).hint(f"handbook/{example_course.id}/pages/en/a4/double")
    assert isinstance(hint, dict) and hint["workbook"] and hint["printables"]

    beside, calls = _rebuilt_with_hint(example_course, cache, tmp_path / "beside", monkeypatch)
    assert calls == [["participant", "facilitator", "printables"]]  # one stage: the guide was kept
    for key, path in whole.items():
        assert beside[key].read_bytes() == path.read_bytes(), key


def test_a_guide_laid_out_from_pages_that_moved_is_laid_out_again(example_course, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Page numbers that are stale (or not page numbers at all) cost a second layout of the guide, never a
    wrong number in it."""
    from builder.cache import BuildCache
    from builder.diagnostics import Report

    editions = ["participant", "facilitator", "printables"]
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    cache = tmp_path / "cache"
    whole, _ = build_handbooks(example_course, tmp_path / "whole", ("en",), cache=cache, editions=editions)
    hint = BuildCache(cache, Report()).hint(f"handbook/{example_course.id}/pages/en/a4/double")
    assert isinstance(hint, dict)
    moved = {"workbook": {name: page + 1 for name, page in hint["workbook"].items()},
             "printables": hint["printables"]}
    again, calls = _rebuilt_with_hint(example_course, cache, tmp_path / "moved", monkeypatch, moved)
    assert calls == [["participant", "facilitator", "printables"], ["facilitator"]]
    for key, path in whole.items():
        assert again[key].read_bytes() == path.read_bytes(), key
    monkeypatch.undo()
    broken, calls = _rebuilt_with_hint(example_course, cache, tmp_path / "broken", monkeypatch, {"workbook": "x"})
    assert calls[0] != ["participant", "facilitator", "printables"]  # not a hint: laid out as without one
    for key, path in whole.items():
        assert broken[key].read_bytes() == path.read_bytes(), key
