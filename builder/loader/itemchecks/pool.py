"""Checks of a whole pool: patterns across questions that give answers away even when each item is fine."""

from __future__ import annotations

from collections import Counter

from builder.loader.itemchecks import codes, wording
from builder.loader.itemchecks.base import Pool, Warn
from builder.structure import Choice, Question, QuestionType

Printed = dict[str, tuple[Choice, ...]]
# Each pool check and the question type it counts.
POOL_CODES = {codes.LONGEST_CORRECT_SHARE: QuestionType.SINGLE, codes.ANSWER_POSITION: QuestionType.SINGLE,
              codes.TRUE_FALSE_BALANCE: QuestionType.TRUE_FALSE}

# Below these counts a pattern is as likely to be chance as habit.
MIN_SINGLE = 4
MIN_TRUE_FALSE = 3
# "Most": more than half the single-choice questions (one position of four would hold a quarter by chance);
# "nearly all" true/false answers the same: more than three quarters.
MOST = 1 / 2
NEARLY_ALL = 3 / 4


def check_pool(pool: Pool, languages: tuple[str, ...], warn: Warn, printed: Printed) -> None:
    """`printed`: every question's choices in printed order (static_orders of the pool each was printed in)."""
    _longest_share(pool, languages, warn)
    _positions(pool, warn, printed)
    _true_false(pool, warn)


def _counted(pool: Pool, kind: QuestionType, code: str) -> list[Question]:
    return [q for q in pool.questions if q.type is kind and code not in dict(q.allow)]


def _ids(questions: list[Question]) -> str:
    shown = ", ".join(q.id for q in questions[:4])
    return shown + (f" and {len(questions) - 4} more" if len(questions) > 4 else "")


def _longest_share(pool: Pool, languages: tuple[str, ...], warn: Warn) -> None:
    singles = _counted(pool, QuestionType.SINGLE, codes.LONGEST_CORRECT_SHARE)
    if len(singles) < MIN_SINGLE:
        return
    for language in languages:
        longest = [q for q in singles if _right_is_longest(q, language)]
        if len(longest) > len(singles) * MOST:
            warn.pool(longest[0], codes.LONGEST_CORRECT_SHARE,
                      f"in {len(longest)} of the {len(singles)} single-choice questions of {pool.scope} the right choice "
                 f"is the longest ({language}: {_ids(longest)}); learners learn to pick the longest",
                      "in about half of them, make a wrong choice the longest: as detailed and as qualified as the "
                      "right one")
            return


def _right_is_longest(question: Question, language: str) -> bool:
    right = wording.size(question.correct_choices[0].text.get_or_empty(language))
    return all(right > wording.size(c.text.get_or_empty(language)) for c in question.choices if not c.correct)


def _positions(pool: Pool, warn: Warn, printed: Printed) -> None:
    singles = _counted(pool, QuestionType.SINGLE, codes.ANSWER_POSITION)
    if len(singles) < MIN_SINGLE:
        return
    views = [("printed", {q.id: printed[q.id] for q in singles})]
    if pool.shown_as_written:
        views.append(("shown on screen (the quiz does not shuffle choices)", {q.id: q.choices for q in singles}))
    for where, orders in views:
        at = {q.id: next(i for i, c in enumerate(orders[q.id]) if c.correct) for q in singles}
        position, count = Counter(at.values()).most_common(1)[0]
        if count > len(singles) * MOST:
            first = next(q for q in singles if at[q.id] == position)
            warn.pool(first, codes.ANSWER_POSITION,
                      f"the right answer is choice {chr(65 + position)} in {count} of the {len(singles)} single-choice "
                      f"questions of {pool.scope}, as {where}", "let the choices shuffle (remove 'shuffle: false'), "
                      "or reorder the written choices so that the right answer moves between positions")


def _true_false(pool: Pool, warn: Warn) -> None:
    items = _counted(pool, QuestionType.TRUE_FALSE, codes.TRUE_FALSE_BALANCE)
    if len(items) < MIN_TRUE_FALSE:
        return
    answer, count = Counter(bool(q.true_false) for q in items).most_common(1)[0]
    if count > len(items) * NEARLY_ALL:
        word = "true" if answer else "false"
        warn.pool(items[0], codes.TRUE_FALSE_BALANCE,
                  f"{count} of the {len(items)} true/false questions of {pool.scope} are {word}; "
                  f"a learner who always answers '{word}' passes them",
                  f"turn some of them into {'false' if answer else 'true'} statements, so both answers are about "
                  "as common")
