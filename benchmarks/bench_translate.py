"""What translation costs: `validate` with and without a translation record (the stale check), and the
translate commands, on the shipped course; optionally the full build, to show it is unchanged.

    .venv/bin/python benchmarks/bench_translate.py [--runs 5] [--build]

The stale check runs only in `validate` and only when the course has .coursebuild/translations.tsv; build and
preview never import the translation code.
"""

from __future__ import annotations

import argparse
import shutil
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", action="store_true", help="also time the full build (slow)")
    args = parser.parse_args()
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
            _row("build, every format and language", [cb, "build", str(course), "-o", str(output), "-q"], 1)
        converted = Path(scratch) / "converted"
        shutil.copytree(ROOT / "course", converted)
        _row("translate convert --from zh-Hant --to zh-Hans", [cb, "translate", "convert", "--from", "zh-Hant",
                                                                "--to", "zh-Hans", str(converted)], 1)


if __name__ == "__main__":
    main()
