"""Checks of one question at a time, and of a bank question repeating a practice one."""

from __future__ import annotations

from collections.abc import Callable

from builder.diagnostics import Report
from builder.loader.itemchecks import codes, wording
from builder.loader.itemchecks.base import Pool, Warn
from builder.questions import kind_of
from builder.structure import Choice, Question, Text

# "A clear margin": the right choice reads at least a quarter longer than the longest wrong one, and at
# least this many characters (CJK) or words (other scripts) longer, so short choices are not flagged.
MARGIN_RATIO = 1.25
MARGIN_UNITS = 3



def check_question(question: Question, languages: tuple[str, ...], warn: Warn) -> None:
    """The checks the question's type lists (builder/questions), in its order, then those of every question. Only
    questions that ask to pick have their stem checked: a true/false statement may hold a "not" in a clause of
    its story."""
    for code in kind_of(question).item_checks:
        QUESTION_CHECKS[code](question, languages, warn)
    _repeats_verdict(question, languages, warn)


def verdicts(language: str) -> tuple[str, str]:
    """What the player shows above the feedback when an answer is right and when it is not, in `language`."""
    from builder.runtime.files import ui_strings  # the player's words, resolved as the player resolves them

    words = ui_strings(language)
    return words["correct"], words["incorrect"]


def _opens_with(text: str, label: str) -> bool:
    stem = label.rstrip(".。!！ ").casefold()
    text = text.strip().casefold()
    return bool(stem) and text.startswith(stem) and (len(text) == len(stem) or not text[len(stem)].isalnum())


def _repeats_verdict(question: Question, languages: tuple[str, ...], warn: Warn) -> None:
    for language in languages:
        for feedback, label in zip((question.feedback_correct, question.feedback_incorrect), verdicts(language), strict=True):
            if feedback is not None and _opens_with(feedback.get_or_empty(language), label):
                warn(question, question.line, codes.FEEDBACK_REPEATS_VERDICT,
                     f"the feedback of question '{question.id}' opens with '{label.rstrip('.。!！ ')}' ({language}), "
                     "which the player already shows above it: learners read the verdict twice",
                     "start the feedback with the reason (drop the verdict word)")
                return


def longest_margin(question: Question, language: str) -> tuple[int, int] | None:
    """(right, longest wrong) sizes when the right choice is the longest by a clear margin in `language`."""
    right = wording.size(question.correct_choices[0].text.get_or_empty(language))
    wrong = max(wording.size(c.text.get_or_empty(language)) for c in question.choices if not c.correct)
    if right >= wrong * MARGIN_RATIO and right - wrong >= MARGIN_UNITS:
        return right, wrong
    return None


def _longest_correct(question: Question, languages: tuple[str, ...], warn: Warn) -> None:
    for language in languages:
        found = longest_margin(question, language)
        if found:
            right, wrong = found
            correct = question.correct_choices[0]
            measure = wording.unit(correct.text.get_or_empty(language))
            warn(question, correct.line or question.line, codes.LONGEST_CORRECT,
                 f"the right choice '{correct.id}' of question '{question.id}' is clearly the longest "
                 f"({language}: {right} {measure}, the longest wrong one {wrong}); test-wise learners pick "
                 "the longest choice", "make the wrong choices as specific and as long as the right one, or "
                 "shorten the right one")
            return


def _refers_to_others(question: Question, languages: tuple[str, ...]) -> list[tuple[Choice, str]]:
    """Each choice that answers by pointing at the others, and how: 'all' or 'none' (of the above)."""
    found = []
    for choice in question.choices:
        kind = next(filter(None, (wording.refers_to_others(choice.text.get_or_empty(lang)) for lang in languages)),
                    None)
        if kind:
            found.append((choice, kind))
    return found


def _all_of_the_above(question: Question, languages: tuple[str, ...], warn: Warn) -> None:
    for choice, kind in _refers_to_others(question, languages):
        if kind == "all":
            warn(question, choice.line or question.line, codes.ALL_OF_THE_ABOVE,
                 f"choice '{choice.id}' of question '{question.id}' is an \"all of the above\" choice: "
                 "spotting two right choices answers it without knowing the third",
                 "replace it with a real option, or make the question a 'multiple' one")


def _none_of_the_above(question: Question, languages: tuple[str, ...], warn: Warn) -> None:
    for choice, kind in _refers_to_others(question, languages):
        if kind == "none":
            warn(question, choice.line or question.line, codes.NONE_OF_THE_ABOVE,
                 f"choice '{choice.id}' of question '{question.id}' is a \"none of the above\" choice: "
                 "choosing it shows only what a learner rules out, not what they know",
                 "replace it with a real option (a plausible mistake learners make)")


def _choice_feedback(question: Question, languages: tuple[str, ...], warn: Warn) -> None:
    for choice in question.choices:
        if not choice.correct and not choice.feedback:
            warn(question, choice.line or question.line, codes.NO_CHOICE_FEEDBACK,
                 f"the wrong choice '{choice.id}' of question '{question.id}' has no feedback",
                 "add 'feedback:' to the choice: say why it is wrong, in the learner's terms")


def _negative_stem(question: Question, languages: tuple[str, ...], warn: Warn) -> None:
    for language in languages:
        words = wording.bare_negatives(language, question.prompt.get_or_empty(language))
        if words:
            warn(question, question.line, codes.NEGATIVE_STEM,
                 f"question '{question.id}' asks a negative question ({language}: '{words[0]}') without "
                 "emphasising it; readers skim past the negative and answer the opposite",
                 "ask it positively, or emphasise the negative: capitals in English and Russian (NOT, EXCEPT, "
                 "НЕ), brackets in Chinese (「不」, 〔不〕)")
            return


def _answer_in_prompt(question: Question, languages: tuple[str, ...], warn: Warn) -> None:
    assert question.fill_in
    for language in languages:
        prompt = question.prompt.get_or_empty(language)
        for answer in question.fill_in.answers(language):
            if wording.contains_answer(prompt, answer):
                warn(question, question.line, codes.ANSWER_IN_PROMPT,
                     f"the accepted {language} answer '{answer}' of fill-in question '{question.id}' is written "
                     "in its own prompt", "reword the prompt so that it does not contain the answer")
                return


def _near_duplicates(question: Question, languages: tuple[str, ...], warn: Warn) -> None:
    groups: list[tuple[str, list[tuple[str, Text, int]]]] = [
        ("choices", [(c.id, c.text, c.line) for c in question.choices]),
        ("left items", [(p.id, p.left, question.line) for p in question.pairs]),
        ("right items", [(p.id, p.right, question.line) for p in question.pairs]),
    ]
    for what, entries in groups:
        for language in languages:
            seen: dict[str, str] = {}
            for item_id, text, line in entries:
                key = wording.normalise(text.get_or_empty(language))
                if key and key in seen:
                    warn(question, line or question.line, codes.DUPLICATE_CHOICE,
                         f"question '{question.id}' has {what} '{seen[key]}' and '{item_id}' that differ only in "
                         f"spacing, case or punctuation ({language})",
                         "make them say different things, or remove one")
                    return
                seen.setdefault(key, item_id)


# The checks of one question, by code: each type lists those that apply to it (QuestionKind.item_checks).
QUESTION_CHECKS: dict[str, Callable[[Question, tuple[str, ...], Warn], None]] = {
    codes.LONGEST_CORRECT: _longest_correct,
    codes.ALL_OF_THE_ABOVE: _all_of_the_above,
    codes.NONE_OF_THE_ABOVE: _none_of_the_above,
    codes.NO_CHOICE_FEEDBACK: _choice_feedback,
    codes.NEGATIVE_STEM: _negative_stem,
    codes.ANSWER_IN_PROMPT: _answer_in_prompt,
    codes.DUPLICATE_CHOICE: _near_duplicates,
}


def _prompts(question: Question, languages: tuple[str, ...]) -> set[tuple[str, str]]:
    return {(lang, wording.normalise(question.prompt.get_or_empty(lang))) for lang in languages} - {
        (lang, "") for lang in languages}


def check_reuse(pools: list[Pool], languages: tuple[str, ...], report: Report) -> None:
    """A final-assessment question that repeats a practice question measures memory of the practice."""
    practice: dict[tuple[str, str], tuple[str, str, int]] = {}
    for pool in pools:
        if pool.practice:
            for question in pool.questions:
                for key in _prompts(question, languages):
                    practice.setdefault(key, (question.id, pool.file, question.line))
    for pool in pools:
        if pool.practice:
            continue
        warn = Warn(report, pool.file)
        for question in pool.questions:
            match = next((practice[key] for key in sorted(_prompts(question, languages)) if key in practice), None)
            if match:
                qid, file, line = match
                warn(question, question.line, codes.ASSESSMENT_IN_PRACTICE,
                     f"final-assessment question '{question.id}' asks what the practice question '{qid}' "
                     f"({file}:{line}) already asks", "write a new question for the final assessment: "
                     "a new situation that tests the same objective")

