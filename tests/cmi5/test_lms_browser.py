"""Chromium against the test LMS: a page opened at an AU's launch URL (directly, and inside the LMS's frame)
can do the cmi5 handshake from JavaScript: POST to the fetch URL, then read LMS.LaunchData and the learner
preferences and send a statement with the token. The page is the player without the cmi5 adapter (the SCORM
2004 files beside cmi5.xml), so the handshake below is the only one; test_au_*.py play the real AU."""

from __future__ import annotations

import pytest

from builder.cmi5 import structure
from builder.runtime.files import Delivery, delivery_files
from builder.runtime.units import PackagingMode, launch_file
from tests.browser.conftest import browser, page  # noqa: F401  (fixtures shared with the browser tests)
from tests.cmi5.statement_rules import VERBS

pytestmark = pytest.mark.browser


def package_without_adapter(course) -> tuple[bytes, dict[str, bytes]]:
    mode = PackagingMode.PER_LESSON
    plan = structure.plan_structure(course, mode, ("en",), launch_file)
    return structure.structure_xml(plan), delivery_files(course, "en", Delivery("scorm2004", mode))

# What an AU's first steps look like in a browser: everything it needs comes from its own URL.
HANDSHAKE = """async () => {
  const q = new URLSearchParams(location.search);
  const token = (await (await fetch(q.get('fetch'), {method: 'POST'})).json())['auth-token'];
  const headers = {'Authorization': 'Basic ' + token, 'X-Experience-API-Version': '1.0.3',
                   'Content-Type': 'application/json'};
  const agent = encodeURIComponent(q.get('actor'));
  const state = q.get('endpoint') + 'activities/state?stateId=LMS.LaunchData&activityId='
    + encodeURIComponent(q.get('activityId')) + '&agent=' + agent + '&registration=' + q.get('registration');
  const launchData = await (await fetch(state, {headers})).json();
  const prefs = await (await fetch(q.get('endpoint') + 'agents/profile?profileId=cmi5LearnerPreferences&agent='
    + agent, {headers})).json();
  const context = structuredClone(launchData.contextTemplate);
  context.registration = q.get('registration');
  context.contextActivities.category = [{id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5'}];
  const statement = {id: crypto.randomUUID(), actor: JSON.parse(q.get('actor')), timestamp: new Date().toISOString(),
    verb: {id: 'http://adlnet.gov/expapi/verbs/initialized'}, object: {id: q.get('activityId')}, context};
  const sent = await fetch(q.get('endpoint') + 'statements', {method: 'POST', headers, body: JSON.stringify([statement])});
  return {launchMode: launchData.launchMode, language: prefs.languagePreference, status: sent.status};
}"""


@pytest.mark.parametrize("framed", [False, True], ids=["own-window", "lms-frame"])
def test_a_page_at_the_launch_url_completes_the_handshake(cmi5_lms, example_course, page, framed):  # noqa: F811
    cmi5_lms.import_package(*package_without_adapter(example_course))
    session = cmi5_lms.launch(0, language_preference="zh-Hant")
    if framed:
        page.goto(cmi5_lms.frame_url(session))
        target = page.locator("#au").element_handle().content_frame()
        target.wait_for_load_state()
    else:
        page.goto(session.url)
        target = page
    result = target.evaluate(HANDSHAKE)
    assert result == {"launchMode": "Normal", "language": "zh-Hant", "status": 200}
    assert [s["verb"]["id"] for s in cmi5_lms.statements(session)] == [VERBS["launched"], VERBS["initialized"]]
