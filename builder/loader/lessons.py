"""Loading one lesson folder: lesson.yaml, quiz.yaml, pages/, job-aid.<lang>.md and its images."""

from __future__ import annotations

import re
from pathlib import Path

from builder.loader.markdown import AssetStore
from builder.loader.questions import quiz_from
from builder.loader.reading import Loading
from builder.loader.scenarios import load_scenarios
from builder.loader.schema import Rec
from builder.loader.sources import LESSON_FILE, QUIZ_FILE
from builder.structure import Activity, FacilitatorStep, Lesson, Objective, Page, Text

PAGE_NAME = re.compile(r"^(\d{1,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.md$")


def load_lesson(loading: Loading, folder: Path, number: int) -> Lesson | None:
    report = loading.report
    lesson_file = folder / "lesson.yaml"
    if not folder.is_dir():
        rel = loading.folder.rel(folder)
        report.error("course.yaml", 0, f"the lesson folder '{rel}' does not exist",
                     f"create {rel}/lesson.yaml, or remove it from 'lessons' in course.yaml", code="missing-lesson")
        return None
    data = loading.read_yaml(lesson_file, LESSON_FILE, what="lesson file")
    if data is None:
        _load_rest_for_diagnostics(loading, folder)
        return None
    ctx = loading.context(lesson_file)
    lesson_id = data["id"]
    loading.claim(lesson_id, "lesson", ctx.file, data.line_of("id"))
    for item in [*data["objectives"], *data["activities"]]:
        loading.claim(item["id"], "objective" if "text" in item else "activity", ctx.file, item.line_of("id"))
    assets = AssetStore(loading.folder, lesson_id, folder)

    activities = tuple(_activity(loading, a, lesson_file, assets) for a in data["activities"])
    steps = _facilitator_steps(data, ctx)
    _check_minutes(data, steps, activities, ctx)
    if len(data["objectives"]) not in (3, 4):
        ctx.warning(data.line_of("objectives"), f"the lesson has {len(data['objectives'])} objectives; "
                    "3 or 4 measurable objectives work best", code="objective-count")

    pages = load_pages(loading, folder / "pages", assets)
    if not pages:
        ctx.warning(0, "this lesson has no content pages yet",
                    "add Markdown files such as pages/01-introduction.<language>.md", code="no-pages")
    job_aid = _single_page(loading, folder, "job-aid", f"{lesson_id}-job-aid", assets, what="job aid")
    if job_aid is None and not any((folder / f"job-aid.{lang}.md").exists() for lang in loading.languages):
        ctx.warning(0, "this lesson has no job aid yet",
                    "add job-aid.<language>.md: a one-page summary or table learners keep", code="no-job-aid")

    quiz = None
    quiz_file = folder / "quiz.yaml"
    if quiz_file.exists():
        quiz_data = loading.read_yaml(quiz_file, QUIZ_FILE, what="quiz file")
        if quiz_data is not None:
            objective_ids = {o["id"] for o in data["objectives"]}
            quiz_ctx = loading.context(quiz_file)
            for question in quiz_data["questions"]:
                loading.claim(question["id"], "question", quiz_ctx.file, question.line_of("id"))
            quiz = quiz_from(quiz_data, lesson_id, objective_ids, quiz_ctx)
    else:
        ctx.warning(0, "this lesson has no quiz yet", "add quiz.yaml beside lesson.yaml", code="no-quiz")
    scenarios = load_scenarios(loading, folder, lesson_id, {o["id"] for o in data["objectives"]}, assets)

    return Lesson(
        id=lesson_id, number=number, title=Text(data["title"]), goal=Text(data["goal"]), duration=data["duration"],
        materials=tuple(Text(m) for m in data["materials"]),
        objectives=tuple(Objective(o["id"], Text(o["text"])) for o in data["objectives"]),
        pages=pages, activities=activities, reflection=tuple(Text(r) for r in data["reflection"]),
        facilitator=steps, job_aid=job_aid, quiz=quiz,
        assets=tuple(sorted(assets.assets.values(), key=lambda a: a.href)), scenarios=scenarios,
    )


def _load_rest_for_diagnostics(loading: Loading, folder: Path) -> None:
    """lesson.yaml is unusable, but its pages and quiz are still checked so one run reports everything."""
    assets = AssetStore(loading.folder, folder.name, folder)
    load_pages(loading, folder / "pages", assets)
    _single_page(loading, folder, "job-aid", "job-aid", assets, what="job aid")
    quiz_file = folder / "quiz.yaml"
    if quiz_file.exists():
        quiz_data = loading.read_yaml(quiz_file, QUIZ_FILE, what="quiz file")
        if quiz_data is not None:
            quiz_from(quiz_data, folder.name, None, loading.context(quiz_file))
    load_scenarios(loading, folder, folder.name, None, assets)


def load_pages(loading: Loading, folder: Path, assets: AssetStore) -> tuple[Page, ...]:
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
            loading.report.error(loading.folder.rel(path), 0,
                                 f"'{lang}' in the file name is not one of the course languages",
                                 f"use one of: {', '.join(loading.languages)}", code="unknown-language")
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
        if len(files) == len(loading.languages):
            page = loading.page(name, files, assets, what="page")
            if page:
                pages.append(page)
    return tuple(pages)


def _single_page(loading: Loading, folder: Path, stem: str, page_id: str, assets: AssetStore,
                 *, what: str) -> Page | None:
    files = {lang: folder / f"{stem}.{lang}.md" for lang in loading.languages}
    present = {lang: p for lang, p in files.items() if p.exists()}
    if not present:
        return None
    for lang, path in files.items():
        if lang not in present:
            loading.report.error(loading.folder.rel(path), 0, f"the {what} has no {lang} translation",
                                 f"add {path.name}", code="missing-translation")
    if len(present) != len(files):
        return None
    return loading.page(page_id, files, assets, what=what)


def _activity(loading: Loading, raw: Rec, path: Path, assets: AssetStore) -> Activity:
    instructions = loading.localized_markdown(raw["instructions"], path, raw.line_of("instructions") + 1, assets)
    return Activity(
        id=raw["id"], kind=raw["kind"], title=Text(raw["title"]), minutes=raw["minutes"],
        materials=tuple(Text(m) for m in raw["materials"]), instructions=instructions,
        debrief=tuple(Text(d) for d in raw["debrief"]), writing_lines=raw["writing_lines"],
    )


def _facilitator_steps(data: Rec, ctx) -> tuple[FacilitatorStep, ...]:
    activity_minutes = {a["id"]: a["minutes"] for a in data["activities"]}
    steps = []
    for number, raw in enumerate(data["facilitator"], start=1):
        activity = raw["activity"]
        if activity is not None:
            if activity not in activity_minutes:
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
                continue
            if raw["do"] is None and raw["say"] is None:
                ctx.error(raw.line, f"facilitator step {number} says neither what to do nor what to say",
                          "add 'do:' and/or 'say:'", code="empty-step")
                continue
            minutes = raw["minutes"]
        steps.append(FacilitatorStep(minutes, _text(raw["do"]), _text(raw["say"]), activity))
    return tuple(steps)


def _text(value: dict[str, str] | None) -> Text | None:
    return Text(value) if value else None


def _check_minutes(data: Rec, steps: tuple[FacilitatorStep, ...], activities: tuple[Activity, ...], ctx) -> None:
    if not data["facilitator"]:
        ctx.warning(data.line_of("duration"), "this lesson has no facilitator notes yet",
                    "add 'facilitator:' with DO / SAY steps whose minutes add up to the duration",
                    code="no-facilitator-notes")
        return
    run = {s.activity for s in steps if s.activity}
    step_minutes = sum(s.minutes for s in steps if not s.activity)
    activity_minutes = sum(a.minutes for a in activities)
    total = step_minutes + activity_minutes
    for activity in activities:
        if activity.id not in run:
            ctx.warning(data.line_of("facilitator"), f"no facilitator step runs the activity '{activity.id}'",
                        f"add a step '- activity: {activity.id}' where it happens in the session",
                        code="activity-not-run")
    if total != data["duration"]:
        ctx.error(data.line_of("duration"),
                  f"the facilitator steps ({step_minutes} min) and activities ({activity_minutes} min) add up to "
                  f"{total} minutes, but the lesson's duration is {data['duration']}",
                  "change the minutes of a step, or the duration, so that they agree", code="minutes-mismatch")
