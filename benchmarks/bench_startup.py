"""Where the fixed cost of a small build goes (issue 16): a one-lesson course (`coursebuild new`), every output.

    .venv/bin/python benchmarks/bench_startup.py [--runs 3]

Each run is a fresh process timing its own phases in order: the interpreter's start (measured apart, as
`python -c pass`), importing the command line, loading the course, each builder's init and write into a
stage without the build cache, the handbook's parts (importing WeasyPrint, the font check, the layout and
PDF), and placing the files. Medians of the runs, against the whole `coursebuild build --no-cache`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import measure, median  # noqa: E402

PYTHON = sys.executable


def child(course_dir: str, out: str) -> None:
    """In a fresh process: the build's phases one after another, as `coursebuild build` runs them."""
    phases: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        phases[name] = now - started
        started = now

    import builder.cli  # what every command pays
    lap("import the command line")
    from builder.builders import BUILDERS, BuildOptions, load_builder
    from builder.loader import load
    from builder.writer import Staging

    loaded = load(Path(course_dir))
    course, report = loaded.course, loaded.report
    assert course is not None, report.render()
    lap("load and validate the course")
    options = BuildOptions(sections=loaded.settings)
    staging = Staging(Path(out))
    for name in BUILDERS:
        builder = load_builder(name)(course, options, report)
        builder.init()
        if name == "handbook":
            import weasyprint  # noqa: F401
            lap("handbook: import WeasyPrint")
            for language in builder.languages:
                builder._check_fonts(language)
            lap("handbook: font check (HTML of each edition, character maps)")
            builder._check_fonts = lambda language: None  # done: write would check again (no cache here)
        builder.write(staging)
        builder.finish()
        lap("handbook: lay out and write the PDFs" if name == "handbook" else f"{name}: init and write")
    staging.commit()
    lap("place the files")
    assert not report.has_errors, report.render()
    print(json.dumps(phases))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(*options.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        course = Path(folder) / "one"
        subprocess.run([PYTHON, "-m", "builder", "new", str(course)], check=True, capture_output=True)
        interpreter = [measure([PYTHON, "-c", "pass"]).seconds for _ in range(options.runs)]
        whole = [measure([PYTHON, "-m", "builder", "build", str(course), "-o", f"{folder}/whole{n}", "--no-cache",
                          "-q"]).seconds for n in range(options.runs)]
        runs = []
        for n in range(options.runs):
            result = subprocess.run([PYTHON, __file__, "--child", str(course), f"{folder}/out{n}"], check=True,
                                    capture_output=True, text=True)
            runs.append(json.loads(result.stdout))
    print("| phase | seconds (median) |")
    print("|---|---:|")
    print(f"| start the interpreter | {median(interpreter):.2f} |")
    for phase in runs[0]:
        print(f"| {phase} | {median([run[phase] for run in runs]):.2f} |")
    print(f"| **`coursebuild build --no-cache`, whole** | **{median(whole):.2f}** |")


if __name__ == "__main__":
    main()
