"""The classroom kit's sources: materials lists, printables, model answers' steps, the day's plan.

Lesson-level parts are read while a lesson loads; references between lessons (a materials line naming
a printable, a break after a lesson) are checked once every lesson has loaded.
"""

from __future__ import annotations

from pathlib import Path

from builder.loader.markdown import AssetStore
from builder.loader.reading import Loading
from builder.loader.schema import Context, Rec, _did_you_mean
from builder.structure import Break, Classroom, Course, Lesson, Material, Printable, PrintableKind, Sheet, Text

# Workbook items a facilitator step can point at besides the lesson's page and activity ids.
WORKBOOK_PARTS = ("job-aid", "reflection", "exercises")


def materials_from(raw: list, ctx: Context) -> tuple[Material, ...]:
    lines = getattr(raw, "item_lines", [0] * len(raw))
    return tuple(Material(printable=item["printable"], file=ctx.file, line=line) if isinstance(item, Rec)
                 and "printable" in item else Material(text=Text(item), file=ctx.file, line=line)
                 for item, line in zip(raw, lines, strict=True))


def printables_from(loading: Loading, data: Rec, path: Path, assets: AssetStore) -> tuple[Printable, ...]:
    ctx = loading.context(path)
    found = []
    for raw in data["printables"]:
        loading.claim(raw["id"], "printable", ctx.file, raw.line_of("id"))
        printable = _printable(loading, raw, path, assets, ctx)
        if printable:
            found.append(printable)
    return tuple(found)


def _printable(loading: Loading, raw: Rec, path: Path, assets: AssetStore, ctx: Context) -> Printable | None:
    name, kind = raw["id"], raw["kind"]
    cards = kind in PrintableKind.CARDS
    if cards and raw["body"] is not None:
        ctx.error(raw.line_of("body"), f"the {kind} '{name}' has a 'body'; cards are written under 'cards'",
                  "write '- body: …' as an item of 'cards:' (one item per card)", code="printable-shape")
        return None
    if cards and raw["cards"] is None:
        ctx.error(raw.line, f"the {kind} '{name}' has no 'cards'",
                  "add 'cards:' with one item per card: '- for: {…}' (the role) and 'body: {…}'", code="missing-key")
        return None
    if not cards and raw["cards"] is not None:
        ctx.error(raw.line_of("cards"), f"the {kind} '{name}' has 'cards'; a {kind} is one sheet",
                  "write its text under 'body:', or make it kind: task-card", code="printable-shape")
        return None
    if not cards and raw["body"] is None:
        ctx.error(raw.line, f"the {kind} '{name}' has no 'body'", "add 'body:' with its text per language (Markdown)",
                  code="missing-key")
        return None
    if cards and raw["writing_lines"] is not None:
        ctx.error(raw.line_of("writing_lines"), f"the {kind} '{name}' cannot have writing lines",
                  "remove 'writing_lines' (only handouts and worksheets have them)", code="printable-shape")
        return None
    if not cards and "cards_per_page" in raw.key_lines:
        ctx.error(raw.line_of("cards_per_page"), f"'cards_per_page' is for cards, and '{name}' is a {kind}",
                  "remove it: a handout or worksheet is printed on whole pages", code="printable-shape")
        return None
    if cards:
        sheets = []
        for card in raw["cards"]:
            if kind == PrintableKind.ROLE_CARD and card["for"] is None:
                ctx.error(card.line, f"a card of the role cards '{name}' does not say whose role it is",
                          "add 'for: {…}' with the role (each side of a role play has its own card)",
                          code="missing-key")
                return None
            body = loading.localized_markdown(card["body"], path, card.line_of("body") + 1, assets)
            sheets.append(Sheet(Text(card["for"]) if card["for"] else None, body))
    else:
        body = loading.localized_markdown(raw["body"], path, raw.line_of("body") + 1, assets)
        sheets = [Sheet(None, body)]
    default_lines = 10 if kind == PrintableKind.WORKSHEET else 0
    return Printable(
        id=name, kind=kind, title=Text(raw["title"]), role=Text(raw["for"]) if raw["for"] else None, per=raw["per"],
        copies=raw["copies"], cards_per_page=raw["cards_per_page"], sheets=tuple(sheets),
        writing_lines=default_lines if raw["writing_lines"] is None else raw["writing_lines"],
        file=ctx.file, line=raw.line_of("id"))


def check_workbook_steps(lesson: Lesson, data: Rec, ctx: Context) -> None:
    """A facilitator step's `workbook:` names something of this lesson the workbook prints."""
    known = [p.id for p in lesson.pages] + [a.id for a in lesson.activities]
    known += [part for part, there in zip(WORKBOOK_PARTS, (lesson.job_aid, lesson.reflection, lesson.quiz),
                                          strict=True) if there]
    for number, raw in enumerate(data["facilitator"], start=1):
        target = raw["workbook"]
        if target is None or target in known:
            continue
        hint = _did_you_mean(target, known)
        ctx.error(raw.line_of("workbook"), f"facilitator step {number} uses '{target}' of the workbook, which this "
                  "lesson does not print", f"{hint + ' ' if hint else ''}use one of this lesson's workbook items: "
                  f"{', '.join(known) or 'none yet'} (a page is named by its file name without number and language)",
                  code="unknown-workbook-item")


def classroom_from(data: Rec | None) -> Classroom:
    if not data:
        return Classroom()
    return Classroom(
        participants=data["participants"], group_size=data["group_size"], start=data["start"] or "",
        breaks=tuple(Break(b["after"], b["minutes"], Text(b["title"]) if b["title"] else None) for b in data["breaks"]),
        checklist=tuple(Text(item) for item in data["checklist"]))


def check_classroom(course: Course, data: Rec, loading: Loading) -> None:
    """References across lessons: materials naming printables, breaks after lessons; printables never named.
    Skipped when a lesson failed to load (its errors are reported): its ids would look missing."""
    report = loading.report
    if len(course.lessons) != len(set(data["lessons"])):
        return
    printables = {p.id: p for p in course.printables()}
    named: set[str] = set()
    for lesson in course.lessons:
        for material in lesson.all_materials():
            if material.printable is None:
                continue
            named.add(material.printable)
            if material.printable not in printables:
                hint = _did_you_mean(material.printable, list(printables))
                report.error(material.file, material.line, f"the materials list names the printable "
                             f"'{material.printable}', which the course does not have",
                             hint or (f"use one of the printables' ids: {', '.join(printables)}" if printables
                                      else "add it under 'printables:' in a lesson.yaml"), code="unknown-printable")
    for printable in printables.values():
        if printable.id not in named:
            report.warning(printable.file, printable.line, f"no materials list names the printable '{printable.id}', "
                           "so the facilitator guide never says when to use it",
                           f"add '- printable: {printable.id}' to the materials of the lesson or activity that "
                           "uses it", code="printable-not-used")
    classroom = data["classroom"]
    lesson_ids = [lesson.id for lesson in course.lessons]
    seen: set[str] = set()
    for raw in classroom["breaks"] if classroom else ():
        after = raw["after"]
        if after not in lesson_ids:
            hint = _did_you_mean(after, lesson_ids)
            report.error("course.yaml", raw.line_of("after"), f"a break comes after the lesson '{after}', which the "
                         "course does not have", hint or f"use a lesson id: {', '.join(lesson_ids)}",
                         code="unknown-lesson")
        elif after in seen:
            report.error("course.yaml", raw.line_of("after"), f"two breaks come after the lesson '{after}'",
                         "make them one break with the minutes of both", code="duplicate-break")
        elif after == lesson_ids[-1]:
            report.warning("course.yaml", raw.line_of("after"), f"a break comes after '{after}', the last lesson",
                           "remove it: the day ends there", code="break-after-last-lesson")
        seen.add(after)
