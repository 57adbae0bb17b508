"""`coursebuild build`: load the course once, run the chosen builders, and place all outputs or none.

The builders' own flags (--mode, --paper…) come from their declarations (builder/builders/options.py).
"""

from __future__ import annotations

import errno
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from builder.builders import BUILDERS, BuildOptions, command_options, declared_options, run_builders
from builder.cache import DEFAULT_LIMIT_MB, BuildCache, default_cache_dir
from builder.commands.common import COURSE_DIR, echo_json, print_report, report_format_option, report_json
from builder.diagnostics import BuildFailed, Report
from builder.loader import load
from builder.presets import Preset, presets
from builder.wording import counted
from builder.writer import STAGE_PREFIX, Output, Staging

EPILOG = """\b
Every output is staged beside the destination and moved into place only when
all of them succeeded: a failed build leaves earlier outputs untouched.
\b
Examples:
  coursebuild build                                  # every format, every language
  coursebuild build course -o dist -f scorm2004 --lang en
  coursebuild build -f handbook --edition facilitator --paper letter
  coursebuild build -f handbook --sides single       # no blank pages: for printing on one side
  coursebuild build --preset moodle                  # the format and packaging Moodle handles best
  coursebuild build --json                           # machine-readable summary on stdout
  coursebuild build --no-cache                       # build every output afresh
\b
Outputs whose sources, options, coursebuild and libraries did not change are
copied from the build cache (--cache-dir) instead of being built again, and a
file that would come out the same is not rewritten.
\b
Progress (one line per file as it is written) and the summary go to stderr, in colour on a
terminal and as plain text otherwise; --json prints only the JSON summary on stdout.
"""


class Interrupted(BaseException):
    """A BaseException, like KeyboardInterrupt, so no `except Exception` on the way can swallow it."""


class StopSignals:
    """Ctrl-C and SIGTERM (a CI job cancelled) raise Interrupted, so staged files are cleaned up.

    While deferred (the stage is being created), a signal waits until the stage exists and can be
    removed. Once held (outputs being placed, or the stage removed) signals are ignored: that takes
    milliseconds, and being stopped halfway through it is what would leave a mess behind.
    """

    def __init__(self) -> None:
        self.holding = False
        self.deferring = False
        self.pending: str | None = None
        self.stopped: str | None = None  # the signal that stopped the build
        self.previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        self.previous_unraisable = sys.unraisablehook
        sys.unraisablehook = self._unraisable
        for signum in (signal.SIGINT, signal.SIGTERM):
            # A build started in the background with Ctrl-C ignored (nohup, `&` in a script) keeps ignoring it.
            if signal.getsignal(signum) is not signal.SIG_IGN:
                self.previous[signum] = signal.signal(signum, self._stop)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, action in self.previous.items():
            signal.signal(signum, action)
        sys.unraisablehook = self.previous_unraisable

    def _unraisable(self, unraisable: sys.UnraisableHookArgs) -> None:
        """A signal that lands in a finalizer (a subprocess's __del__, say) cannot stop anything from there:
        Python prints the exception and carries on. `stopped` is already set, so `check` raises it again
        at the next checkpoint; the message would only look like a crash."""
        if unraisable.exc_type is Interrupted:
            return
        self.previous_unraisable(unraisable)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
        if self.pending and not self.holding:
            self.holding = True
            self.stopped = self.pending
            raise Interrupted(self.pending)

    def hold(self) -> None:
        self.holding = True

    def check(self) -> None:
        """Raise again a stop that did not arrive: lxml, for one, swallows exceptions raised in its callbacks."""
        if self.stopped:
            raise Interrupted(self.stopped)

    def _stop(self, signum: int, frame: object) -> None:
        if self.holding:
            return
        if self.deferring:
            self.pending = signal.Signals(signum).name
            return
        self.holding = True  # the cleanup this starts must not itself be cut short by a second signal
        self.stopped = signal.Signals(signum).name
        raise Interrupted(self.stopped)


def builder_flags(command: Any) -> Any:
    """Every builder's flags, as its options declare them."""
    for option in reversed(command_options()):
        command = option.click_option()(command)
    return command


def given_options(flags: dict[str, Any], preset: Preset | None) -> dict[str, Any]:
    """The builder options asked for: the flags given, then what the preset sets and the flags did not. An option a
    preset fixes (what the LMS can import) cannot be given otherwise."""
    declared = declared_options()
    given = {name: declared[name].from_flag(value) for name, value in flags.items() if value not in (None, ())}
    for name, value in (preset.options if preset else {}).items():
        option = declared[name]
        if option.fixed_by_preset and given.get(name, value) != value:
            raise click.UsageError(
                f"--preset {preset.name} builds {option.fixed_by_preset} with {option.flag} {value} only: the LMS "
                f"cannot import '{given[name]}' (see {preset.guide})")
        if option.fixed_by_preset or name not in given:
            given[name] = value
    return given


@click.command(epilog=EPILOG)
@COURSE_DIR
@click.option("-o", "--output", "output_dir", default="output", show_default=True,
              type=click.Path(path_type=Path, file_okay=False), help="Folder to write into.")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help="Output format; repeat for several. Default: every format.")
@click.option("--lang", "languages", multiple=True, metavar="LANG", help="Course language; repeat. Default: all.")
@builder_flags
@click.option("--preset", type=click.Choice(sorted(presets())),
              help="Defaults for an LMS (format, packaging, SCORM 2004 edition); explicit options win. "
                   "See docs/lms/.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), envvar="COURSEBUILD_CACHE_DIR",
              help="The build cache's folder (env COURSEBUILD_CACHE_DIR). Default: $XDG_CACHE_HOME/coursebuild, "
                   "else ~/.cache/coursebuild.")
@click.option("--no-cache", is_flag=True, help="Build every output afresh; neither read nor write the cache.")
@click.option("--cache-size", "cache_mb", type=click.IntRange(min=0), default=DEFAULT_LIMIT_MB, show_default=True,
              envvar="COURSEBUILD_CACHE_SIZE", metavar="MB",
              help="After a build, the least recently used cache entries are removed down to this size.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout (see README).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@report_format_option("--report-format")
def build(course_dir: Path, output_dir: Path, formats: tuple[str, ...], languages: tuple[str, ...],
          preset: str | None, cache_dir: Path | None, no_cache: bool, cache_mb: int, as_json: bool, quiet: bool,
          report_format: str, **flags: Any) -> None:
    """Build COURSE_DIR (default: course) into SCORM packages and handbooks."""
    started = time.perf_counter()
    chosen_preset = presets()[preset] if preset else None
    given = given_options(flags, chosen_preset)
    formats = formats or (chosen_preset.formats if chosen_preset else ())
    unknown = [f for f in formats if f not in BUILDERS]
    if unknown:
        raise click.UsageError(f"unknown format '{unknown[0]}'; the formats are: {', '.join(BUILDERS)}")
    loaded = load(course_dir)
    course, report = loaded.course, loaded.report
    outputs = []
    if course is not None:
        bad_languages = [lang for lang in languages if lang not in course.languages]
        if bad_languages:
            raise click.UsageError(f"the course has no language '{bad_languages[0]}'; "
                                   f"its languages are: {', '.join(course.languages)}")
        options = BuildOptions(languages=languages, given=given, sections=loaded.settings, preset=preset)
        chosen = list(dict.fromkeys(formats or tuple(BUILDERS)))
        progress = None if quiet or as_json else _progress_printer(output_dir, started)
        cache = None if no_cache else BuildCache(cache_dir or default_cache_dir(), report, cache_mb * 1024 * 1024)
        outputs = _run(chosen, course, options, report, output_dir, progress, cache)
    ok = not report.has_errors
    if as_json:  # the summary holds the diagnostics: a json report format adds nothing to it
        diagnostics = report_json(report, course_dir, ok)
        echo_json({
            "ok": ok,
            "output_dir": str(output_dir),
            "outputs": [{"format": o.format, "language": o.language, "path": str(output_dir / o.name),
                         "size": o.size, "sha256": o.sha256, "cached": o.cached} for o in outputs],
            "errors": diagnostics["errors"],
            "warnings": diagnostics["warnings"],
            "seconds": round(time.perf_counter() - started, 3),
        })
    elif report_format == "json":
        echo_json(report_json(report, course_dir, ok))
    print_report(report, "text" if as_json else report_format, course_dir, quiet=quiet)
    if not quiet and not as_json:
        total = sum(o.size for o in outputs)
        cached = sum(o.cached for o in outputs)
        verdict = (f"built {counted(len(outputs), 'file')} in {output_dir}, {_size(total)}"
                   + (f" ({cached} from the cache)" if cached else "") if ok else "build failed; nothing was changed")
        click.secho(f"{verdict} in {time.perf_counter() - started:.1f} s ({report.summary()})", err=True,
                    fg="green" if ok else "red", bold=True)
    sys.exit(0 if ok else 1)


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _progress_printer(output_dir: Path, started: float):
    """One line per output as it is staged: a long build (handbooks of a big course) shows it is moving."""

    def show(output: Output) -> None:
        elapsed = click.style(f"{time.perf_counter() - started:6.1f} s", dim=True)
        kind = click.style(f"{output.format:<9} {output.language:<8}", fg="cyan")
        cached = click.style("  (cached)", dim=True) if output.cached else ""
        click.echo(f"  {elapsed}  {kind} {output_dir / output.name}  {_size(output.size)}{cached}", err=True)

    return show


def _run(names: list[str], course, options: BuildOptions, report: Report, output_dir: Path, progress=None,
         cache: BuildCache | None = None):
    staging = None
    with StopSignals() as stop:
        try:
            with stop.deferred():  # a signal before `staging` is set would leave the stage behind
                staging = Staging(output_dir, on_output=progress)
            run_builders(names, course, options, report, staging, between=stop.check, cache=cache)
            stop.check()
            stop.hold()
            staging.commit()
            if cache is not None:
                cache.evict()
            return staging.outputs
        except BaseException as exc:
            _report_failure(exc, stop.stopped, report, output_dir)
        finally:
            stop.hold()
            if staging is not None:
                staging.discard()
    return []


def _report_failure(exc: BaseException, stopped_by: str | None, report: Report, output_dir: Path) -> None:
    """Say why nothing was placed; anything unexpected goes on to the internal-error handler."""
    if stopped_by:
        # Checked first: a library may turn the Interrupted raised in its callback into an error of its own.
        report.error(str(output_dir.absolute()), 0,
                     f"the build was stopped by {stopped_by}; earlier outputs are untouched",
                     "run the build again", code="interrupted")
    elif isinstance(exc, BuildFailed):
        if not report.has_errors:
            report.error("", 0, "the build failed", code="build-failed")
    elif isinstance(exc, OSError):
        message, fix = _describe_os_error(exc)
        report.error(str(output_dir.absolute()), 0, message, f"{fix}; earlier outputs are untouched",
                     code="output-unwritable")
    else:
        raise exc


def _describe_os_error(exc: OSError) -> tuple[str, str]:
    """What went wrong writing the outputs, and what to do, in the words of someone who owns the disk."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ("no space left on the disk of the output folder",
                "free some space, or choose a folder on another disk with -o")
    if exc.errno == errno.EROFS:
        return ("the output folder is on a read-only file system",
                "choose a writable folder with -o, or mount this one read-write")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ("no permission to write in the output folder",
                "choose another folder with -o, or make this one writable")
    # os.replace names the staged file first and the destination second: the destination is what to show.
    where = exc.filename2 or exc.filename
    target = f" {where}" if where and STAGE_PREFIX not in str(where) else ""
    return (f"cannot write the output{target}: {exc.strerror or exc}",
            "check the output folder (-o) and what is in it")
