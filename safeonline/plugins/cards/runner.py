"""Draw the cards that are not cached, in parallel, and copy every card into the output.

A card's cache entry is named by a digest of everything that decides its
bytes (text, colour, size, fonts, logo, PNG level, and this package's code:
core.render_pool.code_digest), so a warm build draws nothing and an edit
draws only the cards whose text changed. Drawing is CPU-bound Pillow work
(layout with libraqm, then zlib), so the cards left to draw go to the shared
render pool (core.render_pool: spawned workers, one completion queue), in
chunks so that sending them costs little next to drawing them, as soon as the
materials are read, so they draw while Pelican writes the pages (`CardDraw`).
Each process has one `Painter` (fonts, logo, frames), made for its first card.
On a Dask cluster (CARDS["executor"]) a worker sends the PNG's bytes back and
this machine writes the cache.
Identical cards (same key) are drawn once.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from safeonline.core import render_pool
from safeonline.core.files import place, written_whole
from safeonline.core.render_pool import ContentCache, Failed, RenderPool, code_digest

from .draw import CardText, Painter
from .logo import draw_logo

log = logging.getLogger(__name__)
CODE_DIR = Path(__file__).resolve().parent
LOGO_SIZE = 72
# Cards a worker must have to be worth starting (core.render_pool.pool_size).
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


def renderer_version() -> str:
    """The drawing code's digest: part of every card's key (read once per build)."""
    return code_digest(CODE_DIR)


def card_key(version: str, text: CardText, colour: str, size: tuple[int, int],
             fonts_digest: str, compress_level: int) -> str:
    data = json.dumps([version, asdict(text), colour, list(size), fonts_digest,
                       compress_level], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


_painters: dict[str, Painter] = {}  # per process (the build's or a worker's), by logo file


def _painter(logo_svg: str) -> Painter:
    """Fonts, logo and frames, made on a process's first card and kept: a warm pool's
    workers draw the next build's cards without loading them again."""
    if logo_svg not in _painters:
        _painters[logo_svg] = Painter(draw_logo(Path(logo_svg), LOGO_SIZE))
    return _painters[logo_svg]


def _draw(job: DrawJob, logo_svg: str, cache: str | None, compress_level: int) -> bytes | None:
    """Into the cache when this process shares the build machine's files; else the bytes."""
    image = _painter(logo_svg).render(job.text, size=job.size, colour=job.colour,
                                      font_path=job.font)
    # No optimize=True: zlib level 9 with extra passes costs ~6x the CPU of
    # level 3 for ~15 % smaller files (figures in config.py).
    if cache is None:
        data = io.BytesIO()
        image.save(data, format="PNG", compress_level=compress_level)
        return data.getvalue()
    with written_whole(ContentCache(cache).path(job.key, ".png")) as tmp:
        image.save(tmp, format="PNG", compress_level=compress_level)
    return None


def _draw_chunk(jobs: list[DrawJob], logo_svg: str, cache: str | None, compress_level: int
                ) -> list[tuple[str | None, bytes | None]]:
    """Worker: draw each job; an error names itself and does not stop the others."""
    results: list[tuple[str | None, bytes | None]] = []
    for job in jobs:
        try:
            results.append((None, _draw(job, logo_svg, cache, compress_level)))
        except Exception as exc:  # noqa: BLE001 - reported per card, naming the material
            results.append((f"{type(exc).__name__}: {exc}", None))
    return results


def _chunks(jobs: list[DrawJob], workers: int) -> list[list[DrawJob]]:
    """About eight chunks per worker (so no core idles at the end), at most 32 cards each."""
    size = max(1, min(32, len(jobs) // (workers * 8)))
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def pool_size(configured: int, cards: int) -> int:
    """Worker processes for `cards` to draw (CARDS["workers"], 0: one per core)."""
    return render_pool.pool_size(configured, cards, CARDS_PER_WORKER)


class CardDraw:
    """The cards the cache lacks, submitted at once (they draw while Pelican writes the
    pages); `finish()` waits for them and returns counts and failures."""

    def __init__(self, jobs: list[DrawJob], conf, logo_svg: Path):
        self.started = time.perf_counter()
        self.cache = ContentCache(conf.cache_dir)
        self.stats = DrawStats()
        todo: dict[str, DrawJob] = {}
        for job in jobs:
            if job.key in todo or self.cache.has(job.key, ".png"):
                self.stats.reused += 1
            else:
                todo[job.key] = job
        pending = list(todo.values())
        workers = pool_size(conf.workers, len(pending))
        self.pool = RenderPool(workers, conf.executor or None, here=conf.workers == 1)
        cache = str(self.cache.root) if self.pool.shares_files else None
        for chunk in _chunks(pending, workers):
            self.pool.submit(chunk, _draw_chunk, chunk, str(logo_svg), cache,
                             conf.compress_level)

    def finish(self) -> DrawStats:
        stats = self.stats
        for chunk, result in self.pool:
            if isinstance(result, Failed):  # the whole chunk: its worker died
                result = [(result.error, None)] * len(chunk)
                stats.died = stats.died or result[0][0]
            for job, (error, data) in zip(chunk, result, strict=True):
                if error is not None:
                    stats.failed[job.key] = error
                    continue
                if data is not None:  # drawn on another machine: cached here
                    with written_whole(self.cache.path(job.key, ".png")) as tmp:
                        tmp.write_bytes(data)
                stats.drawn += 1
        stats.seconds = time.perf_counter() - self.started
        return stats


def draw_missing(jobs: list[DrawJob], conf, logo_svg: Path) -> DrawStats:
    """Draw the jobs whose PNG is not in the cache; returns counts and failures."""
    return CardDraw(jobs, conf, logo_svg).finish()


def copy_out(cache: Path, key: str, target: Path) -> None:
    place(ContentCache(cache).path(key, ".png"), target)
