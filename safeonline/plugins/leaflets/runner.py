"""Render what changed, in parallel, and copy everything into the output folder.

Each job's digest (model.RenderJob.digest) names its cache entry: the PDF, its
page count and its first-page thumbnail. A job whose digest is in the cache is
copied, not rendered; so editing one material re-renders its leaflets and the
packs that hold it, nothing else. Rendering runs in a process pool because
ReportLab is pure Python and holds the GIL. Jobs sharing a layout (a
material's A4 and Letter leaflets, `RenderJob.layout_key`) go to one worker
together and are laid out once. A pack is put together from its members'
cached leaflets (pack.py), so it is queued as soon as the last of them is in
the cache.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from queue import SimpleQueue

from safeonline.core.files import written_whole

from .model import RenderJob

log = logging.getLogger(__name__)


@dataclass
class Rendered:
    job: RenderJob
    pages: int
    bytes: int
    thumbnail: str | None  # output-relative path of the PNG, if the job has one
    thumb_size: tuple[int, int] | None


@dataclass
class RunStats:
    rendered: list[str] = field(default_factory=list)  # job outputs made this time
    reused: list[str] = field(default_factory=list)  # job outputs copied from the cache
    seconds: float = 0.0


class RenderError(Exception):
    def __init__(self, job: RenderJob, message: str):
        super().__init__(message)
        self.job = job


Members = list[tuple[str, int]]  # a pack's member PDFs in the cache, with their page counts


def _render_into_cache(jobs: list[RenderJob], font_dir: str, cache: str, thumb_width: int,
                       members: Members | None = None) -> list[dict]:
    """Worker: render the jobs (one layout, or one pack from its `members`), write
    PDF + metadata (+ thumbnail) of each under its digest."""
    from .pack import render_pack
    from .render import render_papers
    from .thumbnails import make_thumbnail

    bases = [Path(cache) / job.digest[:2] / job.digest for job in jobs]
    metas = []
    with ExitStack() as written:  # every PDF of the group renamed into place, or none
        tmps = [str(written.enter_context(written_whole(base.with_suffix(".pdf"))))
                for base in bases]
        if jobs[0].kind == "pack":
            (pack,) = jobs
            pages = render_pack(pack, members or [], font_dir, tmps[0])
        else:
            pages = render_papers(jobs, font_dir, tmps)
        for job, base, tmp in zip(jobs, bases, tmps, strict=True):
            meta = {"pages": pages}
            if job.extra.get("thumbnail"):
                with written_whole(base.with_suffix(".png")) as thumb:
                    meta["thumb_size"] = make_thumbnail(tmp, str(thumb), thumb_width)
            metas.append(meta)
    # The metadata last: `_cached` takes an entry only once its .json is there.
    for base, meta in zip(bases, metas, strict=True):
        with written_whole(base.with_suffix(".json")) as tmp:
            tmp.write_text(json.dumps(meta))
    return metas


def _cached(job: RenderJob, cache: Path) -> dict | None:
    base = cache / job.digest[:2] / job.digest
    meta_path, pdf = base.with_suffix(".json"), base.with_suffix(".pdf")
    if not (meta_path.exists() and pdf.exists()):
        return None
    meta = json.loads(meta_path.read_text())
    if job.extra.get("thumbnail") and not base.with_suffix(".png").exists():
        return None
    return meta


def _members(job: RenderJob, cache: Path, metas: dict[str, dict]) -> Members:
    return [(str(cache / digest[:2] / f"{digest}.pdf"), metas[digest]["pages"])
            for digest in job.members]


def _work(todo: list[RenderJob], metas: dict[str, dict], cache: Path, font_dir: str,
          thumb_width: int, workers: int):
    """Yield (job, meta or exception) as jobs finish; `metas` grows as they do.

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

    def finished(group: list[RenderJob], results: list) -> list[tuple[RenderJob, object]]:
        for job, result in zip(group, results, strict=True):
            if not isinstance(result, BaseException):
                metas[job.digest] = result
                for missing in waiting.values():
                    missing.discard(job.digest)
        return list(zip(group, results, strict=True))

    def members(group: list[RenderJob]) -> Members | None:
        return _members(group[0], cache, metas) if group[0].kind == "pack" else None

    args = (font_dir, str(cache), thumb_width)
    if workers <= 1 or len(groups) + len(packs) <= 1:
        queue = [*groups.values(), *ready()]
        while queue:
            group = queue.pop(0)
            try:
                results = _render_into_cache(group, *args, members(group))
            except Exception as exc:  # noqa: BLE001 - reported per job, naming the file
                results = [exc] * len(group)
            yield from finished(group, results)
            queue.extend(ready())
        return
    # Finished futures arrive on a queue (one callback each): waiting with
    # `as_completed` on everything still pending would cost time in the number
    # of jobs for every job that finishes, in the process that feeds the workers.
    arrived: SimpleQueue[tuple[Future, list[RenderJob]]] = SimpleQueue()
    with ProcessPoolExecutor(max_workers=min(workers, len(groups) + len(packs))) as pool:

        def submit(group: list[RenderJob]) -> None:
            future = pool.submit(_render_into_cache, group, *args, members(group))
            future.add_done_callback(lambda f: arrived.put((f, group)))

        pending = 0
        for group in [*groups.values(), *ready()]:
            submit(group)
            pending += 1
        while pending:
            future, group = arrived.get()
            pending -= 1
            exc = future.exception()
            results = [exc] * len(group) if exc is not None else future.result()
            done = finished(group, results)
            for pack in ready():
                submit(pack)
                pending += 1
            yield from done


def run_jobs(jobs: list[RenderJob], output: Path, conf, font_dir: str
             ) -> tuple[list[Rendered], RunStats, list[RenderError]]:
    started = time.perf_counter()
    cache = Path(conf.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
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
    workers = conf.workers or os.cpu_count() or 1
    errors: list[RenderError] = []
    for job, result in _work(todo, metas, cache, font_dir, conf.thumbnail_width, workers):
        if isinstance(result, BaseException):
            errors.append(RenderError(job, f"{type(result).__name__}: {result}"))
            continue
        stats.rendered.append(job.output)
        log.debug("leaflets: rendered %s", job.output)
    done = []
    for job in jobs:
        meta = metas.get(job.digest)
        if meta is None:
            continue
        base = cache / job.digest[:2] / job.digest
        target = output / job.output
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base.with_suffix(".pdf"), target)
        thumb = None
        if job.extra.get("thumbnail"):
            thumb = job.output[:-len(".pdf")] + ".png"
            shutil.copyfile(base.with_suffix(".png"), output / thumb)
        size = meta.get("thumb_size")
        done.append(Rendered(job, meta["pages"], target.stat().st_size, thumb,
                             tuple(size) if size else None))
    stats.seconds = time.perf_counter() - started
    log.info("leaflets: %d PDFs rendered, %d reused from cache (%.1f s)",
             len(stats.rendered), len(stats.reused), stats.seconds)
    return done, stats, errors
