"""The declared shape of every course file (format 1). The README documents the same keys.

course.yaml also holds a section per output format (`handbook`, `packaging`): each builder declares its own
(builder/builders), and `course_file` puts them in. A nested section's defaults are declared once, on its fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from builder.loader.itemchecks.codes import CheckCode, Reason
from builder.loader.schema import (
    Bool,
    Choice,
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
)
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
COURSE_TAIL = [
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

LESSON_FILE = Record([
    Field("id", Id(), required=True),
    Field("title", Localized(Str(max_length=200)), required=True),
    Field("goal", Localized(), required=True),
    Field("duration", Int(1, 1440), required=True, help="add 'duration: 90' (minutes in class)"),
    Field("materials", TEXT_LIST, default=[]),
    Field("objectives", ListOf(Record([
        Field("id", Id(), required=True),
        Field("text", Localized(), required=True),
    ]), min_items=1), required=True),
    Field("activities", ListOf(Record([
        Field("id", Id(), required=True),
        Field("kind", Choice("individual", "pair", "group"), required=True),
        Field("title", Localized(), required=True),
        Field("minutes", Int(1, 1440), required=True),
        Field("materials", TEXT_LIST, default=[]),
        Field("instructions", Localized(), required=True),
        Field("debrief", TEXT_LIST, default=[]),
        Field("writing_lines", Int(0, 60), default=8),
    ])), default=[]),
    Field("reflection", TEXT_LIST, default=[]),
    Field("facilitator", ListOf(Record([
        Field("minutes", Int(0, 1440), default=None),
        Field("activity", Id(), default=None),
        Field("do", Localized(), default=None),
        Field("say", Localized(), default=None),
    ])), default=[]),
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
    ])), required=True),
])
