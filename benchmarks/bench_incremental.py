"""Incremental builds (issue 16): a cold build against a rebuild with nothing changed and one after an edit.

    .venv/bin/python benchmarks/bench_incremental.py            # shipped course, one-lesson course, 50 lessons
    .venv/bin/python benchmarks/bench_incremental.py --quick    # shipped course only
    .venv/bin/python benchmarks/bench_incremental.py --proof    # the preview's print proof only
    .venv/bin/python benchmarks/bench_incremental.py --one-lesson-only   # the one-lesson course only
    .venv/bin/python benchmarks/bench_incremental.py --synthetic-only -f scorm12 -f web --skip-no-cache
                                                    # the 50-lesson course alone, some formats, no --no-cache build

Every build is `coursebuild build` in a fresh process (interpreter start included), every format, into one
output folder with one cache folder, measured side by side in one run:
- cold: an empty cache (what a first build costs, storing included), and `--no-cache` for comparison;
- no change: the same sources again (median of 3);
- one English page edited: a sentence added to a page of the first lesson (median of 3, a new sentence each).
And the preview's print proof of one lesson after a save (the preview's own build included, WeasyPrint loaded).
Targets: no change <= 1/30 of cold; one English page <= 60 % of cold; 50 lessons no change < 1 s with peak
memory at most the cold build's; print proof under 2.5 s.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import Measurement, measure, median  # noqa: E402
from benchmarks.synthetic import write_course  # noqa: E402

SHIPPED = ROOT / "course"
# `python -m builder` rather than the console script: the benchmark can run a snapshot of the code (PYTHONPATH)
# while the work tree changes.
COURSEBUILD = [sys.executable, "-m", "builder"]


def build(course: Path, work: Path, *args: str) -> Measurement:
    m = measure([*COURSEBUILD, "build", str(course), "-o", str(work / "out"), "--cache-dir", str(work / "cache"),
                 "-q", *args])
    assert m.returncode == 0, f"build of {course} failed"
    return m


def english_page(course: Path) -> Path:
    return sorted(course.glob("lessons/*/pages/*.en.md"))[0]


def run_course(label: str, source: Path | None, lessons: int, args: tuple[str, ...] = (),
               skip_no_cache: bool = False) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        course = work / "course"
        if source is not None:
            shutil.copytree(source, course)
        else:
            write_course(course, lessons)
        no_cache = None if skip_no_cache else build(course, work / "nocache", *args, "--no-cache")
        cold = build(course, work, *args)
        unchanged = [build(course, work, *args) for _ in range(3)]
        edited = []
        page = english_page(course)
        for n in range(3):
            page.write_text(page.read_text(encoding="utf-8") + f"\n\nOne more sentence, number {n}.\n",
                            encoding="utf-8")
            edited.append(build(course, work, *args))
        cold_s = cold.seconds
        for what, seconds, peak in (
                *((("cold, --no-cache", no_cache.seconds, no_cache.peak_mb),) if no_cache else ()),
                ("cold, empty cache", cold_s, cold.peak_mb),
                ("no change (median of 3)", median([m.seconds for m in unchanged]),
                 max(m.peak_mb for m in unchanged)),
                ("one English page edited (median of 3)", median([m.seconds for m in edited]),
                 max(m.peak_mb for m in edited))):
            rows.append(f"| {label} | {what} | {seconds:.2f} s | {seconds / cold_s:.3f} | {peak:.0f} MB |")
    return rows


def proof_child(course_dir: str) -> None:
    """In a fresh process, as a running preview whose print page is open: WeasyPrint and the fonts loaded in the
    background at start, lesson 1's proof shown once; then, per save of a sentence added to one of its English
    pages, the preview's build and the proof of lesson 1 in English, workbook and guide (what the print page
    asks for after a save)."""
    import time

    from builder.preview.server import Preview

    with tempfile.TemporaryDirectory() as folder:
        course = Path(folder, "course")
        shutil.copytree(course_dir, course)
        preview = Preview(course, "en", "1.2")
        preview.warm_up_proofs()
        preview.rebuild()
        assert preview.current.course is not None
        lesson = preview.current.course.lessons[0].id
        preview.proof(lesson, "participant")
        page = english_page(course)
        workbook_times, times = [], []
        for n in range(3):
            page.write_text(page.read_text(encoding="utf-8") + f"\n\nOne more sentence, number {n}.\n",
                            encoding="utf-8")
            started = time.perf_counter()
            build = preview.rebuild([page.relative_to(course).as_posix()])
            assert build.ok
            preview.proof(lesson, "participant")  # the print page's first frame, shown as soon as it comes
            workbook_times.append(time.perf_counter() - started)
            preview.proof(lesson, "facilitator")
            times.append(time.perf_counter() - started)
    print(f"| shipped (5 lessons) | print proof of lesson 1 after a save, workbook (median of 3) | "
          f"{median(workbook_times):.2f} s | | |")
    print(f"| shipped (5 lessons) | print proof of lesson 1 after a save, workbook and guide (median of 3) | "
          f"{median(times):.2f} s | | |")


def one_lesson_course(work: Path) -> Path:
    course = work / "one"
    subprocess.run([*COURSEBUILD, "new", str(course)], check=True, capture_output=True)
    return course


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the shipped course only")
    parser.add_argument("--proof", action="store_true", help="the print proof only")
    parser.add_argument("--synthetic-only", action="store_true", help="the 50-lesson course only")
    parser.add_argument("--one-lesson-only", action="store_true", help="the one-lesson course only")
    parser.add_argument("-f", "--format", action="append", default=[],
                        help="build only this format (repeatable; default: every format)")
    parser.add_argument("--skip-no-cache", action="store_true", help="leave out the cold --no-cache build")
    parser.add_argument("--proof-child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    formats = tuple(arg for name in options.format for arg in ("-f", name))
    if options.proof_child:
        proof_child(options.proof_child)
        return
    if options.proof:
        print(subprocess.run([sys.executable, __file__, "--proof-child", str(SHIPPED)], check=True,
                             capture_output=True, text=True).stdout, end="")
        return
    print("| course | build | wall | of cold | peak memory |")
    print("|---|---|---:|---:|---:|")
    if options.synthetic_only:
        for row in run_course("synthetic, 50 lessons", None, 50, ("--mode", "per-lesson", *formats),
                              options.skip_no_cache):
            print(row, flush=True)
        return
    if not options.one_lesson_only:
        for row in run_course("shipped (5 lessons)", SHIPPED, 5, formats, options.skip_no_cache):
            print(row, flush=True)
    if options.quick:
        return
    with tempfile.TemporaryDirectory() as folder:
        for row in run_course("one lesson (coursebuild new)", one_lesson_course(Path(folder)), 1, formats,
                              options.skip_no_cache):
            print(row, flush=True)
    if options.one_lesson_only:
        return
    # SCORM 1.2's suspend_data cannot hold 50 lessons in one SCO: per-lesson packages, as bench_scorm.py does.
    for row in run_course("synthetic, 50 lessons", None, 50, ("--mode", "per-lesson", *formats),
                          options.skip_no_cache):
        print(row, flush=True)


if __name__ == "__main__":
    main()
