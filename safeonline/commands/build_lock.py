"""One build of a site at a time: a second one waits, and says for whom.

`invoke serve` rebuilds on every save while an editor may run `invoke build`
on the same output; both share the staging folder beside `output/`, so two at
once broke each other (FileNotFoundError, FileExistsError). The lock is an OS
file lock (filelock), so a killed build's lock goes with its process and never
blocks the next build, which also removes the staging folder it left.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _holder(pid_file: Path) -> str:
    try:
        return pid_file.read_text().strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def one_build_at_a_time(output: Path, waiting: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold the site's build lock (beside `output`) for the block, waiting for another build."""
    output.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(output.with_name(f".{output.name}.lock"))
    pid_file = output.with_name(f".{output.name}.lock.pid")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        waiting(f"another build of this site is running (pid {_holder(pid_file)}); "
                "waiting for it…")
        lock.acquire()
    try:
        pid_file.write_text(f"{os.getpid()}\n")
        yield
    finally:
        pid_file.unlink(missing_ok=True)
        lock.release()
