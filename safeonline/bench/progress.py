"""A one-line progress bar for long runs: stdlib only, silent when not on a terminal.

Logs and CI output stay clean (nothing is drawn unless the stream is a TTY);
on a terminal the line redraws twice a second so a long cold build visibly
progresses.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, width: int = 24):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._label = ""
        self._started = 0.0
        self._lock = threading.Lock()

    def _draw(self) -> None:
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.perf_counter() - self._started
        with self._lock:
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {self._label} "
                              f"{elapsed:5.1f}s\033[K")
            self.stream.flush()

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """One step of the run; the bar advances when the block ends."""
        if not self.enabled:
            yield
            self.done += 1
            return
        self._label, self._started = label, time.perf_counter()
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(0.5):
                self._draw()

        ticker = threading.Thread(target=tick, daemon=True)
        self._draw()
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()
            self.done += 1
            self._draw()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()
