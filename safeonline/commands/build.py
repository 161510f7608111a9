"""An atomic build: nothing reaches `output/` unless everything succeeded.

Steps: check the content (cheap, reads text only) → run Pelican with our
plugins into a staging folder beside `output/` → index it for search
(Pagefind) → swap the staging folder into
place. A failure at any step leaves the previous `output/` byte-for-byte
intact and is reported as `path:line: error: ...` lines, never a traceback.
Stage timings come from `safeonline.core.stages`; `safeonline.commands.progress` shows them live
on a terminal and makes the one summary line.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import shutil
import subprocess
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from safeonline.core import executors
from safeonline.core.problems import BuildFailed, ProblemList
from safeonline.core.stages import StageClock, running
from safeonline.plugins.contract import check_content
from safeonline.plugins.contract.check import content_files
from safeonline.plugins.incremental import commit as commit_pages
from safeonline.plugins.incremental.config import incremental_settings

from . import unchanged
from .build_lock import one_build_at_a_time
from .progress import summary_counts, summary_line, summary_notes
from .read_cache import keyed_cache_path

PELICAN_FILE_RE = re.compile(r"^Could not process (?P<path>\S+)")


@dataclass
class BuildReport:
    output: Path
    problems: ProblemList
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds, in run order
    counts: dict[str, int] = field(default_factory=dict)
    stages: dict[str, dict] = field(default_factory=dict)  # stage -> seconds, items, counts

    @property
    def summary(self) -> str:
        return summary_line(self.counts, self.timings)

    @property
    def notes(self) -> list[str]:
        """What the stages name for an editor's look (a leaflet that still leaves a hole)."""
        return summary_notes(self.stages)


class _Collector(logging.Handler):
    """Pelican logs reader and template errors and carries on; we stop on them."""

    def __init__(self, problems: ProblemList, content: Path):
        super().__init__(logging.WARNING)
        self.problems = problems
        self.content = content

    def emit(self, record: logging.LogRecord) -> None:
        lines = record.getMessage().strip().splitlines()
        m = PELICAN_FILE_RE.match(lines[0])
        if m and record.levelno >= logging.ERROR:
            # "Could not process materials/x.md\n<reason>": name the editor's file.
            reason = lines[1].strip() if len(lines) > 1 else "Pelican could not read it"
            self.problems.error(self.content / m.group("path"), 1, reason,
                                "run 'invoke check'; if it finds nothing, report this with "
                                "'invoke build --debug'")
        elif record.levelno >= logging.ERROR:
            self.problems.error("(build)", 0, lines[0])
        elif record.name.startswith("pelican"):
            self.problems.warning("(build)", 0, lines[0])


def _swap(staging: Path, output: Path) -> Path | None:
    """Replace `output` by `staging` with two renames: readers never see a half site.

    Returns the previous output under a name of its own (`.output.old-<pid>-<n>`),
    for `_clean_up`: readers already see the new site by then.
    """
    old = None
    if output.exists():
        old = output.with_name(f".{output.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        output.rename(old)
    staging.rename(output)
    return old


def _clean_up(old: Path | None, output: Path) -> None:
    """Delete the previous output off the critical path: a detached process does it.

    Unchanged files reached the new tree as hard links, so this only unlinks
    names. Leftovers of a build killed before its delete finished are swept.
    """
    leftovers = [p for p in output.parent.glob(f".{output.name}.old*") if p != old]
    for folder in ([old] if old else []) + leftovers:
        subprocess.Popen(["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)


def _phase_marks(clock: StageClock, stack: ExitStack) -> None:
    """Split Pelican's run into `read` (parse everything) and `pages` (write them).

    The one timing hook inside Pelican: its own signals mark where reading ends
    (`get_writer` is sent once, after every generator has its context) and
    count what was read and written. Connected for this build only.
    """
    from pelican import signals
    from pelican.contents import Article, Page

    def read_done(generators) -> None:
        clock.timing("read").items = sum(
            len(getattr(g, "articles", [])) + len(getattr(g, "pages", []))
            + len(getattr(g, "translations", [])) for g in generators)

    def content_read(content) -> None:
        """Materials per language for the summary; each read file moves the progress on."""
        read = clock.timing("read")
        if isinstance(content, Article) and content.status == "published":
            key = f"materials:{content.lang}"
            read.counts[key] = read.counts.get(key, 0) + 1
        if isinstance(content, Article | Page):
            read.advance()

    def writing_starts(pelican) -> None:
        clock.close("read")
        clock.open("pages")

    def file_written(path, context=None) -> None:
        pages = clock.timing("pages")
        pages.items = (pages.items or 0) + 1
        pages.advance()

    for signal, receiver in ((signals.content_object_init, content_read),
                             (signals.all_generators_finalized, read_done),
                             (signals.get_writer, writing_starts),
                             (signals.content_written, file_written)):
        stack.enter_context(signal.connected_to(receiver))


def build_site(settings: dict, *, strict: bool = True, debug: bool = False,
               clock: StageClock | None = None) -> BuildReport:
    """Build `settings['OUTPUT_PATH']` atomically; raise BuildFailed with the problems.

    `clock` lets a caller watch the stages while they run (the benchmark samples
    memory per stage); by default each build gets its own. A second build of the
    same output waits for the first (build_lock.py).
    """
    clock = clock or StageClock()
    output = Path(settings["OUTPUT_PATH"])
    record = _record(settings)
    # executors.one_build: render tasks a failed build left are cancelled; its workers end
    # with it, unless the caller keeps them warm (`invoke serve`: executors.kept_warm).
    with one_build_at_a_time(output), running(clock), executors.one_build():
        with clock.stage("check"):  # finding what changed is the first part of checking
            inputs = unchanged.inputs_digest(settings) if record else ""
            last = unchanged.last_build(record, inputs, output) if record else None
        if last:  # nothing did: the one stage is named for it
            timing = clock.stages["unchanged"] = clock.stages.pop("check")
            timing.name = "unchanged"
            counts, problems = last
            return BuildReport(output, problems, clock.seconds(), counts, clock.as_dict())
        report = _build(settings, clock, strict=strict, debug=debug)
        report.timings = clock.seconds()
        report.stages = clock.as_dict()
        report.counts = summary_counts(report.stages, report.output)
        if record:
            unchanged.remember(record, inputs, output, report.counts, report.problems)
    return report


def _record(settings: dict) -> Path | None:
    """Where the last build of this output noted its inputs (commands/unchanged.py)."""
    if "safeonline.plugins.incremental" not in settings.get("PLUGINS", ()):
        return None
    options = incremental_settings(dict(settings))
    return unchanged.record_path(options.cache_dir, Path(settings["OUTPUT_PATH"])) \
        if options.enabled else None


def _build(settings: dict, clock: StageClock, *, strict: bool, debug: bool) -> BuildReport:
    from pelican import Pelican
    from pelican.log import console

    output = Path(settings["OUTPUT_PATH"])
    # Pelican and plugins change some settings in place (Pelican adds MARKDOWN's
    # `extensions`; each namespaced setting is replaced by its typed value,
    # safeonline.core.settings): copy the containers so the caller's settings stay as given.
    run_settings = {key: copy.copy(value) if isinstance(value, dict | list) else value
                    for key, value in settings.items()}
    with clock.stage("check") as timing:
        problems = check_content(run_settings)
        timing.items = sum(len(content_files(Path(settings["PATH"]), settings[key]))
                           for key in ("ARTICLE_PATHS", "PAGE_PATHS"))
    if problems.errors:
        raise BuildFailed(problems)

    staging = output.with_name(f".{output.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    run_settings["OUTPUT_PATH"] = str(staging)
    run_settings["INCREMENTAL"] = {**settings.get("INCREMENTAL", {}),
                                   "previous_output": str(output)}
    read_cache = keyed_cache_path(settings)
    if read_cache:
        run_settings["CACHE_PATH"] = str(read_cache)
    collector = _Collector(problems, Path(settings["PATH"]))
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        with ExitStack() as marks:
            _phase_marks(clock, marks)
            clock.open("read").total = clock.stages["check"].items
            quiet, console.quiet = console.quiet, True  # our summary replaces Pelican's "Done"
            try:
                Pelican(run_settings).run()
            finally:
                console.quiet = quiet
                clock.close("pages")
                clock.close("read")  # only if Pelican never started writing
    except BuildFailed as exc:
        problems.extend(exc.problems)
    except Exception as exc:
        if debug:
            raise
        problems.error("(build)", 0, f"{type(exc).__name__}: {exc}",
                       "run 'invoke build --debug' for the full traceback")
    finally:
        root.removeHandler(collector)
    if problems.errors or (strict and problems.warnings and
                           any(p.path == "(build)" for p in problems.warnings)):
        shutil.rmtree(staging, ignore_errors=True)
        if read_cache:  # a file that made Pelican warn must be read (and warn) again
            shutil.rmtree(read_cache, ignore_errors=True)
        raise BuildFailed(problems)
    if settings.get("SEARCH"):
        from safeonline.plugins.search.indexer import index_site

        with clock.stage("search") as timing:
            index = index_site(staging, run_settings, problems)
            timing.items = index.pages
            timing.counts.update(indexed=index.indexed, cached=index.cached)  # parts
        if problems.errors:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildFailed(problems)
    with clock.stage("swap"):
        old = _swap(staging, output)
        if "safeonline.plugins.incremental" in settings.get("PLUGINS", ()):
            commit_pages(run_settings, output)
    with clock.stage("cleanup"):
        _clean_up(old, output)
    return BuildReport(output=output, problems=problems)
