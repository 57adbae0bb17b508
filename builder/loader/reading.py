"""Shared steps of loading one source file: read, parse, check against its declared shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.diagnostics import Report
from builder.loader.files import SourceFolder
from builder.loader.markdown import AssetStore, render_markdown, split_title
from builder.loader.schema import INVALID, Context, Record
from builder.loader.yamlsource import YamlProblem, parse_yaml
from builder.structure import Page, Text


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

    def read_yaml(self, path: Path, shape: Record, *, what: str) -> Any:
        """The checked content of a YAML file, or None when it is missing or unusable."""
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
        return None if value is INVALID else value

    def markdown(self, text: str, path: Path, first_line: int, assets: AssetStore) -> str:
        """Render Markdown found at `first_line` of `path`, reporting problems at their real lines."""
        rel = self.folder.rel(path)
        rendered = render_markdown(text, rel, assets)
        for line, message, hint in rendered.errors:
            self.report.error(rel, first_line + line - 1, message, hint, code="markdown")
        for line, message, hint in rendered.warnings:
            self.report.warning(rel, first_line + line - 1, message, hint, code="raw-html")
        return rendered.html

    def localized_markdown(self, texts: dict[str, str], path: Path, line: int, assets: AssetStore) -> Text:
        return Text({lang: self.markdown(text, path, line, assets) for lang, text in texts.items()})

    def page(self, page_id: str, files: dict[str, Path], assets: AssetStore, *, what: str) -> Page | None:
        """A page written as one Markdown file per language, each starting with '# Title'."""
        titles: dict[str, str] = {}
        bodies: dict[str, str] = {}
        for lang, path in files.items():
            text = self.folder.read_text(path, self.report, what=what)
            if text is None:
                continue
            rel = self.folder.rel(path)
            if not text.strip():
                self.report.error(rel, 1, f"this {what} is empty", "write the page, or delete the file",
                                  code="empty-page")
                continue
            title, body, body_line = split_title(text)
            if not title:
                self.report.error(rel, 1, f"this {what} does not start with its title",
                                  "make the first line '# The page title'", code="no-title")
                continue
            if not body.strip():
                self.report.error(rel, body_line - 1, f"this {what} has a title but no text",
                                  "write the page's text under the title", code="empty-page")
                continue
            titles[lang] = title
            bodies[lang] = self.markdown(body, path, body_line, assets)
        if len(titles) != len(files):
            return None
        return Page(page_id, Text(titles), Text(bodies), Text({lang: self.folder.rel(p) for lang, p in files.items()}))
