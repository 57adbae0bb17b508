"""Wall time, peak memory and zip sizes of the SCORM builders.

    .venv/bin/python benchmarks/bench_scorm.py            # shipped course, synthetic 50 and 500 lessons
    .venv/bin/python benchmarks/bench_scorm.py --quick    # shipped course and 50 lessons only

Each case runs in a fresh child process (`--child`), so its peak RSS (ru_maxrss) is its own:
the course is loaded, then scorm12 and scorm2004 write one zip per language, as
`coursebuild build -f scorm12 -f scorm2004` does. Also reported: the end-to-end time of that
command on the shipped course, and the size of the player's own JS + CSS.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "course"
PLAYER_STATIC = ROOT / "builder" / "static" / "player"
TARGETS = {"shipped_seconds": 1.5, "zip_kb": 300, "player_kb": 60}


def child(course_dir: Path, mode: str) -> dict[str, object]:
    """Runs in the child: load, build both versions, report times, sizes and own peak memory."""
    sys.path.insert(0, str(ROOT))
    from builder.builders import BuildOptions
    from builder.builders.scorm12 import Scorm12Builder
    from builder.builders.scorm2004 import Scorm2004Builder
    from builder.diagnostics import BuildFailed, Report
    from builder.loader import load_course
    from builder.writer import Staging

    started = time.perf_counter()
    course, report = load_course(course_dir)
    assert course is not None, report.render()
    loaded = time.perf_counter()
    refused = []
    with tempfile.TemporaryDirectory() as output:
        staging = Staging(Path(output))
        for cls in (Scorm12Builder, Scorm2004Builder):
            builder = cls(course, BuildOptions(packaging_mode=mode), Report())
            try:
                builder.init()
            except BuildFailed:  # suspend_data could overflow (1.2 single SCO of a big course): no zip
                refused.append(cls.name)
                continue
            builder.write(staging)
        built = time.perf_counter()
        sizes = {o.name: o.size for o in staging.outputs}
        staging.discard()
    return {"lessons": len(course.lessons), "load_s": loaded - started, "build_s": built - loaded,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "zips": sizes, "refused": refused}


def run_case(course_dir: Path, mode: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--child", str(course_dir), mode], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def cli_seconds(course_dir: Path) -> float:
    """`coursebuild build -f scorm12 -f scorm2004` end to end, interpreter start-up included."""
    with tempfile.TemporaryDirectory() as output:
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "coursebuild"), "build", str(course_dir), "-o", output,
                        "-f", "scorm12", "-f", "scorm2004", "-q"], check=True)
        return time.perf_counter() - started


def player_size() -> int:
    return sum(p.stat().st_size for p in PLAYER_STATIC.iterdir() if p.suffix in (".js", ".css"))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        print(json.dumps(child(Path(argv[1]), argv[2])))
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_course

    sizes = [50] if "--quick" in argv else [50, 500]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("shipped course", SHIPPED)]
        for lessons in sizes:
            target = Path(tmp) / f"synthetic-{lessons}"
            write_course(target, lessons)
            cases.append((f"synthetic {lessons} lessons", target))
        for label, course_dir in cases:
            for mode in ("single", "per-lesson"):
                rows.append((label, mode, run_case(course_dir, mode)))
        shipped_cli = min(cli_seconds(SHIPPED) for _ in range(3))

    print("| course | mode | lessons | load s | build s | zips | peak MB | largest zip KB | all zips KB | refused |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for label, mode, r in rows:
        zips = r["zips"]
        print(f"| {label} | {mode} | {r['lessons']} | {r['load_s']:.2f} | {r['build_s']:.2f} | {len(zips)} "
              f"| {r['peak_mb']:.0f} | {max(zips.values(), default=0) / 1024:,.0f} | {sum(zips.values()) / 1024:,.0f} "
              f"| {', '.join(r['refused']) or '-'} |")
    print()
    shipped = next(r for label, mode, r in rows if label == "shipped course" and mode == "single")
    for name, size in sorted(shipped["zips"].items()):
        print(f"- {name}: {size / 1024:.0f} KB")
    print(f"\n`coursebuild build course -f scorm12 -f scorm2004` end to end (best of 3): {shipped_cli:.2f} s "
          f"(target < {TARGETS['shipped_seconds']} s)")
    print(f"player JS + CSS (builder/static/player, strings excluded): {player_size() / 1024:.1f} KB "
          f"(target < {TARGETS['player_kb']} KB)")


if __name__ == "__main__":
    main(sys.argv[1:])
