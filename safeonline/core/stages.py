"""Where a build spends its time: named stages, timed once, reported by the build.

`build_site` opens a `StageClock` for each build and marks Pelican's own phases
(`read`: plugins loaded and every file parsed; `pages`: templates rendered and
written). A plugin that does heavy work of its own wraps it in `stage()`:

    from safeonline.core.stages import stage

    with stage("leaflets", items=len(jobs)) as timing:
        for job in jobs:
            ...
            timing.advance()   # a terminal shows "leaflets 12/40"
        timing.counts["rendered"] = rendered   # e.g. cache misses
        timing.counts["cached"] = hits

Its seconds are then reported under its own name and *subtracted* from the
phase it ran inside, so `pages` means page building only, whichever signal a
plugin hooks into. Outside a build (plain `pelican`, worker processes) `stage()`
records nothing and costs nothing. The clock lives in a context variable, not
in settings, because it is run-time state: settings must stay picklable and
comparable for Pelican's caches and for worker processes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (worker pools, once closed)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@dataclass
class StageTiming:
    """One stage of one build. `items` is what the stage made or read (files, pages).

    `cpu` counts this process and worker processes that finished within the
    stage; on a busy machine it moves less than wall time, so it is the better
    figure for comparing runs.
    """

    name: str
    seconds: float = 0.0
    cpu: float = 0.0
    items: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    # What the build summary names under this stage ("oversight-questions (ar, A4)
    # ends on a page 31% full: ..."): not errors, but worth an editor's look.
    notes: list[str] = field(default_factory=list)
    # Live progress (see safeonline.commands.progress): how far a running stage is, out of `total`.
    done: int = 0
    total: int | None = None
    clock: StageClock | None = field(default=None, repr=False, compare=False)

    def advance(self, n: int = 1) -> None:
        """One more item finished; a terminal shows `name done/total`."""
        self.done += n
        if self.clock is not None:
            self.clock.notify("advance", self)

    def as_dict(self) -> dict:
        return {"seconds": self.seconds, "cpu": self.cpu, "items": self.items,
                "counts": dict(self.counts), "notes": list(self.notes)}


@dataclass
class _Open:
    name: str
    wall: float = field(default_factory=time.perf_counter)
    cpu: float = field(default_factory=cpu_seconds)
    nested_wall: float = 0.0
    nested_cpu: float = 0.0


class StageClock:
    """Stage timings for one build, in the order the stages first ran."""

    def __init__(self) -> None:
        self.stages: dict[str, StageTiming] = {}
        self._stack: list[_Open] = []
        # Called as observer(event, timing), event in open/advance/close: progress display.
        self.observers: list[Callable[[str, StageTiming], None]] = []

    def notify(self, event: str, timing: StageTiming) -> None:
        for observer in self.observers:
            observer(event, timing)

    @property
    def current(self) -> str | None:
        """The innermost stage running now (memory samplers attribute peaks to it)."""
        stack = self._stack
        return stack[-1].name if stack else None

    def timing(self, name: str) -> StageTiming:
        if name not in self.stages:
            self.stages[name] = StageTiming(name, clock=self)
        return self.stages[name]

    def open(self, name: str) -> StageTiming:
        self._stack.append(_Open(name))
        timing = self.timing(name)
        self.notify("open", timing)
        return timing

    def close(self, name: str) -> None:
        """Close `name` (and anything left open inside it): own time = wall time - nested."""
        if all(entry.name != name for entry in self._stack):
            return
        while self._stack:
            top = self._stack.pop()
            wall = time.perf_counter() - top.wall
            cpu = cpu_seconds() - top.cpu
            timing = self.timing(top.name)
            timing.seconds += wall - top.nested_wall
            timing.cpu += cpu - top.nested_cpu
            self.notify("close", timing)
            if self._stack:
                self._stack[-1].nested_wall += wall
                self._stack[-1].nested_cpu += cpu
            if top.name == name:
                return

    @contextmanager
    def stage(self, name: str, items: int | None = None) -> Iterator[StageTiming]:
        timing = self.timing(name)
        if items is not None:  # before open(), so a progress display knows the total
            timing.items = (timing.items or 0) + items
            timing.total = timing.items
        self.open(name)
        try:
            yield timing
        finally:
            self.close(name)

    def seconds(self) -> dict[str, float]:
        return {name: t.seconds for name, t in self.stages.items()}

    def as_dict(self) -> dict[str, dict]:
        return {name: t.as_dict() for name, t in self.stages.items()}


_CLOCK: ContextVar[StageClock | None] = ContextVar("build_stage_clock", default=None)


@contextmanager
def running(clock: StageClock) -> Iterator[StageClock]:
    """Make `clock` the one `stage()` reports to, for the duration of one build."""
    token = _CLOCK.set(clock)
    try:
        yield clock
    finally:
        _CLOCK.reset(token)


@contextmanager
def stage(name: str, items: int | None = None) -> Iterator[StageTiming]:
    """Time a block as stage `name` of the running build (a no-op outside a build)."""
    clock = _CLOCK.get()
    if clock is None:
        yield StageTiming(name, items=items)
        return
    with clock.stage(name, items) as timing:
        yield timing


def count(name: str, key: str, n: int) -> None:
    """Add `n` to count `key` of stage `name` of the running build (none outside one)."""
    clock = _CLOCK.get()
    if clock is not None and n:
        counts = clock.timing(name).counts
        counts[key] = counts.get(key, 0) + n
