"""What an editor sees while a build runs, and the one summary line everyone gets.

`Progress` watches a build's `StageClock` (see `safeonline.core.stages`, where plugins
time their stages and call `timing.advance()`). On a terminal it redraws the
running stage on one line (`leaflets 12/40`); when output goes to a file or a
CI log nothing is drawn. Either way the build ends with one line made by
`summary_line`: counts per output, then the time per stage.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TextIO

from safeonline.core.stages import StageClock, StageTiming


class Progress:
    """A one-line live display of the running stage, for terminals only."""

    def __init__(self, stream: TextIO, live: bool | None = None):
        self.stream = stream
        self.live = stream.isatty() if live is None else live
        self._drawn = 0.0
        self._lock = threading.Lock()  # plugins may advance from worker threads

    def watch(self, clock: StageClock) -> StageClock:
        if self.live:
            clock.observers.append(self.observe)
        return clock

    def observe(self, event: str, timing: StageTiming) -> None:
        with self._lock:
            now = time.monotonic()
            if event == "close":
                self.stream.write("\r\x1b[K")
            elif event == "open" or now - self._drawn >= 0.1:
                self._drawn = now
                total = timing.total
                shown = f"{timing.done}/{total}" if total else (str(timing.done or ""))
                self.stream.write(f"\r\x1b[K  {timing.name} {shown}")
            self.stream.flush()


def summary_counts(stages: dict[str, dict], output: Path) -> dict[str, int]:
    """Materials per language, pages written, leaflets (from their stage, else PDFs made)."""
    counts = {key: n for key, n in sorted(stages.get("read", {}).get("counts", {}).items())
              if key.startswith("materials:")}
    counts["pages"] = stages.get("pages", {}).get("items") or 0
    leaflets = stages.get("leaflets", {}).get("items")
    counts["leaflets"] = leaflets if leaflets is not None else (
        sum(1 for _ in output.rglob("*.pdf")) if output.is_dir() else 0)
    return counts


def summary_notes(stages: dict[str, dict]) -> list[str]:
    """Each stage's notes, named by it: `leaflets: oversight-questions (ar, A4) ...`."""
    return [f"{name}: {note}" for name, stage in stages.items()
            for note in stage.get("notes", ())]


def summary_line(counts: dict[str, int], timings: dict[str, float]) -> str:
    """`materials en 7, ar 7; 60 pages; 28 leaflets in 3.1s (check 0.1s, read 0.9s, ...)`;
    the stages' notes (`summary_notes`) follow it, a line each."""
    langs = [(k.split(":", 1)[1], n) for k, n in counts.items() if k.startswith("materials:")]
    parts = ["materials " + (", ".join(f"{lang} {n}" for lang, n in langs) or "none")]
    parts += [f"{n} {key}" for key, n in counts.items() if not key.startswith("materials:")]
    stages = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in timings.items())
    return f"{'; '.join(parts)} in {sum(timings.values()):.1f}s ({stages})"
