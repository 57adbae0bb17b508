"""The player's SCORM traffic is held still: scripted sessions give the same calls as when they were recorded.

The sessions (tests/browser/recordings/sessions.py) were recorded before the runtime moved to builder/runtime;
every call, its arguments and results, and the data model after each launch must stay the same.
`COURSEBUILD_RECORD=1` writes the recordings anew instead of comparing (only for an intended change).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from tests.browser.recordings.sessions import FIXED_RANDOM, SESSIONS, START_SECONDS, record, recording_file

pytestmark = [pytest.mark.browser]

VERSIONS = ("1.2", "2004")


@pytest.fixture
def fixed_page(browser: object) -> Iterator[object]:
    """A page whose clock and Math.random are fixed, in UTC, failing the test on any JavaScript error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="UTC")  # type: ignore[attr-defined]
    context.add_init_script(FIXED_RANDOM)
    page = context.new_page()
    page.clock.set_fixed_time(START_SECONDS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("session", SESSIONS)
def test_a_recorded_session_makes_the_same_calls(fixed_page, site, example_course, session, version) -> None:
    launches = record(fixed_page, example_course, site, session, version)
    path = recording_file(session, version)
    text = json.dumps(launches, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("COURSEBUILD_RECORD") == "1":
        path.write_text(text, encoding="utf-8")
        return
    expected = json.loads(path.read_text(encoding="utf-8"))
    for number, (got, want) in enumerate(zip(launches, expected, strict=False)):
        assert got["sco"] == want["sco"], f"launch {number}"
        for index, (call, wanted) in enumerate(zip(got["calls"], want["calls"], strict=False)):
            assert call == wanted, f"launch {number} ({got['sco']}), call {index}: {call} instead of {wanted}"
        assert len(got["calls"]) == len(want["calls"]), f"launch {number} ({got['sco']}): call count"
        assert got["cmi"] == want["cmi"], f"launch {number} ({got['sco']}): the data model"
    assert len(launches) == len(expected)
