"""`coursebuild preview`: build the course into memory, serve it on 127.0.0.1 inside a page that acts as an
LMS, and rebuild whenever a source file changes. A broken course never stops the server: its problems
show in the page and here, and fixing the source brings the course back."""

from __future__ import annotations

import errno
import signal
import sys
import threading
import webbrowser
from pathlib import Path

import click

from builder.commands.common import COURSE_DIR
from builder.preview.build import VERSIONS, PreviewBuild
from builder.preview.server import Preview, make_server
from builder.preview.watcher import Watcher

DEFAULT_PORT = 8765

EPILOG = """\b
The page shows the course beside every SCORM API call and the current data model; Reset
clears the stored state and starts the course again. Edit the sources and the page reloads.
Press Ctrl-C to stop.
\b
Examples:
  coursebuild preview                          # ./course, SCORM 1.2, the source language
  coursebuild preview course --scorm 2004 --lang en
  coursebuild preview my-course --port 9000 --no-open
"""


@click.command(epilog=EPILOG)
@COURSE_DIR
@click.option("--scorm", "version", type=click.Choice(VERSIONS), default="1.2", show_default=True,
              help="Which SCORM API the page offers the course.")
@click.option("--lang", "language", metavar="LANG", help="Course language to show. Default: the source language.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port on 127.0.0.1; 0 picks a free one.")
@click.option("--no-open", is_flag=True, help="Do not open a browser window.")
def preview(course_dir: Path, version: str, language: str | None, port: int, no_open: bool) -> None:
    """Serve COURSE_DIR (default: course) for preview, rebuilding when a file changes."""
    if not course_dir.is_dir():
        raise click.UsageError(f"there is no course folder '{course_dir}'")
    app = Preview(course_dir, language, version, on_build=_print_build)
    first = app.rebuild()
    if language and first.errors and any(d.code == "preview-language" for d in first.errors):
        raise click.UsageError(f"the course has no language '{language}'")
    try:
        server = make_server(app, port)
    except OSError as exc:
        reason = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        click.secho(f"port {port} on 127.0.0.1 {reason}; choose another with --port (e.g. --port 0 for any free "
                    "port)", err=True, fg="red")
        sys.exit(2)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    watcher = Watcher(course_dir, lambda changed: app.rebuild(changed))
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    # Ctrl-C may come at any moment from here on, even before the first request: it always ends here.
    try:
        watcher.start()
        click.secho(f"Previewing {course_dir} at {url} (SCORM {version}); press Ctrl-C to stop", err=True, bold=True)
        click.echo(f"  print proof of the lesson being edited: {url}print/", err=True)
        threading.Thread(target=app.warm_up_proofs, daemon=True).start()
        if not no_open:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        watcher.stop()
        server.server_close()
        app.close()
    click.echo("preview stopped", err=True)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _print_build(build: PreviewBuild, changed: list[str]) -> None:
    """The terminal's account of each build: what changed, then the problems or a one-line success."""
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        click.echo(f"changed: {shown}", err=True)
    for diagnostic in (*build.errors, *build.warnings):
        click.secho(diagnostic.as_text(), err=True, fg="red" if diagnostic in build.errors else "yellow")
    if build.ok:
        click.secho(f"build {build.generation} ready: {build.title} ({build.language}, SCORM {build.version}) "
                    f"in {build.seconds:.2f} s", err=True, fg="green")
    else:
        click.secho(f"build {build.generation} failed with {len(build.errors)} error"
                    f"{'s' if len(build.errors) != 1 else ''}; the preview shows them until the source is fixed",
                    err=True, fg="red")
