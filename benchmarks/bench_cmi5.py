"""cmi5 zips beside SCORM zips of the same course, measured in one run: size per language and build time.

    .venv/bin/python benchmarks/bench_cmi5.py             # shipped course, both packaging modes, best of 5
    .venv/bin/python benchmarks/bench_cmi5.py --runs 9

The targets (issue 14): a cmi5 zip within 1.2x the size of the SCORM zips of the same language and packaging,
and building every cmi5 zip of the course no slower than building its SCORM zips. The course is loaded once;
then each format's builder (init and write, one zip per language, into a stage on disk) runs in turn, interleaved, and the
best of the runs counts (the machine is shared, so the minimum is the least disturbed figure).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.builders import BuildOptions, load_builder  # noqa: E402
from builder.diagnostics import Report  # noqa: E402
from builder.loader import load_course  # noqa: E402
from builder.writer import Staging  # noqa: E402

FORMATS = ("scorm12", "scorm2004", "cmi5")
SIZE_RATIO = 1.2


def build_once(course, name: str, mode: str) -> tuple[float, dict[str, int]]:
    """One format's zips, written (compressed) into a stage on disk that is then discarded: seconds, and the size
    of each language's zip."""
    with tempfile.TemporaryDirectory() as output:
        staging = Staging(Path(output))
        started = time.perf_counter()
        builder = load_builder(name)(course, BuildOptions(given={"mode": mode}), Report())
        builder.init()
        builder.write(staging)
        builder.finish()
        took = time.perf_counter() - started
        sizes = {o.language: o.size for o in staging.outputs}
        staging.discard()
    return took, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--course", type=Path, default=ROOT / "course")
    args = parser.parse_args()
    course, report = load_course(args.course)
    assert course is not None, report.render()
    print(f"{course.id} {course.version}, {len(course.lessons)} lessons, languages {', '.join(course.languages)}")
    for mode in ("single", "per-lesson"):
        times: dict[str, list[float]] = {name: [] for name in FORMATS}
        sizes: dict[str, dict[str, int]] = {}
        for _ in range(args.runs):
            for name in FORMATS:  # interleaved, so a busy moment hurts every format alike
                took, sizes[name] = build_once(course, name, mode)
                times[name].append(took)
        print(f"\n{mode} packaging")
        print("| format | " + " | ".join(f"{lang} zip" for lang in course.languages) + " | build, best of "
              f"{args.runs} |")
        print("|---|" + "---:|" * (len(course.languages) + 1))
        for name in FORMATS:
            cells = [f"{sizes[name][lang] / 1024:.1f} KB" for lang in course.languages]
            print(f"| {name} | " + " | ".join(cells) + f" | {min(times[name]):.3f} s |")
        for lang in course.languages:
            for scorm in ("scorm12", "scorm2004"):
                ratio = sizes["cmi5"][lang] / sizes[scorm][lang]
                verdict = "ok" if ratio <= SIZE_RATIO else f"over {SIZE_RATIO}x"
                print(f"  {lang}: cmi5 / {scorm} size = {ratio:.2f} ({verdict})")
        for scorm in ("scorm12", "scorm2004"):
            ratio = min(times["cmi5"]) / min(times[scorm])
            print(f"  build time cmi5 / {scorm} = {ratio:.2f} ({'ok' if ratio <= 1 else 'slower'})")


if __name__ == "__main__":
    main()
