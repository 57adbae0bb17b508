"""A test LMS for cmi5 AUs, in front of a real LRS (Ralph): what the cmi5 spec gives the LMS, on 127.0.0.1.

    lms = Cmi5Lms(ralph).start()
    lms.import_package(cmi5_xml, files)                   # refused, like CATAPULT's importer, when broken
    launch = lms.launch(0, launch_mode="Normal")          # registration, session, LMS.LaunchData, "launched"
    page.goto(launch.url)                                 # the AU's URL with endpoint, fetch, actor, …
    lms.statements(launch)                                # what reached Ralph in that session, oldest first
    check_session(lms.au_statements(launch), launch.rules)

It serves the package's files (/content/NAME/…), the one-time fetch URL (/fetch/KEY: an auth-token once,
error-code 1 after), and the xAPI endpoint (/xapi/): the State API (LMS.LaunchData is read-only for the AU,
the AU's own documents are kept per activity, agent and registration), the Agent Profile API
(cmi5LearnerPreferences; writes are refused with 403 unless asked, as the spec allows), and statements,
which it checks against the session's auth token and, unless `strict=False`, against the cmi5 rules
(tests/cmi5/statement_rules.py; a statement that breaks one is refused with 400 naming the requirement,
as CATAPULT's LMS does) before it forwards them to Ralph. Faults: `lrs_down(seconds)` (503 for every xAPI
request meanwhile), `fail_fetch(times, http_status=None)` (error-code 3, or an HTTP error), and a second
fetch is always refused. A launch of an AU whose last session never terminated abandons that session
("abandoned" statement, its token revoked). `frame_url(launch)` is an LMS page that opens the AU in an
iframe; `returned` holds the sessions whose returnURL the browser reached.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from lxml import etree

from builder.cmi5 import checks, structure
from tests.cmi5.ralph import RalphLrs
from tests.cmi5.statement_rules import CMI5_CATEGORY, SESSION_ID, VERBS, Launch, RequestRecord, check_session

ACTOR = {"objectType": "Agent", "account": {"homePage": "https://lms.coursebuild.test", "name": "learner-1"}}
MAX_BODY = 2 * 1024 * 1024
LAUNCH_DATA = "LMS.LaunchData"
PREFERENCES = "cmi5LearnerPreferences"
EXT = "https://w3id.org/xapi/cmi5/context/extensions/"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
_KEEP: Any = object()


@dataclass(frozen=True)
class Au:
    index: int
    publisher_id: str
    url: str
    move_on: str
    mastery_score: float | None
    launch_method: str
    launch_parameters: str | None = None
    entitlement_key: str | None = None


@dataclass
class Session:
    id: str
    au: Au
    registration: str
    activity_id: str
    actor: dict[str, Any]
    rules: Launch  # what the rule checker needs
    token: str
    fetch_key: str
    url: str  # the launch URL
    return_url: str | None
    started: float = field(default_factory=time.monotonic)
    fetched: bool = False
    terminated: bool = False
    abandoned: bool = False
    preferences_read: bool = False
    initialized_at: float | None = None
    statements: list[dict[str, Any]] = field(default_factory=list)  # accepted from the AU, in order
    requests: list[RequestRecord] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return not (self.terminated or self.abandoned)


class Refused(Exception):
    def __init__(self, status: int, body: dict[str, Any] | str) -> None:
        super().__init__(body)
        self.status, self.body = status, body


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _duration(seconds: float) -> str:
    return f"PT{max(seconds, 0):.2f}S"


# The parameters each xAPI 1.0.3 resource takes (Part 3, 2.x); any other is refused with 400 (Part 3, 3.2: "The LRS
# MUST reject with 400 Bad Request status any requests that use any parameters which the LRS does not recognize in
# their intended context"). A statement POST takes none.
PARAMETERS = {
    ("statements", "POST"): frozenset(),
    ("statements", "PUT"): frozenset({"statementId"}),
    ("statements", "GET"): frozenset({"statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
                                      "related_activities", "related_agents", "since", "until", "limit", "format",
                                      "attachments", "ascending"}),
    ("activities/state", ""): frozenset({"activityId", "agent", "registration", "stateId", "since"}),
    ("agents/profile", ""): frozenset({"agent", "profileId", "since"}),
}


def _check_parameters(resource: str, method: str, query: dict[str, str]) -> None:
    known = PARAMETERS.get((resource, method), PARAMETERS.get((resource, "")))
    unknown = sorted(set(query) - known) if known is not None else []
    if unknown:
        raise Refused(400, {"requirement": "xAPI 1.0.3 Part 3 3.2",
                            "message": f"{method} {resource} does not take the parameter(s) {', '.join(unknown)}"})


def _same_agent(text: str | None, actor: dict[str, Any]) -> bool:
    try:
        agent = json.loads(text or "")
    except ValueError:
        return False
    strip = lambda a: {k: v for k, v in a.items() if k != "objectType"}  # noqa: E731
    return isinstance(agent, dict) and strip(agent) == strip(actor)


class Cmi5Lms:
    def __init__(self, lrs: RalphLrs, *, strict: bool = True) -> None:
        self.lrs = lrs
        self.strict = strict
        self.url = ""
        self.aus: list[Au] = []
        self.files: dict[str, bytes] = {}
        self.package = "course"
        self.sessions: dict[str, Session] = {}
        self.states: dict[tuple[str, str, str, str], bytes] = {}
        self.profiles: dict[tuple[str, str], bytes] = {}
        self.preferences_writable = False
        self.returned: set[str] = set()
        self.log: deque[tuple[str, str, int]] = deque(maxlen=10000)  # (method, path, status)
        self._down_until = 0.0
        self._fetch_failures: list[int | None] = []  # per failing fetch: an HTTP status, or None for error-code 3
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    # ----- running -----

    def start(self) -> Cmi5Lms:
        handler = type("Handler", (_Handler,), {"lms": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # ----- faults -----

    def lrs_down(self, seconds: float) -> None:
        """Every xAPI request gets 503 for the next `seconds` (the LRS behind the LMS is unreachable)."""
        self._down_until = time.monotonic() + seconds

    def fail_fetch(self, times: int = 1, http_status: int | None = None) -> None:
        """The next `times` fetches fail: error-code 3 (an application error, HTTP 200 as the spec says), or
        `http_status` (e.g. 500) with no JSON; the fetch URL stays usable afterwards."""
        self._fetch_failures.extend([http_status] * times)

    # ----- course and launches -----

    def import_package(self, cmi5_xml: bytes, files: dict[str, bytes], name: str = "course") -> list[Au]:
        problems = checks.structure_problems(cmi5_xml, files)
        if problems:
            raise ValueError("the LMS refuses the package: " + "; ".join(map(str, problems)))
        root = etree.fromstring(cmi5_xml)
        ns = {"c": structure.NAMESPACE}
        self.aus = []
        for index, au in enumerate(root.xpath("//c:au", namespaces=ns)):
            score = au.get("masteryScore")
            self.aus.append(Au(index, au.get("id"), au.findtext("c:url", namespaces=ns).strip(),
                               au.get("moveOn", "NotApplicable"), float(score) if score is not None else None,
                               au.get("launchMethod", "AnyWindow"), au.findtext("c:launchParameters", namespaces=ns),
                               au.findtext("c:entitlementKey", namespaces=ns)))
        self.files, self.package = dict(files), name
        return self.aus

    def activity_id(self, au: Au) -> str:
        """The LMS's own id for an AU (8.1.5): the same for every launch, never the publisher id."""
        return f"{self.url}activities/{self.package}/au/{au.index}"

    def launch(self, au: int | str = 0, *, registration: str | None = None, actor: dict[str, Any] | None = None,
               launch_mode: str = "Normal", return_url: str | None = _KEEP, mastery_score: float | None = _KEEP,
               move_on: str | None = None, language_preference: str = "en", audio_preference: str = "off") -> Session:
        """A new session of the AU (index or publisher id): launch data written, "launched" sent to Ralph."""
        target = self.aus[au] if isinstance(au, int) else next(a for a in self.aus if a.publisher_id == au)
        actor = actor or ACTOR
        registration = registration or str(uuid.uuid4())
        activity_id = self.activity_id(target)
        with self._lock:
            for old in self.sessions.values():
                if old.active and old.registration == registration and old.au == target:
                    self._abandon(old)
        session_id = str(uuid.uuid4())
        mastery = target.mastery_score if mastery_score is _KEEP else mastery_score
        template = {"contextActivities": {"grouping": [{"id": target.publisher_id}]},
                    "extensions": {SESSION_ID: session_id}}
        launch_data: dict[str, Any] = {"contextTemplate": template, "launchMode": launch_mode,
                                       "moveOn": move_on or target.move_on}
        if mastery is not None:
            launch_data["masteryScore"] = mastery
        returning = f"{self.url}return/{session_id}" if return_url is _KEEP else return_url
        if returning:
            launch_data["returnURL"] = returning
        if target.launch_parameters:
            launch_data["launchParameters"] = target.launch_parameters
        if target.entitlement_key:
            launch_data["entitlementKey"] = {"courseStructure": target.entitlement_key}
        fetch_key = base64.urlsafe_b64encode(os.urandom(18)).decode()
        token = base64.b64encode(f"{session_id}:{base64.b64encode(os.urandom(18)).decode()}".encode()).decode()
        content = f"{self.url}content/{quote(self.package)}/{target.url}"
        query = urlencode({"endpoint": f"{self.url}xapi/", "fetch": f"{self.url}fetch/{fetch_key}",
                           "actor": json.dumps(actor, separators=(",", ":")), "registration": registration,
                           "activityId": activity_id})
        session = Session(session_id, target, registration, activity_id, actor,
                          Launch(actor, registration, activity_id, session_id, template, launch_mode, mastery),
                          token, fetch_key, content + ("&" if "?" in target.url else "?") + query, returning)
        agent = json.dumps(actor, sort_keys=True)
        with self._lock:
            self.states[(activity_id, agent, registration, LAUNCH_DATA)] = json.dumps(launch_data).encode()
            self.profiles[(agent, PREFERENCES)] = json.dumps(
                {"languagePreference": language_preference, "audioPreference": audio_preference}).encode()
            self.sessions[session_id] = session
        self._lms_statement(session, VERBS["launched"], {
            EXT + "launchmode": launch_mode, EXT + "launchurl": content, EXT + "moveon": launch_data["moveOn"],
            **({EXT + "masteryscore": mastery} if mastery is not None else {})})
        return session

    def frame_url(self, session: Session) -> str:
        """An LMS page that shows the AU in an iframe (the usual AnyWindow launch)."""
        return f"{self.url}frame/{session.id}"

    def _abandon(self, session: Session) -> None:
        session.abandoned = True
        self._lms_statement(session, ABANDONED, {}, {"duration": _duration(time.monotonic() - session.started)})

    def _lms_statement(self, session: Session, verb: str, extensions: dict[str, Any],
                       result: dict[str, Any] | None = None) -> None:
        context = json.loads(json.dumps(session.rules.context_template))
        context["registration"] = session.registration
        context["contextActivities"]["category"] = [{"id": CMI5_CATEGORY}]
        context["extensions"].update(extensions)
        made = {"id": str(uuid.uuid4()), "actor": session.actor, "timestamp": _now(), "context": context,
                "verb": {"id": verb}, "object": {"id": session.activity_id, "objectType": "Activity"}}
        if result:
            made["result"] = result
        self.lrs.post_statements([made])

    # ----- reading back -----

    def statements(self, session: Session) -> list[dict[str, Any]]:
        """What Ralph holds for the session (the LMS's launched/abandoned and the AU's), oldest first."""
        found = self.lrs.statements(registration=session.registration)
        return [s for s in found if (s.get("context") or {}).get("extensions", {}).get(SESSION_ID) == session.id]

    def au_statements(self, session: Session) -> list[dict[str, Any]]:
        """The AU's statements in the session as Ralph stored them (without Ralph's stored/authority)."""
        mine = {s["id"] for s in session.statements}
        return [{k: v for k, v in s.items() if k not in ("stored", "authority", "version")}
                for s in self.statements(session) if s["id"] in mine]

    # ----- requests -----

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: bytes) -> tuple[int, bytes, str]:
        parts = path.strip("/").split("/")
        if parts[0] == "content" and len(parts) > 2 and method == "GET":
            data = self.files.get("/".join(parts[2:]))
            if data is None:
                return 404, b"not in the package", "text/plain"
            return 200, data, mimetypes.guess_type(parts[-1])[0] or "application/octet-stream"
        if parts[0] == "fetch" and len(parts) == 2:
            return self._fetch(method, parts[1])
        if parts[0] == "xapi":
            return self._xapi(method, "/".join(parts[1:]), query, headers, body)
        if parts[0] == "return" and len(parts) == 2:
            self.returned.add(parts[1])
            return 200, b"<!doctype html><title>LMS</title><p id='returned'>Back in the LMS.</p>", "text/html"
        if parts[0] == "frame" and len(parts) == 2 and parts[1] in self.sessions:
            src = self.sessions[parts[1]].url.replace("&", "&amp;").replace('"', "&quot;")
            page = f'<!doctype html><title>LMS</title><iframe id="au" src="{src}" style="width:100%;height:95vh"></iframe>'
            return 200, page.encode(), "text/html"
        return 404, b"no such page", "text/plain"

    def _fetch(self, method: str, key: str) -> tuple[int, bytes, str]:
        session = next((s for s in self.sessions.values() if s.fetch_key == key), None)
        if session is not None:
            session.requests.append(RequestRecord(method, "fetch", at=time.monotonic()))
        if method != "POST":
            return 405, b"POST only (cmi5 8.2.1)", "text/plain"
        with self._lock:
            if self._fetch_failures:
                status = self._fetch_failures.pop(0)
                if status is not None:
                    return status, b"the LMS failed", "text/plain"
                return _error_json("3", "General Application Error (a test fault)")
            if session is None:
                return _error_json("2", "General Security Error: unknown fetch URL")
            if session.fetched or not session.active:
                return _error_json("1", "The authorization token has already been returned.")
            session.fetched = True
        return 200, json.dumps({"auth-token": session.token}).encode(), "application/json"

    def _xapi(self, method: str, resource: str, query: dict[str, str], headers: dict[str, str],
              body: bytes) -> tuple[int, bytes, str]:
        authorization = headers.get("authorization", "")
        token = authorization[6:] if authorization.startswith("Basic ") else ""
        session = next((s for s in self.sessions.values() if s.token == token), None)
        kind = "agents/profile" if resource == "agents/profile" else "state" if resource == "activities/state" \
            else resource if resource in ("statements", "about") else "other"
        if session is not None:
            session.requests.append(RequestRecord(method, kind, query.get("stateId") or query.get("profileId") or "",
                                                  True, time.monotonic()))
        if time.monotonic() < self._down_until:
            return 503, b"the LRS is down (a test fault)", "text/plain"
        if resource == "about":
            return 200, b'{"version": ["1.0.3"]}', "application/json"
        if session is None or not session.fetched:
            for other in self.sessions.values():  # the record belongs to no session: keep it where it can be seen
                if other.active:
                    other.requests.append(RequestRecord(method, kind, "", False, time.monotonic()))
                    break
            return 401, b"no valid auth-token (cmi5 8.1.2.0-5)", "text/plain"
        if not session.active:
            return 401, b"the session has ended (cmi5 8.1.2.0-2)", "text/plain"
        try:
            _check_parameters(resource, method, query)
            if resource == "statements":
                return self._statements(session, method, query, body)
            if resource == "activities/state":
                return self._state(session, method, query, body)
            if resource == "agents/profile":
                return self._profile(session, method, query, body)
        except Refused as refused:
            payload = refused.body if isinstance(refused.body, str) else json.dumps(refused.body)
            return refused.status, payload.encode(), "application/json"
        return 404, b"not an xAPI resource this LMS serves", "text/plain"

    def _statements(self, session: Session, method: str, query: dict[str, str], body: bytes) -> tuple[int, bytes, str]:
        if method == "GET":
            status, data, _ = self.lrs.request("GET", "statements?" + urlencode(query))
            return status, data, "application/json"
        if method not in ("POST", "PUT"):
            raise Refused(405, {"message": "POST or PUT"})
        try:
            sent = json.loads(body)
        except ValueError as exc:
            raise Refused(400, {"message": f"not JSON: {exc}"}) from exc
        batch = sent if isinstance(sent, list) else [sent]
        if method == "PUT" and isinstance(sent, dict):
            batch[0] = {**sent, "id": sent.get("id", query.get("statementId"))}
        with self._lock:
            self._judge(session, batch)
            status, data, _ = self.lrs.request("POST", "statements", json.dumps(batch).encode(),
                                               {"Content-Type": "application/json"})
            if status != 200:
                return status, data, "application/json"
            for made in batch:
                session.statements.append(made)
                verb = (made.get("verb") or {}).get("id")
                if verb == VERBS["initialized"] and session.initialized_at is None:
                    session.initialized_at = time.monotonic()
                if verb == VERBS["terminated"]:
                    session.terminated = True
        return (204, b"", "text/plain") if method == "PUT" else (200, data, "application/json")

    def _judge(self, session: Session, batch: list[dict[str, Any]]) -> None:
        """Refuse what breaks a cmi5 rule (strict mode), naming the requirement, as CATAPULT's LMS does."""
        if not self.strict:
            return
        if any((s.get("verb") or {}).get("id") == VERBS["initialized"] for s in batch) and not session.preferences_read:
            raise Refused(400, {"requirement": "11.0.0.0-3", "message": "learner preferences not yet read"})
        earlier = [s for other in self.sessions.values() if other is not session
                   and other.registration == session.registration and other.au == session.au for s in other.statements]
        so_far = session.statements + batch
        new = range(len(session.statements), len(so_far))
        found = [v for v in check_session(so_far, session.rules, earlier=earlier, finished=False) if v.statement in new]
        if found:
            raise Refused(400, {"requirement": found[0].requirement, "message": found[0].message,
                                "violations": [str(v) for v in found]})

    def _state(self, session: Session, method: str, query: dict[str, str], body: bytes) -> tuple[int, bytes, str]:
        if query.get("activityId") != session.activity_id or not _same_agent(query.get("agent"), session.actor):
            raise Refused(403, {"requirement": "8.1.3.0-3", "message": "activityId or agent is not the launch's"})
        if query.get("registration", session.registration) != session.registration:
            raise Refused(403, {"requirement": "8.1.4.0-3", "message": "registration is not the launch's"})
        state_id = query.get("stateId")
        key = (session.activity_id, json.dumps(session.actor, sort_keys=True), session.registration, state_id or "")
        if state_id == LAUNCH_DATA and method != "GET":
            raise Refused(403, {"requirement": "10.2.1.0-5", "message": "the AU must not change LMS.LaunchData"})
        with self._lock:
            if method == "GET":
                if state_id is None:
                    ids = sorted(k[3] for k in self.states if k[:3] == key[:3])
                    return 200, json.dumps(ids).encode(), "application/json"
                if key not in self.states:
                    return 404, b"", "text/plain"
                return 200, self.states[key], "application/json"
            if state_id is None:
                raise Refused(400, {"message": "stateId is required"})
            if method == "PUT":
                self.states[key] = body
            elif method == "POST":
                merged = json.loads(self.states.get(key, b"{}")) | json.loads(body)
                self.states[key] = json.dumps(merged).encode()
            elif method == "DELETE":
                self.states.pop(key, None)
            else:
                raise Refused(405, {"message": "GET, PUT, POST or DELETE"})
        return 204, b"", "text/plain"

    def _profile(self, session: Session, method: str, query: dict[str, str], body: bytes) -> tuple[int, bytes, str]:
        if not _same_agent(query.get("agent"), session.actor):
            raise Refused(403, {"requirement": "11.0.0.0-1", "message": "agent is not the launch actor"})
        key = (json.dumps(session.actor, sort_keys=True), query.get("profileId", ""))
        if method == "GET":
            if key[1] == PREFERENCES:
                session.preferences_read = True
            if key not in self.profiles:
                return 404, b"", "text/plain"
            return 200, self.profiles[key], "application/json"
        if not self.preferences_writable:  # the spec lets the LMS refuse; the AU must not treat it as an error
            return 403, b"learner preferences are kept by the LMS", "text/plain"
        self.profiles[key] = body
        return 204, b"", "text/plain"


def _error_json(code: str, text: str) -> tuple[int, bytes, str]:
    return 200, json.dumps({"error-code": code, "error-text": text}).encode(), "application/json"


class _Handler(BaseHTTPRequestHandler):
    lms: Cmi5Lms
    timeout = 15  # a stuck client cannot hold a thread longer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the LMS keeps its own log."""

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
        self.send_header("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Experience-API-Version")

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            status, body, kind = 413, b"too large", "text/plain"
            self.close_connection = True
        else:
            body_in = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status, body, kind = self.lms.handle(self.command, parts.path, query, headers, body_in)
            except Exception as exc:  # a bug in the test LMS must show, not hang the AU
                status, body, kind = 500, f"test LMS error: {exc!r}".encode(), "text/plain"
        self.lms.log.append((self.command, self.path, status))
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Experience-API-Version", "1.0.3")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _any
