"""Branching scenarios on paper, checked on the PDFs: every "go to section N (page P)" of the workbook leads
to the page where section N starts, nothing gives the answer away, and the guide holds the map (drawn by
Graphviz), the role-play and the scoring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.builders import BuildOptions
from builder.builders.handbook import HandbookBuilder, scenariomap
from builder.builders.handbook.fonts import stack_for
from builder.builders.handbook.scenariomap import clean_svg, dot_source, render_svg, wrap_label
from builder.builders.handbook.scenarios import has_consequence, model_steps, printed_scenario, section_mark
from builder.builders.handbook.strings import Strings
from builder.diagnostics import BuildFailed, Report
from builder.loader import load_course
from builder.structure.scenario import Scenario
from tests.conftest import SHIPPED_COURSE
from tests.handbook.conftest import LANGUAGES
from tests.handbook.pdf import fonts, page_texts, squeeze

# How each language prints a section's heading, a reference to it, the start and an ending, as pdftotext reads
# them with every space removed (CJK lines are spaced differently from the source).
PATTERNS = {
    "en": {"heading": r"Section(\d+)", "goto": r"(?i:section)(\d+)\(page(\d+)\)",
           "ending_ref": r"Readending([A-Z])onpage(\d+)", "ending": r"Ending([A-Z])·"},
    "zh-Hant": {"heading": r"第(\d+)段", "goto": r"第(\d+)段(?:開始)?（第(\d+)頁）",
                "ending_ref": r"翻到第(\d+)頁，閱讀結局([A-Z])", "ending": r"結局([A-Z])·"},
}


def scenario_pages(pdf: Path, title: str, next_title: str | None = None) -> list[tuple[int, list[str]]]:
    """(1-based page, its lines without spaces) from the page where the scenario titled `title` starts to
    the page before the next scenario's."""
    pages = [(n, [squeeze(line) for line in text.splitlines() if line.strip()])
             for n, text in enumerate(page_texts(pdf), start=1)]
    start = next(n for n, lines in pages if squeeze(title) in "".join(lines))  # a long title takes two lines
    end = next((n for n, lines in pages if n > start and next_title and squeeze(next_title) in "".join(lines)),
               len(pages) + 1)
    return [(n, lines) for n, lines in pages if start <= n < end]


def check_references(pdf: Path, scenario: Scenario, language: str, next_title: str | None = None) -> int:
    """Read the workbook back: every section is printed once, and every "go to section N (page P)" and "read
    ending X on page P" names the page where that section or ending starts. Returns the references checked."""
    printed = printed_scenario(scenario)
    pattern = PATTERNS[language]
    pages = scenario_pages(pdf, scenario.title[language], next_title)
    starts: dict[int, int] = {}
    endings: dict[str, int] = {}
    for number, lines in pages:
        for line in lines:
            if (heading := re.fullmatch(pattern["heading"], line)) and int(heading[1]) not in starts:
                starts[int(heading[1])] = number
            if ending := re.match(pattern["ending"], line):
                endings.setdefault(ending[1], number)
    assert sorted(starts) == list(range(1, len(printed.sections) + 1)), "every section is printed, numbered 1 to N"
    assert sorted(endings) == [printed.ending_letter(s) for s in printed.endings]

    text = "".join("".join(lines) for _, lines in pages)
    references = [(int(section), int(page)) for section, page in re.findall(pattern["goto"], text)]
    expected = 1 + sum(len(printed.targets(section)) for section in printed.sections)  # "begin at" + every choice
    assert len(references) == expected
    for section, page in references:
        assert starts[section] == page, f"section {section} is said to be on page {page}, but starts on {starts[section]}"
    ending_refs = re.findall(pattern["ending_ref"], text)
    assert len(ending_refs) == len(printed.endings)
    for found in ending_refs:
        letter, page = (found[1], int(found[0])) if language == "zh-Hant" else (found[0], int(found[1]))
        assert endings[letter] == page
    return len(references) + len(ending_refs)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_section_reference_points_at_the_page_where_that_section_starts(handbooks, example_course, language):
    (scenario,) = example_course.lesson("closing").scenarios
    assert check_references(handbooks[language, "participant"], scenario, language) > 10


def test_sections_are_numbered_from_the_start_in_a_shuffled_order_that_never_varies(example_course):
    course, report = load_course(SHIPPED_COURSE)
    assert course is not None, report.render()
    scenarios = [s for c in (example_course, course) for lesson in c.lessons for s in lesson.scenarios]
    assert len(scenarios) == 6
    for scenario in scenarios:
        printed = printed_scenario(scenario)
        assert printed.start.node.id == scenario.start and printed.start.number == 1
        consequences = sum(1 for node in scenario.nodes for choice in node.choices if has_consequence(choice))
        assert len(printed.sections) == len(scenario.nodes) + consequences
        assert [s.number for s in printed.sections] == list(range(1, len(printed.sections) + 1))
        for section in printed.sections:  # reading on to the next number never follows the story
            assert all(target.number != section.number + 1 for target in printed.targets(section)), scenario.id
        again = printed_scenario(scenario)
        assert [s.anchor for s in again.sections] == [s.anchor for s in printed.sections]


@pytest.mark.parametrize("language", LANGUAGES)
def test_workbook_never_gives_the_answer_away(handbooks, example_course, language):
    (scenario,) = example_course.lesson("closing").scenarios
    workbook = squeeze("".join(page_texts(handbooks[language, "participant"])))
    strings = Strings(language)
    for key in ("scenario.scoring.model", "scenario.scoring.table", "scenario.map", "scenario.roleplay"):
        assert squeeze(strings(key)) not in workbook
    assert squeeze(strings("scenario.scoring.best", points=scenario.facts.best_points)) not in workbook
    assert "§" not in workbook  # no map labels (the guide marks sections with §)
    # Every line and choice is there to play.
    for node in scenario.nodes:
        assert squeeze(node.text[language]) in workbook
        for choice in node.choices:
            assert squeeze(choice.text[language]) in workbook


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_has_the_map_the_role_play_and_the_scoring(handbooks, example_course, language):
    (scenario,) = example_course.lesson("closing").scenarios
    printed = printed_scenario(scenario)
    strings = Strings(language)
    pages = [squeeze(text) for text in page_texts(handbooks[language, "facilitator"])]
    map_page = next(text for text in pages if text.startswith(squeeze(strings("scenario.map")))
                    or squeeze(strings("scenario.map")) in text[:80])
    # The map is a vector picture whose labels are text: the section of every node, the verdict of every ending.
    for section in printed.sections:
        assert squeeze(section_mark(section.number)) in map_page
    for section in printed.endings:
        assert squeeze(strings(f"scenario.verdict.short.{section.node.ending.verdict.value}")) in map_page
    guide = "".join(pages)
    assert squeeze(strings("scenario.scoring.best", points=scenario.facts.best_points)) in guide
    for section, choice, _ in model_steps(printed):
        assert squeeze(section_mark(section.number) + choice.text[language]) in guide
    for member in scenario.cast:
        assert squeeze(strings("scenario.roleplay.member", name=member.name[language], role=member.role[language])) in guide
    assert squeeze(strings("scenario.guide.assessed_quiz", weight=40, quiz=60)) in guide
    if language == "zh-Hant":  # the map's Chinese labels are set in the handbook's CJK face, embedded
        assert any("NotoSansCJKtc" in f["name"].replace("-", "") or "Noto-Sans-CJK-TC" in f["name"]
                   for f in fonts(handbooks[language, "facilitator"]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_map_svg_is_the_same_bytes_every_time_and_names_no_graphviz_version(example_course, language):
    (scenario,) = example_course.lesson("closing").scenarios
    printed, strings, stack = printed_scenario(scenario), Strings(language), stack_for(language)
    first = render_svg(printed, language, stack, strings)
    scenariomap._drawn.cache_clear()  # run dot again: its own output must not vary
    assert first == render_svg(printed, language, stack, strings)
    assert b"<!--" not in first and b"graphviz version" not in first.lower() and b"<title>" not in first
    assert b"Noto Sans" in first  # the handbook's own fonts, so labels are measured and printed alike
    source = dot_source(printed, language, stack, strings)
    assert source == dot_source(printed, language, stack, strings)
    assert clean_svg(first) == first


def test_map_labels_break_where_the_language_allows():
    lines = wrap_label("王經理：（訊息）有點吃緊是多緊？週五做得完嗎？你現在過來一下，我十分鐘後要開會。", "zh-Hant", 30, 3)
    assert len(lines) == 3 and not any(line[0] in "？，。：」）" for line in lines)
    assert wrap_label("So the courier comes on Thursday? I just hope it really arrives this time.", "en", 30, 3) == [
        "So the courier comes on", "Thursday? I just hope it", "really arrives this time."]
    longer = wrap_label("word " * 40, "en", 30, 3)
    assert len(longer) == 3 and longer[-1].endswith("…")


def test_a_missing_graphviz_is_reported_with_what_to_install(example_course, tmp_path, monkeypatch):
    monkeypatch.setattr(scenariomap, "dot_available", lambda: False)
    report = Report()
    builder = HandbookBuilder(example_course, BuildOptions(languages=("en",), given={}), report)
    with pytest.raises(BuildFailed):
        builder.init()
    (error,) = [d for d in report.errors if d.code == "handbook-graphviz-missing"]
    assert "graphviz" in error.hint and "--edition participant" in error.hint
    only_workbook = Report()
    HandbookBuilder(example_course, BuildOptions(languages=("en",), given={"editions": ("participant",)}),
                    only_workbook).init()
    assert not only_workbook.has_errors


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_map_conditions_sit_in_full_in_their_box_and_converging_choices_share_an_arrow(language):
    """A branching consequence is a box listing each condition in full, one row and one arrow per way on (beside
    arrows fanning out of one point they were printed over each other); choices of one section leading to the
    same section are one arrow listing their sections, apart from the model path's own."""
    from builder.builders.handbook.scenarios import condition_text

    course, report = load_course(SHIPPED_COURSE)
    assert course is not None, report.render()
    strings, stack = Strings(language), stack_for(language)
    for lesson in course.lessons:
        for scenario in lesson.scenarios:
            printed = printed_scenario(scenario)
            svg_text = squeeze(" ".join(etree_text(render_svg(printed, language, stack, strings))))
            for section in printed.sections:
                for branch in section.choice.branches if section.choice else ():
                    assert squeeze(condition_text(branch.condition, scenario, language, strings)) in svg_text
            arrows = re.findall(r"^\s*(\d+) -> (\d+) \[(.*)\]$", dot_source(printed, language, stack, strings),
                                flags=re.MULTILINE)
            pairs = [(tail, head, "penwidth=2.4" in attributes) for tail, head, attributes in arrows]
            assert len(pairs) == len(set(pairs)), (scenario.id, pairs)
    merged = [label for _, _, attributes in re.findall(
        r"^\s*(\d+) -> (\d+) \[(.*)\]$", dot_source(printed_scenario(course.lessons[1].scenarios[0]), language, stack,
                                                    strings), flags=re.MULTILINE)
              for label in re.findall(r'xlabel="([^"]*)"', attributes) if ", " in label]
    assert merged  # lesson 2 has sections whose choices converge


def etree_text(svg: bytes) -> list[str]:
    from lxml import etree

    return [text for text in etree.fromstring(svg).itertext()]
