"""Loading a lesson's branching scenarios: lessons/<folder>/scenarios/<name>.yaml, one scenario per file.

Each file is checked against `sources.SCENARIO_FILE`, then every reference in it (speakers, meters,
objectives, `goto` targets, portraits) and finally every path through it (`scenariograph`). A scenario
with any error is left out of the lesson; the report says why, with file and line.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from builder.loader.conditions import KEYWORDS, ConditionProblem, parse_condition
from builder.loader.markdown import AssetStore
from builder.loader.reading import Loading
from builder.loader.scenariograph import check_paths
from builder.loader.schema import Context, Rec, _did_you_mean
from builder.loader.sources import SCENARIO_FILE
from builder.structure.conditions import Condition
from builder.structure.scenario import (
    Branch,
    CastMember,
    ChoiceEdge,
    Ending,
    FeedbackTiming,
    Meter,
    Node,
    PathFacts,
    Portrait,
    Scenario,
    Verdict,
)
from builder.structure.source import SourceLocation
from builder.structure.text import Text

FOLDER = "scenarios"


def load_scenarios(loading: Loading, folder: Path, lesson_id: str, objective_ids: set[str] | None,
                   assets: AssetStore) -> tuple[Scenario, ...]:
    """The lesson's scenarios in file-name order. objective_ids None: lesson.yaml is broken, so objectives
    cannot be checked this run (everything else still is)."""
    scenario_folder = folder / FOLDER
    if not scenario_folder.is_dir():
        return ()
    scenarios = []
    for path in sorted(scenario_folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix != ".yaml":
            loading.report.error(loading.folder.rel(path), 0, "a file in scenarios/ that is not a scenario (.yaml)",
                                 "name scenario files like 'angry-caller.yaml', or move this file elsewhere",
                                 code="scenario-file-name")
            continue
        scenario = _load_one(loading, path, lesson_id, objective_ids, assets)
        if scenario is not None:
            scenarios.append(scenario)
    _check_assessed(loading, scenarios)
    return tuple(scenarios)


def _load_one(loading: Loading, path: Path, lesson_id: str, objective_ids: set[str] | None,
              assets: AssetStore) -> Scenario | None:
    errors_before = _error_count(loading)  # a list item the schema refused is left out: paths would be wrong
    data = loading.read_yaml(path, SCENARIO_FILE, what="scenario")
    if data is None or not data["nodes"]:
        return None
    ctx = loading.context(path)
    loading.claim(data["id"], "scenario", ctx.file, data.line_of("id"))
    meters = _meters(data, ctx)
    cast = _cast(data, ctx, assets)
    nodes = _nodes(loading, data, path, ctx, assets, meters, cast)
    start = data["start"] or data["nodes"][0]["id"]
    if data["start"] and start not in {n.id for n in nodes}:
        ctx.error(data.line_of("start"), f"'start' names the node '{start}', which this scenario does not have",
                  _did_you_mean(start, [n.id for n in nodes]) or "give the id of the first node", code="unknown-node")
    _check_scoring(data, objective_ids, ctx)
    _warn_unused(data, nodes, ctx)
    if _error_count(loading) > errors_before:
        return None  # the paths are only worth checking once every reference is right
    facts = check_paths(nodes, meters, start, ctx, assessed=data["assessed"])
    if facts is None:
        return None
    return Scenario(
        id=data["id"], lesson=lesson_id, file=ctx.file, line=data.line_of("id"), title=Text(data["title"]),
        intro=loading.localized_markdown(data["intro"], path, data.line_of("intro") + 1, assets),
        assessed=data["assessed"], weight=data["weight"] if data["assessed"] else 0,
        objectives=tuple(data["objectives"]), attempts=data["attempts"], cast=cast, meters=meters, nodes=nodes,
        start=start, facts=facts,
    )


def _error_count(loading: Loading) -> int:
    return sum(1 for d in loading.report.diagnostics if d.severity == "error")


def _meters(data: Rec, ctx: Context) -> tuple[Meter, ...]:
    meters: list[Meter] = []
    for raw in data["meters"]:
        meter_id, low, high, start = raw["id"], raw["min"], raw["max"], raw["start"]
        if meter_id in KEYWORDS:
            ctx.error(raw.line_of("id"), f"a meter cannot be called '{meter_id}': conditions use that word",
                      "choose another id", code="meter-name")
        elif any(m.id == meter_id for m in meters):
            ctx.error(raw.line_of("id"), f"this scenario has two meters with the id '{meter_id}'",
                      "give each meter its own id", code="duplicate-id")
        elif low >= high:
            ctx.error(raw.line_of("max"), f"the meter '{meter_id}' has min {low} and max {high}; max must be larger",
                      "e.g. 'min: 0' and 'max: 100'", code="meter-range")
        elif not low <= start <= high:
            ctx.error(raw.line_of("start"), f"the meter '{meter_id}' starts at {start}, outside its range {low} to {high}",
                      "give a start between min and max", code="meter-range")
        else:
            meters.append(Meter(meter_id, Text(raw["label"]), start, low, high))
    return tuple(meters)


def _cast(data: Rec, ctx: Context, assets: AssetStore) -> tuple[CastMember, ...]:
    cast: list[CastMember] = []
    for raw in data["cast"]:
        if any(member.id == raw["id"] for member in cast):
            ctx.error(raw.line_of("id"), f"this scenario's cast has two members with the id '{raw['id']}'",
                      "give each person their own id", code="duplicate-id")
            continue
        portrait = None
        if raw["portrait"]:
            problems: list[tuple[int, str, str]] = []
            warnings: list[tuple[int, str, str, str]] = []
            line = raw["portrait"].line_of("image")
            href = assets.href(raw["portrait"]["image"], SourceLocation(ctx.file, line), line, problems, warnings)
            for problem_line, message, hint in problems:
                ctx.error(problem_line, f"the portrait of '{raw['id']}': {message}", hint, code="portrait")
            for warning_line, message, hint, code in warnings:
                ctx.warning(warning_line, f"the portrait of '{raw['id']}': {message}", hint, code=code)
            if href:
                portrait = Portrait(href, Text(raw["portrait"]["alt"]))
        cast.append(CastMember(raw["id"], Text(raw["name"]), Text(raw["role"]), portrait))
    return tuple(cast)


def _nodes(loading: Loading, data: Rec, path: Path, ctx: Context, assets: AssetStore,
           meters: tuple[Meter, ...], cast: tuple[CastMember, ...]) -> tuple[Node, ...]:
    node_ids = [raw["id"] for raw in data["nodes"]]
    meter_ids = [m.id for m in meters]
    cast_ids = [c.id for c in cast]
    default_timing = FeedbackTiming(data["feedback_timing"])
    seen: dict[str, int] = {}
    nodes: list[Node] = []
    for raw in data["nodes"]:
        node_id = raw["id"]
        if node_id in seen:
            ctx.error(raw.line_of("id"), f"this scenario has two nodes with the id '{node_id}' "
                      f"(first on line {seen[node_id]})", "give each node its own id", code="duplicate-id")
            continue
        seen[node_id] = raw.line_of("id")
        speaker = raw["speaker"]
        if speaker is not None and speaker not in cast_ids:
            known = ", ".join(cast_ids) or "none yet: add 'cast:'"
            ctx.error(raw.line_of("speaker"), f"node '{node_id}' is spoken by '{speaker}', who is not in the cast",
                      _did_you_mean(speaker, cast_ids) or f"use a cast id ({known}), or remove 'speaker' "
                      "for narration", code="unknown-speaker")
        ending = _ending(loading, raw, path, ctx, assets)
        choices = _choices(raw, ctx, node_ids, meter_ids, default_timing)
        nodes.append(Node(node_id, Text(raw["text"]), speaker, choices, ending, raw.line))
    return tuple(nodes)


def _ending(loading: Loading, raw: Rec, path: Path, ctx: Context, assets: AssetStore) -> Ending | None:
    node_id, verdict, debrief = raw["id"], raw["verdict"], raw["debrief"]
    if verdict is None:
        if debrief is not None:
            ctx.error(raw.line_of("debrief"), f"node '{node_id}' has a debrief but no verdict",
                      "an ending needs both: add 'verdict: best', 'good' or 'poor'", code="ending")
        elif not raw["choices"]:
            ctx.error(raw.line, f"node '{node_id}' is neither an ending nor has a choice: a learner arriving here "
                      "could go nowhere", "add 'choices:', or make it an ending with 'verdict:' and 'debrief:'",
                      code="dead-end")
        return None
    if raw["choices"]:
        ctx.error(raw.line_of("verdict"), f"node '{node_id}' is an ending (it has a verdict) but also has choices",
                  "remove 'choices' to end the scenario here, or remove 'verdict' and 'debrief' to go on",
                  code="ending")
        return None
    if debrief is None:
        ctx.error(raw.line_of("verdict"), f"the ending '{node_id}' has no debrief",
                  "add 'debrief:' per language: why the conversation ended this way, and what to take from it",
                  code="ending")
        return None
    return Ending(Verdict(verdict), loading.localized_markdown(debrief, path, raw.line_of("debrief") + 1, assets))


def _choices(raw: Rec, ctx: Context, node_ids: list[str], meter_ids: list[str],
             default_timing: FeedbackTiming) -> tuple[ChoiceEdge, ...]:
    choices: list[ChoiceEdge] = []
    seen: dict[str, int] = {}
    for choice in raw["choices"]:
        where = f"choice '{choice['id']}' of node '{raw['id']}'"
        if choice["id"] in seen:
            ctx.error(choice.line_of("id"), f"node '{raw['id']}' has two choices with the id '{choice['id']}' "
                      f"(first on line {seen[choice['id']]})", "give each choice of a node its own id",
                      code="duplicate-id")
            continue
        seen[choice["id"]] = choice.line_of("id")
        _check_target(choice["goto"], choice.line_of("goto"), where, node_ids, ctx)
        branches = []
        for branch in choice["branches"] or ():
            _check_target(branch["goto"], branch.line_of("goto"), where, node_ids, ctx)
            condition = _condition(branch["if"], branch.line_of("if"), meter_ids, ctx)
            if condition is not None:
                branches.append(Branch(condition, branch["goto"], branch.line))
        effects = []
        for meter_id, change in (choice["effects"] or {}).items():
            if meter_id not in meter_ids:
                ctx.error(choice["effects"].key_lines[meter_id], f"{where} changes '{meter_id}', which is not a meter "
                          "of this scenario", _did_you_mean(meter_id, meter_ids) or _meters_hint(meter_ids),
                          code="unknown-meter")
            effects.append((meter_id, change))
        condition = None
        if choice["if"] is not None:
            condition = _condition(choice["if"], choice.line_of("if"), meter_ids, ctx)
        timing = FeedbackTiming(choice["feedback_timing"]) if choice["feedback_timing"] else default_timing
        choices.append(ChoiceEdge(
            id=choice["id"], text=Text(choice["text"]), goto=choice["goto"], points=choice["points"],
            condition=condition, effects=tuple(effects), branches=tuple(branches),
            feedback=Text(choice["feedback"]) if choice["feedback"] else None, feedback_timing=timing,
            line=choice.line,
        ))
    return tuple(choices)


def _check_target(target: str, line: int, where: str, node_ids: list[str], ctx: Context) -> None:
    if target not in node_ids:
        ctx.error(line, f"{where} leads to '{target}', which is not a node of this scenario",
                  _did_you_mean(target, node_ids) or f"use one of: {', '.join(node_ids)}", code="unknown-node")


def _condition(text: str, line: int, meter_ids: list[str], ctx: Context) -> Condition | None:
    parsed = parse_condition(text)
    if isinstance(parsed, ConditionProblem):
        ctx.error(line, parsed.message, parsed.hint, code="condition-syntax")
        return None
    unknown = sorted(parsed.meters() - set(meter_ids))
    for meter_id in unknown:
        ctx.error(line, f"the condition '{parsed.source}' tests '{meter_id}', which is not a meter of this scenario",
                  _did_you_mean(meter_id, meter_ids) or _meters_hint(meter_ids), code="unknown-meter")
    return None if unknown else replace(parsed, line=line)


def _meters_hint(meter_ids: list[str]) -> str:
    if not meter_ids:
        return "declare it under 'meters:' (id, label, start, min, max)"
    return f"this scenario's meters are: {', '.join(meter_ids)}"


def _check_scoring(data: Rec, objective_ids: set[str] | None, ctx: Context) -> None:
    if data["assessed"] and data["weight"] is None:
        ctx.error(data.line_of("assessed"), "an assessed scenario needs a 'weight': the share of the lesson score "
                  "it gives", "add e.g. 'weight: 40' (percent); see README, 'Which score reaches the LMS'",
                  code="scenario-weight")
    if not data["assessed"] and data["weight"] is not None:
        ctx.error(data.line_of("weight"), "'weight' only counts for an assessed scenario",
                  "add 'assessed: true', or remove 'weight' (a practice scenario is not scored)",
                  code="scenario-weight")
    if data["assessed"] and not data["objectives"]:
        ctx.error(data.line_of("assessed"), "an assessed scenario must name the objectives it assesses",
                  "add e.g. 'objectives: [close-summary]' with ids of this lesson's objectives", code="no-objectives")
    if objective_ids is None:
        return
    for objective in data["objectives"]:
        if objective not in objective_ids:
            ctx.error(data.line_of("objectives"), f"the scenario assesses objective '{objective}', which this lesson "
                      "does not have", _did_you_mean(objective, sorted(objective_ids))
                      or f"use one of this lesson's objective ids: {', '.join(sorted(objective_ids))}",
                      code="unknown-objective")


def _warn_unused(data: Rec, nodes: tuple[Node, ...], ctx: Context) -> None:
    speakers = {node.speaker for node in nodes}
    for member in data["cast"]:
        if member["id"] not in speakers:
            ctx.warning(member.line_of("id"), f"'{member['id']}' is in the cast but speaks no line",
                        "give a node 'speaker: " + member["id"] + "', or remove them from the cast", code="cast-unused")
    changed = {meter for node in nodes for choice in node.choices for meter, _ in choice.effects}
    for meter in data["meters"]:
        if meter["id"] not in changed:
            ctx.warning(meter.line_of("id"), f"no choice changes the meter '{meter['id']}'",
                        f"add 'effects: {{{meter['id']}: +10}}' to a choice, or remove the meter", code="meter-unused")


def _check_assessed(loading: Loading, scenarios: list[Scenario]) -> None:
    assessed = [s for s in scenarios if s.assessed]
    for extra in assessed[1:]:
        loading.report.error(extra.file, extra.line, f"the lesson already has an assessed scenario "
                             f"('{assessed[0].id}', {assessed[0].file}); a lesson has at most one",
                             "make this one practice (remove 'assessed' and 'weight')", code="scenario-assessed-twice")


__all__ = ["FOLDER", "PathFacts", "load_scenarios"]
