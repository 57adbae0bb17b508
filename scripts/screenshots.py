"""Make the README's pictures from the shipped course: the player at desktop and phone width, and one
page of each handbook edition. Run after a visible change to the player or the handbooks:

    .venv/bin/python scripts/screenshots.py [OUT_DIR]      # default: docs/images

Each picture is quantized to a small palette so that it stays well under 300 KB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.builders import BuildOptions, run_builders  # noqa: E402
from builder.builders.scorm.package import delivery  # noqa: E402
from builder.diagnostics import Report  # noqa: E402
from builder.loader import load_course  # noqa: E402
from builder.runtime.files import delivery_files  # noqa: E402
from builder.runtime.units import PackagingMode  # noqa: E402
from builder.structure import Course  # noqa: E402
from builder.writer import Staging  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
MAX_BYTES = 300_000


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    course, report = load_course(ROOT / "course")
    if course is None:
        sys.exit(report.render())
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        player_shots(course, work, out)
        handbook_shots(course, work, out)
    for picture in sorted(out.glob("*.png")):
        print(f"{picture.relative_to(ROOT) if picture.is_relative_to(ROOT) else picture}: "
              f"{picture.stat().st_size / 1024:.0f} KB")


def player_shots(course: Course, work: Path, out: Path) -> None:
    matrix_page = course.lessons[0].pages[1]
    question = course.lessons[1].quiz.questions[0] if course.lessons[1].quiz else None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for language, viewport, name, target in (
            ("en", {"width": 1280, "height": 800}, "player-desktop.png", matrix_page.title["en"]),
            ("zh-Hant", {"width": 375, "height": 760}, "player-phone.png", None),
        ):
            folder = work / f"sco-{language}"
            for path, data in delivery_files(course, language, delivery("2004", 4, PackagingMode.SINGLE)).items():
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_bytes(data)
            page = browser.new_page(viewport=viewport, device_scale_factor=1)
            page.goto((folder / "index.html").as_uri())
            page.wait_for_selector("main h1")
            if target:
                open_page(page, target)
            elif question:
                open_quiz(page, course, language)
            page.screenshot(path=str(work / name))
            page.close()
            save_small(work / name, out / name)
        browser.close()


def open_page(page: Page, title: str) -> None:
    page.get_by_role("navigation").get_by_text(title, exact=True).first.click()
    page.wait_for_selector(f"main h1:has-text('{title}')")


def open_quiz(page: Page, course: Course, language: str) -> None:
    """The phone shot shows the second lesson's quiz: open the menu, pick the quiz, start it."""
    page.locator("#menu-toggle").click()
    quiz_entries = page.get_by_role("navigation").locator("a, button").filter(has_text=_quiz_label(language))
    quiz_entries.nth(1).click()
    start = page.locator("main button").first
    if start.is_visible():
        start.click()
    page.wait_for_timeout(300)


def _quiz_label(language: str) -> str:
    return "測驗" if language.startswith("zh") else "Quiz"


def handbook_shots(course: Course, work: Path, out: Path) -> None:
    report = Report()
    staging = Staging(work / "pdf")
    run_builders(["handbook"], course, BuildOptions(languages=("en", "zh-Hant")), report, staging)
    staging.commit()
    pdfs = {(o.language, o.name.rsplit("-", 1)[1].removesuffix(".pdf")): work / "pdf" / o.name
            for o in staging.outputs}
    for language, edition, needle, name in (
        ("en", "participant", course.lessons[0].pages[1].title["en"], "handbook-participant.png"),
        ("zh-Hant", "facilitator", "課程流程", "handbook-facilitator.png"),
    ):
        pdf = pdfs[language, edition]
        number = _page_with(pdf, needle)
        stem = work / name.removesuffix(".png")
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                        str(pdf), str(stem)], check=True)
        save_small(stem.with_suffix(".png"), out / name)


def _page_with(pdf: Path, needle: str) -> int:
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    for number, text in enumerate(pages, start=1):
        if needle in text and number > 3:  # past the cover and the table of contents
            return number
    return 5


def save_small(source: Path, target: Path) -> None:
    """A palette PNG: screenshots of text and flat colours lose nothing visible at 128 colours."""
    image = Image.open(source).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=0)
    image.save(target, optimize=True)
    if target.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{target} is {target.stat().st_size:,} bytes, over {MAX_BYTES:,}")


if __name__ == "__main__":
    main()
