"""Run a command and measure its wall time and the peak memory of its whole process tree.

Peak memory is sampled from /proc every 5 ms and summed (as proportional set size) over the command
and every process it starts, so worker processes are counted without counting shared pages twice.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_mb: float
    returncode: int


def _tree(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        with contextlib.suppress(OSError):  # a process may exit while it is being looked at
            for task in Path(f"/proc/{current}/task").glob("*/children"):
                queue.extend(int(child) for child in task.read_text().split())
    return pids


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared after fork() are divided among the processes sharing them,
    so summing over the tree does not count the parent's memory once per worker."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(command: list[str], *, cwd: Path | None = None) -> Measurement:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss_kb(pid) for pid in _tree(process.pid)))
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    if process.returncode:
        print(process.stderr.read().decode(errors="replace")[-2000:])
    return Measurement(seconds, peak / 1024, process.returncode)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]
