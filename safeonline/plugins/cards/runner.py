"""Draw the cards that are not cached, in parallel, and copy every card into the output.

A card's cache entry is named by a digest of everything that decides its
bytes (text, colour, size, fonts, logo, PNG level, RENDERER), so a warm build
draws nothing and an edit draws only the cards whose text changed. Drawing is
CPU-bound Pillow work (layout with libraqm, then zlib), so the cards left to
draw go to a process pool, in chunks so that sending them costs little next
to drawing them. Each process has one `Painter` (fonts, logo, frames), made
by the pool's initializer. Identical cards (same key) are drawn once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from safeonline.core.files import written_whole

from .draw import CardText, Painter
from .logo import draw_logo

log = logging.getLogger(__name__)
RENDERER = "cards-2"  # bump when draw.py changes what a card looks like
LOGO_SIZE = 72
# A fresh worker takes ~0.4 s CPU to start, the time of ~20 cards: each worker
# gets at least this many, so fewer than twice as many (an edit rebuild draws
# one or two) are drawn in the build's own process.
CARDS_PER_WORKER = 24


@dataclass(frozen=True)
class DrawJob:
    """One PNG to draw into the cache, under `key`."""

    key: str
    text: CardText
    size: tuple[int, int]
    colour: str
    font: str  # font file path (merged for right-to-left languages)


@dataclass
class DrawStats:
    drawn: int = 0
    reused: int = 0
    seconds: float = 0.0
    failed: dict[str, str] = field(default_factory=dict)  # key -> "Error: message"
    died: str | None = None  # a worker process died: why (its cards are in `failed`)


def card_key(text: CardText, colour: str, size: tuple[int, int], fonts_digest: str,
             compress_level: int) -> str:
    data = json.dumps([RENDERER, asdict(text), colour, list(size), fonts_digest,
                       compress_level], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


_painter: Painter | None = None  # one per process: the build's, or a pool worker's


def _start(logo_svg: str) -> None:
    global _painter
    _painter = Painter(draw_logo(Path(logo_svg), LOGO_SIZE))


def _draw(job: DrawJob, cache: str, compress_level: int) -> None:
    image = _painter.render(job.text, size=job.size, colour=job.colour, font_path=job.font)
    with written_whole(Path(cache) / f"{job.key}.png") as tmp:
        # No optimize=True: zlib level 9 with extra passes costs ~6x the CPU of
        # level 3 for ~15 % smaller files (figures in pelicanconf.py).
        image.save(tmp, format="PNG", compress_level=compress_level)


def _draw_chunk(jobs: list[DrawJob], cache: str, compress_level: int) -> list[str | None]:
    """Worker: draw each job; an error names itself and does not stop the others."""
    errors: list[str | None] = []
    for job in jobs:
        try:
            _draw(job, cache, compress_level)
            errors.append(None)
        except Exception as exc:  # noqa: BLE001 - reported per card, naming the material
            errors.append(f"{type(exc).__name__}: {exc}")
    return errors


def _chunks(jobs: list[DrawJob], workers: int) -> list[list[DrawJob]]:
    """About eight chunks per worker (so no core idles at the end), at most 32 cards each."""
    size = max(1, min(32, len(jobs) // (workers * 8)))
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def pool_size(configured: int, cards: int) -> int:
    """Worker processes for `cards` to draw: CARDS["workers"] (0: one per core), at most
    one per CARDS_PER_WORKER cards; 1 means the build's own process draws them."""
    return max(1, min(configured or os.cpu_count() or 1, cards // CARDS_PER_WORKER))


def draw_missing(jobs: list[DrawJob], conf: dict, logo_svg: Path) -> DrawStats:
    """Draw the jobs whose PNG is not in the cache; returns counts and failures."""
    started = time.perf_counter()
    cache = Path(conf.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    stats = DrawStats()
    todo: dict[str, DrawJob] = {}
    for job in jobs:
        if job.key in todo or (cache / f"{job.key}.png").exists():
            stats.reused += 1
        else:
            todo[job.key] = job
    pending = list(todo.values())
    workers = pool_size(conf.workers, len(pending))
    level = conf.compress_level
    if workers <= 1:
        _start(str(logo_svg))
        results = ((job, error, False) for job, error in
                   zip(pending, _draw_chunk(pending, str(cache), level), strict=True))
    else:
        results = _pooled(pending, str(cache), level, workers, str(logo_svg))
    for job, error, died in results:
        if error is None:
            stats.drawn += 1
        else:
            stats.failed[job.key] = error
            stats.died = error if died else stats.died
    stats.seconds = time.perf_counter() - started
    return stats


def _pooled(jobs: list[DrawJob], cache: str, level: int, workers: int, logo_svg: str):
    """Yield (job, error or None, whether a worker died) as chunks finish in the pool.

    Workers are started fresh ("spawn"), not forked from the build: by the time
    cards are drawn the build holds every page (~640 MiB at 1,000 materials),
    and a forked worker shares, counts and, once its garbage collector walks
    the inherited objects, copies all of it. A fresh worker imports this
    package (~0.35 s CPU) and holds ~60 MiB.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start,
                             initargs=(logo_svg,)) as pool:
        futures = {pool.submit(_draw_chunk, chunk, cache, level): chunk
                   for chunk in _chunks(jobs, workers)}
        for future in as_completed(futures):
            chunk = futures[future]
            exc = future.exception()
            if exc is not None:  # the worker itself died (e.g. killed for memory)
                yield from ((job, f"{type(exc).__name__}: {exc}", True) for job in chunk)
            else:
                yield from ((job, error, False)
                            for job, error in zip(chunk, future.result(), strict=True))


def copy_out(cache: Path, key: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cache / f"{key}.png", target)
