"""`coursebuild build -f handbook`: a participant workbook, a facilitator guide and the printables per
language, as PDF.

init() checks the options; write() takes from the build cache the languages it holds, checks that the fonts
cover every character of the others before anything is laid out, renders them, one process per language, and
records the PDFs. WeasyPrint is imported only there, so that reading the builder's options (options.py) and a
build whose handbooks all come from the cache cost nothing of it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, ClassVar

from builder.builders.base import Builder
from builder.builders.handbook.fonts import check_coverage, describe, font_files, package_for, stack_for
from builder.builders.handbook.options import EDITIONS, OPTIONS, PAPERS, SECTION, SIDES
from builder.builders.handbook.sources import locate
from builder.builders.handbook.strings import STRINGS_DIR
from builder.diagnostics import BuildFailed
from builder.wording import counted
from builder.writer import Output, Staging

if TYPE_CHECKING:
    from builder.builders.handbook.parallel import Failed, Job, Rendered

__all__ = ["HandbookBuilder"]


class HandbookBuilder(Builder):
    name: ClassVar[str] = "handbook"
    description: ClassVar[str] = ("printable PDF handbooks: participant workbook, facilitator guide and printables "
                                  "(WeasyPrint)")
    section = SECTION
    options = OPTIONS

    @property
    def editions(self) -> tuple[str, ...]:
        """The editions to write; the printables only when the course has some."""
        asked = self.setting("editions") or EDITIONS
        return tuple(e for e in EDITIONS if e in asked and (e != "printables" or self.course.printables()))

    @property
    def sides(self) -> str:
        return str(self.setting("sides")).lower()

    @property
    def paper(self) -> str:
        return str(self.setting("paper")).lower()

    def init(self) -> None:
        self.warn_untranslated("handbook", STRINGS_DIR)
        unknown = [e for e in self.setting("editions") if e not in EDITIONS]
        if unknown:
            self.report.error("", 0, f"there is no handbook edition '{unknown[0]}'",
                              f"use --edition {' or --edition '.join(EDITIONS)}", code="handbook-edition")
        if "printables" in self.setting("editions") and not self.course.printables():
            self.report.warning("", 0, "the course has no printables, so no printables PDF is written",
                                "add 'printables:' to a lesson.yaml (see the README), or leave out --edition "
                                "printables", code="no-printables")
        if self.sides not in SIDES:
            self.report.error("course.yaml", 0, f"unknown handbook sides '{self.sides}'",
                              "set 'handbook: sides:' to double or single, or pass --sides double|single",
                              code="handbook-sides")
        if self.paper not in PAPERS:
            self.report.error("course.yaml", 0, f"unknown handbook paper '{self.paper}'",
                              "set 'handbook: paper:' to a4 or letter, or pass --paper a4|letter",
                              code="handbook-paper")
        self._check_graphviz()
        if self.report.has_errors:
            raise BuildFailed()

    def cache_inputs(self, language: str) -> object:
        """The font files of the language's stack, which shape every line of the PDFs, and the version of
        Graphviz's `dot`, which lays out the guide's scenario maps."""
        return font_files(stack_for(language).families), self._dot_version()

    def _dot_version(self) -> str:
        if not any(lesson.scenarios for lesson in self.course.lessons):
            return ""
        from builder.builders.handbook.scenariomap import dot_version

        return dot_version()

    def _check_graphviz(self) -> None:
        """The guide draws each scenario's map with Graphviz's `dot`: say so before any layout, not midway."""
        if "facilitator" not in self.editions or not any(lesson.scenarios for lesson in self.course.lessons):
            return
        from builder.builders.handbook.scenariomap import dot_available

        if not dot_available():
            self.report.error("", 0, "the facilitator guide draws the scenario maps with Graphviz, whose 'dot' "
                              "program is not installed (or not on PATH)",
                              "install the Debian package graphviz (scripts/setup.sh does), or leave the guide out "
                              "with --edition participant", code="handbook-graphviz-missing")

    def _check_fonts(self, language: str) -> None:
        from builder.builders.handbook.render import HandbookSpec, printed_text  # imports WeasyPrint

        stack = stack_for(language)
        text = [chunk for edition in self.editions
                for chunk in printed_text(self.course, HandbookSpec(language, edition, self.paper, self.sides))]
        coverage = check_coverage(stack, text)
        for family in coverage.missing_families:
            self.report.error("", 0, f"the font '{family}' for the {language} handbook is not installed",
                              f"install the Debian package {package_for(family)} (scripts/setup.sh does)",
                              code="handbook-font-missing")
        if coverage.missing_families:
            return
        by_place: dict[tuple[str, int], list[str]] = defaultdict(list)
        for character in coverage.missing_characters:
            by_place[locate(self.course, language, character)].append(character)
        for (file, line), characters in sorted(by_place.items()):
            self.report.error(
                file, line,
                f"no font of the {language} handbook has a glyph for {describe(characters)}; it would print as a box",
                f"replace or remove the character, or install a font that has it (the {language} fonts are "
                f"{', '.join(stack.families)}, from {', '.join(sorted({package_for(f) for f in stack.families}))})",
                code="handbook-missing-glyph")

    def write(self, staging: Staging) -> None:
        """The languages the cache has are taken from it before any worker starts; the others have their fonts
        checked, then are laid out, one worker per language."""
        languages = [language for language in self.languages if not self.cache_restore(language, staging)]
        for language in languages:
            self._check_fonts(language)
        if self.report.has_errors or not languages:
            if self.report.has_errors:
                raise BuildFailed()
            return
        from builder.builders.handbook.parallel import Failed, Job  # imports WeasyPrint
        from builder.builders.handbook.plan import pages_hint

        jobs = [Job(language, self.editions, self.paper, str(staging.folder), self.sides) for language in languages]
        for result in self._render(jobs):
            if isinstance(result, Failed):
                self.report.error("", 0, f"the {result.language} handbook could not be rendered: {result.message}",
                                  "run again with only this language (--lang) to see whether it persists; "
                                  "report it with the course if it does", code="handbook-render")
                continue
            diagnostics_from = len(self.report.diagnostics)
            outputs = [self._record(staging, rendered) for rendered in result]
            if result:
                self.cache_store(result[0].language, staging, outputs, diagnostics_from)
                if (hint := pages_hint(self.course, result)) is not None:
                    self.cache_keep_hint(self._pages_hint_name(result[0].language), hint)
        if self.report.has_errors:
            raise BuildFailed()

    def _pages_hint_name(self, language: str) -> str:
        return f"pages/{language}/{self.paper}/{self.sides}"

    def _render(self, jobs: list[Job]) -> list[list[Rendered] | Failed]:
        """Every language's documents as one plan (plan.py): workbooks and printables first, each guide once its
        pages are known, or at once from the last build's pages when there is a core to spare. With only some
        editions asked for, one job per language."""
        from builder.builders.handbook.parallel import render_all, usable_cores
        from builder.builders.handbook.plan import EditionPlan, complete

        if not all(complete(self.course, job) for job in jobs):
            return render_all(self.course, jobs, checkpoint=self.checkpoint)
        hints = {job.language: self.cache_hint(self._pages_hint_name(job.language)) for job in jobs} \
            if usable_cores() >= 2 else {}
        plan = EditionPlan(self.course, jobs, hints)
        render_all(self.course, plan.jobs, checkpoint=self.checkpoint, follow=plan.follow)
        return plan.results()

    def _record(self, staging: Staging, rendered: Rendered) -> Output:
        for message in rendered.warnings:
            self.report.warning(
                "", 0, f"the {rendered.edition} handbook ({rendered.language}): WeasyPrint: {message}",
                "a picture WeasyPrint could not load is missing from the PDF: check the file it names; a "
                "stylesheet warning is a bug in coursebuild (report it with the course)",
                code="handbook-render-warning")
        for note in rendered.notes:
            self.report.warning(note.file, note.line, note.message, note.hint, code=note.code)
        return staging.record(self.name, rendered.language, rendered.name,
                              f"{rendered.edition} handbook, {counted(rendered.pages, 'page')}")
