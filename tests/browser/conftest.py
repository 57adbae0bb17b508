"""Browser fixtures: one Chromium per worker, a local web server, SCO folders built from the runtime's
files for a SCORM delivery.

The server's root holds the test LMS (tests/browser/lms/launch.html plus scorm-again's bundles) and
one folder per built SCO, all on one origin as an LMS serves them.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.builders.scorm.package import delivery
from builder.runtime.files import delivery_files
from builder.runtime.units import PackagingMode
from builder.structure import Course

LMS_DIR = Path(__file__).resolve().parent / "lms"
SCORM_AGAIN = Path(__file__).resolve().parents[1] / "js" / "node_modules" / "scorm-again" / "dist"
CHROMIUM = Path("/usr/bin/chromium")
FORMAT_ERROR = "SCORM format: "
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A page closed or navigated mid-download (the tests do it on purpose) is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Site:
    """A folder served on 127.0.0.1; SCOs are written into it on first use and then shared."""

    def __init__(self, root: Path, url: str) -> None:
        self.root = root
        self.url = url
        self._built: set[str] = set()

    def sco(self, course: Course, language: str, version: str, mode: str, variant: str = "") -> str:
        """The URL path of the built SCO folder for that language, version and packaging mode (`variant`
        names a changed copy of the course)."""
        name = f"{language}-{version}-{mode}{variant}"
        if name not in self._built:
            folder = self.root / "sco" / name
            for path, data in delivery_files(course, language, delivery(version, None, PackagingMode(mode))).items():
                target = folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            self._built.add(name)
        return f"/sco/{name}"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("site")
    (root / "lms").mkdir()
    for helper in ("launch.html", "formats.js"):
        shutil.copy(LMS_DIR / helper, root / "lms" / helper)
    for bundle in ("scorm12.js", "scorm2004.js"):
        shutil.copy(SCORM_AGAIN / bundle, root / "lms" / bundle)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


# Modules elsewhere import these fixtures (tests/reliability), which makes a second session fixture; a second
# sync Playwright in one process fails, so the first one's browser is shared.
_RUNNING: list[object] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    if _RUNNING:
        yield _RUNNING[0]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        _RUNNING.append(instance)
        yield instance
        _RUNNING.clear()
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page in its own context, so localStorage never leaks from one test to the next."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The test LMS logs every value the SCO sets out of its data type's format (tests/browser/lms/formats.js).
    page.on("console", lambda message: errors.append(message.text) if message.text.startswith(FORMAT_ERROR) else None)
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
