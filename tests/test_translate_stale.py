"""Stale translations: the record, validate's warnings at the translation's line, --stale-only, mark-current."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from builder.cli import cli
from builder.diagnostics import Report
from builder.translation import record
from builder.translation.export import export
from builder.translation.stale import check_translations
from tests.conftest import EXAMPLE_TEXTS

PROMPT = "lessons/01-greeting/quiz.yaml#questions.greet-q-single.prompt"


@pytest.fixture
def tracked(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02
    result = CliRunner().invoke(cli, ["translate", "mark-current", str(course_copy)])
    assert result.exit_code == 0 and f"recorded {EXAMPLE_TEXTS} translations as current (zh-Hant)" in result.output, result.output
    return course_copy


def _warnings(course: Path) -> list:
    report = Report()
    check_translations(course, report)
    return report.warnings


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_course_without_a_record_gets_no_stale_warnings(course_copy: Path) -> None:
    _edit(course_copy / "lessons/01-greeting/quiz.yaml", "Which greeting", "Which opening")
    assert not (course_copy / ".coursebuild").exists() and _warnings(course_copy) == []


def test_the_record_is_one_sorted_line_per_text_and_language(tracked: Path) -> None:
    lines = [line for line in (tracked / ".coursebuild/translations.tsv").read_text().splitlines()
             if not line.startswith("#")]
    assert len(lines) == EXAMPLE_TEXTS and lines == sorted(lines)
    key, lang, digest, date, state = next(line for line in lines if line.startswith(PROMPT)).split("\t")
    assert (key, lang, len(digest), date, state) == (PROMPT, "zh-Hant", 12, "2025-12-02", "current")
    assert _warnings(tracked) == []


def test_validate_warns_at_the_translations_line_when_its_source_changed(tracked: Path) -> None:
    _edit(tracked / "lessons/01-greeting/quiz.yaml", "Which greeting names", "Which greeting states")
    _edit(tracked / "lessons/01-greeting/pages/01-first-words.en.md", "Say three things", "Say these three things")
    warnings = _warnings(tracked)
    assert [(w.file, w.line, w.code) for w in warnings] == [
        ("lessons/01-greeting/pages/01-first-words.zh-Hant.md", 3, "stale-translation"),
        ("lessons/01-greeting/quiz.yaml", 14, "stale-translation")]
    message = warnings[1].message
    assert message.startswith("the en source changed on ") and "; the zh-Hant text may be out of date" in message
    assert f"mark-current {tracked} --lang zh-Hant {PROMPT}" in warnings[1].hint
    # validate shows them and still exits 0; --strict fails
    result = CliRunner().invoke(cli, ["validate", str(tracked)])
    assert result.exit_code == 0 and "quiz.yaml:14: warning: the en source changed on" in result.output
    assert CliRunner().invoke(cli, ["validate", str(tracked), "--strict"]).exit_code == 1


def test_a_changed_scenario_text_warns_at_its_translations_line(tracked: Path) -> None:
    """Scenario texts as authors write them: one-line {en: …} mappings, `|` blocks and a debrief on its key's line."""
    scenario = tracked / "lessons/02-closing/scenarios/last-minute.yaml"
    _edit(scenario, "A precise next step answers her worry.", "A precise next step settles her worry.")
    _edit(scenario, "Now close the call so that", "Now end the call so that")
    _edit(scenario, "She ends the call reassured.", "She ends the call calm.")
    warnings = _warnings(tracked)
    file = "lessons/02-closing/scenarios/last-minute.yaml"
    assert [(w.file, w.line) for w in warnings] == [(file, 9), (file, 37), (file, 111)]  # a paragraph: its first line
    lines = scenario.read_text(encoding="utf-8").splitlines()
    assert lines[8].startswith("    林小姐的包裹") and "明確的下一步" in lines[36] and "你摘要了下一步" in lines[110]
    assert "(nodes › opening › choices › summarise › feedback;" in warnings[1].message
    assert f"{file}:37, update the zh-Hant text" in warnings[1].hint
    assert f"{file}#nodes.delighted.debrief.b1" in warnings[2].hint


def test_stale_only_exports_just_the_stale_texts_and_mark_current_clears_them(tracked: Path, tmp_path: Path) -> None:
    _edit(tracked / "lessons/01-greeting/quiz.yaml", "Which greeting names", "Which greeting states")
    data = export(tracked, "zh-Hant", stale_only=True).data
    units = etree.fromstring(data).findall(".//{*}unit")
    assert [u.get("id") for u in units] == ["questions.greet-q-single.prompt"]
    assert any(n.get("category") == "stale" for n in units[0].iter("{*}note"))
    runner = CliRunner()
    result = runner.invoke(cli, ["translate", "mark-current", str(tracked), "--lang", "zh-Hant", PROMPT])
    assert result.exit_code == 0 and "recorded 1 translation as current" in result.output
    assert _warnings(tracked) == []
    result = runner.invoke(cli, ["translate", "mark-current", str(tracked), "lessons/nowhere.yaml#x"])
    assert result.exit_code == 1 and "'lessons/nowhere.yaml#x' is not a text or a file" in result.output


def test_importing_a_translation_of_an_older_source_records_it_as_stale(tracked: Path) -> None:
    data = export(tracked, "zh-Hant").data  # translated from today's source...
    _edit(tracked / "course.yaml", "en: Phone basics", "en: Telephone basics")  # ...which then changes
    from builder.translation.importer import import_xliff

    outcome, counts = import_xliff(tracked, data)
    assert not outcome.refusals and counts["stale"] == 1
    assert [(w.file, w.line) for w in _warnings(tracked)] == [("course.yaml", 8)]


def test_drafts_are_warned_about_until_marked_current(tracked: Path) -> None:
    entries = record.load(tracked)
    entries[(PROMPT, "zh-Hant")] = record.Entry(entries[(PROMPT, "zh-Hant")].source_hash, "2025-12-02", record.DRAFT)
    record.write_atomically(record.record_path(tracked), record.render(entries))
    warnings = _warnings(tracked)
    assert [(w.line, w.code) for w in warnings] == [(14, "draft-translation")]
    assert "unreviewed draft converted from en on 2025-12-02" in warnings[0].message
    CliRunner().invoke(cli, ["translate", "mark-current", str(tracked), "lessons/01-greeting/quiz.yaml"])
    assert _warnings(tracked) == []


def test_the_change_date_comes_from_git_when_the_file_is_committed(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "a.txt").write_text("x")
    env = {"GIT_AUTHOR_DATE": "2024-05-06T10:00:00", "GIT_COMMITTER_DATE": "2024-05-06T10:00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for command in (["git", "init", "-q"], ["git", "add", "a.txt"], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=tmp_path, env=env, check=True)
    assert record.changed_on(tmp_path / "a.txt") == "2024-05-06"
    (tmp_path / "a.txt").write_text("y")  # uncommitted: the file's own date
    assert record.changed_on(tmp_path / "a.txt") != "2024-05-06"
