"""The preview's web server: the preview page, its scripts, the player's files and the build status.

Everything is served from memory on 127.0.0.1 with `Cache-Control: no-store`, so a reload always shows
the latest build. The course is served under /course/ on the same origin as the preview page, which is
how an LMS serves a SCO: the player then finds the page's SCORM API in its parent window.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import mimetypes
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import jinja2

from builder.preview.build import PreviewBuild, build_preview
from builder.preview.proof import EDITIONS, GuideWorker, WorkbookProof, guide_proof, lesson_of, warm_up, workbook_proof

BUILDER_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = BUILDER_DIR / "templates" / "preview"
STATIC = BUILDER_DIR / "static" / "preview"
STATIC_FILES = ("lms-api.js", "preview.js", "preview.css", "print.js")
COURSE_PREFIX = "/course/"
STATUS_PATH = "/__status"
PRINT_PATH = "/print/"  # the print proof page; /print/<lesson>/<edition>.pdf its PDFs


class Preview:
    """The current build of one course, rebuilt on demand; `on_build` hears of every build (the terminal)."""

    def __init__(self, course_dir: Path, language: str | None, version: str,
                 on_build: Callable[[PreviewBuild, list[str]], None] | None = None) -> None:
        self.course_dir = course_dir
        self.language = language
        self.version = version
        self.on_build = on_build
        self._lock = threading.Lock()
        self.current = PreviewBuild(generation=0, version=version)
        self.proof_lesson: str | None = None  # the lesson of the last file saved: the print proof shows it
        self._workbooks: dict[tuple[int, str], WorkbookProof] = {}  # (build generation, lesson) → its workbook proof
        self._guides: dict[tuple[int, str], bytes] = {}  # (build generation, lesson) → its guide proof
        self._last_workbook: dict[str, WorkbookProof] = {}  # lesson → its latest workbook proof: a hint for the next
        # (build generation, lesson) → the workbook pages a guide was started with in the worker, and its PDF to come
        self._guide_jobs: dict[tuple[int, str], tuple[Mapping[str, int], Future[bytes]]] = {}
        self._guide_worker: GuideWorker | None = None
        self._proof_lock = threading.Lock()

    def rebuild(self, changed: list[str] | None = None) -> PreviewBuild:
        with self._lock:
            build = build_preview(self.course_dir, self.language, self.version, self.current.generation + 1)
            # Once a language has been chosen it stays, even while the course is broken.
            self.language = self.language or build.language or None
            self.current = build
            if build.course is not None:
                self.proof_lesson = lesson_of(build.course, changed or []) or self.proof_lesson
        if self.on_build:
            self.on_build(build, changed or [])
        return build

    def page(self) -> bytes:
        build = self.current
        config = {
            "generation": build.generation,
            "ok": build.ok,
            "version": build.version,
            "language": build.language,
            "masteryScore": build.mastery,
            "storageKey": build.storage_key(),
            "scoUrl": COURSE_PREFIX + "index.html",
            "statusUrl": STATUS_PATH,
        }
        html = _environment().get_template("preview.html").render(
            build=build, config=json.dumps(config).replace("</", "<\\/"), course_dir=str(self.course_dir),
        )
        return html.encode("utf-8")


    def warm_up_proofs(self) -> None:
        """Load what a proof needs (WeasyPrint, the fonts) ahead of the first one; a failure is left to it."""
        with self._proof_lock, contextlib.suppress(Exception):
            warm_up()
            from builder.builders.handbook.parallel import usable_cores

            if usable_cores() >= 2 and self._guide_worker is None:
                self._guide_worker = GuideWorker()

    def close(self) -> None:
        """Ends the guide's worker process, if one was started."""
        with self._proof_lock:
            if self._guide_worker is not None:
                self._guide_worker.close()
                self._guide_worker = None

    def proof(self, lesson_id: str, edition: str) -> bytes:
        """The print proof of the current build, laid out once per build, lesson and edition; the guide's uses the
        workbook proof's page numbers, so the workbook is laid out first (and shown as soon as it is). With a core
        to spare, the guide is laid out at the same time in the worker from the lesson's previous workbook pages,
        and kept only when the new workbook has the same ones."""
        build = self.current
        if build.course is None or edition not in EDITIONS or lesson_id not in {lesson.id for lesson in build.course.lessons}:
            raise KeyError(lesson_id)
        with self._proof_lock:  # one proof at a time here (its guide may be in the worker meanwhile)
            key = (build.generation, lesson_id)
            if key not in self._workbooks:
                self._workbooks = {k: v for k, v in self._workbooks.items() if k[0] == build.generation}
                self._guides = {k: v for k, v in self._guides.items() if k[0] == build.generation}
                for stale in [k for k in self._guide_jobs if k[0] != build.generation]:
                    self._guide_jobs.pop(stale)[1].cancel()
                previous = self._last_workbook.get(lesson_id)
                if previous is not None and self._guide_worker is not None:
                    self._guide_jobs[key] = (previous.pages, self._guide_worker.start(
                        build.course, build.settings, lesson_id, build.language, previous.pages))
                self._workbooks[key] = self._last_workbook[lesson_id] = workbook_proof(
                    build.course, build.settings, lesson_id, build.language, previous)
            if edition == "participant":
                return self._workbooks[key].pdf
            if key not in self._guides:
                self._guides[key] = self._guide_from_worker(key) or guide_proof(
                    build.course, build.settings, lesson_id, build.language, self._workbooks[key])
            return self._guides[key]

    def _guide_from_worker(self, key: tuple[int, str]) -> bytes | None:
        """The guide the worker laid out for this build and lesson, if it printed the workbook's pages as they are
        now; None when there is none or it cannot be used (the caller then lays the guide out itself)."""
        pages, job = self._guide_jobs.pop(key, (None, None))
        if job is None or pages != self._workbooks[key].pages:
            if job is not None:
                job.cancel()
            return None
        try:
            return job.result()
        except Exception:  # a worker that died or failed: the guide is laid out here, which reports the error
            if self._guide_worker is not None:
                self._guide_worker.close()
                self._guide_worker = None
            return None

    def print_page(self, lesson_id: str | None) -> bytes:
        build = self.current
        lessons = build.course.lessons if build.course else ()
        known = {lesson.id for lesson in lessons}
        chosen = lesson_id if lesson_id in known else (self.proof_lesson if self.proof_lesson in known else
                                                        (lessons[0].id if lessons else None))
        html = _environment().get_template("print.html").render(
            build=build, lessons=lessons, chosen=chosen, editions=EDITIONS, prefix=PRINT_PATH,
            config=json.dumps({"generation": build.generation, "statusUrl": STATUS_PATH}))
        return html.encode("utf-8")


def make_server(preview: Preview, port: int) -> http.server.ThreadingHTTPServer:
    """Bound to 127.0.0.1:`port` (0: any free port); raises OSError when the port is taken."""

    class Handler(PreviewHandler):
        app = preview

    return PreviewServer(("127.0.0.1", port), Handler)


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A browser that drops a connection (a reload mid-request) is routine, not worth a word; anything
        else gets one line in the author's terminal instead of socketserver's traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        sys.stderr.write(f"preview: a request from the browser failed: {type(error).__name__}: {error}\n")


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    app: Preview
    server_version = "coursebuild-preview"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", self.app.page(), send_body)
        elif path == PRINT_PATH:
            lesson = dict(parse_qsl(urlsplit(self.path).query)).get("lesson")
            self._send(200, "text/html; charset=utf-8", self.app.print_page(lesson), send_body)
        elif path.startswith(PRINT_PATH) and path.endswith(".pdf"):
            self._send_proof(path.removeprefix(PRINT_PATH).removesuffix(".pdf"), send_body)
        elif path == STATUS_PATH:
            body = json.dumps(self.app.current.status(), ensure_ascii=False).encode("utf-8")
            self._send(200, "application/json; charset=utf-8", body, send_body)
        elif path.startswith("/preview/") and path.removeprefix("/preview/") in STATIC_FILES:
            name = path.removeprefix("/preview/")
            self._send(200, _content_type(name), (STATIC / name).read_bytes(), send_body)
        elif path.startswith(COURSE_PREFIX) and path.removeprefix(COURSE_PREFIX) in self.app.current.files:
            name = path.removeprefix(COURSE_PREFIX)
            self._send(200, _content_type(name), self.app.current.files[name], send_body)
        else:
            self._send(404, "text/plain; charset=utf-8", b"Not found\n", send_body)

    def _send_proof(self, where: str, send_body: bool) -> None:
        lesson_id, _, edition = where.partition("/")
        try:
            pdf = self.app.proof(lesson_id, edition)
        except KeyError:
            self._send(404, "text/plain; charset=utf-8", b"No such lesson or edition in this build\n", send_body)
            return
        except Exception as exc:  # the server outlives a failed layout; the author sees why in the frame
            message = f"The print proof could not be laid out: {type(exc).__name__}: {exc}\n"
            self._send(500, "text/plain; charset=utf-8", message.encode("utf-8"), send_body)
            return
        self._send(200, "application/pdf", pdf, send_body)

    def _send(self, status: int, content_type: str, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            # The browser may go away mid-response when the page reloads.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not worth a line each in the author's terminal; builds and errors are."""


def _content_type(name: str) -> str:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith(("javascript", "json")) else kind


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
