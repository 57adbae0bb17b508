"""`coursebuild build -f web`: the course as an offline web site, tested in Chromium from file:// and from a local
server: the language list at index.html and which language it opens, every question type, resuming after a
reload, progress kept in the browser, and axe-core on the site's pages."""

from __future__ import annotations

import functools
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Frame

from builder.cli import cli
from builder.structure import Course
from builder.writer import FOLDER_MARK
from tests.browser.conftest import QuietHandler, QuietServer
from tests.browser.scodriver import Learner
from tests.browser.test_accessibility import assert_no_violations
from tests.conftest import EXAMPLE_COURSE

pytestmark = [pytest.mark.browser]

SITE = "phone-basics-1.2.0-web"


def build_web(course: Path, out: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["build", str(course), "-o", str(out), "-f", "web", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example course's web zip, unpacked as someone copying it to a laptop would."""
    out = tmp_path_factory.mktemp("web")
    build_web(EXAMPLE_COURSE, out)
    folder = out / "unpacked"
    with zipfile.ZipFile(out / f"{SITE}.zip") as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture(scope="module")
def served(site_folder: Path) -> Iterator[str]:
    """The same site on an intranet-like server (127.0.0.1)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site_folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class WebLearner(Learner):
    """The test driver on a page of its own: no LMS, no frame."""

    @property
    def frame(self) -> Frame:
        return self.page.main_frame


def test_one_zip_holds_every_language_and_no_lms_code(tmp_path: Path) -> None:
    summary = build_web(EXAMPLE_COURSE, tmp_path / "a")
    (output,) = summary["outputs"]
    assert (output["format"], output["language"], Path(output["path"]).name) == ("web", "en,zh-Hant", f"{SITE}.zip")
    with zipfile.ZipFile(output["path"]) as archive:
        names = set(archive.namelist())
    for language in ("en", "zh-Hant"):
        assert {f"{language}/index.html", f"{language}/data/course.js", f"{language}/player/local.js",
                f"{language}/player/player.js"} <= names
    assert "index.html" in names and "imsmanifest.xml" not in names
    assert not [n for n in names if "scorm" in n], "a web site has no LMS adapter"
    again = build_web(EXAMPLE_COURSE, tmp_path / "b")
    assert again["outputs"][0]["sha256"] == output["sha256"]  # the same sources, the same bytes


def test_a_folder_too_on_the_command_line_or_in_course_yaml(tmp_path: Path, course_copy: Path) -> None:
    summary = build_web(EXAMPLE_COURSE, tmp_path / "flag", "--web-folder")
    assert sorted(Path(o["path"]).name for o in summary["outputs"]) == [SITE, f"{SITE}.zip"]
    folder = tmp_path / "flag" / SITE
    with zipfile.ZipFile(tmp_path / "flag" / f"{SITE}.zip") as archive:
        zipped = {name: archive.read(name) for name in archive.namelist()}
    on_disk = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert on_disk.pop(FOLDER_MARK) and on_disk == zipped
    course_file = course_copy / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8") + "web:\n  folder: true\n", encoding="utf-8")
    summary = build_web(course_copy, tmp_path / "key")
    assert len(summary["outputs"]) == 2


def test_a_one_language_site_opens_that_language(tmp_path: Path, course_copy: Path, browser) -> None:
    build_web(course_copy, tmp_path, "--lang", "zh-Hant")
    with zipfile.ZipFile(tmp_path / f"{SITE}.zip") as archive:
        archive.extractall(tmp_path / "site")
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.goto((tmp_path / "site" / "index.html").as_uri())
        page.wait_for_url("**/zh-Hant/index.html")
        assert page.locator("header a.languages").count() == 0  # nothing to choose
    finally:
        context.close()


@pytest.mark.parametrize(("locale", "opened"), [("en-GB", "en"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"),
                                                ("zh-CN", "zh-Hant"), ("fr-FR", None)])
def test_index_html_opens_the_browser_s_language(browser, site_folder: Path, locale: str, opened: str | None) -> None:
    """From file://: the browser's language, or its Chinese script, or the list when none of the course's fits."""
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto((site_folder / "index.html").as_uri())
        if opened:
            page.wait_for_url(f"**/{opened}/index.html")
            page.locator("#view-title").wait_for()
            assert page.locator("html").get_attribute("lang") == opened
        else:
            assert page.locator("main a[hreflang]").count() == 2
            assert page.url.endswith("/index.html") and "/en/" not in page.url
    finally:
        context.close()


def test_the_learner_s_choice_of_language_is_remembered(browser, site_folder: Path) -> None:
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto((site_folder / "index.html").as_uri())
        page.wait_for_url("**/en/index.html")
        page.locator("header a.languages").click()  # back to the list, which stays
        page.locator("a[hreflang='zh-Hant']").click()
        page.wait_for_url("**/zh-Hant/index.html")
        page.goto((site_folder / "index.html").as_uri())
        page.wait_for_url("**/zh-Hant/index.html")
    finally:
        context.close()


def test_every_question_type_and_resuming_after_a_reload_from_a_server(page, served: str,
                                                                       example_course: Course) -> None:
    learner = WebLearner(page, example_course, served, "web")
    page.goto(f"{served}/en/index.html")
    page.locator("#view-title").wait_for()
    assert "saved in this browser only" in page.locator(".notice-keptInBrowser").inner_text()
    learner.next_until_quiz()
    learner.click("start-quiz")
    for right in (True, False, True):  # single, multiple, true/false
        learner.answer(right)
    shown = page.locator("form.question").get_attribute("data-question")
    page.reload()
    assert learner.location() == "q0"
    assert page.locator("form.question").get_attribute("data-question") == shown
    learner.take_quiz([True, False, True, True])  # fill-in, matching, ordering, numeric
    types = {a.question.type.value for a in learner.answered}
    assert types == {"single", "multiple", "true-false", "fill-in", "matching", "ordering", "numeric"}
    result = page.locator(".result")
    assert result.get_attribute("data-passed") == "true"  # 5 of 7 right: 71%, the quiz asks 70
    assert page.locator(".score").inner_text().endswith("71.43%")
    page.reload()
    assert page.locator(".result").count() == 1 and page.locator(".score").inner_text().endswith("71.43%")
    assert page.locator("#progress-label").inner_text() != "0% done"


def test_axe_finds_nothing_on_the_site(browser, site_folder: Path) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.goto((site_folder / "index.html").as_uri())
        assert_no_violations(page, "the language list")
        for language in ("en", "zh-Hant"):
            page.goto((site_folder / language / "index.html").as_uri())
            page.locator("#view-title").wait_for()
            assert_no_violations(page, f"{language}: introduction")
            page.locator("#menu a[data-loc='q0']").click()
            page.locator("[data-action='start-quiz']").click()
            assert_no_violations(page, f"{language}: a question")
    finally:
        context.close()
