"""Turning checked quiz data into Questions, refusing any question a learner could not answer."""

from __future__ import annotations

from builder.loader.itemchecks.wording import refers_to_others
from builder.loader.schema import Context, Partial, Rec, broken_items, invalid_items
from builder.loader.sources import QUIZ_FILE
from builder.questions import QUESTION_KINDS
from builder.questions.base import text_or_none
from builder.structure import FeedbackTiming, Question, QuestionType, Quiz, QuizSettings, SourceLocation, Text
from builder.wording import counted

# The keys only some types use, and which: a question of another type that writes one is told so.
_USED_BY = {key: {kind.name for kind in QUESTION_KINDS.values() if key in kind.keys}
            for key in dict.fromkeys(key for kind in QUESTION_KINDS.values() for key in kind.keys)}


def settings_from(data: Rec) -> QuizSettings:
    """A quiz's settings, or the final assessment's in course.yaml, as checked: every key is there, with the
    default its schema declares when not written (sources.py). The final assessment's `draw` is its mapping of
    lessons, which its stored state's fingerprint has always included."""
    return QuizSettings(
        pass_mark=data["pass_mark"],
        shuffle_questions=data["shuffle_questions"],
        shuffle_choices=data["shuffle_choices"],
        draw=data["draw"],
        attempts=data["attempts"],
        feedback=FeedbackTiming(data["feedback"]),
    )


def quiz_from(data: Rec, lesson_id: str, objective_ids: set[str] | None, ctx: Context) -> Quiz | None:
    """objective_ids None: the lesson file is broken, so objectives cannot be checked this run. Questions with
    some keys wrong (reported already) still have every rule checked whose keys are sound."""
    questions = questions_from(data["questions"], lesson_id, objective_ids, ctx)
    # Settings with errors (reported) are left out of the checked data: their defaults stand in.
    settings = settings_from(data.get("settings") or QUIZ_FILE.by_name["settings"].default_value())
    pool = len(data["questions"]) + invalid_items(data["questions"])
    if settings.draw > pool:
        line = data["settings"].line_of("draw") if data.get("settings") else data.line
        ctx.error(line, f"the quiz draws {counted(settings.draw, 'question')} but its pool has only {pool}",
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
    entry = QUESTION_KINDS[kind]
    if not all(key in raw for key in entry.keys if entry.needs is None or key in entry.needs):
        return None
    fields = entry.build(raw, qid, ctx)
    if fields is None or not ok:
        return None
    feedback = raw.get("feedback") or {}
    return Question(
        id=qid, type=QuestionType(kind), objective=raw["objective"], lesson=lesson_id,
        prompt=Text(raw["prompt"]), points=raw["points"],
        feedback_correct=text_or_none(feedback.get("correct")), feedback_incorrect=text_or_none(feedback.get("incorrect")),
        where=SourceLocation(ctx.file, raw.line), shuffle=_may_shuffle(raw),
        allow=tuple(sorted((raw.get("allow") or {}).items())), **fields,
    )


def _may_shuffle(raw: Rec) -> bool:
    """The author's `shuffle`, off by itself when a choice ("All of the above") depends on its place."""
    texts = [text for choice in raw.get("choices") or () for text in choice["text"].values()]
    return bool(raw.get("shuffle", True)) and not any(refers_to_others(text) for text in texts)


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
