"""The declared shape of every course file (format 1). The README documents the same keys.

course.yaml also holds a section per output format (`handbook`, `packaging`): each builder declares its own
(builder/builders), and `course_file` puts them in. A nested section's defaults are declared once, on its fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from builder.loader.itemchecks.codes import CheckCode, Reason
from builder.loader.schema import (
    Bool,
    Choice,
    Context,
    Date,
    Field,
    Id,
    Int,
    LangTag,
    ListOf,
    Localized,
    MapOf,
    Number,
    Record,
    Str,
    Type,
)
from builder.loader.yamlsource import Node
from builder.questions import QUESTION_KINDS

FORMAT_VERSION = 1
QUESTION_TYPES = tuple(QUESTION_KINDS)  # builder/questions: one entry per type

VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")
FOLDER_PATTERN = re.compile(r"^[^/\\]+$")


def quiz_settings(*, pass_mark_default: int) -> Record:
    return Record([
        Field("pass_mark", Int(0, 100), default=pass_mark_default),
        Field("shuffle_questions", Bool(), default=False),
        Field("shuffle_choices", Bool(), default=False),
        Field("draw", Int(0), default=0),
        Field("attempts", Int(0, 99), default=0),
        Field("feedback", Choice("immediate", "end"), default="immediate"),
    ])


TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")

# The classroom day, for the facilitator guide's front matter and the print counts of the printables.
CLASSROOM = Record([
    Field("participants", Int(1, 1000), default=12),
    Field("group_size", Int(2, 100), default=4),
    Field("start", Str(pattern=TIME_PATTERN, pattern_hint='write the time as "09:00", in quotes'), default=""),
    Field("breaks", ListOf(Record([
        Field("after", Id(), required=True, help="add 'after: <the id of the lesson the break follows>'"),
        Field("minutes", Int(1, 1440), required=True),
        Field("title", Localized(), default=None),
    ])), default=[]),
    Field("checklist", ListOf(Localized()), default=[]),
])

COURSE_HEAD = [
    Field("format", Int(1), required=True, help="add 'format: 1' as the first line"),
    Field("id", Id(), required=True),
    Field("version", Str(pattern=VERSION_PATTERN, pattern_hint="write a version such as 1.0.0"), required=True),
    Field("languages", ListOf(LangTag(), min_items=1), required=True,
          help="add 'languages: [zh-Hant, en]' with the source language first"),
    Field("title", Localized(Str(max_length=200)), required=True),
    Field("description", Localized(Str(max_length=1000)), required=True),
    Field("organization", Localized(), required=True),
    Field("authors", ListOf(Str()), default=[]),
    Field("date", Date(), default=""),
    Field("learning_time", Int(1, 100_000), required=True, help="add 'learning_time: 240' (minutes)"),
    Field("completion", Choice("pages", "assessment", "both"), default="both"),
    Field("lessons", ListOf(Str(pattern=FOLDER_PATTERN, pattern_hint="give the lesson's folder name under lessons/"),
                            min_items=1), required=True),
]
COLOUR = re.compile(r"#[0-9a-fA-F]{6}$")
COLOUR_HINT = 'write the colour as six hex digits in quotes, e.g. primary: "#0b57d0" (unquoted, # starts a comment)'
COURSE_TAIL = [
    Field("classroom", CLASSROOM, default=None),
    Field("theme", Record([
        Field("logo", Str(max_length=300), default=None),
        Field("primary", Str(pattern=COLOUR, pattern_hint=COLOUR_HINT), default=None),
        Field("accent", Str(pattern=COLOUR, pattern_hint=COLOUR_HINT), default=None),
    ]), default=None),
    Field("navigation", Record([
        Field("assessment", Choice("auto", "after-pages", "anytime"), default="auto"),
        Field("lessons", Choice("anytime", "in-order"), default="anytime"),
    ])),
    Field("assessment", Record([
        Field("title", Localized(), required=True),
        Field("draw", MapOf(Str(), Int(1), "a mapping of lesson id to number of questions"), required=True,
              help="add 'draw:' with one line per lesson, e.g. 'time-management: 2'"),
        *(f for f in quiz_settings(pass_mark_default=80).fields if f.name != "draw"),
    ]), default=None),  # none: the course has no final assessment
]


def course_file(sections: Mapping[str, Record]) -> Record:
    """course.yaml: the course's own keys, with the output formats' sections (by name) after `lessons`."""
    return Record([*COURSE_HEAD, *(Field(name, sections[name]) for name in sorted(sections)), *COURSE_TAIL])


TEXT_LIST = ListOf(Localized())


class Material(Type):
    """A line of a materials list: a text per language, or `printable: <id>`, a printable of the course."""

    label = "a text in each course language, or 'printable: <id>'"
    reference = Record([Field("printable", Id(), required=True)])

    def check(self, node: Node, ctx: Context, where: str) -> Any:
        if node.kind == "mapping" and "printable" in node.value:
            return self.reference.check(node, ctx, where)
        return Localized().check(node, ctx, where)


MATERIALS = ListOf(Material())
PRINTABLE_KINDS = ("role-card", "task-card", "handout", "worksheet")
CARD_KINDS = ("role-card", "task-card")

# Printed for the classroom, in the printables PDF: never in the workbook.
PRINTABLE = Record([
    Field("id", Id(), required=True),
    Field("kind", Choice(*PRINTABLE_KINDS), required=True, help="add 'kind: role-card', 'task-card', 'handout' "
                                                                  "or 'worksheet'"),
    Field("title", Localized(Str(max_length=200)), required=True),
    Field("for", Localized(), default=None),
    Field("per", Choice("participant", "pair", "group", "room"), default="participant"),
    Field("copies", Int(1, 100), default=1),
    Field("cards_per_page", Choice(1, 2), default=2),
    Field("cards", ListOf(Record([
        Field("for", Localized(), default=None),
        Field("body", Localized(), required=True),
    ]), min_items=1), default=None),
    Field("body", Localized(), default=None),
    Field("writing_lines", Int(0, 60), default=None),
])

LESSON_FILE = Record([
    Field("id", Id(), required=True),
    Field("title", Localized(Str(max_length=200)), required=True),
    Field("goal", Localized(), required=True),
    Field("duration", Int(1, 1440), required=True, help="add 'duration: 90' (minutes in class)"),
    Field("materials", MATERIALS, default=[]),
    Field("objectives", ListOf(Record([
        Field("id", Id(), required=True),
        Field("text", Localized(), required=True),
    ]), min_items=1), required=True),
    Field("activities", ListOf(Record([
        Field("id", Id(), required=True),
        Field("kind", Choice("individual", "pair", "group"), required=True),
        Field("title", Localized(), required=True),
        Field("minutes", Int(1, 1440), required=True),
        Field("materials", MATERIALS, default=[]),
        Field("instructions", Localized(), required=True),
        Field("debrief", TEXT_LIST, default=[]),
        Field("writing_lines", Int(0, 60), default=8),
        Field("model_answer", Localized(), default=None),  # the facilitator guide only
    ])), default=[]),
    Field("reflection", TEXT_LIST, default=[]),
    Field("facilitator", ListOf(Record([
        Field("minutes", Int(0, 1440), default=None),
        Field("activity", Id(), default=None),
        Field("do", Localized(), default=None),
        Field("say", Localized(), default=None),
        Field("workbook", Id(), default=None),  # what the step uses in the workbook: a page, activity, job-aid…
    ])), default=[]),
    Field("printables", ListOf(PRINTABLE), default=[]),
])

CHOICE = Record([
    Field("id", Id(), required=True),
    Field("text", Localized(), required=True),
    Field("correct", Bool(), default=False),
    Field("feedback", Localized(), default=None),
])

QUESTION = Record([
    Field("id", Id(), required=True),
    Field("type", Choice(*QUESTION_TYPES), required=True),
    Field("objective", Id(), required=True, help="add 'objective: <an objective id of this lesson>'"),
    Field("prompt", Localized(), required=True),
    Field("points", Int(1, 100), default=1),
    Field("feedback", Record([
        Field("correct", Localized(), default=None),
        Field("incorrect", Localized(), default=None),
    ]), default=None),
    Field("choices", ListOf(CHOICE), default=None),
    Field("shuffle", Bool(), default=True),
    Field("allow", MapOf(CheckCode(), Reason(), "a mapping of item-check code to why it does not apply"),
          default=None),
    Field("answer", Bool(), default=None),
    Field("answers", Localized(ListOf(Str(), min_items=1)), default=None),
    Field("case_sensitive", Bool(), default=False),
    Field("whitespace", Choice("normalize", "exact", "ignore"), default="normalize"),
    Field("max_length", Int(1, 250), default=60),
    Field("pairs", ListOf(Record([
        Field("id", Id(), required=True),
        Field("left", Localized(), required=True),
        Field("right", Localized(), required=True),
    ])), default=None),
    Field("items", ListOf(Record([
        Field("id", Id(), required=True),
        Field("text", Localized(), required=True),
    ])), default=None),
    Field("value", Number(), default=None),
    Field("tolerance", Number(), default=0),
])

QUIZ_FILE = Record([
    Field("settings", quiz_settings(pass_mark_default=70)),
    Field("questions", ListOf(QUESTION, min_items=1), required=True),
])

# A lesson's bank for the final assessment: questions of the same form as quiz.yaml's, never shown in practice.
ASSESSMENT_FILE = Record([
    Field("questions", ListOf(QUESTION, min_items=1), required=True),
])

GLOSSARY_FILE = Record([
    Field("terms", ListOf(Record([
        Field("id", Id(), required=True),
        Field("term", Localized(), required=True),
        Field("definition", Localized(), required=True),
        Field("link", Bool(), default=True),
        Field("forms", Localized(ListOf(Str(max_length=200))), default=None),
    ])), required=True),
])

# A branching scenario: lessons/<folder>/scenarios/<name>.yaml (docs/scenarios.md). Conditions are texts here;
# builder.loader.scenarios parses them and checks every reference and path.
METER_VALUE = Int(-9999, 9999)
SCENARIO_CHOICE = Record([
    Field("id", Id(), required=True),
    Field("text", Localized(), required=True),
    Field("goto", Id(), required=True, help="add 'goto: <the id of the node this choice leads to>'"),
    Field("if", Str(), default=None),
    Field("points", Int(0, 100), default=0),
    Field("effects", MapOf(Id(), Int(-9999, 9999), "a mapping of meter id to a change such as +10 or -5"),
          default=None),
    Field("branches", ListOf(Record([
        Field("if", Str(), required=True, help="add 'if: <condition>', e.g. 'if: trust >= 60'"),
        Field("goto", Id(), required=True),
    ]), min_items=1), default=None),
    Field("feedback", Localized(), default=None),
    Field("feedback_timing", Choice("immediate", "debrief"), default=None),
])

SCENARIO_FILE = Record([
    Field("id", Id(), required=True),
    Field("title", Localized(Str(max_length=200)), required=True),
    Field("intro", Localized(), required=True, help="add 'intro:', the situation the learner steps into"),
    Field("assessed", Bool(), default=False),
    Field("weight", Int(1, 100), default=None),
    Field("objectives", ListOf(Id()), default=[]),
    Field("attempts", Int(0, 99), default=0),
    Field("feedback_timing", Choice("immediate", "debrief"), default="immediate"),
    Field("meters", ListOf(Record([
        Field("id", Id(), required=True),
        Field("label", Localized(Str(max_length=60)), required=True),
        Field("start", METER_VALUE, required=True),
        Field("min", METER_VALUE, default=0),
        Field("max", METER_VALUE, default=100),
    ]), max_items=8), default=[]),
    Field("cast", ListOf(Record([
        Field("id", Id(), required=True),
        Field("name", Localized(Str(max_length=100)), required=True),
        Field("role", Localized(Str(max_length=200)), required=True),
        Field("portrait", Record([
            Field("image", Str(), required=True, help="add 'image: assets/<file>' (a picture in the lesson's assets/)"),
            Field("alt", Localized(), required=True,
                  help="add 'alt:' per language: what the picture shows, for people who cannot see it"),
        ]), default=None),
    ])), default=[]),
    Field("start", Id(), default=None),
    Field("nodes", ListOf(Record([
        Field("id", Id(), required=True),
        Field("speaker", Id(), default=None),
        Field("text", Localized(), required=True),
        Field("choices", ListOf(SCENARIO_CHOICE, max_items=20), default=[]),
        Field("verdict", Choice("best", "good", "poor"), default=None),
        Field("debrief", Localized(), default=None),
    ]), min_items=2, max_items=300), required=True),
])
