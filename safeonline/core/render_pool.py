"""One way to render files from content in parallel, cached by content: leaflets and cards.

Both plugins turn parsed pages into files whose bytes are a pure function of
named inputs, so both:

- keep each output in a content-addressed cache (`ContentCache`): an entry is
  named by a digest of everything that decides its bytes, including a digest
  of the renderer's own code (`code_digest`), so a code change re-renders
  and nothing is ever bumped by hand;
- render what the cache lacks in worker processes (`RenderPool`) that are
  *spawned*, not forked: by the time leaflets and cards are made, the build
  holds every parsed page (~640 MiB at 1,000 materials) and a forked worker
  shares, counts and, once its garbage collector walks the inherited
  objects, copies all of it; a spawned one imports what it needs (~60 MiB);
- handle completions one way: each finished task arrives on a queue (one
  callback each, so a finish costs the same however many are pending), and a
  caller may submit more as results arrive (a leaflet pack, once its members
  are in the cache);
- report a worker that died (killed for memory, a crash in a C library) as one
  `(build): error: ...` problem (`dead_worker_problem`), not one per item;
- bring back a task that raised as a `Failed` holding the error and its
  traceback as text, formatted where it was raised (in the worker): the
  caller names the file at fault, and shows the traceback under `--debug`.

A core module, not a plugin: it knows nothing of Pelican, leaflets or cards,
and imports only the standard library and `core.files`; the two plugins that
use it sit above it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from queue import SimpleQueue
from typing import Any, Self

from .problems import ProblemList


def code_digest(package: Path) -> str:
    """A digest of every module under `package`: the renderer's version, for cache keys."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def pool_size(configured: int, tasks: int, per_worker: int) -> int:
    """Worker processes for `tasks`: `configured` (0: one per core), at most one per
    `per_worker` tasks; 1 means this process runs them.

    A spawned worker costs ~0.4 s of CPU to start (it imports its renderer), the
    time of a few leaflets or ~20 cards: an edit rebuild that makes one or two
    files is faster without one.
    """
    return max(1, min(configured or os.cpu_count() or 1, tasks // per_worker))


class ContentCache:
    """Files named by the digest of their inputs: `root/ab/abcdef....suffix`.

    Writers put an entry's files in place whole (core.files.written_whole),
    so an entry that `has()` its files is complete.
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, key: str, suffix: str) -> Path:
        return self.root / key[:2] / f"{key}{suffix}"

    def has(self, key: str, *suffixes: str) -> bool:
        return all(self.path(key, suffix).exists() for suffix in suffixes)


@dataclass(frozen=True)
class Failed:
    """A task that raised (`died` False) or whose worker process stopped (`died` True)."""

    error: str  # "TypeError: message"
    died: bool = False
    # The task's traceback, formatted in the process that ran it ("" if its worker died):
    # text, so it crosses the process boundary whatever the exception holds.
    traceback: str = field(default="", compare=False)


def _failed(exc: BaseException) -> Failed:
    return Failed(f"{type(exc).__name__}: {exc}", died=isinstance(exc, BrokenProcessPool))


def _run_task(fn: Callable, args: tuple) -> Any:
    """Run one task where it was sent; an error comes back as a `Failed` with its traceback."""
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - the caller reports it, naming the file
        return Failed(f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc())


class RenderPool:
    """Runs `fn(*args)` tasks in spawned workers, or in this process when `workers` <= 1.

    `submit(tag, fn, *args)`, then iterate: each finished task comes back as
    `(tag, result)`, or `(tag, Failed)`, in the order they finish; tasks
    submitted while iterating are waited for too. `initializer(*initargs)`
    runs once in each worker (or once here, before the first task).
    """

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple = ()):
        self.workers = workers
        self.initializer, self.initargs = initializer, initargs
        self._executor: ProcessPoolExecutor | None = None
        self._arrived: SimpleQueue[tuple[Any, Future]] = SimpleQueue()
        self._inline: deque[tuple[Any, Callable, tuple]] = deque()
        self._started = False
        self.pending = 0

    def __enter__(self) -> Self:
        if self.workers > 1:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=self.initializer, initargs=self.initargs)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def submit(self, tag: Any, fn: Callable, *args) -> None:
        self.pending += 1
        if self._executor is None:
            self._inline.append((tag, fn, args))
            return
        try:
            future = self._executor.submit(_run_task, fn, args)
        except BrokenProcessPool as exc:  # a worker died before this task could be sent
            future = Future()
            future.set_exception(exc)
        future.add_done_callback(lambda done: self._arrived.put((tag, done)))

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        while self.pending:
            self.pending -= 1
            if self._executor is None:
                yield self._run_here(*self._inline.popleft())
                continue
            tag, future = self._arrived.get()
            exc = future.exception()
            yield tag, (_failed(exc) if exc is not None else future.result())

    def _run_here(self, tag: Any, fn: Callable, args: tuple) -> tuple[Any, Any]:
        if not self._started and self.initializer is not None:
            self.initializer(*self.initargs)
        self._started = True
        return tag, _run_task(fn, args)


def dead_worker_problem(problems: ProblemList, what: str, setting: str, reason: str,
                        not_made: int) -> None:
    """One problem for a worker that stopped: not the content's fault, so no file is named."""
    problems.error("(build)", None, f"{what}: a worker process stopped ({reason}); "
                   f"{not_made} {what} were not made",
                   f"build again; if it happens again, set {setting}['workers'] to 1")
