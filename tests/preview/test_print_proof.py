"""The print proof in the preview: one lesson's workbook and guide pages, laid out alone, read back from the PDF."""

from __future__ import annotations

import io
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.preview.proof import guide_proof, lesson_alone, lesson_of, proof_pdf
from builder.preview.server import Preview, make_server
from tests.conftest import EXAMPLE_COURSE


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_lesson_of_the_file_saved(example_course) -> None:
    assert lesson_of(example_course, ["lessons/02-closing/pages/01-close.en.md"]) == "closing"
    assert lesson_of(example_course, ["course.yaml", "lessons/01-greeting/quiz.yaml"]) == "greeting"
    assert lesson_of(example_course, ["glossary.yaml"]) is None
    alone = lesson_alone(example_course, "closing")
    assert [lesson.id for lesson in alone.lessons] == ["closing"] and alone.assessment is None


@pytest.fixture(scope="module")
def served():
    preview = Preview(EXAMPLE_COURSE, "en", "2004")
    preview.rebuild()
    server = make_server(preview, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield preview, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_the_print_proof_page_and_its_pdfs(served: tuple[Preview, str]) -> None:
    preview, url = served
    status, kind, page = get(url + "/print/?lesson=closing")
    assert status == 200 and kind.startswith("text/html")
    assert b"page numbers are provisional" in page
    assert b'src="/print/closing/participant.pdf?build=1"' in page and b"/print/closing/facilitator.pdf" in page
    status, kind, workbook = get(url + "/print/closing/participant.pdf")
    assert status == 200 and kind == "application/pdf"
    text = text_of(workbook)
    closing = preview.current.course.lesson("closing")
    greeting = preview.current.course.lesson("greeting")
    assert closing.title["en"] in text and greeting.title["en"] not in text  # the lesson alone
    assert get(url + "/print/closing/participant.pdf")[2] == workbook  # laid out once per build
    assert get(url + "/print/nowhere/participant.pdf")[0] == 404
    assert get(url + "/print/closing/printables.pdf")[0] == 404


def test_the_guide_proof(example_course, tmp_path: Path) -> None:
    from builder.loader import load

    loaded = load(EXAMPLE_COURSE)
    guide = text_of(proof_pdf(loaded.course, loaded.settings, "greeting", "en", "facilitator"))
    assert example_course.lesson("greeting").title["en"] in guide
    assert example_course.lesson("closing").title["en"] not in guide


def test_the_proof_follows_the_lesson_saved_last() -> None:
    preview = Preview(EXAMPLE_COURSE, "en", "2004")
    preview.rebuild()
    assert preview.proof_lesson is None
    assert b'/print/greeting/participant.pdf' in preview.print_page(None)  # the first lesson until one is saved
    preview.rebuild(["lessons/02-closing/pages/01-close.en.md"])
    assert preview.proof_lesson == "closing" and b'/print/closing/participant.pdf' in preview.print_page(None)
    preview.rebuild(["glossary.yaml"])
    assert preview.proof_lesson == "closing"


def test_the_proof_is_the_lessons_pages_alone() -> None:
    """No cover, contents, front matter or glossary: the lesson's first page is the proof's first page."""
    from builder.builders.handbook.strings import Strings
    from builder.loader import load
    from builder.preview.proof import guide_proof, workbook_proof

    loaded = load(EXAMPLE_COURSE)
    workbook = workbook_proof(loaded.course, loaded.settings, "greeting", "en")
    guide = guide_proof(loaded.course, loaded.settings, "greeting", "en", workbook)
    strings = Strings("en")
    for pdf in (workbook.pdf, guide):
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        assert loaded.course.lesson("greeting").title["en"] in pages[0]
        assert not any(strings("glossary") in page for page in pages)
        assert not any(strings("contents") in page for page in pages)


def test_a_proof_fitted_from_the_previous_one_is_the_same_proof() -> None:
    """The previous proof's writing-space fit is a hint: with it, the same lesson gives the same pages."""
    from builder.loader import load
    from builder.preview.proof import workbook_proof

    loaded = load(EXAMPLE_COURSE)
    fresh = workbook_proof(loaded.course, loaded.settings, "greeting", "en")
    hinted = workbook_proof(loaded.course, loaded.settings, "greeting", "en", fresh)
    assert hinted.pages == fresh.pages and hinted.line_caps == fresh.line_caps
    assert text_of(hinted.pdf) == text_of(fresh.pdf)


@pytest.fixture()
def preview_with_worker():
    preview = Preview(EXAMPLE_COURSE, "en", "2004")
    preview.warm_up_proofs()
    assert preview._guide_worker is not None, "the test machine has one core: the worker is not started"
    try:
        yield preview
    finally:
        preview.close()


def test_the_guide_laid_out_beside_the_workbook_is_the_guide_laid_out_after_it(preview_with_worker) -> None:
    """After a save the worker lays the guide out from the previous workbook's pages while the workbook is laid
    out: same pages, so its guide is kept, and it is the guide the workbook's own pages give."""
    preview = preview_with_worker
    preview.rebuild()
    preview.proof("greeting", "participant")  # the first proof: no previous pages, nothing started
    assert not preview._guide_jobs
    preview.rebuild(["lessons/01-greeting/pages/01-first-words.en.md"])
    preview.proof("greeting", "participant")
    key = (preview.current.generation, "greeting")
    assert preview._guide_jobs[key][0] == preview._workbooks[key].pages  # started beside it, from the same pages
    guide = preview.proof("greeting", "facilitator")
    assert key not in preview._guide_jobs
    build = preview.current
    expected = guide_proof(build.course, build.settings, "greeting", "en", preview._workbooks[key])
    assert text_of(guide) == text_of(expected)


def test_a_guide_started_from_pages_that_moved_is_laid_out_again(preview_with_worker) -> None:
    """When the new workbook's pages differ from those the worker printed, its guide is dropped."""
    import dataclasses

    preview = preview_with_worker
    preview.rebuild()
    preview.proof("greeting", "participant")
    moved = preview._last_workbook["greeting"]
    preview._last_workbook["greeting"] = dataclasses.replace(moved, pages={name: page + 7 for name, page in
                                                                           moved.pages.items()})
    preview.rebuild()
    preview.proof("greeting", "participant")
    guide = preview.proof("greeting", "facilitator")
    build = preview.current
    expected = guide_proof(build.course, build.settings, "greeting", "en",
                           preview._workbooks[(build.generation, "greeting")])
    assert text_of(guide) == text_of(expected)
    assert preview.close() is None and preview._guide_worker is None
