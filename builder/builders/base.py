"""The Builder interface: one small class per output format over the shared course model.

Like Sphinx's builders, each has three hooks:
- `init()`   checks what it needs before anything is written (fonts, size limits);
- `write()`  writes its files for each requested language into the staging folder;
- `finish()` releases what `init` took.
A builder reports problems to `self.report` and raises BuildFailed to stop the build. It declares its options
(`options`, builder/builders/options.py) and its section of course.yaml (`section`) on its class; the command
line and the loader collect them, and the builder reads them with `setting(name)`.

With a build cache (`self.cache`, builder/cache.py), what a builder writes for one language is kept under
`cache_key(language)`, and a later build with the same key takes it from there instead of writing it again.
The key is generic: the builder's name and options, the model in the languages `reads(language)` names, and
what `cache_inputs(language)` adds (files outside the model and the package, e.g. the handbook's fonts). A
builder whose `write` does not go through `write_language` calls `cached_write` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from builder.builders.options import Option, resolve
from builder.cache import BuildCache, model_digest, output_key
from builder.diagnostics import Report
from builder.localization import primary_subtag, resolve_in
from builder.structure import Course
from builder.writer import Output, Stage, Staging


@dataclass(frozen=True)
class BuildOptions:
    """What a build was asked for, beyond formats: languages, the builders' options given on the command line
    (or by a preset), and the builders' sections of course.yaml as the loader checked them."""

    languages: tuple[str, ...] = ()  # empty: every course language
    given: Mapping[str, Any] = field(default_factory=dict)  # option name -> value
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # section name -> its keys
    preset: str | None = None  # the LMS preset asked for (`--preset`), for messages about that LMS


class Builder:
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    section: ClassVar[str | None] = None  # its section of course.yaml, if it has one
    options: ClassVar[tuple[Option, ...]] = ()

    def __init__(self, course: Course, options: BuildOptions, report: Report) -> None:
        self.course = course
        self.build_options = options
        self.report = report
        self.cache: BuildCache | None = None  # set by the build when outputs may come from the cache

    def setting(self, name: str) -> Any:
        """The value of one of its options that applies to this build."""
        option = next(o for o in self.options if o.name == name)
        section = self.build_options.sections.get(self.section) if self.section else None
        return resolve(option, self.build_options.given, section)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.build_options.languages or self.course.languages

    def checkpoint(self) -> None:
        """Called by a long write now and then; the build replaces it to stop there when asked to."""

    def init(self) -> None:
        """Check preconditions; raise BuildFailed after reporting what is wrong."""

    def warn_untranslated(self, what: str, folder: Path) -> None:
        """A course language coursebuild has no words for still builds, in English, with a warning."""
        for language in self.languages:
            if not resolve_in(folder, language).untranslated:
                continue
            primary = primary_subtag(language)
            also = f" (or {primary}.json for every variant of '{primary}')" if primary != language else ""
            self.report.warning(
                "course.yaml", 0,
                f"coursebuild has no {what} words in '{language}': its buttons, labels and messages will be "
                "in English", f"add builder/strings/{folder.name}/{language}.json{also}, a translated copy of en.json",
                code="untranslated-ui")

    def write(self, staging: Stage) -> None:
        for language in self.languages:
            self.cached_write(language, staging, lambda language=language: self.write_language(language, staging))

    # ------------------------------------------------------------------------------------------ the build cache

    def reads(self, language: str) -> tuple[str, ...]:
        """The languages whose texts an output in `language` reads: its own, and the source language's, which
        fills any text not translated."""
        return tuple(dict.fromkeys((*language.split(","), self.course.source_language)))

    def cache_inputs(self, language: str) -> object:
        """What else an output in `language` is made from, beyond the model, the options and coursebuild's own
        files (plain values: names, sizes, digests). None by default."""
        return None

    def cache_key(self, language: str) -> str:
        """Everything the outputs written for `language` depend on, as one sha256 (builder/cache.py adds the
        environment: coursebuild's files and version, the libraries' versions)."""
        return output_key({
            "builder": f"{type(self).__module__}.{type(self).__qualname__}",
            "name": self.name,
            "language": language,
            "settings": {option.name: self.setting(option.name) for option in self.options},
            "model": model_digest(self.course, self.reads(language)),
            "inputs": self.cache_inputs(language),
        })

    def cache_restore(self, language: str, staging: Stage) -> bool:
        """Stage the outputs of `language` from the cache; False when they must be built."""
        if self.cache is None or not isinstance(staging, Staging):
            return False
        return self.cache.restore(self.cache_key(language), staging) is not None

    def cache_store(self, language: str, staging: Stage, outputs: list[Output], diagnostics_from: int) -> None:
        """Keep the outputs just written for `language`, with the warnings reported since `diagnostics_from`."""
        if self.cache is None or not isinstance(staging, Staging):
            return
        self.cache.store(self.cache_key(language), outputs, staging, self.report.diagnostics[diagnostics_from:])

    def cache_hint(self, name: str) -> object:
        """What an earlier build kept under `name` (cache_keep_hint), to be checked before use; None without one."""
        return None if self.cache is None else self.cache.hint(f"{self.name}/{self.course.id}/{name}")

    def cache_keep_hint(self, name: str, value: object) -> None:
        if self.cache is not None:
            self.cache.keep_hint(f"{self.name}/{self.course.id}/{name}", value)

    def cached_write(self, language: str, staging: Stage, write: Callable[[], None]) -> None:
        """`write()` the outputs of `language`, unless the cache has them."""
        if self.cache_restore(language, staging):
            return
        outputs_from, diagnostics_from = len(staging.outputs), len(self.report.diagnostics)
        write()
        self.cache_store(language, staging, staging.outputs[outputs_from:], diagnostics_from)

    def write_language(self, language: str, staging: Stage) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Release resources; called whether or not `write` succeeded."""
