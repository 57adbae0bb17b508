"""Interactive blocks inside a page's Markdown: ```tabs, ```accordion, ```reveal, ```process and ```check.

They are CommonMark fenced code blocks whose info string names the kind, so cmark-gfm parses them like any other
code block (and gives their line); nothing here reads Markdown syntax itself. The content of a panels block is
Markdown again, cut into panels at its top headings as cmark reports them, each panel rendered like a page; a
check's content is YAML with the shape of a quiz.yaml question. The result is plain, semantic HTML that shows
everything (no script, print); the player's blocks.js turns it into tabs, disclosures and steps.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from html import escape

import cmarkgfm
import lxml.html
import nh3
from cmarkgfm.cmark import Options

from builder.diagnostics import Report
from builder.loader.schema import INVALID, Context, Field, Partial, Record
from builder.loader.sources import QUESTION
from builder.loader.yamlsource import YamlProblem, parse_yaml
from builder.structure import KnowledgeCheck, Question, SourceLocation

PANEL_KINDS = {"tabs": 2, "accordion": 1, "reveal": 1, "process": 2}  # kind: the fewest panels it may have
KINDS = (*PANEL_KINDS, "check")
_WHAT = {"tabs": "tab", "accordion": "section", "reveal": "card", "process": "step"}
_INLINE = {"a", "abbr", "b", "br", "code", "del", "em", "i", "kbd", "mark", "s", "small", "strong", "sub", "sup", "u"}

# A check written in place has a quiz.yaml question's keys, with an id and an objective of its own optional:
# it is practice, assessing nothing.
CHECK_QUESTION = Record([
    Field(f.name, f.type, default=None if f.name == "id" else "") if f.name in ("id", "objective") else f
    for f in QUESTION.fields
])

Problems = list[tuple[int, str, str]]  # (line within the Markdown text, message, hint)
Warnings = list[tuple[int, str, str, str]]
Render = Callable[..., tuple[str, Problems, Warnings]]  # (text, first_line) -> html, errors, warnings


@dataclass
class CheckSite:
    """Where knowledge checks may stand: one language's file of a lesson page, with the lesson's question pool."""

    page_id: str
    language: str
    lesson_id: str
    pool: Mapping[str, Question] | None  # None: the lesson's quiz.yaml is missing or has errors
    has_quiz: bool
    checks: list[KnowledgeCheck] = field(default_factory=list)


@dataclass
class Fence:
    """A fenced code block as cmark found it."""

    info: str  # the first word of its info string
    content: str
    line: int  # of the opening fence, within the Markdown text
    file: str
    first_line: int  # the Markdown text's first line in the file


def kind_of_fence(info: str) -> str | None:
    """The interactive kind a fence names, or None for ordinary code; a near miss ('tabz') is returned as written
    so that it is reported, not shown as code."""
    if info in KINDS:
        return info
    near = difflib.get_close_matches(info.lower(), KINDS, n=1, cutoff=0.7)
    return info if near else None


def expand(fence: Fence, render: Render, site: CheckSite | None, nested: bool,
           errors: Problems, warnings: Warnings) -> str:
    """The block's HTML; '' once its problems are reported (the build fails on them)."""
    if fence.info not in KINDS:
        near = difflib.get_close_matches(fence.info.lower(), KINDS, n=1, cutoff=0.7)[0]
        errors.append((fence.line, f"unknown interactive block '{fence.info}'; did you mean {near}?",
                       f"write ```{near} (the kinds are {', '.join(KINDS)}); for a code sample, name its "
                       "language instead, e.g. ```text"))
        return ""
    if nested:
        errors.append((fence.line, f"a ```{fence.info} block cannot be inside another interactive block",
                       "put the blocks one after the other"))
        return ""
    if fence.info == "check":
        return _check(fence, site, errors, warnings)
    return _panels(fence, render, errors, warnings)


@dataclass
class _Panel:
    title: str  # inline HTML
    level: int
    line: int  # of its heading, within the block's content
    body: str  # Markdown
    body_line: int  # the body's first line within the block's content


def _panels(fence: Fence, render: Render, errors: Problems, warnings: Warnings) -> str:
    kind, what = fence.info, _WHAT[fence.info]
    content_line = fence.line + 1  # the block's first content line, within the Markdown text
    panels = _split(fence, errors)
    if panels is None:
        return ""
    if len(panels) < PANEL_KINDS[kind]:
        errors.append((fence.line, f"this ```{kind} block has {len(panels)} {what}; it needs at least "
                                   f"{PANEL_KINDS[kind]}", f"start each {what} with a heading line: ## Its title"))
        return ""
    parts = []
    for panel in panels:
        first = content_line + panel.body_line - 1
        html, inner_errors, inner_warnings = render(panel.body, fence.first_line + first - 1)
        errors.extend((first + line - 1, message, hint) for line, message, hint in inner_errors)
        warnings.extend((first + line - 1, message, hint, code) for line, message, hint, code in inner_warnings)
        if not _has_content(html):
            errors.append((content_line + panel.line - 1, f"the {what} '{_plain(panel.title)}' is empty",
                           f"write its text under the heading, or remove the {what}"))
            continue
        level = max(panel.level, 2)  # the page's title is its only first-level heading
        title = f'<h{level} class="cb-title">{panel.title}</h{level}>'
        tag = "li" if kind == "process" else "section"
        parts.append(f'<{tag} class="cb-panel">{title}<div class="cb-body">{html}</div></{tag}>')
    if kind == "process":
        return f'<ol class="cb-block cb-process">{"".join(parts)}</ol>'
    return f'<div class="cb-block cb-{kind}">{"".join(parts)}</div>'


def _split(fence: Fence, errors: Problems) -> list[_Panel] | None:
    """The block's panels: each of its top headings (the highest level it uses) and what follows, to the next."""
    content = fence.content
    what = _WHAT[fence.info]
    root = lxml.html.fragment_fromstring(
        cmarkgfm.markdown_to_html_with_extensions(content, options=Options.CMARK_OPT_SOURCEPOS, extensions=["table"]),
        create_parent="div")
    top = [(child, _start_line(child)) for child in root if isinstance(child.tag, str)]
    levels = [int(child.tag[1]) for child, _ in top if child.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    line = fence.line + 1
    if not levels:
        errors.append((fence.line, f"this ```{fence.info} block has no {what} titles",
                       f"start each {what} with a heading line: ## Its title"))
        return None
    level = min(levels)
    starts = [(child, at) for child, at in top if child.tag == f"h{level}"]
    first_start = starts[0][1]
    before = [at for _, at in top if at < first_start]
    if before:
        errors.append((line + before[0] - 1, f"this ```{fence.info} block has text before its first {what}'s title",
                       "start the block with a heading line (## Its title), or move the text out of the block"))
        return None
    lines = content.split("\n")
    panels = []
    for index, (heading, at) in enumerate(starts):
        end = _end_line(heading)
        stop = starts[index + 1][1] - 1 if index + 1 < len(starts) else len(lines)
        panels.append(_Panel(_inline(heading), level, at, "\n".join(lines[end:stop]), end + 1))
    return panels


def _start_line(element: lxml.html.HtmlElement) -> int:
    return int(element.get("data-sourcepos", "1:1-1:1").split(":", 1)[0])


def _end_line(element: lxml.html.HtmlElement) -> int:
    return int(element.get("data-sourcepos", "1:1-1:1").split("-", 1)[1].split(":", 1)[0])


def _inline(heading: lxml.html.HtmlElement) -> str:
    """A heading's inline content as safe HTML (cmark's safe mode already left raw HTML out)."""
    inner = ((heading.text and escape(heading.text, quote=False)) or "") + "".join(
        lxml.html.tostring(child, encoding="unicode", method="html") for child in heading)
    return nh3.clean(inner, tags=_INLINE, attributes={"a": {"href", "title"}, "abbr": {"title"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer").strip()


def _plain(html: str) -> str:
    return lxml.html.fragment_fromstring(f"<span>{html}</span>").text_content().strip() if html else ""


def _has_content(html: str) -> bool:
    if not html.strip():
        return False
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return bool(root.text_content().strip()) or root.find(".//img") is not None


def _check(fence: Fence, site: CheckSite | None, errors: Problems, warnings: Warnings) -> str:
    content_line = fence.line + 1
    if site is None:
        errors.append((fence.line, "a knowledge check can only be in a lesson's page",
                       "move the ```check block to a page in the lesson's pages/ folder"))
        return ""
    try:
        node = parse_yaml(fence.content)
    except YamlProblem as problem:
        errors.append((content_line + problem.line - 1, f"the knowledge check: {problem.message}", problem.hint))
        return ""
    if node is None or node.kind != "mapping":
        errors.append((fence.line, "a knowledge check holds a question: the id of one in quiz.yaml, or one written "
                                   "in place as in quiz.yaml",
                       "write 'question: <id of a question in this lesson's quiz.yaml>', or 'type:', 'prompt:' and "
                       "the rest of a question"))
        return ""
    check_id = f"{site.page_id}-check-{len(site.checks) + 1}"
    where = SourceLocation(fence.file, fence.first_line + fence.line - 1)
    keys = set(node.value)
    if "scored" in keys:
        errors.append((content_line + node.key_positions["scored"][0] - 1,
                       "a knowledge check is practice: it is never scored",
                       "remove 'scored'; a question that counts belongs in the lesson's quiz.yaml"))
        return ""
    if "question" in keys:
        if keys != {"question"}:
            errors.append((content_line + node.key_positions["question"][0] - 1,
                           "a knowledge check names a quiz.yaml question or is written in place, not both",
                           "keep only 'question: <id>', or remove 'question' and keep the question written here"))
            return ""
        question = _from_pool(node.value["question"], content_line, site, errors)
        if question is None:
            return ""
        site.checks.append(KnowledgeCheck(check_id, site.language, question, True, where))
        return _placeholder(check_id)
    question = _in_place(node, content_line, check_id, site, errors, warnings)
    if question is None:
        return ""
    question = replace(question, where=where)
    site.checks.append(KnowledgeCheck(check_id, site.language, question, False, where))
    return _placeholder(check_id)


def _placeholder(check_id: str) -> str:
    return f'<div class="cb-block cb-check" data-check="{escape(check_id)}"></div>'


def _from_pool(value, content_line: int, site: CheckSite, errors: Problems) -> Question | None:
    line = content_line + value.line - 1
    if value.kind != "scalar" or not isinstance(value.value, str):
        errors.append((line, "'question' must be the id of a question in this lesson's quiz.yaml",
                       "write e.g. 'question: tm-q-first-step'"))
        return None
    if not site.has_quiz:
        errors.append((line, f"the knowledge check names the question '{value.value}', but this lesson has no "
                             "quiz.yaml", "add the question to a quiz.yaml beside lesson.yaml, or write it in place"))
        return None
    if site.pool is None:
        return None  # quiz.yaml has errors (reported there): its ids prove nothing
    question = site.pool.get(value.value)
    if question is None:
        near = difflib.get_close_matches(value.value, list(site.pool), n=1)
        hint = f"did you mean '{near[0]}'?" if near else \
            f"use the id of a question in this lesson's quiz.yaml: {', '.join(sorted(site.pool)) or 'none yet'}"
        errors.append((line, f"the knowledge check names the question '{value.value}', which this lesson's "
                             "quiz.yaml does not have", hint))
    return question


def _in_place(node, content_line: int, check_id: str, site: CheckSite, errors: Problems,
              warnings: Warnings) -> Question | None:
    """The question written in the block, checked by quiz.yaml's declarations and its type's rules; texts in the
    page's own language only (a plain text, or `{<language>: text}`)."""
    from builder.loader.questions import question_from  # it needs the question types; they need the loader

    report = Report()
    ctx = Context("", report, (site.language,))
    raw = CHECK_QUESTION.check(node, ctx, "the knowledge check")
    question = None
    if raw is not INVALID and type(raw) is not Partial:
        raw["id"] = raw["id"] or check_id
        question = question_from(raw, site.lesson_id, ctx)
    for diagnostic in report.diagnostics:
        line = content_line + diagnostic.line - 1
        if diagnostic.severity == "error":
            errors.append((line, diagnostic.message, diagnostic.hint))
        else:
            warnings.append((line, diagnostic.message, diagnostic.hint, diagnostic.code))
    if any(d.severity == "error" for d in report.diagnostics):
        return None
    return question


def block_token(text: str, number: int) -> str:
    """A paragraph's text standing for a block until the page's HTML is clean; unique to the page's text."""
    return f"cbblock{hashlib.sha1(text.encode()).hexdigest()[:16]}n{number}"
