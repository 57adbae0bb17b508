"""Wall time and peak memory of the handbook builder.

    .venv/bin/python benchmarks/bench_handbook.py           # shipped course and a 50-lesson synthetic course
    .venv/bin/python benchmarks/bench_handbook.py --quick   # shipped course only

Per handbook: a fresh process builds just that handbook (`coursebuild build -f handbook --lang L
--edition E`), so its time and peak memory are its own; a facilitator guide's figures include laying
out its workbook, which it needs for its page references. Then the workbooks and guides of the shipped
course one after another in one process (workers=1) against render_all's parallel run of one job per
language, the speed-up, and each parallel worker's own peak memory. (The builder itself now plans every
document as a job of its own, handbook/plan.py; bench_incremental.py measures whole builds.)
Targets: speed-up >= 1.6 on 2 cores; no single render over 600 MB.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import measure  # noqa: E402
from benchmarks.synthetic import write_course  # noqa: E402

SHIPPED = ROOT / "course"
PYTHON = sys.executable
COURSEBUILD = str(Path(PYTHON).parent / "coursebuild")
TARGETS = {"speedup": 1.6, "render_mb": 600}


def child(course_dir: str, out: str, workers: str) -> None:
    """In a fresh process: every handbook of the course with `workers` processes; prints per-handbook records."""
    from builder.builders.handbook.parallel import Job, render_all
    from builder.loader import load

    loaded = load(Path(course_dir))
    course = loaded.course
    assert course is not None, loaded.report.render()
    paper = loaded.settings["handbook"]["paper"]
    jobs = [Job(language, ("participant", "facilitator"), paper, out) for language in course.languages]
    results = render_all(course, jobs, workers=int(workers))
    print(json.dumps([record.__dict__ for result in results for record in result]))


def one_handbook(course_dir: Path, language: str, edition: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as out:
        m = measure([COURSEBUILD, "build", str(course_dir), "-o", out, "-f", "handbook", "--lang", language,
                     "--edition", edition, "-q"])
        assert m.returncode == 0
        pdf = next(Path(out).glob("*.pdf"))
        return {"language": language, "edition": edition, "seconds": m.seconds, "peak_mb": m.peak_mb,
                "kb": pdf.stat().st_size / 1024}


def all_handbooks(course_dir: Path, workers: int) -> tuple[float, float, list[dict[str, object]]]:
    import subprocess
    import time

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        result = subprocess.run([PYTHON, __file__, "--child", str(course_dir), out, str(workers)],
                                capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - started
    m_records = json.loads(result.stdout.strip().splitlines()[-1])
    return seconds, max(r["peak_mb"] for r in m_records), m_records


def report_course(label: str, course_dir: Path, languages: tuple[str, ...]) -> tuple[list[str], float]:
    lines = [f"### {label}", "", "| handbook | pages | wall time | peak memory (process tree) | PDF size |",
             "|---|---:|---:|---:|---:|"]
    pages = {}
    _, _, records = all_handbooks(course_dir, workers=1)
    for record in records:
        pages[record["language"], record["edition"]] = record["pages"]
    worst = 0.0
    for language in languages:
        for edition in ("participant", "facilitator"):
            r = one_handbook(course_dir, language, edition)
            worst = max(worst, r["peak_mb"])
            lines.append(f"| {language} {edition} | {pages[language, edition]} | {r['seconds']:.2f} s | "
                         f"{r['peak_mb']:.0f} MB | {r['kb']:,.0f} KB |")
            print(lines[-1], flush=True)
    lines.append("")
    return [*lines, f"Largest single-handbook peak: {worst:.0f} MB (target: under {TARGETS['render_mb']} MB).", ""], worst


def main() -> None:
    quick = "--quick" in sys.argv
    lines = ["## Handbook builder", ""]
    shipped, worst = report_course("Shipped course (course/)", SHIPPED, ("zh-Hant", "en"))
    lines += shipped
    sequential, seq_peak, _ = all_handbooks(SHIPPED, workers=1)
    parallel, _, records = all_handbooks(SHIPPED, workers=2)
    speedup = sequential / parallel
    lines += ["### The shipped course's four handbooks", "",
              f"- one after another (1 process): {sequential:.2f} s, peak {seq_peak:.0f} MB",
              f"- in parallel (one process per language, workbook then guide): {parallel:.2f} s",
              f"- speed-up: **{speedup:.2f}x** (target: at least {TARGETS['speedup']}x on 2 cores)",
              "- peak memory of each parallel worker: "
              + ", ".join(sorted({f"{r['language']} {r['peak_mb']:.0f} MB" for r in records
                                  if r["edition"] == "facilitator"})), ""]
    print("\n".join(lines[-6:]), flush=True)
    if not quick:
        with tempfile.TemporaryDirectory() as folder:
            synthetic = Path(folder) / "synthetic-50"
            write_course(synthetic, 50)
            big, big_worst = report_course("Synthetic course, 50 lessons (benchmarks/synthetic.py)", synthetic,
                                           ("zh-Hant", "en"))
            lines += big
            worst = max(worst, big_worst)
            seconds, peak, _ = all_handbooks(synthetic, workers=2)
            lines += [f"All four in parallel: {seconds:.2f} s, largest worker peak {peak:.0f} MB.", ""]
    print("\n".join(lines))
    failed = speedup < TARGETS["speedup"] or worst > TARGETS["render_mb"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(*sys.argv[2:5])
    else:
        main()
