"""A stop signal whose exception Python cannot deliver still stops the build, quietly and soon.

A Python signal handler raises at whatever line is running. When that line is in a finalizer (a
subprocess's `__del__`, run when its last reference goes), Python prints "Exception ignored" with a
traceback and carries on: the stop is lost. These tests land a signal exactly there, on purpose.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from builder.builders.handbook.parallel import Job, render_all
from builder.structure import Course

SIGNAL_IN_A_FINALIZER = textwrap.dedent("""
    import os, signal
    from builder.commands.build import Interrupted, StopSignals

    class SignalsWhenCollected:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)  # the handler runs, and raises, inside __del__

    with StopSignals() as stop:
        SignalsWhenCollected()  # collected at once: the signal lands in its finalizer
        print("went on after the finalizer, stopped by", stop.stopped)
        try:
            stop.check()
        except Interrupted as exc:
            print("check raised", exc)
""")


def test_a_signal_lost_in_a_finalizer_is_raised_at_the_next_check_without_a_traceback() -> None:
    result = subprocess.run([sys.executable, "-c", SIGNAL_IN_A_FINALIZER], capture_output=True, text=True,
                            timeout=60, cwd=Path(__file__).parents[2])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["went on after the finalizer, stopped by SIGTERM", "check raised SIGTERM"]
    assert result.stderr == "", "the lost exception was printed as if the build had crashed"


class Stop(Exception):
    pass


def test_the_handbook_workers_are_stopped_at_a_checkpoint(example_course: Course, tmp_path: Path) -> None:
    """The parent waits for its workers a quarter second at a time and asks the build whether to stop."""
    calls = []

    def checkpoint() -> None:
        calls.append(len(multiprocessing.active_children()))
        if len(calls) == 3:
            raise Stop

    jobs = [Job(language, ("participant", "facilitator"), "a4", str(tmp_path)) for language in ("en", "zh-Hant")]
    with pytest.raises(Stop):
        render_all(example_course, jobs, workers=2, checkpoint=checkpoint)
    assert calls[-1] == 2, "the checkpoint was not reached while both workers were rendering"
    assert multiprocessing.active_children() == [], "workers outlived the stop"


def test_one_worker_checks_between_jobs(example_course: Course, tmp_path: Path) -> None:
    calls = []

    def checkpoint() -> None:
        calls.append(sorted(p.name for p in tmp_path.iterdir()))
        if len(calls) == 2:
            raise Stop

    jobs = [Job(language, ("participant",), "a4", str(tmp_path)) for language in ("en", "zh-Hant")]
    with pytest.raises(Stop):
        render_all(example_course, jobs, workers=1, checkpoint=checkpoint)
    assert calls == [[], [f"{example_course.id}-{example_course.version}-en-participant.pdf"]]
