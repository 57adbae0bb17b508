"""Turning checked quiz data into Questions, refusing any question a learner could not answer."""

from __future__ import annotations

import re
from typing import Any

from builder.loader.itemchecks.wording import refers_to_others
from builder.loader.schema import Context, Partial, Rec, broken_items, invalid_items
from builder.structure import (
    Choice,
    FeedbackTiming,
    FillInRule,
    MatchPair,
    Question,
    QuestionType,
    Quiz,
    QuizSettings,
    SourceLocation,
    Text,
)

# SCORM 1.2 writes a choice as one character 0-9 a-z: 36 is a hard ceiling; 20 is already a lot.
MAX_CHOICES = 20

_USED_BY = {
    "choices": {"single", "multiple"},
    "shuffle": {"single", "multiple"},
    "answer": {"true-false"},
    "answers": {"fill-in"},
    "pairs": {"matching"},
    "items": {"ordering"},
    "value": {"numeric"},
    "tolerance": {"numeric"},
    "case_sensitive": {"fill-in"},
    "whitespace": {"fill-in"},
    "max_length": {"fill-in"},
}


def settings_from(data: Rec | None, *, pass_mark_default: int) -> QuizSettings:
    data = data or {}
    return QuizSettings(
        pass_mark=data.get("pass_mark", pass_mark_default),
        shuffle_questions=bool(data.get("shuffle_questions", False)),
        shuffle_choices=bool(data.get("shuffle_choices", False)),
        draw=data.get("draw", 0) or 0,
        attempts=data.get("attempts", 0) or 0,
        feedback=FeedbackTiming(data.get("feedback", "immediate") or "immediate"),
    )


def quiz_from(data: Rec, lesson_id: str, objective_ids: set[str] | None, ctx: Context) -> Quiz | None:
    """objective_ids None: the lesson file is broken, so objectives cannot be checked this run. Questions with
    some keys wrong (reported already) still have every rule checked whose keys are sound."""
    questions = questions_from(data["questions"], lesson_id, objective_ids, ctx)
    settings = settings_from(data.get("settings"), pass_mark_default=70)
    pool = len(data["questions"]) + invalid_items(data["questions"])
    if settings.draw > pool:
        line = data["settings"].line_of("draw") if data.get("settings") else data.line
        ctx.error(line, f"the quiz draws {settings.draw} questions but its pool has only {pool}",
                  "lower 'draw', or add questions", code="draw-too-many")
    return Quiz(settings, questions, SourceLocation(ctx.file))


def questions_from(raws: list[Rec], lesson_id: str, objective_ids: set[str] | None, ctx: Context
                   ) -> tuple[Question, ...]:
    """A quiz's or an assessment bank's questions; each one a learner could not answer is reported and left out."""
    questions: list[Question] = []
    for raw in [*raws, *broken_items(raws)]:
        question = question_from(raw, lesson_id, ctx)
        if "objective" in raw and objective_ids is not None and raw["objective"] not in objective_ids:
            ctx.error(raw.line_of("objective"),
                      f"question '{raw.get('id', '?')}' assesses objective '{raw['objective']}', "
                      "which this lesson does not have",
                      f"use one of this lesson's objective ids: {', '.join(sorted(objective_ids))}",
                      code="unknown-objective")
        if question is not None:
            questions.append(question)
    return tuple(questions)


# The keys each type's builder reads; a question whose own keys failed is not built, but its other rules run.
_NEEDS = {
    "single": ("choices",), "multiple": ("choices",), "true-false": ("answer",),
    "fill-in": ("answers", "max_length", "whitespace", "case_sensitive"), "matching": ("pairs",), "ordering": ("items",),
    "numeric": ("value", "tolerance"),
}


def question_from(raw: Rec, lesson_id: str, ctx: Context) -> Question | None:
    if "type" not in raw:
        return None
    kind = raw["type"]
    qid = raw.get("id", f"on line {raw.line}")
    ok = type(raw) is not Partial
    for key, types in _USED_BY.items():
        if key in raw.key_lines and kind not in types:
            ctx.error(raw.line_of(key), f"question '{qid}' is {_article(kind)} {kind} question, which does not use '{key}'",
                      f"remove '{key}', or change 'type' to {' or '.join(sorted(types))}", code="key-not-used")
            ok = False
    if not all(key in raw for key in _NEEDS[kind]):
        return None
    fields = _BUILDERS[kind](raw, qid, ctx)
    if fields is None or not ok:
        return None
    feedback = raw.get("feedback") or {}
    return Question(
        id=qid, type=QuestionType(kind), objective=raw["objective"], lesson=lesson_id,
        prompt=Text(raw["prompt"]), points=raw["points"],
        feedback_correct=_text(feedback.get("correct")), feedback_incorrect=_text(feedback.get("incorrect")),
        where=SourceLocation(ctx.file, raw.line), shuffle=_may_shuffle(raw),
        allow=tuple(sorted((raw.get("allow") or {}).items())), **fields,
    )


def _may_shuffle(raw: Rec) -> bool:
    """The author's `shuffle`, off by itself when a choice ("All of the above") depends on its place."""
    texts = [text for choice in raw.get("choices") or () for text in choice["text"].values()]
    return bool(raw.get("shuffle", True)) and not any(refers_to_others(text) for text in texts)


def _text(value: dict[str, str] | None) -> Text | None:
    return Text(value) if value else None


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _choices(raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
    choices = raw.get("choices")
    if not choices:
        ctx.error(raw.line, f"question '{qid}' has no 'choices'", "add 'choices:' with at least two choices",
                  code="no-choices")
        return None
    if not _unique_ids(choices, ctx, f"question '{qid}'", "choice"):
        return None
    if not 2 <= len(choices) <= MAX_CHOICES:
        ctx.error(choices.line, f"question '{qid}' has {len(choices)} choices; give between 2 and {MAX_CHOICES}",
                  code="choice-count")
        return None
    correct = sum(1 for c in choices if c["correct"])
    if raw["type"] == "single" and correct != 1:
        ctx.error(choices.line, f"single-choice question '{qid}' has {correct} correct choices; it needs exactly one",
                  "mark exactly one choice 'correct: true', or make it a 'multiple' question", code="unanswerable")
        return None
    if raw["type"] == "multiple" and correct == 0:
        ctx.error(choices.line, f"multiple-response question '{qid}' has no correct choice",
                  "mark at least one choice 'correct: true'", code="unanswerable")
        return None
    if not _distinct_texts([c["text"] for c in choices], ctx, choices.line, f"question '{qid}'", "choices"):
        return None
    return {"choices": tuple(Choice(c["id"], Text(c["text"]), c["correct"], _text(c["feedback"]), c.line)
                             for c in choices)}


def _true_false(raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
    if raw.get("answer") is None:
        ctx.error(raw.line, f"true/false question '{qid}' has no 'answer'", "add 'answer: true' or 'answer: false'",
                  code="unanswerable")
        return None
    return {"true_false": raw["answer"]}


def _fill_in(raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
    answers = raw.get("answers")
    if not answers:
        ctx.error(raw.line, f"fill-in question '{qid}' has no accepted 'answers'",
                  "add 'answers:' with a list of accepted answers per language", code="unanswerable")
        return None
    limit = raw["max_length"]
    ok = True
    for lang, accepted in answers.items():
        for answer in accepted:
            if len(answer) > limit:
                ctx.error(raw.line_of("answers"),
                          f"the accepted {lang} answer '{answer}' of question '{qid}' is longer than max_length ({limit})",
                          "raise 'max_length' or shorten the answer", code="unanswerable")
                ok = False
            if raw["whitespace"] == "ignore" and not re.sub(r"\s+", "", answer):
                ok = False
    if not ok:
        return None
    rule = FillInRule(tuple(sorted((lang, tuple(a)) for lang, a in answers.items())),
                      raw["case_sensitive"], raw["whitespace"], limit)
    return {"fill_in": rule}


def _matching(raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
    pairs = _sized_list(raw, "pairs", qid, ctx, "add 'pairs:' with two or more items, each with 'left' and 'right'")
    if pairs is None or not _unique_ids(pairs, ctx, f"question '{qid}'", "pair"):
        return None
    owner = f"matching question '{qid}'"
    if not (_distinct_texts([p["left"] for p in pairs], ctx, pairs.line, owner, "left items")
            and _distinct_texts([p["right"] for p in pairs], ctx, pairs.line, owner, "right items")):
        return None
    return {"pairs": tuple(MatchPair(p["id"], Text(p["left"]), Text(p["right"])) for p in pairs)}


def _ordering(raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
    items = _sized_list(raw, "items", qid, ctx, "list two or more items, in the right order (the player shuffles them)")
    if items is None or not _unique_ids(items, ctx, f"question '{qid}'", "item"):
        return None
    if not _distinct_texts([i["text"] for i in items], ctx, items.line, f"ordering question '{qid}'", "items"):
        return None
    return {"choices": tuple(Choice(i["id"], Text(i["text"]), True, line=i.line) for i in items)}


def _sized_list(raw: Rec, key: str, qid: str, ctx: Context, hint: str) -> Any:
    """The question's `key` list when it holds 2 to MAX_CHOICES entries; None after reporting otherwise."""
    entries = raw.get(key)
    if not entries or len(entries) < 2:
        ctx.error(raw.line, f"{raw['type']} question '{qid}' needs at least two '{key}'", hint, code="unanswerable")
        return None
    if len(entries) > MAX_CHOICES:
        ctx.error(entries.line, f"{raw['type']} question '{qid}' has {len(entries)} {key}; at most {MAX_CHOICES}",
                  code="choice-count")
        return None
    return entries


def _numeric(raw: Rec, qid: str, ctx: Context) -> dict[str, Any] | None:
    if raw.get("value") is None:
        ctx.error(raw.line, f"numeric question '{qid}' has no 'value'", "add 'value: 42' (the right answer)",
                  code="unanswerable")
        return None
    if raw["tolerance"] < 0:
        ctx.error(raw.line_of("tolerance"), f"numeric question '{qid}' has a negative tolerance ({raw['tolerance']})",
                  "use 0 for an exact answer, or a positive margin such as 0.5", code="unanswerable")
        return None
    return {"numeric_value": float(raw["value"]), "numeric_tolerance": float(raw["tolerance"])}


_BUILDERS = {
    "single": _choices, "multiple": _choices, "true-false": _true_false, "fill-in": _fill_in,
    "matching": _matching, "ordering": _ordering, "numeric": _numeric,
}


def _unique_ids(items: list[Rec], ctx: Context, owner: str, what: str) -> bool:
    seen: dict[str, int] = {}
    for item in items:
        if item["id"] in seen:
            ctx.error(item.line_of("id"), f"{owner} has two {what}s with the id '{item['id']}' "
                                          f"(first on line {seen[item['id']]})",
                      f"give each {what} its own id", code="duplicate-id")
            return False
        seen[item["id"]] = item.line_of("id")
    return True


def _distinct_texts(texts: list[dict[str, str]], ctx: Context, line: int, owner: str, what: str) -> bool:
    for lang in ctx.languages:
        values = [t.get(lang, "").strip().casefold() for t in texts]
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            ctx.error(line, f"{owner} repeats the same {lang} text among its {what}: '{repeated[0]}'",
                      "make every item different, or a learner cannot tell them apart", code="unanswerable")
            return False
    return True
