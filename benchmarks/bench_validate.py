"""Wall time and peak memory of `coursebuild validate` on synthetic courses of 5, 50 and 500 lessons.

    .venv/bin/python benchmarks/bench_validate.py [--runs 5]

Target on the reference machine (2 cores): 500 lessons in under 2 s and 300 MB.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import measure, median
from synthetic import write_course

COURSEBUILD = Path(sys.executable).parent / "coursebuild"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[5, 50, 500])
    args = parser.parse_args()
    print(f"| lessons | source size | wall time (median of {args.runs}) | peak memory (process tree) |")
    print("| ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as scratch:
        for lessons in args.sizes:
            course = Path(scratch) / f"course-{lessons}"
            write_course(course, lessons)
            size = sum(p.stat().st_size for p in course.rglob("*") if p.is_file()) / 1e6
            runs = [measure([str(COURSEBUILD), "validate", str(course), "-q"]) for _ in range(args.runs)]
            assert all(r.returncode == 0 for r in runs), "the synthetic course must validate"
            print(f"| {lessons} | {size:.1f} MB | {median([r.seconds for r in runs]):.2f} s "
                  f"| {max(r.peak_mb for r in runs):.0f} MB |")


if __name__ == "__main__":
    main()
