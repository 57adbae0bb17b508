"""Glossary terms found in page HTML at build time (builder/termlinks.py), and glossary.yaml's `link` and
`forms` keys."""

from __future__ import annotations

from pathlib import Path

from lxml.builder import E

from builder.loader import load_course
from builder.structure import GlossaryEntry
from builder.structure.text import Text
from builder.termlinks import link_terms

HOLD = GlossaryEntry("term-hold", Text({"en": "Hold", "zh-Hant": "保留"}), Text({"en": "d", "zh-Hant": "d"}))
HOLD_TIME = GlossaryEntry("term-hold-time", Text({"en": "hold time", "zh-Hant": "保留時間"}),
                          Text({"en": "d", "zh-Hant": "d"}))
GREETING = GlossaryEntry("term-greeting", Text({"en": "Greeting", "zh-Hant": "開場問候"}),
                         Text({"en": "d", "zh-Hant": "d"}), forms=(("en", ("greeted",)), ("zh-Hant", ("問候語",))))
ENTRIES = (HOLD, HOLD_TIME, GREETING)


def mark(entry: GlossaryEntry, written: str) -> list:
    return [E.b(written, {"data-term": entry.id})]


def test_english_first_occurrence_plurals_either_case_and_whole_words() -> None:
    html = "<p>Greetings first. A greeting, then holds; the holder is no term.</p><p>Hold again.</p>"
    assert link_terms(html, ENTRIES, "en", mark) == (
        '<p><b data-term="term-greeting">Greetings</b> first. A greeting, then '
        '<b data-term="term-hold">holds</b>; the holder is no term.</p><p>Hold again.</p>')


def test_the_longest_term_wins_and_its_text_keeps_shorter_terms_out() -> None:
    html = "<p>The hold time, then a hold time and a hold.</p>"
    assert link_terms(html, ENTRIES, "en", mark) == (
        '<p>The <b data-term="term-hold-time">hold time</b>, then a hold time and a '
        '<b data-term="term-hold">hold</b>.</p>')


def test_chinese_matches_the_exact_text_without_spaces_longest_first() -> None:
    html = "<p>先說問候語，再說明保留時間與保留的差別。</p>"
    assert link_terms(html, ENTRIES, "zh-Hant", mark) == (
        '<p>先說<b data-term="term-greeting">問候語</b>，再說明<b data-term="term-hold-time">保留時間</b>與'
        '<b data-term="term-hold">保留</b>的差別。</p>')


def test_never_inside_links_code_headings_or_abbreviations() -> None:
    html = ('<h2>Hold</h2><p><a href="#x">hold</a> <code>hold</code> <abbr title="x">HOLD</abbr> '
            '<strong>a greeted caller</strong></p>')
    assert link_terms(html, ENTRIES, "en", mark) == (
        '<h2>Hold</h2><p><a href="#x">hold</a> <code>hold</code> <abbr title="x">HOLD</abbr> '
        '<strong>a <b data-term="term-greeting">greeted</b> caller</strong></p>')


def test_a_term_written_with_an_entity_in_the_html_is_found() -> None:
    qa = GlossaryEntry("term-qa", Text({"en": "Q&A", "zh-Hant": "問答"}), Text({"en": "d", "zh-Hant": "d"}))
    assert link_terms("<p>The Q&amp;A part.</p>", (qa,), "en", mark) == '<p>The <b data-term="term-qa">Q&amp;A</b> part.</p>'


def test_a_page_without_terms_is_left_byte_for_byte_and_link_false_is_never_marked() -> None:
    html = "<p>Nothing&nbsp;here<br/>at all.</p>"
    assert link_terms(html, ENTRIES, "en", mark) is html
    quiet = GlossaryEntry("term-hold", HOLD.term, HOLD.definition, link=False)
    assert link_terms("<p>Hold on.</p>", (quiet,), "en", mark) == "<p>Hold on.</p>"


def test_glossary_yaml_takes_link_and_forms(course_copy: Path) -> None:
    glossary = course_copy / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    text = text.replace("  - id: term-hold\n", "  - id: term-hold\n    link: false\n", 1)
    text = text.replace("  - id: term-greeting\n",
                        "  - id: term-greeting\n    forms: {en: [greeted], zh-Hant: [問候語]}\n", 1)
    glossary.write_text(text, encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    entries = {e.id: e for e in course.glossary}
    assert entries["term-hold"].link is False and entries["term-greeting"].link is True
    assert entries["term-greeting"].forms_in("en") == ("greeted",)
    assert entries["term-greeting"].forms_in("zh-Hant") == ("問候語",)


def test_forms_missing_a_language_says_which(course_copy: Path) -> None:
    glossary = course_copy / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8").replace(
        "  - id: term-greeting\n", "  - id: term-greeting\n    forms: {en: [greeted]}\n", 1)
    glossary.write_text(text, encoding="utf-8")
    course, report = load_course(course_copy)
    assert course is None
    assert "has no zh-Hant translation" in report.render()


def test_a_marks_own_text_is_not_the_pages() -> None:
    """The player's mark carries the definition, which may name another term: that term is neither marked inside
    the definition nor used up there, so its first occurrence in the page is the one marked."""
    def with_definition(entry: GlossaryEntry, written: str) -> list:
        definition = "the time a caller waits on hold" if entry is HOLD_TIME else "d"
        return [E.b(written, {"data-term": entry.id}), E.span(definition)]

    html = "<p>The hold time is long.</p><p>Put the caller on hold.</p>"
    assert link_terms(html, ENTRIES, "en", with_definition) == (
        '<p>The <b data-term="term-hold-time">hold time</b><span>the time a caller waits on hold</span> is long.</p>'
        '<p>Put the caller on <b data-term="term-hold">hold</b><span>d</span>.</p>')
