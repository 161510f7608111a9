"""Peak memory of a build: the build process plus its worker processes, per stage.

`getrusage` gives one process's peak (and the largest waited-for child's), not
what a build with a pool of renderers holds at once. So a thread samples the
memory of the whole process tree from /proc every few milliseconds and keeps
the peak for whichever stage is running (psutil-free; on systems without /proc
only the `getrusage` figures are reported).

Each process counts its proportional set size (PSS, /proc/PID/smaps_rollup):
a forked worker shares most of its pages with the build that forked it, and
adding up resident sets would count those pages once per worker. Where the
kernel has no smaps_rollup, the resident set (statm) is used instead.
"""

from __future__ import annotations

import os
import resource
import sys
import threading
from collections.abc import Callable
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
PROC = Path("/proc")


def _memory(pid: int) -> int:
    """Bytes one process holds, shared pages split between their users (0 if it has gone)."""
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        return int((PROC / str(pid) / "statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in (PROC / str(pid) / "task").iterdir():
            kids += [int(k) for k in (task / "children").read_text().split()]
    except OSError:
        pass
    return kids


def tree_memory(pid: int) -> int:
    """Bytes held by `pid` and all its descendants, now (each shared page counted once)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _memory(current)
        todo += _children(current)
    return total


def maxrss_bytes(who: int) -> int:
    """`getrusage` peak in bytes (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class PeakSampler(threading.Thread):
    """Samples this process tree's memory; `peaks[stage]` is the most seen while it ran."""

    def __init__(self, current_stage: Callable[[], str | None], interval: float = 0.02):
        super().__init__(name="peak-memory", daemon=True)
        self.current_stage = current_stage
        self.interval = interval
        self.peaks: dict[str, int] = {}
        self.peak = 0
        self.available = (PROC / str(os.getpid()) / "statm").exists()
        self._stop_event = threading.Event()

    def sample(self) -> None:
        held = tree_memory(os.getpid())
        stage = self.current_stage() or "(between stages)"
        self.peaks[stage] = max(self.peaks.get(stage, 0), held)
        self.peak = max(self.peak, held)

    def run(self) -> None:
        while self.available and not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        if self.available:
            self.sample()
