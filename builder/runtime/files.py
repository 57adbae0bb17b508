"""Every file a delivery of the course needs in one language: launch pages, the runtime's JS and CSS with the
delivery's LMS adapter, the course data, the UI strings and the course's images.

The course reaches the player as a JS file assigning a JSON object (`data/course.js`), because `fetch` of a
JSON file fails on file://, where a web export or a package opened from a folder runs. One data file serves
every unit of a delivery; each launch page says which unit it is. The scripts are classic scripts with one
global each (no ES modules: they do not load from file://), loaded in the order below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import rcssmin
import rjsmin

from builder.localization import STRINGS_ROOT, resolve_in
from builder.runtime.data import course_data
from builder.runtime.units import PackagingMode, launch_file, unit_ids, unit_title
from builder.structure import Course

RUNTIME_DIR = Path(__file__).resolve().parent
STATIC = RUNTIME_DIR / "static"
TEMPLATES = RUNTIME_DIR / "templates"
STRINGS = STRINGS_ROOT / "player"
FALLBACK_LANGUAGE = "en"

# Each LMS adapter and the scripts that make it, loaded after the pure modules and before the views. Every
# delivery also gets local.js: the adapter without an LMS, and the fallback when none answers. An adapter is
# one more entry here and its script(s) under static/, which set the global CoursebuildAdapter to a constructor
# taking the player's notify(key, values) whose objects have, whatever the LMS:
#   start()                       {entry, suspendData, location, masteryPercent}, null when there is no LMS,
#                                 or a promise of either (an LMS reached over the network, as cmi5's is)
#   save(suspendData, location)   the learner's state and bookmark
#   setProgress(progress)         {completed, success: passed|failed|unknown, score: percent x100|null,
#                                 progress: 0..1}
#   setObjectives(objectives)     [{id, score, success}]
#   recordInteraction(record)     {id, question, answer, correct, weighting, objective, started, answered};
#                                 `question` is a question of a type (questions.js), or a scenario's decision,
#                                 which carries its own record(question, answer, is2004) (scenario.js)
#   commit()                      what was set so far reaches the LMS
#   finish(completed)             the session's end, once; nothing is sent after it
#   tracked                       whether an LMS records the learner
#   canLeave, leave(completed)    optional: the learner may leave for the LMS (cmi5's returnURL); leave ends the
#                                 session first (the player shows an Exit button when canLeave is true)
ADAPTERS: dict[str, tuple[str, ...]] = {
    "none": (),
    "scorm12": ("scorm.js", "scorm12.js"),
    "scorm2004": ("scorm.js", "scorm2004.js"),
    "cmi5": ("xapi.js", "cmi5.js"),
}
PURE_SCRIPTS = ("questions.js", "quiz.js", "state.js", "scenario.js")  # load in Node too (tests/js); no DOM
# blocks.js: the pages' interactive blocks; scenarioview.js: the conversation view; exit.js: the learner's "Save and
# exit"; player.js calls them and starts
VIEW_SCRIPTS = ("blocks.js", "scenarioview.js", "exit.js", "player.js")
STYLES = ("player.css", "scenario.css", "blocks.css")
STATIC_FOLDER = "player"  # where a delivery's files put the scripts and styles
COURSE_DATA = "data/course.js"
STRINGS_DATA = "data/strings.js"


@dataclass(frozen=True)
class Delivery:
    """What a delivery format asks of the runtime."""

    adapter: str  # a key of ADAPTERS
    mode: PackagingMode = PackagingMode.SINGLE  # one unit, or one per lesson
    state_limit: int = 0  # characters of saved state the LMS must keep (0: no limit)
    languages_href: str = ""  # where the launch pages link to the delivery's other languages; "": no link
    # More attributes of the launch pages' <body>, for tools that drive the player (a SCORM package says its
    # version in data-scorm, as it always has); the player itself reads only data-unit.
    body: tuple[tuple[str, str], ...] = ()

    @property
    def scripts(self) -> tuple[str, ...]:
        return (*PURE_SCRIPTS, "local.js", *ADAPTERS[self.adapter], *VIEW_SCRIPTS)


def static_files(delivery: Delivery) -> dict[str, bytes]:
    """The runtime's scripts and styles for the delivery, keyed by their path in it, as shipped (minified)."""
    return {f"{STATIC_FOLDER}/{name}": shipped(name) for name in (*delivery.scripts, *STYLES)}


@cache
def shipped(name: str) -> bytes:
    """A script or style as a delivery ships it: without comments and layout whitespace. The sources keep their
    comments; a package spends its bytes on what runs (the player's budget, tests/browser/test_player_files.py)."""
    text = (STATIC / name).read_text(encoding="utf-8")
    if name.endswith(".js"):
        return rjsmin.jsmin(text).encode() + b"\n"
    return rcssmin.cssmin(text).encode() + b"\n"


def delivery_files(course: Course, language: str, delivery: Delivery) -> dict[str, bytes]:
    """Every file for one language, keyed by path: the launch page(s) (index.html for a single unit), the
    runtime's JS and CSS, the course data, the UI strings, and every asset at its href. Deterministic bytes."""
    strings = ui_strings(language)
    files: dict[str, bytes] = {}
    template = _environment().get_template("launch.html")
    for unit in unit_ids(course, delivery.mode):
        html = template.render(
            language=language,
            title=unit_title(course, unit, language),
            unit=unit,
            scripts=[f"{STATIC_FOLDER}/{name}" for name in delivery.scripts],
            styles=[f"{STATIC_FOLDER}/{name}" for name in STYLES],
            course_data=COURSE_DATA,
            strings_data=STRINGS_DATA,
            strings=strings,
            languages_href=delivery.languages_href,
            body=delivery.body,
            theme_css=theme_css(course),
            logo=course.theme.logo.href if course.theme and course.theme.logo else "",
        )
        files[launch_file(unit)] = html.encode("utf-8")
    files.update(static_files(delivery))
    files[COURSE_DATA] = _js_assignment(
        "COURSEBUILD_COURSE", course_data(course, language, delivery.mode, delivery.state_limit))
    files[STRINGS_DATA] = _js_assignment("COURSEBUILD_STRINGS", strings)
    for asset in (*course.assets, *(asset for lesson in course.lessons for asset in lesson.assets)):
        files[asset.href] = asset.data
    return files


UI_STRINGS_DATA = "data/ui-strings.js"  # a delivery that lets the learner's LMS choose the player's words


def ui_strings_file(languages: tuple[str, ...]) -> bytes:
    """The player's words in each of those languages, for an adapter that learns the learner's language only at
    launch (cmi5's languagePreference): not loaded by the launch pages; the adapter loads it when it needs it."""
    return _js_assignment("COURSEBUILD_UI_STRINGS", {language: ui_strings(language) for language in languages})


def theme_css(course: Course) -> str:
    """The course's theme (course.yaml `theme`, contrast checked by the loader) as player.css's custom properties:
    primary for buttons, links and the current menu item (--accent), accent for the focus ring (--focus)."""
    theme = course.theme
    values = [(name, colour) for name, colour in (("--accent", theme and theme.primary),
                                                  ("--focus", theme and theme.accent)) if colour]
    return ":root { " + " ".join(f"{name}: {colour};" for name, colour in values) + " }" if values else ""


def ui_strings(language: str) -> dict[str, str]:
    """The player's UI strings for a course language (resolved as builder/localization.py says: zh-TW gets
    zh-Hant, ru-RU ru, pt-BR English), over the English ones so a missing key still shows English."""
    strings = dict(_read_strings(FALLBACK_LANGUAGE))
    strings.update(_read_strings(resolve_in(STRINGS, language).strings))
    return strings


def _js_assignment(name: str, value: object) -> bytes:
    # "</" is escaped so the data can never close a <script> element, whatever a page's HTML holds.
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return f"window.{name} = {body};\n".encode()


@cache
def _read_strings(language: str) -> dict[str, str]:
    return json.loads((STRINGS / f"{language}.json").read_text(encoding="utf-8"))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
