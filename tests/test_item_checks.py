"""The item-writing checks of `validate`: each one on a broken question, with its file, line, code and
message; silenced per question by `allow:` with a reason; quiet on well-written items."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from builder.diagnostics import Diagnostic, Report
from builder.loader import load_course
from builder.loader.itemchecks.codes import CODES
from builder.structure import Choice, Question, QuestionType, Text
from builder.structure.order import static_orders
from tests.conftest import ROOT

QUIZ = "lessons/01-l/quiz.yaml"
BANK = "lessons/01-l/assessment.yaml"


def write_course(root: Path, quizzes: list[str], *, language: str = "en", banks: list[str] | None = None,
                 draw: str = "", shuffle_choices: bool = True) -> Path:
    """A one-language course whose lessons hold the given quiz.yaml (and assessment.yaml) question lists."""
    root.mkdir(parents=True, exist_ok=True)
    names = [f"0{n}-l" if n == 1 else f"0{n}-l{n}" for n in range(1, len(quizzes) + 1)]
    course = f"""format: 1
id: t
version: 1.0.0
languages: [{language}]
title: T
description: D
organization: O
learning_time: 10
completion: pages
lessons: [{", ".join(names)}]
"""
    if draw:
        course += f"assessment:\n  title: Final\n  shuffle_choices: {str(shuffle_choices).lower()}\n  draw: {draw}\n"
    (root / "course.yaml").write_text(course, encoding="utf-8")
    for index, (name, quiz) in enumerate(zip(names, quizzes, strict=True)):
        folder = root / "lessons" / name
        folder.mkdir(parents=True)
        lesson_id = "l" if index == 0 else f"l{index + 1}"
        (folder / "lesson.yaml").write_text(
            f"id: {lesson_id}\ntitle: L\ngoal: G\nduration: 10\nobjectives:\n  - {{id: {lesson_id}-o, text: One}}\n"
            "facilitator:\n  - {minutes: 10, do: Run it}\n", encoding="utf-8")
        settings = f"settings: {{shuffle_choices: {str(shuffle_choices).lower()}}}\n"
        (folder / "quiz.yaml").write_text(settings + "questions:\n" + quiz.replace("OBJ", f"{lesson_id}-o"),
                                          encoding="utf-8")
        if banks and index < len(banks) and banks[index]:
            (folder / "assessment.yaml").write_text("questions:\n" + banks[index].replace("OBJ", f"{lesson_id}-o"),
                                                    encoding="utf-8")
    return root


def item_warnings(root: Path) -> list[Diagnostic]:
    course, report = load_course(root)
    assert course is not None, report.render()
    return [d for d in report.sorted() if d.code in CODES]


def line_in(root: Path, rel: str, fragment: str) -> int:
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {rel}")


def single(qid: str, right: str, *wrong: str, prompt: str = "Which one?", extra: str = "",
           right_first: bool = True) -> str:
    """A single-choice question in YAML, every wrong choice with feedback."""
    right_yaml = f"      - {{id: r, text: {right!r}, correct: true}}\n"
    wrong_yaml = "".join(f"      - {{id: w{n}, text: {text!r}, feedback: Not this one.}}\n"
                         for n, text in enumerate(wrong, start=1))
    choices = right_yaml + wrong_yaml if right_first else wrong_yaml + right_yaml
    return (f"  - id: {qid}\n    type: single\n    objective: OBJ\n    prompt: {prompt!r}\n{extra}"
            f"    choices:\n{choices}")


def true_false(qid: str, answer: bool, prompt: str = "Agents greet callers.") -> str:
    return f"  - id: {qid}\n    type: true-false\n    objective: OBJ\n    prompt: {prompt!r}\n    answer: {str(answer).lower()}\n"


# ---- per question ----

def test_longest_correct_by_words(tmp_path: Path) -> None:
    quiz = single("q1", "Apologise for the wait, then give your name and offer to help today",
                  "Read the greeting script", "Ask for the account number")
    root = write_course(tmp_path, [quiz])
    [warning] = item_warnings(root)
    assert (warning.file, warning.line, warning.code) == (QUIZ, line_in(root, QUIZ, "id: r,"), "longest-correct")
    assert "the right choice 'r' of question 'q1' is clearly the longest (en: 13 words, the longest wrong one 5)" \
        in warning.message
    assert "allow: {longest-correct:" in warning.hint


def test_longest_correct_counts_characters_in_chinese(tmp_path: Path) -> None:
    quiz = single("q1", "先為久候致歉，再報上自己的名字並主動表示願意協助", "照稿念完整開場白", "請對方提供帳號")
    root = write_course(tmp_path, [quiz], language="zh-Hant")
    [warning] = item_warnings(root)
    assert warning.code == "longest-correct" and "(zh-Hant: 23 characters, the longest wrong one 8)" in warning.message


def test_a_small_difference_is_not_a_clear_margin(tmp_path: Path) -> None:
    # 6 words against 5: longer, but by less than a quarter.
    quiz = single("q1", "Apologise first, then offer help", "Read the whole greeting script", "Ask for the number")
    assert item_warnings(write_course(tmp_path, [quiz])) == []


@pytest.mark.parametrize(("language", "text", "code"), [
    ("en", "All of the above", "all-of-the-above"),
    ("en", "None of the above.", "none-of-the-above"),
    ("zh-Hant", "以上皆是", "all-of-the-above"),
    ("zh-Hant", "以上都對", "all-of-the-above"),
    ("zh-Hant", "以上全部", "all-of-the-above"),
    ("zh-Hant", "以上皆非", "none-of-the-above"),
    ("zh-Hant", "以上都不是", "none-of-the-above"),
    ("zh-Hans", "以上均是", "all-of-the-above"),
    ("zh-Hans", "以上均不是", "none-of-the-above"),
    ("ru", "Все перечисленное", "all-of-the-above"),
    ("ru", "Ничего из перечисленного", "none-of-the-above"),
])
def test_all_or_none_of_the_above(tmp_path: Path, language: str, text: str, code: str) -> None:
    quiz = single("q1", text, "Option number one here", "Option number two here")
    root = write_course(tmp_path, [quiz], language=language)
    course, report = load_course(root)
    assert course is not None and course.lessons[0].quiz
    warnings = [d for d in report.diagnostics if d.code in CODES]
    assert [(d.code, d.line) for d in warnings] == [(code, line_in(root, QUIZ, "id: r,"))]
    assert "choice 'r' of question 'q1' is" in warnings[0].message
    # The choice refers to the others, so its question keeps its written order in print and in the player.
    assert course.lessons[0].quiz.questions[0].shuffle is False


@pytest.mark.parametrize(("language", "prompt", "word"), [
    ("en", "Which of these is not part of a greeting?", "not"),
    ("en", "All of these help EXCEPT one: which doesn't?", "doesn't"),
    ("en", "A caller is upset. Which response would you never give?", "never"),
    ("zh-Hant", "下列哪一項不是完整開場的一部分？", "不是"),
    ("zh-Hant", "除了致歉以外，督導還應該做什麼？", "除了"),
    ("zh-Hans", "下列哪一项不属于开场？", "不属于"),
    ("ru", "Что не входит в приветствие?", "не"),
])
def test_negative_stem_without_emphasis(tmp_path: Path, language: str, prompt: str, word: str) -> None:
    root = write_course(tmp_path, [single("q1", "Option one", "Option two", "Option three", prompt=prompt)],
                        language=language)
    [warning] = item_warnings(root)
    assert (warning.code, warning.line) == ("negative-stem", line_in(root, QUIZ, "- id: q1"))
    assert f"question 'q1' asks a negative question ({language}: '{word}')" in warning.message


@pytest.mark.parametrize(("language", "prompt"), [
    ("en", "Which of these is NOT part of a greeting?"),
    ("en", "You are not at your desk when the queue spikes. What should the team do?"),  # not in the stem
    ("en", "Which step comes at least once in every call?"),
    ("zh-Hant", "下列哪一項「不」是完整開場的一部分？"),
    ("zh-Hant", "下列哪一項〔不屬於〕完整開場？"),
    ("zh-Hant", "你不在座位上時，哪一種做法最好？"),  # the negative is in the situation, not the question
    ("zh-Hant", "為什麼要先致歉，而不是先解釋原因？"),  # 而不是 contrasts; it asks nothing negative
    ("ru", "Что НЕ входит в приветствие?"),
])
def test_emphasised_or_situational_negatives_pass(tmp_path: Path, language: str, prompt: str) -> None:
    root = write_course(tmp_path, [single("q1", "Option one", "Option two", "Option three", prompt=prompt)],
                        language=language)
    assert item_warnings(root) == []


def test_fill_in_answer_in_its_own_prompt(tmp_path: Path) -> None:
    quiz = ("  - id: q1\n    type: fill-in\n    objective: OBJ\n"
            "    prompt: 'Offer help first: \"How can I help you? I am here to ___.\"'\n    answers: {en: [help, assist]}\n")
    root = write_course(tmp_path, [quiz])
    [warning] = item_warnings(root)
    assert (warning.code, warning.line) == ("answer-in-prompt", line_in(root, QUIZ, "- id: q1"))
    assert "the accepted en answer 'help' of fill-in question 'q1' is written in its own prompt" in warning.message


def test_fill_in_answer_in_a_chinese_prompt(tmp_path: Path) -> None:
    quiz = ("  - id: q1\n    type: fill-in\n    objective: OBJ\n"
            "    prompt: 先表示協助：「請問有什麼可以___您的？」\n    answers: {zh-Hant: [協助, 幫忙]}\n")
    [warning] = item_warnings(write_course(tmp_path, [quiz], language="zh-Hant"))
    assert warning.code == "answer-in-prompt" and "'協助'" in warning.message


def test_a_word_inside_another_is_not_the_answer(tmp_path: Path) -> None:
    quiz = ("  - id: q1\n    type: fill-in\n    objective: OBJ\n"
            "    prompt: 'The helpful agent asks: \"How can I ___ you?\"'\n    answers: {en: [help]}\n")
    assert item_warnings(write_course(tmp_path, [quiz])) == []


def test_near_duplicate_choices(tmp_path: Path) -> None:
    quiz = single("q1", "Apologise first", "Call back later.", "call back  later")
    root = write_course(tmp_path, [quiz])
    [warning] = item_warnings(root)
    assert (warning.code, warning.line) == ("duplicate-choice", line_in(root, QUIZ, "id: w2,"))
    assert "question 'q1' has choices 'w1' and 'w2' that differ only in spacing, case or punctuation (en)" \
        in warning.message


def test_near_duplicate_in_chinese_full_width(tmp_path: Path) -> None:
    quiz = single("q1", "先致歉", "稍後回電。", "稍後回電")
    [warning] = item_warnings(write_course(tmp_path, [quiz], language="zh-Hant"))
    assert warning.code == "duplicate-choice"


def test_wrong_choice_without_feedback(tmp_path: Path) -> None:
    quiz = ("  - id: q1\n    type: single\n    objective: OBJ\n    prompt: Which one?\n    choices:\n"
            "      - {id: a, text: Greet the caller, correct: true}\n"
            "      - {id: b, text: Read the script}\n"
            "      - {id: c, text: Ask the number, feedback: Not yet.}\n")
    root = write_course(tmp_path, [quiz])
    [warning] = item_warnings(root)
    assert (warning.code, warning.line) == ("no-choice-feedback", line_in(root, QUIZ, "id: b,"))
    assert warning.message == "the wrong choice 'b' of question 'q1' has no feedback"


def test_final_assessment_question_that_repeats_a_practice_one(tmp_path: Path) -> None:
    practice = true_false("q1", True, "Agents greet every caller by name.")
    bank = (true_false("a1", True, "agents greet every caller by name") + true_false("a2", False, "Greetings are optional.")
            + true_false("a3", True, "Offer help early."))
    root = write_course(tmp_path, [practice], banks=[bank], draw="{l: 2}")
    [warning] = item_warnings(root)
    assert (warning.file, warning.line, warning.code) == (BANK, line_in(root, BANK, "- id: a1"), "assessment-in-practice")
    assert warning.message == (f"final-assessment question 'a1' asks what the practice question 'q1' "
                               f"({QUIZ}:{line_in(root, QUIZ, '- id: q1')}) already asks")


# ---- per pool ----

def test_longest_correct_share_of_a_pool(tmp_path: Path) -> None:
    # Each right answer is only a little longer (no per-question warning), but it is always the longest.
    quiz = "".join(single(f"q{n}", "Greet and offer help now", "Read the script out", "Ask for a number")
                   for n in range(1, 5))
    root = write_course(tmp_path, [quiz])
    [warning] = item_warnings(root)
    assert (warning.code, warning.line) == ("longest-correct-share", line_in(root, QUIZ, "- id: q1"))
    assert warning.message.startswith("in 4 of the 4 single-choice questions of this file the right choice is the "
                                      "longest (en: q1, q2, q3, q4)")


def test_one_position_holds_most_answers_as_printed(tmp_path: Path) -> None:
    quiz = "".join(single(f"q{n}", f"Right {n}", f"Wrong {n}a", f"Wrong {n}b", extra="    shuffle: false\n")
                   for n in range(1, 6))
    root = write_course(tmp_path, [quiz])
    [warning] = item_warnings(root)
    assert (warning.code, warning.line) == ("answer-position", line_in(root, QUIZ, "- id: q1"))
    assert warning.message == ("the right answer is choice A in 5 of the 5 single-choice questions of this file, "
                               "as printed")


def test_one_position_on_screen_when_the_quiz_does_not_shuffle(tmp_path: Path) -> None:
    quiz = "".join(single(f"q{n}", f"Right {n}", f"Wrong {n}a", f"Wrong {n}b", right_first=False)
                   for n in range(1, 6))
    [warning] = item_warnings(write_course(tmp_path, [quiz], shuffle_choices=False))
    assert warning.code == "answer-position"
    assert warning.message.startswith("the right answer is choice C in 5 of the 5 single-choice questions of this "
                                      "file, as shown on screen")


def test_printing_moves_the_answer_between_positions(tmp_path: Path) -> None:
    quiz = "".join(single(f"q{n}", f"Right {n}", f"Wrong {n}a", f"Wrong {n}b") for n in range(1, 10))
    assert item_warnings(write_course(tmp_path, [quiz])) == []


def test_true_false_pool_nearly_all_false(tmp_path: Path) -> None:
    quiz = "".join(true_false(f"q{n}", n == 5, f"Statement {n}.") for n in range(1, 6))
    root = write_course(tmp_path, [quiz])
    [warning] = item_warnings(root)
    assert (warning.code, warning.line) == ("true-false-balance", line_in(root, QUIZ, "- id: q1"))
    assert warning.message == ("4 of the 5 true/false questions of this file are false; a learner who always "
                               "answers 'false' passes them")


def test_balanced_true_false_passes(tmp_path: Path) -> None:
    quiz = "".join(true_false(f"q{n}", n % 2 == 0, f"Statement {n}.") for n in range(1, 6))
    assert item_warnings(write_course(tmp_path, [quiz])) == []


def test_a_habit_across_small_quizzes_is_seen_course_wide(tmp_path: Path) -> None:
    quizzes = ["".join(true_false(f"q{lesson}{n}", False, f"Statement {lesson}{n}.") for n in range(1, 3))
               for lesson in range(1, 3)]
    root = write_course(tmp_path, quizzes)
    [warning] = item_warnings(root)
    assert (warning.file, warning.code) == (QUIZ, "true-false-balance")
    assert warning.message.startswith("4 of the 4 true/false questions of the course's lesson quizzes are false")


# ---- silencing ----

SILENCED = {
    "longest-correct": single("q1", "Apologise for the wait, then give your name and offer to help today",
                              "Read the greeting script", "Ask for the account number", extra="ALLOW"),
    "all-of-the-above": single("q1", "All of the above", "Greet", "Offer help", extra="ALLOW"),
    "negative-stem": single("q1", "Greet", "Offer help", "Thank", prompt="Which is not a step?", extra="ALLOW"),
    "none-of-the-above": single("q1", "Greet", "Offer help", "None of the above", extra="ALLOW"),
    "duplicate-choice": single("q1", "Greet", "Call back later.", "call back later", extra="ALLOW"),
    "answer-in-prompt": ("  - id: q1\n    type: fill-in\n    objective: OBJ\nALLOW"
                         "    prompt: 'Say help: How can I ___ you?'\n    answers: {en: [help]}\n"),
    "feedback-repeats-verdict": ("  - id: q1\n    type: true-false\n    objective: OBJ\n    prompt: Agents greet callers.\n"
                                 "ALLOW    answer: true\n    feedback:\n      correct: Correct. Greeting sets the tone.\n"
                                 "      incorrect: Greeting sets the tone.\n"),
    "no-choice-feedback": ("  - id: q1\n    type: single\n    objective: OBJ\n    prompt: Which?\nALLOW    choices:\n"
                           "      - {id: a, text: Greet, correct: true}\n      - {id: b, text: Thank}\n"),
}


@pytest.mark.parametrize("code", sorted(SILENCED))
def test_allow_with_a_reason_silences_one_question(tmp_path: Path, code: str) -> None:
    broken = SILENCED[code].replace("ALLOW", "")
    assert [d.code for d in item_warnings(write_course(tmp_path / "broken", [broken]))] == [code]
    allowed = SILENCED[code].replace("ALLOW", f"    allow: {{{code}: \"the wording is fixed by the regulator\"}}\n")
    assert item_warnings(write_course(tmp_path / "allowed", [allowed])) == []


def test_allow_leaves_a_question_out_of_a_pool_count(tmp_path: Path) -> None:
    allow = "    allow: {true-false-balance: \"statements quoted from the law, which are all false claims\"}\n"
    quiz = "".join(true_false(f"q{n}", False, f"Statement {n}.") for n in range(1, 4))
    quiz = quiz.replace("answer: false\n", "answer: false\n" + allow, 2)
    assert item_warnings(write_course(tmp_path, [quiz])) == []


def test_allow_of_an_unknown_check_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    quiz = single("q1", "Greet", "Offer help", "Thank", extra="    allow: {longest-corect: \"why\"}\n")
    root = write_course(tmp_path, [quiz])
    course, report = load_course(root)
    assert course is None
    [error] = report.errors
    assert (error.file, error.line, error.code) == (QUIZ, line_in(root, QUIZ, "allow:"), "unknown-check")
    assert "'longest-corect'" in error.message and error.hint == "did you mean 'longest-correct'?"


def test_allow_needs_a_reason(tmp_path: Path) -> None:
    quiz = single("q1", "Greet", "Offer help", "Thank", extra="    allow:\n      negative-stem:\n")
    root = write_course(tmp_path, [quiz])
    course, report = load_course(root)
    assert course is None
    [error] = report.errors
    assert (error.code, error.line) == ("allow-without-reason", line_in(root, QUIZ, "negative-stem:"))
    assert error.message.endswith("allow › negative-stem gives no reason")


# ---- the printed order ----

def _question(qid: str, choices: int) -> Question:
    return Question(id=qid, type=QuestionType.SINGLE, objective="o", lesson="l", prompt=Text({"en": qid}), points=1,
                    feedback_correct=None, feedback_incorrect=None,
                    choices=tuple(Choice(f"c{n}", Text({"en": f"choice {n}"}), n == 0) for n in range(choices)))


def test_static_order_is_fixed_and_balances_the_answer_across_a_pool() -> None:
    pool = [_question(f"q{n}", 4) for n in range(12)]
    orders = static_orders(pool)
    assert orders == static_orders(list(reversed(pool)))  # the same pool prints the same, in any order
    positions = Counter(next(i for i, c in enumerate(orders[q.id]) if c.correct) for q in pool)
    assert positions == {0: 3, 1: 3, 2: 3, 3: 3}
    assert all(sorted(orders[q.id], key=lambda c: c.id) == list(q.choices) for q in pool)


def test_readme_documents_every_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Item-writing checks"):]
    documented = re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)
    assert sorted(documented) == sorted(CODES)


def test_a_report_is_clean_for_the_example_course() -> None:
    course, report = load_course(ROOT / "tests" / "example-course")
    assert course is not None
    assert [d for d in report.diagnostics if d.code in CODES] == []
    assert isinstance(report, Report)


def test_feedback_that_repeats_the_players_verdict_in_its_language() -> None:
    """The player's own words for the course language are the measure: "答對了" in Traditional Chinese, "Not
    quite" in English; a word that merely starts the same way ("Correcting…") is not a verdict."""
    from builder.loader.itemchecks.question import _opens_with, verdicts

    assert verdicts("en") == ("Correct.", "Not quite.") and verdicts("zh-TW")[0] == "答對了。"
    assert _opens_with("答對了！先停下來。", verdicts("zh-Hant")[0])
    assert _opens_with("not quite: the order is stop, name.", "Not quite.")
    assert not _opens_with("Correcting yourself wins trust back.", "Correct.")
    assert not _opens_with("The open question comes first.", "Correct.")
