"""The print proof page in Chromium, against a running `coursebuild preview`: it shows the lesson saved last
and refreshes by itself when a file of that lesson is saved, with the new text in the proof."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.browser]

TIMEOUT_MS = 60_000  # the first proof after a save lays the lesson out (seconds on two busy cores)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_print_page_follows_the_lesson_saved_and_refreshes(chromium, start_preview, module_course: Path) -> None:
    preview = start_preview(module_course, "--lang", "en")
    chromium.in_page(lambda page: save_and_see(page, preview, module_course))


def save_and_see(page, preview, course: Path) -> None:
    page.goto(preview.url + "print/")
    frames = page.locator("iframe")
    assert frames.count() == 2
    assert "/print/greeting/participant.pdf?build=1" in frames.first.get_attribute("src")
    response = page.request.get(preview.url + "print/greeting/participant.pdf", timeout=TIMEOUT_MS)
    assert response.ok and response.headers["content-type"] == "application/pdf"

    source = course / "lessons" / "02-closing" / "pages" / "01-close.en.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n\nA sentence written for the proof.\n",
                      encoding="utf-8")
    page.wait_for_function(
        "() => (document.querySelector('iframe') || {}).src?.includes('/print/closing/participant.pdf?build=2')",
        timeout=TIMEOUT_MS)
    assert page.locator("nav a[aria-current='page']").inner_text().startswith("2.")
    for edition in ("participant", "facilitator"):
        response = page.request.get(preview.url + f"print/closing/{edition}.pdf?build=2", timeout=TIMEOUT_MS)
        assert response.ok
        text = text_of(response.body())
        if edition == "participant":
            assert "A sentence written for the proof." in text
        assert "Opening the call" not in text  # the greeting lesson's title: the lesson alone
