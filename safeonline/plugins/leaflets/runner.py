"""Render what changed, in parallel, and copy everything into the output folder.

Each job's digest (model.RenderJob.digest, which includes a digest of this
package's code) names its entry in the content-addressed cache: the PDF, its
page count and its first-page thumbnail. A job whose digest is in the cache
is copied, not rendered; so editing one material re-renders its leaflets and
the packs that hold it, nothing else. Rendering runs in the shared render pool
(core.render_pool: spawned workers, one completion queue) because ReportLab is
pure Python and holds the GIL. On a Dask cluster (LEAFLETS["executor"]) a worker
renders into a folder of its own and sends the files back (`_render_elsewhere`):
only this machine writes the cache. A material's jobs (its A4 and Letter leaflets
in every edition, `RenderJob.layout_key`) go to one worker together and are laid
out once per edition. A pack is put together from its members' cached leaflets
(pack.py), so it is queued as soon as the last of them is in the cache.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterator
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
# A pack copies its members' pages (~10 ms a member): a pack of 250 is some 25 layouts'
# work, and an edit re-makes four such packs, worth two workers.
MEMBERS_PER_TASK = 10


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


def _suffixes(job: RenderJob) -> tuple[str, ...]:
    return (".json", ".pdf", ".png") if job.extra.get("thumbnail") else (".json", ".pdf")


def _render_elsewhere(jobs: list[RenderJob], font_dir: str, thumb_width: int,
                      members: list[tuple[bytes, int]] | None = None) -> list[dict]:
    """Worker on another machine (a Dask cluster): render into a folder of its own and
    send the files back in each meta's `files`; the build machine keeps the cache."""
    with tempfile.TemporaryDirectory() as folder:
        paths = None
        if members is not None:  # the pack's members arrive as bytes: put them on disk
            paths = []
            for n, (data, pages) in enumerate(members):
                member = Path(folder, f"member-{n}.pdf")
                member.write_bytes(data)
                paths.append((str(member), pages))
        metas = _render_into_cache(jobs, font_dir, folder, thumb_width, paths)
        cache = ContentCache(folder)
        for job, meta in zip(jobs, metas, strict=True):
            meta["files"] = {suffix: cache.path(job.digest, suffix).read_bytes()
                             for suffix in _suffixes(job) if suffix != ".json"}
    return metas


def _store(job: RenderJob, meta: dict, cache: ContentCache) -> dict:
    """A remote worker's files into this machine's cache, the metadata last."""
    for suffix, data in meta.pop("files").items():
        with written_whole(cache.path(job.digest, suffix)) as tmp:
            tmp.write_bytes(data)
    with written_whole(cache.path(job.digest, ".json")) as tmp:
        tmp.write_text(json.dumps(meta))
    return meta


def _cached(job: RenderJob, cache: ContentCache, index: dict[str, dict]) -> dict | None:
    if not cache.has(job.digest, *_suffixes(job)):
        return None
    meta = index.get(job.digest)
    return meta if meta is not None else json.loads(cache.path(job.digest, ".json").read_text())


INDEX = "index.json"  # in the cache: digest -> metadata of the last build's jobs


def _load_index(cache: ContentCache) -> dict[str, dict]:
    """The metadata of the last build's jobs in one file: a rebuild of 1,000 materials
    otherwise reads 12,000 small files (~1.5 s). Only ever a shortcut: an entry counts
    only while its files are in the cache, and a job it lacks reads its own .json."""
    try:
        index = json.loads((cache.root / INDEX).read_text())
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def _save_index(cache: ContentCache, index: dict[str, dict]) -> None:
    with written_whole(cache.root / INDEX) as tmp:
        tmp.write_text(json.dumps(index, sort_keys=True))


class LeafletRun:
    """The leaflets a build lacks, submitted at once, collected when they are needed.

    `LeafletRun(jobs, ...)` looks each job up in the cache and submits the rest
    to the render pool, sorted by `order` (the order Pelican writes the pages
    that show them): they render while Pelican writes the pages. `wait_for(jobs)`
    returns once those jobs are done (a material's page needs its own leaflets'
    sizes); `finish()` waits for the rest, queues each pack once its members are
    in the cache (and never, if one of them failed: that leaflet's error is
    reported and fails the build), and copies every job's files into the output.
    """

    def __init__(self, jobs: list[RenderJob], conf, font_dir: str,
                 order: Callable[[RenderJob], int] | None = None):
        self.started = time.perf_counter()
        self.jobs, self.font_dir, self.thumb_width = jobs, font_dir, conf.thumbnail_width
        self.cache = ContentCache(conf.cache_dir)
        self.stats = RunStats()
        self.metas: dict[str, dict] = {}
        self.errors: list[RenderError] = []
        self.placed: dict[str, Rendered] = {}  # job digest -> its files in the output
        self.index = _load_index(self.cache)
        todo = []
        for job in jobs:
            meta = _cached(job, self.cache, self.index)
            if meta is None:
                todo.append(job)
            else:
                self.metas[job.digest] = meta
                self.stats.reused.append(job.output)
        if order is not None:
            todo.sort(key=order)  # stable: a material's jobs keep their order
        groups: dict[str, list[RenderJob]] = {}
        for job in todo:  # in order: a group starts where its first job was
            if job.kind != "pack":
                groups.setdefault(job.layout_key, []).append(job)
        self.packs = {job.digest: job for job in todo if job.kind == "pack"}
        self.waiting = {digest: {d for d in job.members if d not in self.metas}
                        for digest, job in self.packs.items()}
        tasks = len(groups) + sum(max(1, len(job.members) // MEMBERS_PER_TASK)
                                  for job in self.packs.values())
        self.pool = RenderPool(pool_size(conf.workers, tasks, TASKS_PER_WORKER),
                               conf.executor or None, here=conf.workers == 1)
        for group in [*groups.values(), *self._ready()]:
            self._submit(group)
        self._arrivals = self._results()

    def _ready(self) -> list[list[RenderJob]]:
        digests = [digest for digest, missing in self.waiting.items() if not missing]
        for digest in digests:
            del self.waiting[digest]
        return [[self.packs[digest]] for digest in digests]

    def _submit(self, group: list[RenderJob]) -> None:
        pool, cache = self.pool, self.cache
        members = None
        if group[0].kind == "pack":
            members = [(str(cache.path(d, ".pdf")), self.metas[d]["pages"])
                       for d in group[0].members]
        if pool.shares_files:
            pool.submit(group, _render_into_cache, group, self.font_dir, str(cache.root),
                        self.thumb_width, members)
        else:
            sent = members and [(Path(path).read_bytes(), pages) for path, pages in members]
            pool.submit(group, _render_elsewhere, group, self.font_dir, self.thumb_width, sent)

    def _results(self) -> Iterator[RenderJob]:
        """Each job as it finishes; `metas`, or `errors`, grow as they do."""
        for group, result in self.pool:
            results = [result] * len(group) if isinstance(result, Failed) else result
            for job, outcome in zip(group, results, strict=True):
                if isinstance(outcome, Failed):
                    self.errors.append(RenderError(job, outcome.error, outcome.died,
                                                   outcome.traceback))
                    continue
                if "files" in outcome:
                    outcome = _store(job, outcome, self.cache)
                self.metas[job.digest] = outcome
                self.stats.rendered.append(job.output)
                log.debug("leaflets: rendered %s", job.output)
                for missing in self.waiting.values():
                    missing.discard(job.digest)
            for pack in self._ready():
                self._submit(pack)
            yield from group

    def wait_for(self, jobs: list[RenderJob]) -> bool:
        """Wait until `jobs` are done; False if one of them failed (see `errors`)."""
        failed = {error.job.digest for error in self.errors}
        pending = {job.digest for job in jobs} - failed
        while pending - self.metas.keys():  # a material's few jobs: a small set
            arrived = next(self._arrivals, None)
            if arrived is None:
                break
            failed = {error.job.digest for error in self.errors}
            pending -= failed
        return not any(job.digest in failed for job in jobs)

    def collect(self, jobs: list[RenderJob], output: Path) -> list[Rendered]:
        """The done ones of `jobs`, their files put into `output` (once each)."""
        done = []
        for job in jobs:
            meta = self.metas.get(job.digest)
            if meta is None:
                continue
            if job.digest not in self.placed:
                target = output / job.output
                place(self.cache.path(job.digest, ".pdf"), target)
                thumb = None
                if job.extra.get("thumbnail"):
                    thumb = job.output[:-len(".pdf")] + ".png"
                    place(self.cache.path(job.digest, ".png"), output / thumb)
                size = meta.get("thumb_size")
                self.placed[job.digest] = Rendered(
                    job, meta["pages"], target.stat().st_size, thumb,
                    tuple(size) if size else None, tuple(meta.get("misses", ())))
            done.append(self.placed[job.digest])
        return done

    def finish(self, output: Path) -> tuple[list[Rendered], RunStats, list[RenderError]]:
        for _ in self._arrivals:  # the rest, and the packs they unlock
            pass
        done = self.collect(self.jobs, output)
        index = {job.digest: self.metas[job.digest] for job in self.jobs
                 if job.digest in self.metas}
        if index != self.index:
            _save_index(self.cache, index)
        stats = self.stats
        stats.seconds = time.perf_counter() - self.started
        log.info("leaflets: %d PDFs rendered, %d reused from cache (%.1f s)",
                 len(stats.rendered), len(stats.reused), stats.seconds)
        return done, stats, self.errors
