"""What translation costs: `validate` with and without a translation record (the stale check), and the
translate commands, on the shipped course; optionally the full build, to show it is unchanged.

    .venv/bin/python benchmarks/bench_translate.py [--runs 5] [--build]
    .venv/bin/python benchmarks/bench_translate.py --editions [--runs 3] [--before REV]

`--editions` times the full build of the shipped course side by side: as it is, and as it was at REV (by
default the commit before the zh-Hans edition was added), each built with today's coursebuild, runs alternating.

The stale check runs only in `validate` and only when the course has .coursebuild/translations.tsv; build and
preview never import the translation code.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import measure, median

ROOT = Path(__file__).resolve().parent.parent
COURSEBUILD = Path(sys.executable).parent / "coursebuild"


def _row(label: str, command: list[str], runs: int) -> None:
    results = [measure(command) for _ in range(runs)]
    assert all(r.returncode == 0 for r in results), f"{label} failed"
    print(f"| {label} | {median([r.seconds for r in results]):.2f} s | {max(r.peak_mb for r in results):.0f} MB |")


BEFORE_ZH_HANS = "4a5ca2e"  # main just before the zh-Hans edition was merged


def _course_at(revision: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "course"], check=True,
                             capture_output=True).stdout
    into.mkdir()
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "course"


def _editions(runs: int, before: str) -> None:
    """The full build with and without the zh-Hans edition, alternating so both see the same machine."""
    cb = str(COURSEBUILD)
    with tempfile.TemporaryDirectory() as scratch:
        courses = {"today (zh-Hant, en, zh-Hans)": ROOT / "course",
                   f"at {before} (zh-Hant, en)": _course_at(before, Path(scratch) / "before")}
        results: dict[str, list] = {label: [] for label in courses}
        for run in range(runs):
            for label, course in courses.items():
                output = Path(scratch) / f"out-{run}-{len(results[label])}-{hash(label) & 0xffff}"
                results[label].append(measure([cb, "build", str(course), "-o", str(output), "-q", "--no-cache"]))
        print(f"| shipped course, every format | wall time (median of {runs}) | peak memory |")
        print("| --- | ---: | ---: |")
        for label, measured in results.items():
            assert all(r.returncode == 0 for r in measured), f"{label} failed"
            print(f"| {label} | {median([r.seconds for r in measured]):.2f} s | {max(r.peak_mb for r in measured):.0f} MB |")
        today, earlier = (median([r.seconds for r in measured]) for measured in results.values())
        print(f"\nratio: {today / earlier:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", action="store_true", help="also time the full build (slow)")
    parser.add_argument("--editions", action="store_true",
                        help="time the full build with and without the zh-Hans edition, side by side")
    parser.add_argument("--before", default=BEFORE_ZH_HANS, help="the revision to compare with (--editions)")
    args = parser.parse_args()
    if args.editions:
        _editions(args.runs, args.before)
        return
    print(f"| shipped course | wall time (median of {args.runs}) | peak memory |")
    print("| --- | ---: | ---: |")
    with tempfile.TemporaryDirectory() as scratch:
        course = Path(scratch) / "course"
        shutil.copytree(ROOT / "course", course)
        xlf = Path(scratch) / "en.xlf"
        cb = str(COURSEBUILD)
        _row("validate, no translation record", [cb, "validate", str(course), "-q"], args.runs)
        _row("translate export --to en (2,313 units)", [cb, "translate", "export", str(course), "--to", "en",
                                                        "-o", str(xlf)], args.runs)
        _row("translate import, nothing changed", [cb, "translate", "import", str(xlf), str(course)], args.runs)
        _row("validate, with the record (stale check)", [cb, "validate", str(course), "-q"], args.runs)
        if args.build:
            output = Path(scratch) / "out"
            _row("build, every format and language", [cb, "build", str(course), "-o", str(output), "-q", "--no-cache"], 1)
        converted = Path(scratch) / "converted"
        shutil.copytree(ROOT / "course", converted)
        _row("translate convert --from zh-Hant --to zh-Hans", [cb, "translate", "convert", "--from", "zh-Hant",
                                                                "--to", "zh-Hans", str(converted)], 1)


if __name__ == "__main__":
    main()
