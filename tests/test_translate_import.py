"""`coursebuild translate import`: translations written back into YAML and Markdown, all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from builder.cli import cli
from builder.loader import load_course
from builder.translation.export import export
from builder.translation.importer import import_xliff
from tests.conftest import EXAMPLE_COURSE, EXAMPLE_TEXTS, SHIPPED_COURSE

X = "urn:oasis:names:tc:xliff:document:2.0"
NS = {"x": X}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def translate(data: bytes, edits: dict[tuple[str, str], str]) -> bytes:
    """Act as a translator: replace the <target> of each (file, unit) with the given inline XML."""
    root = etree.fromstring(data)
    for (original, unit_id), inline in edits.items():
        unit = root.find(f"x:file[@original='{original}']/x:unit[@id='{unit_id}']", NS)
        assert unit is not None, (original, unit_id)
        segment = unit.find("x:segment", NS)
        old = segment.find("x:target", NS)
        if old is not None:
            segment.remove(old)
        segment.append(etree.fromstring(f'<target xmlns="{X}">{inline}</target>'))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("course, target", [(SHIPPED_COURSE, "en"), (EXAMPLE_COURSE, "zh-Hant")])
def test_export_then_import_with_no_change_leaves_every_source_byte_identical(tmp_path: Path, course: Path,
                                                                              target: str) -> None:
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    before = _snapshot(copy)
    outcome, counts = import_xliff(copy, export(copy, target).data)
    assert not outcome.refusals and outcome.report is None
    assert counts["changed"] == 0 and counts["translated"] == counts["units"]
    after = _snapshot(copy)
    record = after.pop(".coursebuild/translations.tsv")
    before.pop(".coursebuild/translations.tsv", None)  # the shipped course records its reviewed zh-Hans edition
    assert after == before  # every source byte for byte; only the translation record is written
    assert record.count(f"\t{target}\t".encode()) == counts["units"]


LAYOUTS = Path(__file__).resolve().parent / "scenario-layouts"


@pytest.fixture
def several_scenarios(course_copy: Path) -> Path:
    """The example course with two more scenarios, laid out differently from the first and from each other."""
    shutil.copyfile(LAYOUTS / "closing-angry.yaml", course_copy / "lessons/02-closing/scenarios/angry.yaml")
    (course_copy / "lessons/01-greeting/scenarios").mkdir()
    shutil.copyfile(LAYOUTS / "greeting-quiet.yaml", course_copy / "lessons/01-greeting/scenarios/quiet.yaml")
    course, report = load_course(course_copy)
    assert course is not None and not report.errors, report.render()
    return course_copy


def test_a_course_with_several_scenarios_round_trips_byte_for_byte(several_scenarios: Path) -> None:
    before = _snapshot(several_scenarios)
    outcome, counts = import_xliff(several_scenarios, export(several_scenarios, "zh-Hant").data)
    assert not outcome.refusals and outcome.report is None, outcome
    assert counts["changed"] == 0 and counts["units"] > EXAMPLE_TEXTS
    after = _snapshot(several_scenarios)
    after.pop(".coursebuild/translations.tsv")
    assert after == before


def test_a_translated_scenario_text_changes_its_line_only(several_scenarios: Path) -> None:
    angry, quiet = "lessons/02-closing/scenarios/angry.yaml", "lessons/01-greeting/scenarios/quiet.yaml"
    data = translate(export(several_scenarios, "zh-Hant").data, {
        (angry, "meters.calm.label"): "冷靜",
        (angry, "nodes.start.choices.sorry.feedback"): "先承認他等太久，他就平靜了。",
        (angry, "nodes.calmer.debrief.b3"): "再結束通話。",
        (quiet, "nodes.ask.choices.thank.text"): "感謝您來電。",
    })
    before = _snapshot(several_scenarios)
    outcome, counts = import_xliff(several_scenarios, data)
    assert not outcome.refusals and outcome.report is None, outcome
    assert counts["changed"] == 4
    for file, changed in ((angry, {"    zh-Hant: 冷靜", "      zh-Hant: 先承認他等太久，他就平靜了。",
                                   "      - 再結束通話。"}),
                          (quiet, {"                text: {en: Thank you for calling., zh-Hant: 感謝您來電。}"})):
        old, new = before[file].decode().splitlines(), (several_scenarios / file).read_text().splitlines()
        assert {b for a, b in zip(old, new, strict=True) if a != b} == changed, file
    assert _snapshot(several_scenarios)["lessons/02-closing/scenarios/last-minute.yaml"] == before[
        "lessons/02-closing/scenarios/last-minute.yaml"]  # a scenario with no changed text is not rewritten


def test_a_scenario_whose_layout_cannot_be_reproduced_is_refused_once_at_its_line(course_copy: Path) -> None:
    """A {…} mapping over two lines: ruamel would join them. One refusal for the file, however many texts."""
    scenario = course_copy / "lessons/02-closing/scenarios/last-minute.yaml"
    old = "title: {en: The last minute of the call, zh-Hant: 通話的最後一分鐘}"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        old, "title: {en: The last minute of the call,\n        zh-Hant: 通話的最後一分鐘}"), encoding="utf-8")
    file = "lessons/02-closing/scenarios/last-minute.yaml"
    data = translate(export(course_copy, "zh-Hant").data, {
        (file, "title"): "最後一分鐘", (file, "cast.lin.name"): "林女士", (file, "nodes.doubt.text"): "「應該」？",
    })
    before = _snapshot(course_copy)
    outcome, _ = import_xliff(course_copy, data)
    assert [(r.where, r.reason) for r in outcome.refusals] == [
        (f"{file}:3", "cannot rewrite this file: this line cannot be written back as it is: coursebuild would "
                      f"write it as “{old}”; write it that way (a {{…}} mapping on one line, for instance), then "
                      "import again")]
    assert _snapshot(course_copy) == before


def test_import_writes_yaml_and_markdown_keeping_comments_quotes_and_layout(course_copy: Path) -> None:
    data = translate(export(course_copy, "zh-Hant").data, {
        ("course.yaml", "title"): "電話基本功",
        ("course.yaml", "description"): "兩堂短課: 開場與結束",  # ': ' needs quotes in YAML
        ("lessons/01-greeting/quiz.yaml", "questions.greet-q-single.choices.b.text"): "「感謝來電，我是小李。」",
        ("lessons/01-greeting/lesson.yaml", "activities.greet-pairs.instructions.b2"): "把搭檔當成來電者。",
        ("lessons/01-greeting/pages/01-first-words.md", "b3"):
            '<pc id="1" dataRefStart="d1s" dataRefEnd="d1e" canCopy="no" type="fmt" subType="xlf:b">公司</pc>的名稱*',
        ("lessons/01-greeting/pages/01-first-words.md", "b6"):
            '<pc id="1" dataRefStart="d1s" dataRefEnd="d1e" canCopy="no" canDelete="no" type="image">耳機</pc>',
    })
    before = _snapshot(course_copy)
    outcome, counts = import_xliff(course_copy, data)
    assert not outcome.refusals and outcome.report is None, outcome
    assert counts["changed"] == 6
    course_yaml = (course_copy / "course.yaml").read_text(encoding="utf-8")
    assert "  zh-Hant: 電話基本功\n" in course_yaml
    assert "  zh-Hant: '兩堂短課: 開場與結束'\n" in course_yaml or '  zh-Hant: "兩堂短課: 開場與結束"\n' in course_yaml
    assert "learning_time: 45          # minutes a learner typically spends online" in course_yaml  # comments kept
    diff = [a for a, b in zip(before[("course.yaml")].decode().splitlines(), course_yaml.splitlines(), strict=True)
            if a != b]
    assert len(diff) == 2  # exactly the two changed lines
    page = (course_copy / "lessons/01-greeting/pages/01-first-words.zh-Hant.md").read_text(encoding="utf-8")
    assert "- **公司**的名稱\\*\n" in page and "![耳機](assets/headset.svg)" in page
    lesson = (course_copy / "lessons/01-greeting/lesson.yaml").read_text(encoding="utf-8")
    assert "2. 把搭檔當成來電者。" in lesson
    untouched = {"glossary.yaml", "lessons/02-closing/quiz.yaml", "lessons/01-greeting/assessment.yaml"}
    assert all(before[name] == (course_copy / name).read_bytes() for name in untouched)
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    assert course.lessons[0].pages[0].html["zh-Hant"].count("<strong>公司</strong>") == 1


def test_a_file_for_another_course_or_language_is_refused_naming_both(course_copy: Path) -> None:
    data = export(course_copy, "zh-Hant").data
    other = data.replace(b'cb:course="phone-basics"', b'cb:course="sales-basics"')
    outcome, _ = import_xliff(course_copy, other)
    assert "for the course 'sales-basics'" in outcome.refusals[0].reason
    assert "'phone-basics'" in outcome.refusals[0].reason
    wrong_source = data.replace(b'srcLang="en"', b'srcLang="de"')
    outcome, _ = import_xliff(course_copy, wrong_source)
    assert "translates from 'de'" in outcome.refusals[0].reason and "'en'" in outcome.refusals[0].reason


def test_every_unit_that_cannot_be_placed_is_reported_and_nothing_changes(course_copy: Path) -> None:
    data = translate(export(course_copy, "zh-Hant").data, {
        ("course.yaml", "title"): "好標題",  # fine on its own
        ("course.yaml", "organization"): "x" * 10,  # fine
        ("lessons/01-greeting/pages/01-first-words.md", "b6"): "the picture was deleted",
        ("lessons/01-greeting/pages/01-first-words.md", "b3"): '<ph id="9" dataRef="d9"/>公司',
        ("lessons/01-greeting/quiz.yaml", "questions.greet-q-fill.answers.1"): "太長" * 40,
    })
    data = data.replace(b'unit id="b4"', b'unit id="b99"', 1)
    before = _snapshot(course_copy)
    outcome, _ = import_xliff(course_copy, data)
    reasons = {r.where.split(" (")[0]: r.reason for r in outcome.refusals}
    assert "lacks the inline code 1 (![…](assets/headset.svg))" in reasons[
        "lessons/01-greeting/pages/01-first-words.md#b6"]
    assert "inline code '9' that the source does not have" in reasons["lessons/01-greeting/pages/01-first-words.md#b3"]
    assert "80 characters long; at most" in reasons["lessons/01-greeting/quiz.yaml#questions.greet-q-fill.answers.1"]
    assert any("b99" in where and "no such text" in reason for where, reason in reasons.items())
    assert _snapshot(course_copy) == before


def test_a_translation_that_would_make_the_course_invalid_is_refused(course_copy: Path) -> None:
    data = translate(export(course_copy, "zh-Hant").data, {
        ("lessons/01-greeting/quiz.yaml", "questions.greet-q-match.pairs.confused.left"):
            "".join(("x",)),  # matching items must differ: make two lefts equal
        ("lessons/01-greeting/quiz.yaml", "questions.greet-q-match.pairs.angry.left"): "x",
    })
    before = _snapshot(course_copy)
    outcome, _ = import_xliff(course_copy, data)
    assert outcome.report is not None and outcome.report.has_errors
    assert _snapshot(course_copy) == before


def test_import_into_a_new_language_adds_it_to_the_course(course_copy: Path) -> None:
    data = export(course_copy, "fr").data
    root = etree.fromstring(data)
    for segment in root.iter(f"{{{X}}}segment"):
        source = segment.find(f"{{{X}}}source")
        target = etree.fromstring(etree.tostring(source).replace(b"<source", b"<target").replace(b"</source>",
                                                                                               b"</target>"))
        target.text = f"FR {target.text or ''}"
        segment.append(target)
    partial = etree.tostring(root)
    outcome, _ = import_xliff(course_copy, partial)
    assert not outcome.refusals and outcome.report is None, (outcome.refusals[:3], outcome.report)
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    assert course.languages == ("en", "zh-Hant", "fr") and course.title["fr"] == "FR Phone basics"
    assert (course_copy / "lessons/01-greeting/pages/01-first-words.fr.md").read_text().startswith("# FR ")


def test_a_new_language_needs_every_text(course_copy: Path) -> None:
    data = translate(export(course_copy, "fr").data, {("course.yaml", "title"): "Les bases du téléphone"})
    outcome, _ = import_xliff(course_copy, data)
    assert len(outcome.refusals) > 100 and "fr is a new language of the course" in outcome.refusals[0].reason
    assert "fr:" not in (course_copy / "course.yaml").read_text()


def test_import_command_reports_problems_and_exits_1(course_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    xlf = tmp_path / "zh.xlf"
    xlf.write_bytes(translate(export(course_copy, "zh-Hant").data, {("course.yaml", "title"): "新標題"}))
    result = runner.invoke(cli, ["translate", "import", str(xlf), str(course_copy)])
    assert result.exit_code == 0, result.output
    assert "1 changed in 1 file" in result.output and "course.yaml" in result.output
    xlf.write_bytes(xlf.read_bytes().replace(b'trgLang="zh-Hant"', b'trgLang="en"'))
    result = runner.invoke(cli, ["translate", "import", str(xlf), str(course_copy)])
    assert result.exit_code == 1 and "nothing was changed" in result.output
    xlf.write_text("not xml")
    result = runner.invoke(cli, ["translate", "import", str(xlf), str(course_copy)])
    assert result.exit_code == 1 and "not well-formed XML" in result.output


def test_windows_line_ends_and_a_byte_order_mark_are_kept(course_copy: Path) -> None:
    quiz = course_copy / "lessons/01-greeting/quiz.yaml"
    quiz.write_bytes(b"\xef\xbb\xbf" + quiz.read_bytes().replace(b"\n", b"\r\n"))
    page = course_copy / "lessons/01-greeting/pages/01-first-words.zh-Hant.md"
    page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))
    data = translate(export(course_copy, "zh-Hant").data, {
        ("lessons/01-greeting/quiz.yaml", "questions.greet-q-single.prompt"): "哪一句開場說出兩個名字？",
        ("lessons/01-greeting/pages/01-first-words.md", "b1"): "最初十秒",
    })
    outcome, _ = import_xliff(course_copy, data)
    assert not outcome.refusals and outcome.report is None, outcome
    written = quiz.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and b"\r\n" in written and b"\n" not in written.replace(b"\r\n", b"")
    assert "哪一句開場說出兩個名字？".encode() in written
    assert page.read_bytes().startswith("# 最初十秒\r\n".encode())


def test_a_page_whose_blocks_differ_from_the_source_is_written_from_the_sources_structure(course_copy: Path) -> None:
    page = course_copy / "lessons/01-greeting/pages/01-first-words.zh-Hant.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\n\n- ", "\n\n多出來的一段。\n\n- ", 1), encoding="utf-8")
    data = export(course_copy, "zh-Hant").data
    units = [u for u in etree.fromstring(data).iterfind(
        "x:file[@original='lessons/01-greeting/pages/01-first-words.md']/x:unit", NS)]
    assert all(u.find("x:segment/x:target", NS) is None for u in units)  # no guessing which block is which
    partial = translate(data, {("lessons/01-greeting/pages/01-first-words.md", "b1"): "最初十秒"})
    outcome, _ = import_xliff(course_copy, partial)
    assert len(outcome.refusals) == 5 and "written anew from the source's blocks" in outcome.refusals[0].reason
    whole = translate(data, {("lessons/01-greeting/pages/01-first-words.md", f"b{n}"): f"第{n}段" for n in
                             range(1, 6)} | {("lessons/01-greeting/pages/01-first-words.md", "b6"):
                            '<pc id="1" dataRefStart="d1s" dataRefEnd="d1e" type="image">耳機</pc>'})
    outcome, _ = import_xliff(course_copy, whole)
    assert not outcome.refusals and outcome.report is None, outcome
    assert page.read_text(encoding="utf-8") == ("# 第1段\n\n第2段\n\n- 第3段\n- 第4段\n- 第5段\n\n"
                                                "![耳機](assets/headset.svg)\n")


def test_stale_only_with_nothing_stale_writes_no_file(course_copy: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["translate", "export", str(course_copy), "--to", "zh-Hant", "--stale-only",
                                      "-o", str(tmp_path / "s.xlf")])
    assert result.exit_code == 0 and "nothing to export" in result.output and not (tmp_path / "s.xlf").exists()


def test_export_names_each_check_written_in_place_that_the_target_page_lacks(course_copy: Path) -> None:
    """A ```check written in place is YAML, not a translation unit: export says so, at the source check's line,
    when the target page would show it untranslated (the page is new, or holds the source's check as it is),
    and says nothing when the target page has its own."""
    runner = CliRunner()
    args = ["translate", "export", str(course_copy), "--to", "zh-Hant", "-o", str(course_copy / "out.xlf")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0 and "written in place" not in result.stderr
    page = course_copy / "lessons" / "02-closing" / "pages" / "01-close.{}.md"
    english = Path(str(page).format("en")).read_text(encoding="utf-8")
    chinese = Path(str(page).format("zh-Hant")).read_text(encoding="utf-8")

    def check(text: str) -> str:
        start = text.index("```check")
        return text[start:text.index("```", start + 8) + 3]

    Path(str(page).format("zh-Hant")).write_text(chinese.replace(check(chinese), check(english)), encoding="utf-8")
    result = runner.invoke(cli, args)
    line = english[:english.index("```check")].count("\n") + 1
    assert result.exit_code == 0
    assert (f"lessons/02-closing/pages/01-close.en.md:{line}: warning: a knowledge check written in place is not "
            "in the XLIFF file, and lessons/02-closing/pages/01-close.zh-Hant.md has it exactly as the source"
            ) in result.stderr
    assert "question: <id>" in result.stderr
    new = runner.invoke(cli, [*args[:4], "fr", *args[5:]])
    assert new.exit_code == 0 and "01-close.fr.md does not exist yet" in new.stderr
    assert new.stderr.count("written in place") == 1  # the check naming a quiz.yaml question is exported
