"""Ralph (PyPI `ralph-malph`), a real open-source LRS, run for the tests: statements in a file, loopback only.

`RalphLrs.start(folder)` runs Ralph's app (tests/cmi5/ralph_server.py) under uvicorn on 127.0.0.1 and a free port, with a credentials file
for one account (the LMS's) and its file-system backend under `folder`; `stop()` ends exactly that process.
Ralph stores and serves statements only: the State and Agent Profile APIs that cmi5 gives the LMS are the
test LMS's (tests/cmi5/lms.py), which proxies statements here.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import bcrypt

from tests.conftest import ROOT

USERNAME = "coursebuild-lms"
STARTUP_SECONDS = 90  # two busy cores: Ralph's imports alone take a few seconds
REQUEST_SECONDS = 10
MAX_PAGES = 50  # reading statements back: at most this many pages of Ralph's 100


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RalphLrs:
    url: str  # e.g. http://127.0.0.1:41234/xAPI/ (the xAPI base, ending in /)
    password: str
    process: subprocess.Popen | None = None
    log: Path | None = None
    _closed: bool = field(default=False, repr=False)

    @property
    def authorization(self) -> str:
        return "Basic " + base64.b64encode(f"{USERNAME}:{self.password}".encode()).decode()

    @classmethod
    def start(cls, folder: Path) -> RalphLrs:
        folder.mkdir(parents=True, exist_ok=True)
        password = base64.urlsafe_b64encode(os.urandom(18)).decode()
        digest = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()  # tests: a cheap hash
        (folder / "auth.json").write_text(json.dumps([{
            "username": USERNAME, "hash": digest, "scopes": ["all"],
            "agent": {"objectType": "Agent", "account": {"homePage": "https://lms.coursebuild.test", "name": "lms"}},
        }]))
        env = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
        env.update({
            "RALPH_APP_DIR": str(folder), "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
            "RALPH_EXECUTION_ENVIRONMENT": "test",
        })
        (folder / "data").mkdir(exist_ok=True)
        log = folder / "ralph.log"
        for _ in range(3):  # a free port can be taken between our probe and uvicorn's bind: try another
            port = free_port()
            with log.open("ab") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "uvicorn", "tests.cmi5.ralph_server:app", "--app-dir", str(ROOT),
                     "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                    cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            lrs = cls(f"http://127.0.0.1:{port}/xAPI/", password, process, log)
            if lrs._wait_until_up():
                return lrs
            lrs.stop()
        raise RuntimeError(f"Ralph did not start; its log:\n{log.read_text(errors='replace')[-3000:]}")

    def _wait_until_up(self) -> bool:
        deadline = time.monotonic() + STARTUP_SECONDS
        heartbeat = self.url.replace("/xAPI/", "/__heartbeat__")
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(heartbeat, timeout=2) as response:
                    if response.status == 200:
                        return True
            except OSError:
                time.sleep(0.2)
        return False

    def stop(self) -> None:
        if self.process is None or self._closed:
            return
        self._closed = True
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
        """One request to Ralph as the LMS's account: (status, body, headers); HTTP errors are returned too."""
        request = urllib.request.Request(self.url + path, data=body, method=method, headers={
            "Authorization": self.authorization, "X-Experience-API-Version": "1.0.3", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers or {})

    def post_statements(self, statements: list[dict]) -> list[str]:
        status, body, _ = self.request("POST", "statements", json.dumps(statements).encode(),
                                       {"Content-Type": "application/json"})
        if status != 200:
            raise RuntimeError(f"Ralph refused the statements ({status}): {body[:500]!r}")
        return json.loads(body)

    def statements(self, **query: str) -> list[dict]:
        """Every stored statement matching the xAPI query (e.g. registration=…), in the order stored. (Ralph 5.1's
        file backend gets `ascending` backwards, so the order is taken from each statement's `stored`.)"""
        found: list[dict] = []
        path = "statements?" + urllib.parse.urlencode({"limit": "100", **query})
        for _ in range(MAX_PAGES):
            status, body, _ = self.request("GET", path)
            if status != 200:
                raise RuntimeError(f"Ralph refused the query ({status}): {body[:500]!r}")
            page = json.loads(body)
            found.extend(page["statements"])
            more = page.get("more")
            if not more:
                return sorted(found, key=lambda statement: statement.get("stored", ""))
            path = "statements?" + urllib.parse.urlsplit(more).query
        raise RuntimeError(f"more than {MAX_PAGES} pages of statements")
