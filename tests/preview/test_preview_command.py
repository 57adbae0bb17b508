"""`coursebuild preview` without a browser: what it serves, how it starts and stops, a busy port, a bad
language, a course broken from the start, and the watcher's notion of a change."""

from __future__ import annotations

import json
import signal
import socket
import struct
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from builder.preview.watcher import changed_files, snapshot
from tests.conftest import ROOT


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def run_preview(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", "preview", *args, "--no-open"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_serves_the_page_the_player_and_the_status_from_memory(start_preview, course_copy: Path) -> None:
    preview = start_preview(course_copy, "--scorm", "2004", "--lang", "zh-Hant")
    status, kind, body = fetch(preview.url)
    assert status == 200 and kind.startswith("text/html")
    page = body.decode()
    config = json.loads(page.split('id="preview-config">', 1)[1].split("</script>", 1)[0])
    assert config["version"] == "2004" and config["language"] == "zh-Hant" and config["ok"]
    status, _, body = fetch(preview.url + "__status")
    assert json.loads(body) == {"generation": 1, "ok": True, "title": "電話應對基本功", "errors": [], "warnings": []}
    status, kind, body = fetch(preview.url + "course/index.html")
    assert status == 200 and '<html lang="zh-Hant">' in body.decode()
    assert '<script src="player/scorm2004.js">' in body.decode()  # the SCORM 2004 adapter
    status, kind, _ = fetch(preview.url + "preview/lms-api.js")
    assert status == 200 and "javascript" in kind
    assert fetch(preview.url + "course/../../pyproject.toml")[0] == 404
    assert fetch(preview.url + "preview/../preview/server.py")[0] == 404
    assert "build 1 ready" in preview.output()


def test_ctrl_c_stops_cleanly(start_preview, course_copy: Path) -> None:
    preview = start_preview(course_copy)
    assert preview.stop(signal.SIGINT) == 0
    preview.wait_for_output("preview stopped")
    assert "Traceback" not in preview.output()


def test_a_browser_dropping_connections_mid_request_is_not_a_traceback(start_preview, course_copy: Path) -> None:
    """A reload cuts requests short: while the request is read, and while the answer is written."""
    preview = start_preview(course_copy)
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    for request in (b"GET / HTTP/1.1\r\nHost: x\r\n", b"GET /course/index.html HTTP/1.1\r\nHost: x\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            # Linger 0: closing sends a reset, as a browser tab that goes away does.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.sendall(request)
            if request.endswith(b"\r\n\r\n"):
                client.recv(1)  # the answer has started
    assert fetch(preview.url)[0] == 200, "the server stopped serving"
    assert preview.stop(signal.SIGINT) == 0
    preview.wait_for_output("preview stopped")
    assert "Traceback" not in preview.output() and "Exception" not in preview.output(), preview.output()


def test_a_busy_port_is_a_clear_error(course_copy: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_preview(str(course_copy), "--port", str(port))
    assert result.returncode == 2
    assert f"port {port}" in result.stderr and "in use" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_language_the_course_lacks_is_refused(course_copy: Path) -> None:
    result = run_preview(str(course_copy), "--lang", "fr", "--port", "0")
    assert result.returncode == 2
    assert "no language 'fr'" in result.stderr and "Traceback" not in result.stderr


def test_a_course_broken_from_the_start_is_served_with_its_errors(start_preview, course_copy: Path) -> None:
    course_file = course_copy / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8") + "\n  : [\n", encoding="utf-8")
    preview = start_preview(course_copy)
    status = json.loads(fetch(preview.url + "__status")[2])
    assert status["ok"] is False
    error = status["errors"][0]
    assert error["file"].endswith("course.yaml") and error["line"] > 0 and error["message"]
    page = fetch(preview.url)[2].decode()
    assert 'id="build-errors"' in page and "course.yaml:" in page
    assert fetch(preview.url + "course/index.html")[0] == 404
    assert "course.yaml:" in preview.output() and "failed with" in preview.output()


def test_the_watcher_sees_added_changed_and_removed_files_but_not_hidden_or_editor_files(tmp_path: Path) -> None:
    (tmp_path / "lesson.yaml").write_text("a")
    (tmp_path / "old.md").write_text("x")
    before = snapshot(tmp_path)
    (tmp_path / "lesson.yaml").write_text("ab")
    (tmp_path / "old.md").unlink()
    (tmp_path / "new.md").write_text("y")
    (tmp_path / ".lesson.yaml.swp").write_text("z")
    (tmp_path / "lesson.yaml~").write_text("z")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_text("z")
    assert changed_files(before, snapshot(tmp_path)) == ["lesson.yaml", "new.md", "old.md"]


@pytest.mark.parametrize("option", ["--scorm", "--port"])
def test_bad_option_values_are_usage_errors(option: str, course_copy: Path) -> None:
    result = run_preview(str(course_copy), option, "3.0" if option == "--scorm" else "70000")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("how", ["stopped", "killed"])
def test_the_print_proof_worker_ends_with_the_preview(start_preview, course_copy: Path, how: str) -> None:
    """The guide proof's worker process (started once WeasyPrint is loaded) ends with the preview: at once when
    it is stopped, within seconds when it is killed outright and cannot say so."""
    import time

    preview = start_preview(course_copy)
    deadline = time.monotonic() + 90
    while not (workers := _children(preview.process.pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert workers, "no worker was started"
    if how == "stopped":
        assert preview.stop() == 0
    else:
        preview.process.kill()
        preview.process.wait()
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)
