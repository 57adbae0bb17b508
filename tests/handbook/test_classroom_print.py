"""The classroom kit read back from the example course's PDFs: model answers only in the guide, the
printables (cards cut two a page, each role on its own card) in their own PDF with a print list, the
guide's front matter, and materials and agenda steps that give real pages of the other documents."""

from __future__ import annotations

import html
import json
import re
import subprocess

import pytest

from builder.builders.handbook.strings import Strings
from tests.conftest import EXAMPLE_COURSE
from tests.edits import COURSEBUILD
from tests.handbook.conftest import LANGUAGES
from tests.handbook.pdf import is_blank_page, outline_titles, page_texts, squeeze
from tests.handbook.test_structure import lesson_start_pages


def _plain(html_text: str) -> str:
    return squeeze(html.unescape(re.sub(r"<[^>]+>", "", html_text)))


def _text(pdf) -> str:
    return squeeze("".join(page_texts(pdf)))


def _first_page(texts: list[str], fragment: str, after: int = 0) -> int:
    return next(n for n, text in enumerate(texts, start=1) if n > after and squeeze(fragment) in squeeze(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_model_answer_is_in_the_guide_only(handbooks, example_course, language):
    activity = example_course.lessons[0].activities[0]
    answer = _plain(activity.model_answer[language])
    heading = squeeze(Strings(language)("model_answer"))
    guide = _text(handbooks[language, "facilitator"])
    assert heading + answer in guide
    for edition in ("participant", "printables"):
        assert answer not in _text(handbooks[language, edition]) and heading not in _text(handbooks[language, edition])
    # beside its activity: after the activity's debrief, before the next step
    assert guide.index(squeeze(activity.debrief[0][language])) < guide.index(answer)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_role_has_its_own_card_two_cards_a_page(handbooks, example_course, language):
    texts = page_texts(handbooks[language, "printables"])
    assert not any(is_blank_page(text) for text in texts), "the printables are single-sided"
    roles = example_course.printable("greet-roles")
    strings = Strings(language)
    bodies = [_plain(sheet.body[language]) for sheet in roles.sheets]
    page = _first_page(texts, bodies[0])
    text = squeeze(texts[page - 1])
    assert bodies[1] in text, "two cards a page"
    caller, agent = (squeeze(strings("printables.for", role=sheet.role[language])) for sheet in roles.sheets)
    assert text.index(caller) < text.index(bodies[0]) < text.index(agent) < text.index(bodies[1])
    assert text.count(squeeze(roles.title[language])) == 2, "each card carries the title"
    for edition in ("participant", "facilitator"):  # role secrets are never printed for everyone
        assert not any(body in _text(handbooks[language, edition]) for body in bodies)


def _row(text: str, title: str) -> str:
    """The squeezed line of a laid-out page (pdftotext -layout) that holds `title`: one table row."""
    return next(squeeze(line) for line in text.splitlines() if squeeze(title) in squeeze(line))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_print_list_gives_the_pages_and_counts_of_every_printable(handbooks, example_course, language):
    texts = page_texts(handbooks[language, "printables"])
    print_list = page_texts(handbooks[language, "printables"], layout=True)[0]
    strings = Strings(language)
    expected = {"greet-call-cards": (6, strings("printables.per.pair", copies=1)),
                "greet-roles": (6, strings("printables.per.pair", copies=1)),
                "greet-plan": (12, strings("printables.per.participant", copies=1)),
                "close-steps": (2, strings("printables.per.room", copies=2))}
    for printable in example_course.printables():
        page = _first_page(texts, printable.title[language], after=1)
        count, each = expected[printable.id]
        unit = "sets" if printable.is_cards else "copies"
        row = _row(print_list, printable.title[language])
        assert row.endswith(squeeze(f"{page}{strings(f'printables.{unit}', count=count, each=each)}")), row
    assert len(texts) == 5  # the list, the call cards, the role cards, the worksheet, the handout
    assert outline_titles(handbooks[language, "printables"]) == [  # a bookmark for each printable
        (1, p.title[language], _first_page(texts, p.title[language], after=1)) for p in example_course.printables()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_materials_name_the_printables_page_and_count(handbooks, example_course, language):
    strings = Strings(language)
    printables = page_texts(handbooks[language, "printables"])
    guide = _text(handbooks[language, "facilitator"])
    for printable in example_course.printables():
        page = _first_page(printables, printable.title[language], after=1)
        unit = "sets" if printable.is_cards else "copies"
        count = printable.copies_for(example_course.classroom)
        line = strings("printables.material", title=printable.title[language],
                       pages=strings("printables.pages", pages=page),
                       copies=strings(f"printables.{unit}", count=count,
                                      each=strings(f"printables.per.{printable.per}", copies=printable.copies)))
        assert guide.count(squeeze(line)) >= 2, line  # the front matter's list and the lesson's own
    workbook = _text(handbooks[language, "participant"])
    assert squeeze(example_course.printable("greet-roles").title[language]) in workbook  # named, without pages
    assert squeeze(strings("printables.pages", pages=2)) not in workbook


@pytest.mark.parametrize("language", LANGUAGES)
def test_agenda_steps_give_the_workbook_page_of_what_they_use(handbooks, example_course, language):
    workbook = page_texts(handbooks[language, "participant"])
    guide = _text(handbooks[language, "facilitator"])
    greeting = example_course.lessons[0]
    reference = re.escape(squeeze(Strings(language)("workbook_page", page=999))).replace("999", r"(\d+)")
    say = squeeze(greeting.facilitator[0].say[language])
    page = int(re.search(re.escape(say) + reference, guide)[1])
    assert page == _first_page(workbook, greeting.pages[0].title[language], after=5)
    do = squeeze(greeting.facilitator[2].do[language])
    page = int(re.search(re.escape(do) + reference, guide)[1])
    assert page == _first_page(workbook, greeting.job_aid.title[language], after=5)
    # the agenda table's page column says the same: step, then its page
    assert squeeze(f"0:2010{greeting.facilitator[2].do[language]}{page}") in guide


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_opens_with_preparation_timing_materials_and_the_facilitator_notes(handbooks, example_course,
                                                                                   language):
    strings = Strings(language)
    texts = page_texts(handbooks[language, "facilitator"])
    guide = _text(handbooks[language, "facilitator"])
    front = _first_page(texts, strings("front.checklist"))
    notes = example_course.facilitator_page
    assert front < _first_page(texts, notes.title[language], after=front) < _first_page(
        texts, example_course.introduction.title[language], after=3)
    for item in example_course.classroom.checklist:
        assert squeeze(item[language]) in guide
    assert squeeze(strings("front.check.workbooks", count=12)) in guide
    greeting, closing = example_course.lessons
    starts = lesson_start_pages(texts, example_course, language)
    table = page_texts(handbooks[language, "facilitator"], layout=True)[front - 1]
    lesson_one = f"{strings('lesson', number=1)}·{greeting.title[language]}"
    assert _row(table, lesson_one) == squeeze(f"9:009:3030{lesson_one}{starts[greeting.id]}")
    pause = example_course.classroom.breaks[0].title[language]
    assert _row(table, pause) == squeeze(f"9:309:4515{pause}")
    lesson_two = f"{strings('lesson', number=2)}·{closing.title[language]}"
    assert _row(table, lesson_two) == squeeze(f"9:4510:0015{lesson_two}{starts[closing.id]}")
    disclosure = "If a participant discloses distress or abuse" if language == "en" else "學員表露困擾或受虐經驗時"
    assert squeeze(disclosure) in guide and squeeze(disclosure) not in _text(handbooks[language, "participant"])
    contents = squeeze(texts[2])
    assert squeeze(strings("front.title")) in contents and squeeze(notes.title[language]) in contents
    assert squeeze(strings("front.title")) not in _text(handbooks[language, "participant"])


def test_printables_alone_from_the_command_line_with_json(tmp_path):
    result = subprocess.run([COURSEBUILD, "build", EXAMPLE_COURSE, "-o", tmp_path, "-f", "handbook", "--lang", "en",
                             "--edition", "printables", "--json"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert [(o["format"], o["language"], o["path"].rsplit("/", 1)[-1]) for o in summary["outputs"]] == [
        ("handbook", "en", "phone-basics-1.2.0-en-printables.pdf")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["phone-basics-1.2.0-en-printables.pdf"]


def _printables_only(course_dir, out):
    from builder.loader import load_course
    from tests.handbook.conftest import build_handbooks

    course, report = load_course(course_dir)
    assert course is not None, report.render()
    built, report = build_handbooks(course, out, languages=("en",), editions=("printables",))
    return course, page_texts(built["en", "printables"]), report


def test_a_card_longer_than_half_a_page_is_reported_and_fits_one_a_page(course_copy, tmp_path):
    from tests.edits import LESSON, line_of, replace

    long_text = " ".join(["The caller repeats the order number, then asks again about the delivery date."] * 30)
    replace(course_copy, LESSON, '"You are calling from a train and have two minutes. Interrupt if the greeting is long."',
            f'"{long_text}"')
    _, texts, report = _printables_only(course_copy, tmp_path / "two")
    found = [w for w in report.warnings if w.code == "card-too-long"]
    assert [(w.file, w.line) for w in found] == [(LESSON, line_of(course_copy, LESSON, "id: greet-roles"))]
    assert "card 1 of 'greet-roles'" in found[0].message and "cards_per_page: 1" in found[0].hint
    replace(course_copy, LESSON, "    per: pair\n    cards:", "    per: pair\n    cards_per_page: 1\n    cards:")
    course, texts, report = _printables_only(course_copy, tmp_path / "one")
    assert not [w for w in report.warnings if w.code == "card-too-long"], report.render()
    roles = course.printable("greet-roles")
    first = _first_page(texts, roles.sheets[1].role["en"], after=1)  # "For: Agent" is alone on its page
    assert squeeze("For: Caller") not in squeeze(texts[first - 1])
    assert squeeze("For: Caller") in squeeze(texts[first - 2])
