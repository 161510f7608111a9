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
  objects, copies all of it; a spawned one imports what it needs (~60 MiB).
  One pool of them serves leaflets, cards and web fonts (core.executors), and
  a Dask cluster or any `concurrent.futures` executor can stand in for it;
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
and imports only the standard library and `core.executors`; the plugins that
use it sit above it.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from queue import SimpleQueue
from typing import Any, Self

from . import executors
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
    """A future that raised: `_run_task` catches the task's own errors, so this is the
    executor's (a worker died, a cluster lost it): never the content's fault."""
    return Failed(f"{type(exc).__name__}: {exc}", died=True)


def _run_task(fn: Callable, args: tuple) -> Any:
    """Run one task where it was sent; an error comes back as a `Failed` with its traceback."""
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - the caller reports it, naming the file
        return Failed(f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc())


class RenderPool:
    """One batch of `fn(*args)` tasks: in the shared workers, an executor, or this process.

    `submit(tag, fn, *args)`, then iterate: each finished task comes back as
    `(tag, result)`, or `(tag, Failed)`, in the order they finish; tasks
    submitted while iterating are waited for too. Submitting and collecting
    may be far apart (leaflets are submitted before Pelican writes the pages
    and collected after): the tasks run meanwhile.

    `executor`: any `concurrent.futures.Executor`, or a Dask scheduler address
    (core.executors.remote), or None: the process's spawned workers
    (core.executors.local) when `workers` > 1 or they are already running (a
    warm preview), otherwise this process, task by task while iterating;
    `here`: always this process (LEAFLETS["workers"] or CARDS["workers"] set to 1).
    Tasks that write files must look at `shares_files` first: a remote
    worker returns bytes instead.
    """

    def __init__(self, workers: int, executor: Executor | str | None = None, *,
                 here: bool = False):
        if isinstance(executor, str):
            executor = executors.remote(executor) if executor else None
        if here:  # the setting says so (`workers: 1`): never a worker, warm or not
            executor = None
        elif executor is None and (workers > 1 or executors.is_running()):
            executor = executors.local(workers)
        self._executor = executor
        self._arrived: SimpleQueue[tuple[Any, Future]] = SimpleQueue()
        self._inline: deque[tuple[Any, Callable, tuple]] = deque()
        self._futures: list[Future] = []
        self.pending = 0

    @property
    def shares_files(self) -> bool:
        return executors.shares_files(self._executor)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pending:  # left early (an error): nothing should keep running for it
            self.cancel()

    def submit(self, tag: Any, fn: Callable, *args) -> None:
        self.pending += 1
        if self._executor is None:
            self._inline.append((tag, fn, args))
            return
        executors.track(self, True)
        try:
            future = self._executor.submit(_run_task, fn, args)
        except (BrokenProcessPool, RuntimeError) as exc:  # a worker died, or shut down
            future = Future()
            future.set_exception(exc)
        self._futures.append(future)
        future.add_done_callback(lambda done: self._arrived.put((tag, done)))

    def cancel(self) -> None:
        """Drop what has not started; what runs finishes, unread."""
        for future in self._futures:
            future.cancel()
        self._inline.clear()
        self._futures.clear()
        self.pending = 0
        executors.track(self, False)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        while self.pending:
            self.pending -= 1
            if self._executor is None:
                tag, fn, args = self._inline.popleft()
                yield tag, _run_task(fn, args)
                continue
            tag, future = self._arrived.get()
            exc = None if future.cancelled() else future.exception()
            yield tag, (_failed(exc or RuntimeError("cancelled")) if exc or future.cancelled()
                        else future.result())
        self._futures.clear()
        executors.track(self, False)


def dead_worker_problem(problems: ProblemList, what: str, setting: str, reason: str,
                        not_made: int) -> None:
    """One problem for a worker that stopped: not the content's fault, so no file is named."""
    problems.error("(build)", None, f"{what}: a worker process stopped ({reason}); "
                   f"{not_made} {what} were not made",
                   f"build again; if it happens again, set {setting}['workers'] to 1")
