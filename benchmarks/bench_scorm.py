"""Wall time, peak memory and zip sizes of the SCORM builders, and the LMS API calls the player makes.

    .venv/bin/python benchmarks/bench_scorm.py            # shipped course, synthetic 50 and 500 lessons
    .venv/bin/python benchmarks/bench_scorm.py --quick    # shipped course and 50 lessons only
    .venv/bin/python benchmarks/bench_scorm.py --calls    # only the API calls per answer and per page

Each case runs in a fresh child process (`--child`), so its peak RSS (ru_maxrss) is its own:
the course is loaded, then scorm12 and scorm2004 write one zip per language, as
`coursebuild build -f scorm12 -f scorm2004` does. Also reported: the end-to-end time of that
command on the shipped course, and the size of the player's own JS + CSS.

The API calls are counted in Chromium (Debian's /usr/bin/chromium) with scorm-again as the LMS, through the
browser tests' launch page (tests/browser/lms/launch.html, which logs every call): the single SCO of the shipped
course and of the 50-lesson synthetic course, in both versions. A learner pages through every page with Next,
answers the first lesson quiz (immediate feedback: Check, then Next question) and the final assessment
(feedback at the end). An LMS that answers each call in 20 ms (a synchronous request per call) would freeze
the page for calls x 20 ms.
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
TARGETS = {"shipped_seconds": 1.5, "zip_kb": 300, "player_kb": 60}
TEST_LMS = ROOT / "tests" / "browser" / "lms"
SCORM_AGAIN = ROOT / "tests" / "js" / "node_modules" / "scorm-again" / "dist"
CHROMIUM = "/usr/bin/chromium"
SLOW_LMS_MS = 20

# Runs in the SCO's frame: one learner step, returning how many API calls it cost (the launch page logs them).
STEP = """step => {
  const log = window.parent.lms.log, before = log.length;
  const click = action => document.querySelector(`[data-action='${action}']`).click();
  const links = [...document.querySelectorAll('#menu a[data-loc]')];
  if (step === 'next') click('next');
  else if (step === 'skip') links[links.findIndex(a => a.dataset.loc === document.body.dataset.location) + 1].click();
  else if (step === 'start') click('start-quiz');
  else {
    const form = document.querySelector('form.question');
    const choice = form.querySelector('input[type=radio], input[type=checkbox]');
    if (choice) choice.click();
    const typed = form.querySelector('input[type=text]');
    if (typed) typed.value = form.dataset.type === 'numeric' ? '1' : 'x';
    form.querySelectorAll('select').forEach(select => { select.selectedIndex = 1; });
    click('submit-answer');
    if (document.querySelector("[data-action='next-question']")) click('next-question');
  }
  return log.length - before;
}"""


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
            builder = cls(course, BuildOptions(given={"mode": mode}), Report())
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
    """The JS + CSS a SCORM 2004 package ships (the largest adapter)."""
    sys.path.insert(0, str(ROOT))
    from builder.builders.scorm.package import delivery
    from builder.runtime.files import static_files
    from builder.runtime.units import PackagingMode

    return sum(len(data) for data in static_files(delivery("2004", 4, PackagingMode.SINGLE)).values())


def api_calls(cases: list[tuple[str, Path]]) -> list[tuple[str, str, dict[str, list[int]]]]:
    """Per course and version: the API calls of each page change, lesson-quiz answer and assessment answer."""
    import functools
    import http.server
    import shutil
    import threading

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from builder.builders.scorm.package import delivery
    from builder.loader import load_course
    from builder.runtime.files import delivery_files
    from builder.runtime.units import PackagingMode

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    rows = []
    with tempfile.TemporaryDirectory() as root, sync_playwright() as playwright:
        site = Path(root)
        (site / "lms").mkdir()
        for name in ("launch.html", "formats.js"):
            shutil.copy(TEST_LMS / name, site / "lms" / name)
        for name in ("scorm12.js", "scorm2004.js"):
            shutil.copy(SCORM_AGAIN / name, site / "lms" / name)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for label, course_dir in cases:
                course, report = load_course(course_dir)
                assert course is not None, report.render()
                for version in ("1.2", "2004"):
                    folder = site / f"{course.id}-{version}"
                    for path, data in delivery_files(course, "en", delivery(version, None, PackagingMode.SINGLE)).items():
                        (folder / path).parent.mkdir(parents=True, exist_ok=True)
                        (folder / path).write_bytes(data)
                    page = browser.new_page()
                    url = f"http://127.0.0.1:{server.server_address[1]}"
                    page.goto(f"{url}/lms/launch.html?scorm={version}&sco=/{folder.name}/index.html")
                    frame = page.frame_locator("#sco")
                    frame.locator("#view-title").wait_for()
                    sco = page.frames[1]
                    counts: dict[str, list[int]] = {"page": [], "lesson quiz": [], "assessment": []}

                    def location() -> str:
                        return sco.evaluate("document.body.dataset.location")  # noqa: B023

                    while location() != "a":
                        if location().startswith("q"):
                            sco.evaluate(STEP, "skip")
                        else:
                            counts["page"].append(sco.evaluate(STEP, "next"))
                    for key, where in (("assessment", "a"), ("lesson quiz", "q0")):
                        sco.evaluate(f"document.querySelector(\"#menu a[data-loc='{where}']\").click()")
                        sco.evaluate(STEP, "start")
                        while sco.evaluate("!!document.querySelector('form.question')"):
                            counts[key].append(sco.evaluate(STEP, "answer"))
                    assert page.evaluate("lms.formatErrors") == []
                    page.close()
                    rows.append((label, version, counts))
        finally:
            browser.close()
            server.shutdown()
    return rows


def print_api_calls(rows: list[tuple[str, str, dict[str, list[int]]]]) -> None:
    print("| course | version | step | steps | calls per step (median / max) | at 20 ms per call (max) |")
    print("|---|---|---|---:|---:|---:|")
    for label, version, counts in rows:
        for step, values in counts.items():
            ordered = sorted(values)
            median = ordered[len(ordered) // 2]
            print(f"| {label} | {version} | {step} | {len(values)} | {median} / {ordered[-1]} "
                  f"| {ordered[-1] * SLOW_LMS_MS / 1000:.2f} s |")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        print(json.dumps(child(Path(argv[1]), argv[2])))
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_course

    if "--calls" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            write_course(Path(tmp) / "synthetic-50", 50)
            print_api_calls(api_calls([("shipped course", SHIPPED), ("synthetic 50 lessons", Path(tmp) / "synthetic-50")]))
        return

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
        calls = api_calls([case for case in cases if "500" not in case[0]])

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
    print(f"player JS + CSS of a SCORM 2004 package (builder/runtime/static, strings excluded): {player_size() / 1024:.1f} KB "
          f"({player_size():,} bytes; target < {TARGETS['player_kb']} KB)")
    print()
    print_api_calls(calls)


if __name__ == "__main__":
    main(sys.argv[1:])
