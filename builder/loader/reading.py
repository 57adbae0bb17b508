"""Shared steps of loading one source file: read, parse, check against its declared shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.diagnostics import Report
from builder.loader.blocks import CheckSite
from builder.loader.files import Lookup, SourceFolder
from builder.loader.markdown import AssetStore, has_text, render_markdown, split_title
from builder.loader.placeholders import TRANSLATE_HINT, marked_lines
from builder.loader.schema import INVALID, Context, Partial, Record
from builder.loader.yamlsource import YamlProblem, parse_yaml
from builder.structure import Page, Question, Text


@dataclass(frozen=True)
class QuestionPool:
    """A lesson's quiz.yaml questions, which its pages' knowledge checks may name."""

    lesson_id: str
    questions: dict[str, Question] | None  # None: quiz.yaml has errors
    has_quiz: bool

    def site(self, page_id: str, language: str) -> CheckSite:
        return CheckSite(page_id, language, self.lesson_id, self.questions, self.has_quiz)


@dataclass
class Loading:
    """State shared while one course is loaded."""

    folder: SourceFolder
    report: Report
    languages: tuple[str, ...] = ()
    claims: list[tuple[str, str, str, int]] = field(default_factory=list)  # (id, what, file, line)

    def claim(self, identifier: str, what: str, file: str, line: int) -> None:
        """Note an id; `check_unique_ids` reports repeats once every file has been read."""
        self.claims.append((identifier, what, file, line))

    def check_unique_ids(self) -> None:
        """Ids are unique across the whole course: SCORM and the handbooks cross-reference by id."""
        first: dict[str, tuple[str, str, int]] = {}
        for identifier, what, file, line in self.claims:
            if identifier in first:
                other, other_file, other_line = first[identifier]
                self.report.error(file, line, f"the id '{identifier}' is already used by the {other} "
                                  f"({other_file}:{other_line})", "give this one a different id", code="duplicate-id")
            else:
                first[identifier] = (what, file, line)

    def context(self, path: Path) -> Context:
        return Context(self.folder.rel(path), self.report, self.languages)

    def find(self, path: Path) -> Lookup:
        """What is at `path` (a file, folder or link, even a broken one, which reading then reports); a name
        there that differs only by letter case or Unicode form is reported as an error naming what exists."""
        found = self.folder.lookup(path)
        if found.problem:
            hint = f"rename '{found.near}' to '{path.name}'" if found.near else "rename one of the two"
            self.report.error(self.folder.rel(path), 0, f"'{self.folder.rel(path)}' is not there: {found.problem}",
                              hint, code="name-mismatch")
        return found

    def read_yaml(self, path: Path, shape: Record, *, what: str, partial: bool = False) -> Any:
        """The checked content of a YAML file, or None when it is missing or unusable. With `partial`, a file
        whose mapping has some keys wrong still gives the keys that passed (a `Partial`), for more checks."""
        text = self.folder.read_text(path, self.report, what=what)
        if text is None:
            return None
        ctx = self.context(path)
        try:
            node = parse_yaml(text)
        except YamlProblem as problem:
            ctx.report.error(ctx.file, problem.line, problem.message, problem.hint, column=problem.column,
                             code="yaml-syntax")
            return None
        if node is None:
            ctx.error(1, f"the {what} is empty", "see the README for an example to copy", code="empty-file")
            return None
        value = shape.check(node, ctx, "this file")
        if value is INVALID or (type(value) is Partial and not partial):
            return None
        return value

    def markdown(self, text: str, path: Path, first_line: int, assets: AssetStore, site: CheckSite | None = None) -> str:
        """Render Markdown found at `first_line` of `path`, reporting problems at their real lines; knowledge checks
        are allowed where `site` is given (they are added to it)."""
        rel = self.folder.rel(path)
        rendered = render_markdown(text, rel, assets, first_line, site)
        for line, message, hint in rendered.errors:
            self.report.error(rel, first_line + line - 1, message, hint, code="markdown")
        for line, message, hint, code in rendered.warnings:
            self.report.warning(rel, first_line + line - 1, message, hint, code=code)
        return rendered.html

    def localized_markdown(self, texts: dict[str, str], path: Path, line: int, assets: AssetStore) -> Text:
        return Text({lang: self.markdown(text, path, line, assets) for lang, text in texts.items()})

    def page(self, page_id: str, files: dict[str, Path], assets: AssetStore, *, what: str,
             pool: QuestionPool | None = None) -> Page | None:
        """A page written as one Markdown file per language, each starting with '# Title'. Every file given is
        checked in full; the page is made only when all of them pass and every course language is there. With
        `pool` (a lesson's page) it may hold knowledge checks."""
        titles: dict[str, str] = {}
        bodies: dict[str, str] = {}
        sites: dict[str, CheckSite] = {}
        for lang, path in files.items():
            text = self.folder.read_text(path, self.report, what=what)
            if text is None:
                continue
            rel = self.folder.rel(path)
            for line in marked_lines(text):
                self.report.warning(rel, line, f"this {what} is still marked for translation", TRANSLATE_HINT,
                                    code="untranslated")
            if not text.strip():
                self.report.error(rel, 1, f"this {what} is empty", "write the page, or delete the file",
                                  code="empty-page")
                continue
            title, body, body_line = split_title(text)
            if not title:
                self._no_title(rel, text, what)
                body, body_line = text, 1  # its text is still checked: one run reports every problem
            elif not body.strip():
                self.report.error(rel, body_line - 1, f"this {what} has a title but no text",
                                  "write the page's text under the title", code="empty-page")
                continue
            site = pool.site(page_id, lang) if pool else None
            if site:
                sites[lang] = site
            html = self.markdown(body, path, body_line, assets, site)
            if not title:
                continue
            if not has_text(html):
                first = body_line + next((n for n, line in enumerate(body.split("\n")) if line.strip()), 0)
                self.report.warning(rel, first, f"this {what} holds only headings, no text",
                                    "write the text under the headings, or remove the page", code="no-text")
            titles[lang] = title
            bodies[lang] = html
        self._check_counts(files, sites)
        if len(titles) != len(files) or set(files) != set(self.languages):
            return None
        checks = tuple(check for site in sites.values() for check in site.checks)
        return Page(page_id, Text(titles), Text(bodies), Text({lang: self.folder.rel(p) for lang, p in files.items()}),
                    checks)

    def _check_counts(self, files: dict[str, Path], sites: dict[str, CheckSite]) -> None:
        """Every language's file of a page holds the same knowledge checks, in the same order."""
        counts = {lang: len(site.checks) for lang, site in sites.items()}
        if len(set(counts.values())) < 2:
            return
        most = max(counts, key=lambda lang: counts[lang])
        for lang, count in counts.items():
            if count != counts[most]:
                self.report.error(self.folder.rel(files[lang]), 0,
                                  f"this page has {count} knowledge check{'s' * (count != 1)}, its {most} version "
                                  f"{counts[most]}", "give every language's page the same checks in the same order",
                                  code="check-count")

    def _no_title(self, rel: str, text: str, what: str) -> None:
        first = next((line for line in text.split("\n") if line.strip()), "")
        line = text.split("\n").index(first) + 1 if first else 1
        marks = first.lstrip()[: len(first.lstrip()) - len(first.lstrip().lstrip("#"))]
        if len(marks) > 1:
            self.report.error(rel, line, f"this {what} starts with a '{marks} ' heading; its title is written "
                              "with a single '#'", f"make the first line '# {first.lstrip().lstrip('#').strip()}' "
                              "(use '##' for sections inside the page)", code="no-title")
        else:
            self.report.error(rel, 1, f"this {what} does not start with its title",
                              "make the first line '# The page title'", code="no-title")
