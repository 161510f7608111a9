"""Where render tasks run: one pool of spawned workers per process, or a Dask cluster.

Leaflets, cards and web fonts share one `ProcessPoolExecutor` of spawned
workers (`local`), started when a batch first needs it. A build ends it
(`release`) unless it runs inside `kept_warm()` (`invoke serve`'s build
process), where the workers stay alive, their renderers imported, between
rebuilds. Any other `concurrent.futures.Executor` can be handed to a
`RenderPool`; an address such as `tcp://host:8786` (LEAFLETS["executor"],
CARDS["executor"]) names a Dask distributed scheduler, reached through
`distributed.Client(...).get_executor()`: its workers return the bytes and the
build machine keeps the cache and the output (`shares_files`).

The optional `distributed` package is imported only here and only when an
address is configured (`pip install -e '.[distributed]'`).
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

INSTALL = "pip install -e '.[distributed]' on the build machine and on every worker"
SCHEMES = ("tcp://", "tls://", "inproc://", "ucx://", "ws://", "wss://")

_lock = threading.Lock()
_local: ProcessPoolExecutor | None = None
_remote: dict[str, tuple[Any, Executor]] = {}  # address -> (distributed.Client, its executor)
_warm = 0  # > 0 inside kept_warm(): release() keeps the workers
_open: set = set()  # RenderPools with tasks still out: cancelled by release()


class ExecutorUnavailable(Exception):
    """The configured executor cannot be used; the message says why, for the editor."""


def executor_check(address: str) -> str | None:
    """The settings check of an `executor` key: "" (this machine) or a reachable kind of
    address, with `distributed` installed."""
    if not address:
        return None
    if not address.startswith(SCHEMES):
        return "must be '' (this machine) or a Dask scheduler address such as " \
               "'tcp://host:8786'"
    try:
        import distributed  # noqa: F401
    except ImportError:
        return f"needs the optional 'distributed' package, which is not installed ({INSTALL})"
    return None


def executor_option() -> str:
    """The `executor` key of LEAFLETS and CARDS, declared once."""
    from .settings import option

    return option("", (
        "where to render: '' this machine's workers, or a Dask scheduler such as "
        "'tcp://host:8786' (needs `pip install -e '.[distributed]'` here and on its "
        "workers; they send the files back, the cache stays here)"), check=executor_check)


def shares_files(executor: Executor | None) -> bool:
    """Whether tasks may read and write the build machine's cache folder themselves."""
    return executor is None or isinstance(executor, ProcessPoolExecutor)


def local(workers: int) -> ProcessPoolExecutor:
    """The process's pool of spawned workers (at least `workers` of them when it starts)."""
    global _local
    with _lock:
        if _local is not None and getattr(_local, "_broken", False):
            _local.shutdown(wait=False, cancel_futures=True)  # a worker died: start afresh
            _local = None
        if _local is None:
            _local = ProcessPoolExecutor(max_workers=max(2, workers),
                                         mp_context=multiprocessing.get_context("spawn"))
        elif workers > _local._max_workers:
            # A later batch wants more (fonts asked for 3, leaflets for one per core):
            # spawned pools start workers as tasks come, up to this number.
            _local._max_workers = workers
        return _local


def is_running() -> bool:
    """A local pool is up: using it costs no worker start, however small the batch."""
    return _local is not None and not getattr(_local, "_broken", False)


def remote(address: str, timeout: float = 5.0) -> Executor:
    """A Dask cluster's executor; raises ExecutorUnavailable if it cannot be reached."""
    with _lock:
        if address in _remote:
            return _remote[address][1]
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorUnavailable(f"{address} needs the optional 'distributed' package "
                                      f"({INSTALL})") from None
        try:
            client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ExecutorUnavailable(f"cannot reach the Dask scheduler at {address} "
                                      f"({type(exc).__name__}: {exc})") from None
        _remote[address] = (client, client.get_executor(pure=False))
        return _remote[address][1]


def reach(setting: str, address: str) -> None:
    """Connect to `setting`'s executor now (when the build starts, not after reading every
    file), or stop the build with one `pelicanconf.py: error:` line."""
    if not address:
        return
    from .problems import BuildFailed, ProblemList

    try:
        remote(address)
    except ExecutorUnavailable as exc:
        problems = ProblemList()
        problems.error("pelicanconf.py", None, f"{setting}['executor']: {exc}",
                       f"start the scheduler, or set {setting}['executor'] to '' to render "
                       "on this machine")
        raise BuildFailed(problems) from None


def track(pool: Any, out: bool) -> None:
    """A RenderPool has tasks out (`out`) or none left: what release() must cancel."""
    with _lock:
        (_open.add if out else _open.discard)(pool)


def tasks_out() -> int:
    """Tasks submitted and not yet collected, over every RenderPool of this process."""
    with _lock:
        return sum(pool.pending for pool in _open)


def release() -> None:
    """End of a build: cancel tasks nobody collected (a failed build), then end the
    workers unless kept warm. Dask clients are closed; the cluster keeps running."""
    global _local
    with _lock:
        pools = list(_open)
        _open.clear()
    for pool in pools:
        pool.cancel()
    if _warm:
        return
    with _lock:
        executor, _local = _local, None
        clients = list(_remote.values())
        _remote.clear()
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)
    for client, cf_executor in clients:
        cf_executor.shutdown(wait=False)
        client.close()


@contextmanager
def kept_warm() -> Iterator[None]:
    """Builds inside keep their workers between them (a preview's build process)."""
    global _warm
    _warm += 1
    try:
        yield
    finally:
        _warm -= 1
        if not _warm:
            release()


@contextmanager
def one_build() -> Iterator[None]:
    """Around a build: whatever it started or left running is settled when it ends."""
    try:
        yield
    finally:
        release()


atexit.register(release)
