"""`coursebuild preview` in Chromium: the course runs against the page's own LMS, the page shows the calls
and the data model, Reset starts over, an edit reloads the page, and a broken source shows its error in
the page and the terminal until it is fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.loader import load_course
from tests.browser.scodriver import Learner

pytestmark = [pytest.mark.browser]

TIMEOUT_MS = 15_000


def open_preview(page, preview) -> None:
    page.goto(preview.url)
    page.frame_locator("#sco").locator("#view-title").wait_for(timeout=TIMEOUT_MS)


def model(page) -> dict[str, str]:
    """The data model as the page shows it."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#model tbody tr')]
        .map(row => [row.dataset.element, row.cells[1].textContent]))""")


def logged_calls(page) -> list[str]:
    return page.locator("#calls tbody tr").evaluate_all("rows => rows.map(row => row.cells[1].textContent)")


def answer_first_quiz_question(page, preview, version: str) -> None:
    course, report = load_course(preview.course_dir)
    assert course is not None, report.render()
    learner = Learner(page, course, preview.url, version)
    learner.next_until_quiz()
    if learner.frame.locator("[data-action='start-quiz']").count():
        learner.click("start-quiz")
    learner.answer(True)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_answer_shows_in_call_log_and_data_model_and_reset_clears_it(chromium, start_preview, module_course: Path,
                                                                       version: str) -> None:
    preview = start_preview(module_course, "--scorm", version)
    chromium.in_page(lambda page: answer_and_reset(page, preview, version))


def answer_and_reset(page, preview, version: str) -> None:
    open_preview(page, preview)
    init, set_value = ("LMSInitialize", "LMSSetValue") if version == "1.2" else ("Initialize", "SetValue")
    assert logged_calls(page)[0] == f'{init}("")'
    answer_first_quiz_question(page, preview, version)

    response = "student_response" if version == "1.2" else "learner_response"
    page.locator("#model tbody tr[data-element='cmi.interactions.0.id']").wait_for(timeout=TIMEOUT_MS)
    shown = model(page)
    assert shown["cmi.interactions.0.id"] == "greet-q-single"
    assert shown["cmi.interactions.0.result"] == "correct"
    assert shown["cmi.interactions._count"] == "1"
    assert shown[f"cmi.interactions.0.{response}"]
    assert any(call.startswith(f'{set_value}("cmi.interactions.0.id", "greet-q-single")') for call in logged_calls(page))
    # The player's every call was accepted by the page's LMS.
    failed = page.locator("#calls tbody tr.failed").evaluate_all("rows => rows.map(r => r.textContent)")
    assert failed == []
    # Error checks are logged too, hidden until asked for.
    checks = page.locator("#calls tbody tr.error-check")
    assert checks.count() > 0 and not checks.first.is_visible()
    page.locator("#show-error-checks").check()
    assert checks.first.is_visible()

    page.locator("#reset").click()
    page.frame_locator("#sco").locator("#view-title").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('#calls tbody tr')")
    shown = model(page)
    assert "cmi.interactions.0.id" not in shown
    assert shown["cmi.core.entry" if version == "1.2" else "cmi.entry"] == "ab-initio"
    assert logged_calls(page)[0] == f'{init}("")'
    stored = page.evaluate("""() => JSON.parse(sessionStorage.getItem(
        JSON.parse(document.getElementById('preview-config').textContent).storageKey) || '{"values": {}}')""")
    assert "cmi.interactions.0.id" not in stored["values"]


def test_an_edit_reloads_the_page_and_a_broken_source_shows_until_fixed(chromium, start_preview,
                                                                         module_course: Path) -> None:
    preview = start_preview(module_course)
    chromium.in_page(lambda page: edit_break_and_fix(page, preview, module_course))


def edit_break_and_fix(page, preview, module_course: Path) -> None:
    open_preview(page, preview)
    lesson = module_course / "lessons" / "01-greeting" / "lesson.yaml"
    source = lesson.read_text(encoding="utf-8")
    frame = page.frame_locator("#sco")
    frame.locator("[data-action='next']").first.click()
    page.wait_for_function("() => document.getElementById('sco').contentDocument.body.dataset.location === 'p0.0'")

    lesson.write_text(source.replace("en: Opening the call", "en: Opening the call, revised"), encoding="utf-8")
    frame.locator("#menu", has_text="Opening the call, revised").wait_for(state="attached", timeout=TIMEOUT_MS)
    preview.wait_for_output("changed: lessons/01-greeting/lesson.yaml")
    # The reload resumes where the author was, as an LMS resumes a suspended attempt.
    assert frame.locator("body").get_attribute("data-location") == "p0.0"
    page.locator("#model tbody tr[data-element='cmi.core.entry']").wait_for()
    assert model(page)["cmi.core.entry"] == "resume"

    lines_before = len(preview.lines)
    lesson.write_text(source.replace("id: greeting\n", "id: greeting\ntitle: [unclosed\n", 1), encoding="utf-8")
    errors = page.locator("#build-errors")
    errors.wait_for(timeout=TIMEOUT_MS)
    location = errors.locator(".diagnostic .where").first.inner_text()
    assert "lesson.yaml:" in location, location
    assert errors.locator(".diagnostic .message").first.inner_text()
    assert page.locator("#sco").count() == 0
    terminal = preview.wait_for_output("lesson.yaml:", after=lines_before)
    assert "error" in terminal
    preview.wait_for_output("failed with", after=lines_before)
    assert preview.process.poll() is None, "the server died on a source error"

    lesson.write_text(source, encoding="utf-8")
    open_frame = page.frame_locator("#sco").locator("#view-title")
    open_frame.wait_for(timeout=TIMEOUT_MS)
    assert page.locator("#build-errors").count() == 0
    page.frame_locator("#sco").locator("#menu", has_text="Opening the call").wait_for(state="attached")


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_scenario_panel_names_the_node_choices_and_meters(chromium, start_preview, module_course: Path,
                                                              version: str) -> None:
    """The preview shows a scenario's run as the player stored it and each decision as the LMS received it."""
    preview = start_preview(module_course, "--scorm", version)
    chromium.in_page(lambda page: play_two_choices(page, preview, version))


def play_two_choices(page, preview, version: str) -> None:
    open_preview(page, preview)
    course, report = load_course(preview.course_dir)
    assert course is not None, report.render()
    learner = Learner(page, course, preview.url, version)
    learner.frame.evaluate("document.querySelector(\"#menu a[data-loc='s1.0']\").click()")
    learner.play_scenario(True, steps=2)
    run = page.locator("#scenarios tr[data-scenario='closing-last-minute']")
    run.filter(has_text="at node address").wait_for(timeout=TIMEOUT_MS)
    text = run.inner_text()
    assert "meters: trust = 80" in text
    assert "path: opening \u2192 summarise, anything-else \u2192 check" in text
    assert "attempts 0; best run: none" in text
    assert page.locator("#scenarios tr[data-scenario='decision 1'] td").nth(1).inner_text() == \
        "anything-else \u2192 check: correct"
    assert page.locator("#scenarios-panel").is_visible()
