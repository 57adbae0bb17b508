"""The build cache (builder/cache.py): which change rebuilds which output, and a cache that cannot be trusted.

Builds run through the command line in this process, SCORM and web (fast); the handbook's cache check is tested
with a stand-in for its renderer, so no test here waits for WeasyPrint (tests/handbook/test_cache.py renders for
real once).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder import cache as build_cache
from builder.builders.handbook import parallel
from builder.cache import BuildCache
from builder.cli import cli
from builder.diagnostics import Report
from tests.conftest import EXAMPLE_COURSE
from tests.edits import ASSETS, COURSEBUILD, PAGE, PAGE_ZH, replace

FAST = ("-f", "scorm12", "-f", "scorm2004", "-f", "web")


@pytest.fixture
def course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(EXAMPLE_COURSE, target)
    return target


def build(course: Path, out: Path, cache: Path, *args: str) -> dict:
    """`coursebuild build --json`, in this process; the summary with each output's file state added."""
    result = CliRunner().invoke(cli, ["build", str(course), "-o", str(out), "--cache-dir", str(cache), "--json",
                                      *args], catch_exceptions=False)
    summary = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    summary["stderr"] = result.stderr
    for output in summary["outputs"]:
        stat = Path(output["path"]).stat()
        output["mtime"] = stat.st_mtime_ns
    return summary


def by_name(summary: dict) -> dict[str, dict]:
    return {Path(o["path"]).name: o for o in summary["outputs"]}


def cached(summary: dict) -> dict[str, bool]:
    return {name: o["cached"] for name, o in by_name(summary).items()}


def test_an_unchanged_course_comes_from_the_cache_untouched_and_byte_identical(course: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build(course, tmp_path / "out", cache, *FAST)
    assert not any(cached(first).values())
    second = build(course, tmp_path / "out", cache, *FAST)
    assert all(cached(second).values()) and len(second["outputs"]) == 5
    for name, output in by_name(second).items():
        assert output["mtime"] == by_name(first)[name]["mtime"], f"{name} was rewritten"
        assert output["sha256"] == by_name(first)[name]["sha256"]
    cold = build(course, tmp_path / "cold", tmp_path / "unused", *FAST, "--no-cache")
    assert not (tmp_path / "unused").exists()  # --no-cache neither reads nor writes a cache
    for name, output in by_name(cold).items():
        assert not output["cached"]
        assert Path(output["path"]).read_bytes() == (tmp_path / "out" / name).read_bytes()


def test_a_translation_edited_rebuilds_its_language_only(course: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = by_name(build(course, out, cache, *FAST))
    replace(course, PAGE_ZH, "\n\n", "\n\n多一句話。\n\n")
    second = build(course, out, cache, *FAST)
    for name, output in by_name(second).items():
        changed = "-zh-Hant-" in name or name.endswith("-web.zip")  # the site holds every language
        assert output["cached"] is not changed, name
        assert (output["mtime"] == first[name]["mtime"]) is not changed, name


def test_the_source_language_edited_rebuilds_the_languages_that_fall_back_on_it(course: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(course, out, cache, *FAST)
    replace(course, PAGE, "\n\n", "\n\nOne more sentence.\n\n")  # English is the example course's source language
    assert not any(cached(build(course, out, cache, *FAST)).values())


def test_an_asset_changed_rebuilds_every_output(course: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(course, out, cache, *FAST)
    image = next(p for p in (course / ASSETS).iterdir() if p.suffix == ".svg")
    image.write_text(image.read_text(encoding="utf-8").replace("</svg>", "<rect width='1' height='1'/></svg>"),
                     encoding="utf-8")
    assert not any(cached(build(course, out, cache, *FAST)).values())


def test_an_option_changed_rebuilds_that_builder_only_and_equal_bytes_are_not_rewritten(
        course: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = by_name(build(course, out, cache, *FAST))
    # Gating only matters per lesson: a single-SCO package's bytes are the same, but it is a different key for
    # both SCORM builders (they declare the `packaging` options together); the web site does not read it.
    second = by_name(build(course, out, cache, *FAST, "--scorm2004-gating", "flow"))
    for name, output in second.items():
        assert output["cached"] is ("-scorm" not in name), name
        assert output["mtime"] == first[name]["mtime"], f"{name} was rewritten with the same bytes"


def test_coursebuild_s_own_files_changed_rebuild_everything(course: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(course, out, cache, *FAST)
    monkeypatch.setattr(build_cache, "package_digest", lambda: "a template was edited")
    assert not any(cached(build(course, out, cache, *FAST)).values())


def test_a_template_edited_changes_the_package_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "builder"
    shutil.copytree(build_cache.PACKAGE / "templates", package / "templates")
    monkeypatch.setattr(build_cache, "PACKAGE", package)
    before = build_cache.package_digest.__wrapped__()
    template = package / "templates" / "web" / "index.html"
    template.write_text(template.read_text(encoding="utf-8") + "<!-- -->", encoding="utf-8")
    assert build_cache.package_digest.__wrapped__() != before


def test_a_library_version_changed_rebuilds_everything(course: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(course, out, cache, *FAST)
    versions = build_cache.library_versions()
    monkeypatch.setattr(build_cache, "library_versions", lambda: {**versions, "lxml": "99.0"})
    assert not any(cached(build(course, out, cache, *FAST)).values())


def test_source_date_epoch_is_part_of_the_key(course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(course, out, cache, "-f", "scorm12")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert not any(cached(build(course, out, cache, "-f", "scorm12")).values())


def entry_folders(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / f"v{build_cache.CACHE_FORMAT}").iterdir() if not p.name.startswith("."))


def test_a_damaged_entry_is_not_trusted_and_is_rebuilt(course: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = by_name(build(course, out, cache, "-f", "scorm12", "--lang", "en"))
    (entry,) = entry_folders(cache)
    stored = next((entry / "files").iterdir())
    data = bytearray(stored.read_bytes())
    data[100] ^= 0xFF
    stored.write_bytes(bytes(data))
    second = build(course, out, cache, "-f", "scorm12", "--lang", "en")
    assert not any(cached(second).values())
    (warning,) = second["warnings"]
    assert warning["code"] == "cache-entry-bad" and "sha256" in warning["message"]
    assert by_name(second) .keys() == first.keys()
    for name, output in by_name(second).items():
        assert output["sha256"] == first[name]["sha256"]  # the damaged bytes never reached the output
    third = build(course, out, cache, "-f", "scorm12", "--lang", "en")
    assert all(cached(third).values()) and not third["warnings"]  # the new build replaced the entry


@pytest.mark.parametrize("damage", ["garbage", "foreign-key", "not-ours", "escaping-path"])
def test_a_foreign_or_unreadable_manifest_is_not_trusted(course: Path, tmp_path: Path, damage: str) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(course, out, cache, "-f", "scorm12", "--lang", "en")
    (entry,) = entry_folders(cache)
    manifest_path = entry / build_cache.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    if damage == "garbage":
        manifest_path.write_bytes(b"\x00{not json")
    else:
        if damage == "foreign-key":
            manifest["key"] = "0" * 64
        elif damage == "not-ours":
            manifest["cache"] = "another tool"
        else:
            (outside := tmp_path / "secret.zip").write_bytes(b"x")
            record = manifest["outputs"][0]
            record["files"] = {"../../../secret.zip": build_cache.hashlib.sha256(b"x").hexdigest()}
            assert outside.exists()
        manifest_path.write_text(json.dumps(manifest))
    second = build(course, out, cache, "-f", "scorm12", "--lang", "en")
    assert not any(cached(second).values())
    assert [w["code"] for w in second["warnings"]] == ["cache-entry-bad"]


def test_two_builds_sharing_a_cache_at_once(course: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "COURSEBUILD_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    runs = [subprocess.Popen([str(COURSEBUILD), "build", str(course), "-o", str(tmp_path / f"out{n}"), *FAST, "-q"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in (1, 2)]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0 and not stderr, stderr
    third = build(course, tmp_path / "out3", cache, *FAST)
    assert all(cached(third).values()) and not third["warnings"]
    for name in by_name(third):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes() == \
            (tmp_path / "out3" / name).read_bytes()
    assert not [p for p in (cache / f"v{build_cache.CACHE_FORMAT}").iterdir() if p.name.startswith(".")]


def test_the_least_recently_used_entries_go_at_the_bound(course: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(course, out, cache, "-f", "scorm12")
    entries = entry_folders(cache)
    assert len(entries) == 2
    sizes = {entry.name: build_cache._tree_size(entry) for entry in entries}
    # The first is used less recently than the second: it goes first.
    os.utime(entries[0] / build_cache.MANIFEST, (1_000_000, 1_000_000))
    removed = BuildCache(cache, Report(), limit_bytes=max(sizes.values())).evict()
    assert removed == [entries[0].name] and [e.name for e in entry_folders(cache)] == [entries[1].name]
    # --cache-size 0: nothing is kept after the build (its outputs are placed all the same).
    build(course, out, cache, "-f", "scorm12", "--lang", "zh-Hant", "--cache-size", "0")
    assert entry_folders(cache) == []


def test_a_cache_that_cannot_be_written_warns_and_the_build_succeeds(course: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"v{build_cache.CACHE_FORMAT}").write_text("a file where the entries' folder should be")
    result = CliRunner().invoke(cli, ["build", str(course), "-o", str(tmp_path / "out"), "-f", "scorm12",
                                      "--cache-dir", str(cache), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [w["code"] for w in summary["warnings"]] == ["cache-unwritable"] and len(summary["outputs"]) == 2


def test_the_handbook_asks_the_cache_before_starting_a_worker(course: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in renderer records the languages it is asked to lay out; its warning is reported again on a hit."""
    asked: list[tuple[str, ...]] = []

    def render_all(course_model, jobs, workers=None, checkpoint=lambda: None):
        asked.append(tuple(job.language for job in jobs))
        results = []
        for job in jobs:
            rendered = []
            for edition in job.editions:
                name = f"{course_model.id}-{course_model.version}-{job.language}-{edition}.pdf"
                Path(job.folder, name).write_bytes(f"%PDF {job.language} {edition} {job.paper}".encode())
                rendered.append(parallel.Rendered(job.language, edition, name, 1, 0.0, 0.0,
                                                  warnings=(f"a note about {job.language}",)))
            results.append(rendered)
        return results

    monkeypatch.setattr(parallel, "render_all", render_all)
    cache, out = tmp_path / "cache", tmp_path / "out"
    args = ("-f", "handbook", "--edition", "participant")
    build(course, out, cache, *args)
    hit = build(course, out, cache, *args)
    assert asked == [("en", "zh-Hant")] and all(cached(hit).values())
    assert sorted(w["message"].rsplit(": ", 1)[1] for w in hit["warnings"]) == ["a note about en",
                                                                                "a note about zh-Hant"]
    replace(course, PAGE_ZH, "\n\n", "\n\n多一句話。\n\n")
    build(course, out, cache, *args)
    assert asked[-1] == ("zh-Hant",)
    build(course, out, cache, *args, "--paper", "letter")
    assert asked[-1] == ("en", "zh-Hant")


def test_the_handbook_key_covers_its_font_files(example_course, monkeypatch: pytest.MonkeyPatch) -> None:
    import builder.builders.handbook as handbook
    from builder.builders import BuildOptions

    def key() -> str:
        return handbook.HandbookBuilder(example_course, BuildOptions(), Report()).cache_key("en")

    before = key()
    files = handbook.font_files(handbook.stack_for("en").families)
    assert files and all(size > 0 for _, size, _ in files)
    path, size, mtime = files[0]
    monkeypatch.setattr(handbook, "font_files", lambda families: [(path, size, mtime + 1), *files[1:]])
    assert key() != before  # a font updated by the system


def test_a_text_counts_only_in_the_languages_read() -> None:
    from builder.structure.text import Text

    english = build_cache.model_digest((Text({"en": "Hello", "zh-Hant": "你好"}),), ["en"])
    assert english == build_cache.model_digest((Text({"en": "Hello", "zh-Hant": "您好"}),), ["en"])
    assert english != build_cache.model_digest((Text({"en": "Hello!", "zh-Hant": "你好"}),), ["en"])
    with pytest.raises(TypeError, match="cannot digest"):
        build_cache.model_digest(object(), ["en"])


def test_a_folder_output_comes_from_the_cache_whole_and_is_not_replaced(course: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = by_name(build(course, out, cache, "-f", "web", "--web-folder"))
    (folder,) = [name for name, o in first.items() if not name.endswith(".zip")]
    files = {p.relative_to(out / folder): (p.read_bytes(), p.stat().st_mtime_ns)
             for p in (out / folder).rglob("*") if p.is_file()}
    second = by_name(build(course, out, cache, "-f", "web", "--web-folder"))
    assert all(o["cached"] for o in second.values())
    assert {p.relative_to(out / folder): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in (out / folder).rglob("*") if p.is_file()} == files
    shutil.rmtree(out / folder)  # gone from the output folder: placed again from the cache
    build(course, out, cache, "-f", "web", "--web-folder")
    assert {p.relative_to(out / folder): p.read_bytes() for p in (out / folder).rglob("*") if p.is_file()} == \
        {name: data for name, (data, _) in files.items()}


def test_a_hint_is_kept_for_the_next_build_and_anything_else_reads_as_none(tmp_path: Path) -> None:
    """Hints (the handbook's page numbers) are checked by their user before use, so a foreign, damaged or missing
    one is simply no hint: no warning, no error, and a cache that cannot be written keeps none."""
    report = Report()
    cache = BuildCache(tmp_path / "cache", report)
    assert cache.hint("handbook/course/pages/en") is None
    cache.keep_hint("handbook/course/pages/en", {"workbook": {"a": 3}})
    cache.keep_hint("handbook/course/pages/zh-Hant", {"workbook": {"a": 4}})
    assert cache.hint("handbook/course/pages/en") == {"workbook": {"a": 3}}
    assert BuildCache(tmp_path / "cache", report).hint("handbook/course/pages/zh-Hant") == {"workbook": {"a": 4}}
    (file,) = [path for path in (tmp_path / "cache" / "hints").iterdir()
               if json.loads(path.read_text())["name"].endswith("/en")]
    file.write_text(json.dumps({"name": "handbook/other/pages/en", "value": {"workbook": {"a": 9}}}))
    assert cache.hint("handbook/course/pages/en") is None  # written for another name
    file.write_bytes(b"\xff{not json")
    assert cache.hint("handbook/course/pages/en") is None
    (tmp_path / "file").write_text("")
    BuildCache(tmp_path / "file", report).keep_hint("x", 1)  # its folder cannot be made: nothing happens
    assert not report.diagnostics
    assert [path.name for path in (tmp_path / "cache" / "hints").iterdir() if path.name.startswith(".")] == []
