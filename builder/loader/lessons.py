"""Loading one lesson folder: lesson.yaml, quiz.yaml, pages/, job-aid.<lang>.md and its images.

Every rule whose inputs are sound runs, whatever else failed: a lesson.yaml with a wrong duration still has
its objectives checked against the quiz, its pages and activities rendered and checked. The Lesson is made
only when nothing failed; no conclusion is drawn from a part that did (no "minutes do not add up" when a
step was unreadable, no "no question assesses" when a question was).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from builder.loader.classroom import check_workbook_steps, materials_from, printables_from
from builder.loader.markdown import AssetStore
from builder.loader.questions import quiz_from
from builder.loader.reading import Loading, QuestionPool
from builder.loader.scenarios import load_scenarios
from builder.loader.schema import Context, Partial, Rec, broken_items, invalid_items
from builder.loader.sources import LESSON_FILE, QUIZ_FILE
from builder.structure import Activity, FacilitatorStep, Lesson, Objective, Page, Quiz, SourceLocation, Text
from builder.wording import counted

PAGE_NAME = re.compile(r"^(\d{1,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.md$")


def load_lesson(loading: Loading, folder: Path, number: int) -> Lesson | None:
    """The lesson in `folder` (course.yaml's loader has checked that the folder is there), or None after
    reporting every problem found in it."""
    lesson_file = folder / "lesson.yaml"
    found = loading.find(lesson_file)
    data = None if found.problem else loading.read_yaml(lesson_file, LESSON_FILE, what="lesson file", partial=True)
    complete = data is not None and type(data) is not Partial
    ctx = loading.context(lesson_file)
    lesson_id = data["id"] if _has(data, "id") else folder.name
    _claim_ids(loading, data, ctx)
    assets = AssetStore(loading.folder, lesson_id, folder)
    printables = printables_from(loading, data, lesson_file, assets) if _has(data, "printables") else ()

    activities = tuple(_activity(loading, a, lesson_file, assets) for a in data["activities"]) \
        if _has(data, "activities") else ()
    steps: tuple[FacilitatorStep, ...] = ()
    if _has(data, "facilitator", "activities"):
        steps, all_steps_sound = _facilitator_steps(data, ctx)
        if all_steps_sound and _has(data, "duration"):
            _check_minutes(data, steps, ctx)
    if _has(data, "objectives") and not invalid_items(data["objectives"]) and len(data["objectives"]) not in (3, 4):
        ctx.warning(data.line_of("objectives"), f"the lesson has {len(data['objectives'])} objectives; "
                    "3 or 4 measurable objectives work best", code="objective-count")

    quiz = _quiz(loading, folder, lesson_id, data, ctx)  # before the pages: their checks may name its questions
    pool = QuestionPool(lesson_id, {q.id: q for q in quiz.questions} if isinstance(quiz, Quiz) else None,
                        has_quiz=quiz is not None)
    pages_folder = loading.find(folder / "pages")
    pages = load_pages(loading, pages_folder.path, assets, pool) if pages_folder.path else ()
    if not pages and not pages_folder.problem and not _holds_files(pages_folder.path):
        ctx.warning(0, "this lesson has no content pages yet",
                    "add Markdown files such as pages/01-introduction.<language>.md", code="no-pages")
    job_aid, job_aid_there = _single_page(loading, folder, "job-aid", f"{lesson_id}-job-aid", assets, what="job aid")
    if not job_aid_there:
        ctx.warning(0, "this lesson has no job aid yet",
                    "add job-aid.<language>.md: a one-page summary or table learners keep", code="no-job-aid")

    objective_ids = {o["id"] for o in data["objectives"]} \
        if _has(data, "objectives") and not invalid_items(data["objectives"]) else None
    scenarios = load_scenarios(loading, folder, lesson_id, objective_ids, assets)
    if not complete or quiz is False:
        return None
    lesson = Lesson(
        id=lesson_id, number=number, title=Text(data["title"]), goal=Text(data["goal"]), duration=data["duration"],
        materials=materials_from(data["materials"], ctx),
        objectives=tuple(Objective(o["id"], Text(o["text"]), SourceLocation(ctx.file, o.line_of("id")))
                         for o in data["objectives"]),
        pages=pages, activities=activities, reflection=tuple(Text(r) for r in data["reflection"]),
        facilitator=steps, job_aid=job_aid, quiz=quiz,
        assets=tuple(sorted(assets.assets.values(), key=lambda a: a.href)), printables=printables,
        where=SourceLocation(ctx.file, data.line_of("id")), scenarios=scenarios,
    )
    check_workbook_steps(lesson, data, ctx)
    return lesson


def _holds_files(folder: Path | None) -> bool:
    """True when `folder` is a folder with something in it besides hidden files (their errors are reported)."""
    try:
        return folder is not None and any(not entry.name.startswith(".") for entry in folder.iterdir())
    except OSError:
        return False


def _has(data: Rec | None, *keys: str) -> bool:
    """True when `data` holds every one of `keys` checked and sound."""
    return data is not None and all(key in data for key in keys)


def _claim_ids(loading: Loading, data: Rec | None, ctx: Context) -> None:
    if _has(data, "id"):
        loading.claim(data["id"], "lesson", ctx.file, data.line_of("id"))
    for key, what in (("objectives", "objective"), ("activities", "activity")):
        if _has(data, key):
            for item in [*data[key], *broken_items(data[key])]:
                if "id" in item:
                    loading.claim(item["id"], what, ctx.file, item.line_of("id"))


def _quiz(loading: Loading, folder: Path, lesson_id: str, data: Rec | None, ctx: Context) -> Quiz | bool | None:
    """The lesson's Quiz; None when it has none (warned); False when quiz.yaml is there but has errors."""
    quiz_file = folder / "quiz.yaml"
    found = loading.find(quiz_file)
    if found.problem:
        return False
    if found.path is None:
        ctx.warning(0, "this lesson has no quiz yet", "add quiz.yaml beside lesson.yaml", code="no-quiz")
        return None
    quiz_data = loading.read_yaml(quiz_file, QUIZ_FILE, what="quiz file", partial=True)
    if quiz_data is None or not _has(quiz_data, "questions"):
        return False
    quiz_ctx = loading.context(quiz_file)
    questions = quiz_data["questions"]
    for question in [*questions, *broken_items(questions)]:
        if "id" in question:
            loading.claim(question["id"], "question", quiz_ctx.file, question.line_of("id"))
    objectives = {o["id"]: o.line_of("id") for o in data["objectives"]} if _has(data, "objectives") else None
    if objectives is not None and invalid_items(data["objectives"]):
        objectives = None  # an objective that failed may be the one a question names: nothing to conclude
    quiz = quiz_from(quiz_data, lesson_id, set(objectives) if objectives is not None else None, quiz_ctx)
    if objectives is not None:
        _check_objectives_assessed(questions, objectives, ctx)
    if quiz is None or type(quiz_data) is Partial or invalid_items(questions):
        return False
    return quiz


def _check_objectives_assessed(questions, objectives: dict[str, int], ctx: Context) -> None:
    """Warn at each objective no question assesses, unless a question that failed might have (its objective
    is unknown): no conclusion from a part that failed."""
    if any("objective" not in question for question in broken_items(questions)):
        return
    assessed = {question["objective"] for question in [*questions, *broken_items(questions)]}
    for objective, line in objectives.items():
        if objective not in assessed:
            ctx.warning(line, f"no question assesses the objective '{objective}'",
                        f"add a question with 'objective: {objective}' to quiz.yaml", code="objective-not-assessed")


def load_pages(loading: Loading, folder: Path, assets: AssetStore, pool: QuestionPool | None = None
               ) -> tuple[Page, ...]:
    if not folder.is_dir():
        return ()
    groups: dict[tuple[int, str], dict[str, Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        match = PAGE_NAME.match(path.name)
        if not match:
            loading.report.error(loading.folder.rel(path), 0,
                                 "this file name does not say the page's order, name and language",
                                 "name pages like '01-why-it-matters.en.md' (number, name, language, .md)",
                                 code="page-name")
            continue
        number, name, lang = int(match.group(1)), match.group(2), match.group(3)
        if lang not in loading.languages:
            close = difflib.get_close_matches(lang, loading.languages, n=1) or [
                known for known in loading.languages if known.casefold() == lang.casefold()]
            hint = (f"did you mean '{close[0]}'? Write the language exactly as in course.yaml (letter case "
                    "matters)" if close else f"use one of: {', '.join(loading.languages)}")
            loading.report.error(loading.folder.rel(path), 0,
                                 f"'{lang}' in the file name is not one of the course languages", hint,
                                 code="unknown-language")
            loading.page(name, {lang: path}, assets, what="page", pool=pool)  # its text is still checked
            continue
        groups.setdefault((number, name), {})[lang] = path
    pages = []
    for (number, name), files in sorted(groups.items()):
        for lang in loading.languages:
            if lang not in files:
                some = next(iter(files.values()))
                loading.report.error(loading.folder.rel(some), 0,
                                     f"the page '{number:02d}-{name}' has no {lang} translation",
                                     f"add {number:02d}-{name}.{lang}.md beside it", code="missing-translation")
        page = loading.page(name, files, assets, what="page", pool=pool)  # checked in full even if a language is missing
        if page:
            pages.append(page)
    return tuple(pages)


def _single_page(loading: Loading, folder: Path, stem: str, page_id: str, assets: AssetStore,
                 *, what: str) -> tuple[Page | None, bool]:
    """The page `stem.<lang>.md`, and whether any file of it is there (even under a near-miss name)."""
    files = {lang: folder / f"{stem}.{lang}.md" for lang in loading.languages}
    present: dict[str, Path] = {}
    near_miss = False
    for lang, path in files.items():
        found = loading.find(path)
        near_miss |= bool(found.problem)
        if found.path:
            present[lang] = found.path
    if not present:
        return None, near_miss
    for lang, path in files.items():
        if lang not in present and not near_miss:
            loading.report.error(loading.folder.rel(path), 0, f"the {what} has no {lang} translation",
                                 f"add {path.name}", code="missing-translation")
    return loading.page(page_id, present, assets, what=what), True


def _activity(loading: Loading, raw: Rec, path: Path, assets: AssetStore) -> Activity:
    instructions = loading.localized_markdown(raw["instructions"], path, raw.line_of("instructions") + 1, assets)
    return Activity(
        id=raw["id"], kind=raw["kind"], title=Text(raw["title"]), minutes=raw["minutes"],
        materials=materials_from(raw["materials"], loading.context(path)), instructions=instructions,
        debrief=tuple(Text(d) for d in raw["debrief"]), writing_lines=raw["writing_lines"],
        where=SourceLocation(loading.folder.rel(path), raw.line_of("id")),
        model_answer=raw["model_answer"] and loading.localized_markdown(
            raw["model_answer"], path, raw.line_of("model_answer") + 1, assets),
    )


def _facilitator_steps(data: Rec, ctx: Context) -> tuple[tuple[FacilitatorStep, ...], bool]:
    """The steps, and whether every one of them was sound (else their minutes prove nothing)."""
    activity_minutes = {a["id"]: a["minutes"] for a in data["activities"]}
    failed_activities = {a["id"] for a in broken_items(data["activities"]) if "id" in a}
    steps = []
    sound = not invalid_items(data["facilitator"]) and not invalid_items(data["activities"])
    for number, raw in enumerate(data["facilitator"], start=1):
        activity = raw["activity"]
        if activity is not None:
            if activity not in activity_minutes:
                sound = False
                if activity in failed_activities:
                    continue  # the activity itself has errors, reported where it is written
                known = ", ".join(sorted(activity_minutes)) or "none yet"
                ctx.error(raw.line_of("activity"), f"facilitator step {number} runs the activity '{activity}', "
                          "which this lesson does not have", f"use one of this lesson's activity ids: {known}",
                          code="unknown-activity")
                continue
            if raw["minutes"] is not None:
                ctx.error(raw.line_of("minutes"), f"facilitator step {number} runs an activity and also gives minutes",
                          "remove 'minutes': the step takes the activity's own minutes", code="minutes-twice")
            minutes = activity_minutes[activity]
        else:
            if raw["minutes"] is None:
                ctx.error(raw.line, f"facilitator step {number} has no 'minutes'",
                          "add 'minutes: 5' (how long the step takes)", code="missing-key")
                sound = False
                continue
            if raw["do"] is None and raw["say"] is None:
                ctx.error(raw.line, f"facilitator step {number} says neither what to do nor what to say",
                          "add 'do:' and/or 'say:'", code="empty-step")
                continue
            minutes = raw["minutes"]
        steps.append(FacilitatorStep(minutes, _text(raw["do"]), _text(raw["say"]), activity, raw["workbook"]))
    return tuple(steps), sound


def _text(value: dict[str, str] | None) -> Text | None:
    return Text(value) if value else None


def _check_minutes(data: Rec, steps: tuple[FacilitatorStep, ...], ctx: Context) -> None:
    """The session lasts what its steps run: each DO/SAY step its minutes, each activity step the activity's
    minutes, every time it is run (an activity run twice counts twice; one never run counts nothing)."""
    if not data["facilitator"]:
        ctx.warning(data.line_of("duration"), "this lesson has no facilitator notes yet",
                    "add 'facilitator:' with DO / SAY steps whose minutes add up to the duration",
                    code="no-facilitator-notes")
        return
    run = {s.activity for s in steps if s.activity}
    step_minutes = sum(s.minutes for s in steps if not s.activity)
    activity_minutes = sum(s.minutes for s in steps if s.activity)
    total = step_minutes + activity_minutes
    for activity in data["activities"]:
        if activity["id"] not in run:
            ctx.warning(data.line_of("facilitator"), f"no facilitator step runs the activity '{activity['id']}'",
                        f"add a step '- activity: {activity['id']}' where it happens in the session",
                        code="activity-not-run")
    if total != data["duration"]:
        twice = sorted({s.activity for s in steps if s.activity and sum(t.activity == s.activity for t in steps) > 1})
        repeated = f"; {', '.join(twice)} is run more than once and counts each time" if twice else ""
        ctx.error(data.line_of("duration"),
                  f"the facilitator steps add up to {counted(total, 'minute')} ({step_minutes} in DO/SAY steps, "
                  f"{activity_minutes} in the activities they run{repeated}), but the lesson's duration is "
                  f"{data['duration']}",
                  "change the minutes of a step, or the duration, so that they agree", code="minutes-mismatch")
