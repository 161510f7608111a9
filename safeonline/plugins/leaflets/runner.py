"""Render what changed, in parallel, and copy everything into the output folder.

Each job's digest (model.RenderJob.digest, which includes a digest of this
package's code) names its entry in the content-addressed cache: the PDF, its
page count and its first-page thumbnail. A job whose digest is in the cache
is copied, not rendered; so editing one material re-renders its leaflets and
the packs that hold it, nothing else. Rendering runs in the shared render pool
(core.render_pool: spawned workers, one completion queue) because ReportLab is
pure Python and holds the GIL. A material's jobs (its A4 and Letter
leaflets in every edition, `RenderJob.layout_key`) go to one worker together
and are laid out once per edition. A pack is put together from its members'
cached leaflets (pack.py), so it is queued as soon as the last of them is in
the cache.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from safeonline.core.files import place, written_whole
from safeonline.core.render_pool import ContentCache, Failed, RenderPool, pool_size

from .model import RenderJob

log = logging.getLogger(__name__)
# Layouts or packs (~0.1-0.3 s each) a worker must have to be worth starting
# (core.render_pool.pool_size): an edit rebuild renders in the build's process.
TASKS_PER_WORKER = 4


@dataclass
class Rendered:
    job: RenderJob
    pages: int
    bytes: int
    thumbnail: str | None  # output-relative path of the PNG, if the job has one
    thumb_size: tuple[int, int] | None
    misses: tuple[str, ...] = ()  # where its pages still fall short (fullness.py)


@dataclass
class RunStats:
    rendered: list[str] = field(default_factory=list)  # job outputs made this time
    reused: list[str] = field(default_factory=list)  # job outputs copied from the cache
    seconds: float = 0.0


class RenderError(Exception):
    def __init__(self, job: RenderJob, message: str, died: bool = False, traceback: str = ""):
        super().__init__(message)
        self.job = job
        self.died = died  # its worker process stopped: not this job's fault
        self.traceback = traceback  # formatted in the worker, shown by `--debug`


Members = list[tuple[str, int]]  # a pack's member PDFs in the cache, with their page counts


def _render_into_cache(jobs: list[RenderJob], font_dir: str, cache_dir: str, thumb_width: int,
                       members: Members | None = None) -> list[dict]:
    """Worker: render the jobs (one layout, or one pack from its `members`), write
    PDF + metadata (+ thumbnail) of each under its digest."""
    from .pack import render_pack
    from .render import render_papers
    from .thumbnails import make_thumbnail

    cache = ContentCache(cache_dir)
    metas = []
    with ExitStack() as written:  # every PDF of the group renamed into place, or none
        tmps = [str(written.enter_context(written_whole(cache.path(job.digest, ".pdf"))))
                for job in jobs]
        if jobs[0].kind == "pack":
            (pack,) = jobs
            pages, misses = [render_pack(pack, members or [], font_dir, tmps[0])], []
        else:
            pages, misses = render_papers(jobs, font_dir, tmps)  # every edition of one material
        for job, tmp, count in zip(jobs, tmps, pages, strict=True):
            # What the layout still misses, once: on the colour edition's entries.
            meta = {"pages": count, "misses": misses if job.edition == "colour" else []}
            if job.extra.get("thumbnail"):
                with written_whole(cache.path(job.digest, ".png")) as thumb:
                    meta["thumb_size"] = make_thumbnail(tmp, str(thumb), thumb_width)
            metas.append(meta)
    # The metadata last: `_cached` takes an entry only once its .json is there.
    for job, meta in zip(jobs, metas, strict=True):
        with written_whole(cache.path(job.digest, ".json")) as tmp:
            tmp.write_text(json.dumps(meta))
    return metas


def _cached(job: RenderJob, cache: ContentCache) -> dict | None:
    suffixes = (".json", ".pdf", ".png") if job.extra.get("thumbnail") else (".json", ".pdf")
    if not cache.has(job.digest, *suffixes):
        return None
    return json.loads(cache.path(job.digest, ".json").read_text())


def _work(todo: list[RenderJob], metas: dict[str, dict], cache: ContentCache, font_dir: str,
          thumb_width: int, workers: int) -> Iterator[tuple[RenderJob, dict | Failed]]:
    """Yield (job, meta or Failed) as jobs finish; `metas` grows as they do.

    A pack is assembled from its members' cached PDFs, so it starts once the
    last of them is in the cache (and never, if one of them failed: that
    leaflet's error is reported and fails the build).
    """
    groups: dict[str, list[RenderJob]] = {}
    for job in todo:  # in order: a group starts where its longest job was
        if job.kind != "pack":
            groups.setdefault(job.layout_key, []).append(job)
    packs = {job.digest: job for job in todo if job.kind == "pack"}
    waiting = {digest: {d for d in job.members if d not in metas}
               for digest, job in packs.items()}

    def ready() -> list[list[RenderJob]]:
        digests = [digest for digest, missing in waiting.items() if not missing]
        for digest in digests:
            del waiting[digest]
        return [[packs[digest]] for digest in digests]

    def submit(pool: RenderPool, group: list[RenderJob]) -> None:
        members = None
        if group[0].kind == "pack":
            members = [(str(cache.path(d, ".pdf")), metas[d]["pages"]) for d in group[0].members]
        pool.submit(group, _render_into_cache, group, font_dir, str(cache.root), thumb_width,
                    members)

    with RenderPool(pool_size(workers, len(groups) + len(packs), TASKS_PER_WORKER)) as pool:
        for group in [*groups.values(), *ready()]:
            submit(pool, group)
        for group, result in pool:
            results = [result] * len(group) if isinstance(result, Failed) else result
            for job, outcome in zip(group, results, strict=True):
                if not isinstance(outcome, Failed):
                    metas[job.digest] = outcome
                    for missing in waiting.values():
                        missing.discard(job.digest)
            for pack in ready():
                submit(pool, pack)
            yield from zip(group, results, strict=True)


def run_jobs(jobs: list[RenderJob], output: Path, conf, font_dir: str
             ) -> tuple[list[Rendered], RunStats, list[RenderError]]:
    started = time.perf_counter()
    cache = ContentCache(conf.cache_dir)
    stats = RunStats()
    metas: dict[str, dict] = {}
    todo = []
    for job in jobs:
        meta = _cached(job, cache)
        if meta is None:
            todo.append(job)
        else:
            metas[job.digest] = meta
            stats.reused.append(job.output)
    # Longest leaflets first, so no core idles at the end; packs follow their members.
    todo.sort(key=lambda j: -sum(len(m.content_html) for m in j.materials))
    errors: list[RenderError] = []
    for job, result in _work(todo, metas, cache, font_dir, conf.thumbnail_width, conf.workers):
        if isinstance(result, Failed):
            errors.append(RenderError(job, result.error, result.died, result.traceback))
            continue
        stats.rendered.append(job.output)
        log.debug("leaflets: rendered %s", job.output)
    done = []
    for job in jobs:
        meta = metas.get(job.digest)
        if meta is None:
            continue
        target = output / job.output
        target.parent.mkdir(parents=True, exist_ok=True)
        place(cache.path(job.digest, ".pdf"), target)
        thumb = None
        if job.extra.get("thumbnail"):
            thumb = job.output[:-len(".pdf")] + ".png"
            place(cache.path(job.digest, ".png"), output / thumb)
        size = meta.get("thumb_size")
        done.append(Rendered(job, meta["pages"], target.stat().st_size, thumb,
                             tuple(size) if size else None, tuple(meta.get("misses", ()))))
    stats.seconds = time.perf_counter() - started
    log.info("leaflets: %d PDFs rendered, %d reused from cache (%.1f s)",
             len(stats.rendered), len(stats.reused), stats.seconds)
    return done, stats, errors
