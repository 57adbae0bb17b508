"""Every language's handbooks as one plan of documents (builder/builders/handbook/plan.py): each workbook and
printables a job of its own, each guide once its pages are known, or at once from the last build's pages (a
hint in the build cache) kept only when they still hold. The PDFs must be the same bytes as one language's
documents laid out in a row by one worker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.builders.handbook import parallel, plan
from builder.cache import CACHE_FORMAT, BuildCache
from builder.diagnostics import Report
from tests.handbook.conftest import build_handbooks

EDITIONS = ["participant", "facilitator", "printables"]


@pytest.fixture(scope="module")
def in_a_row(example_course, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each language's documents laid out in a row by one job, as before the plan: the reference bytes."""
    folder = tmp_path_factory.mktemp("in-a-row")
    jobs = [parallel.Job(language, ("participant", "facilitator", "printables"), "a4", str(folder))
            for language in example_course.languages]
    results = parallel.render_all(example_course, jobs, workers=1)
    assert not any(isinstance(result, parallel.Failed) for result in results), results
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def planned(course, destination: Path, monkeypatch: pytest.MonkeyPatch, cache: Path | None = None,
            cores: int = 2) -> tuple[dict[str, bytes], list[list[str]]]:
    """Build every language through the builder; the files and, for each job the plan started or followed
    with, its language and editions ('guess' for a guide laid out from a hint)."""
    started: list[list[str]] = []
    real_init, real_follow = plan.EditionPlan.__init__, plan.EditionPlan.follow

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        started.extend([job.language, "guess" if job.workbook_pages is not None else job.editions[0]]
                       for job in self.jobs)

    def follow(self, index, result):
        followed = real_follow(self, index, result)
        started.extend([job.language, job.editions[0]] for job in followed)
        return followed

    monkeypatch.setattr(parallel, "usable_cores", lambda: cores)
    monkeypatch.setattr(plan.EditionPlan, "__init__", init)
    monkeypatch.setattr(plan.EditionPlan, "follow", follow)
    built, report = build_handbooks(course, destination, cache=cache, editions=EDITIONS)
    assert not report.errors, report.render()
    monkeypatch.undo()
    return {path.name: path.read_bytes() for path in built.values()}, started


def test_the_plan_gives_the_bytes_of_documents_laid_out_in_a_row(example_course, in_a_row, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for cores in (2, 1):
        files, started = planned(example_course, tmp_path / f"cores-{cores}", monkeypatch, cores=cores)
        assert files == in_a_row
        # Workbooks first, then printables; each guide after its language's pages.
        assert [edition for _, edition in started[:2]] == ["participant", "participant"]
        for language in example_course.languages:
            mine = [edition for lang, edition in started if lang == language]
            assert sorted(mine) == ["facilitator", "participant", "printables"]
            assert mine[-1] == "facilitator"


def test_a_guide_from_the_last_build_s_pages_is_kept_when_they_hold(example_course, in_a_row, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    planned(example_course, tmp_path / "first", monkeypatch, cache=cache)
    hint = BuildCache(cache, Report()).hint(f"handbook/{example_course.id}/pages/en/a4/double")
    assert isinstance(hint, dict) and hint["workbook"] and hint["printables"]
    shutil.rmtree(cache / f"v{CACHE_FORMAT}")  # every entry gone, so everything is laid out; the hints stay
    files, started = planned(example_course, tmp_path / "again", monkeypatch, cache=cache)
    assert files == in_a_row
    assert sorted(edition for _, edition in started) == ["guess", "guess", "participant", "participant",
                                                         "printables", "printables"]  # no guide laid out again


@pytest.mark.parametrize("damage", ["moved", "not pages"])
def test_a_guide_from_pages_that_moved_is_laid_out_again(example_course, in_a_row, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    """Stale page numbers cost a second layout of that guide; a hint that is not page numbers is none."""
    cache = tmp_path / "cache"
    planned(example_course, tmp_path / "first", monkeypatch, cache=cache)
    store = BuildCache(cache, Report())
    name = f"handbook/{example_course.id}/pages/en/a4/double"
    hint = store.hint(name)
    assert isinstance(hint, dict)
    store.keep_hint(name, {"workbook": {anchor: page + 1 for anchor, page in hint["workbook"].items()},
                           "printables": hint["printables"]} if damage == "moved" else {"workbook": "x"})
    shutil.rmtree(cache / f"v{CACHE_FORMAT}")
    files, started = planned(example_course, tmp_path / "again", monkeypatch, cache=cache)
    assert files == in_a_row
    english = [edition for language, edition in started if language == "en"]
    assert english == (["participant", "guess", "printables", "facilitator"] if damage == "moved"
                       else ["participant", "printables", "facilitator"])


def test_a_guide_starts_on_its_pages_before_their_pdfs_are_written(example_course) -> None:
    """The plan alone, fed as render_all feeds it: a worker's Pages (laid out, not yet written) make the guide
    ready; the documents' results then add nothing; a workbook that fails after its pages fails its language."""
    job = parallel.Job("en", ("participant", "facilitator", "printables"), "a4", "/nowhere")
    made = plan.EditionPlan(example_course, [job, parallel.Job("zh-Hant", job.editions, "a4", "/nowhere")], {})
    roles = [(j.language, j.editions) for j in made.jobs]
    workbook, printables = roles.index(("en", ("participant",))), roles.index(("en", ("printables",)))
    assert made.follow(workbook, parallel.Pages("participant", {"w": 3})) == []
    (guide,) = made.follow(printables, parallel.Pages("printables", {"p": 1}))
    assert guide.editions == ("facilitator",) and guide.workbook_pages == {"w": 3} and guide.printable_pages == {"p": 1}

    def rendered(edition: str, anchors: dict) -> list:
        return [parallel.Rendered("en", edition, f"{edition}.pdf", 1, 0.0, 0.0, anchors=anchors)]

    assert made.follow(workbook, rendered("participant", {"w": 3})) == []
    assert made.follow(printables, rendered("printables", {"p": 1})) == []
    assert made.follow(len(made.jobs) - 1, rendered("facilitator", {})) == []
    english, chinese = made.results()
    assert [r.edition for r in english] == ["participant", "printables", "facilitator"]
    assert isinstance(chinese, parallel.Failed)  # nothing of it was rendered here

    made = plan.EditionPlan(example_course, [job], {})
    made.follow(0, parallel.Pages("participant", {"w": 3}))
    made.follow(1, parallel.Pages("printables", {"p": 1}))
    made.follow(0, parallel.Failed("en", "the disk is full"))
    (result,) = made.results()
    assert result == parallel.Failed("en", "the disk is full")
