"""An atomic build: nothing reaches `output/` unless everything succeeded.

Steps: check the content (cheap, reads text only) → run Pelican with our
plugins into a staging folder beside `output/` → swap the staging folder into
place. A failure at any step leaves the previous `output/` byte-for-byte
intact and is reported as `path:line: error: ...` lines, never a traceback.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from contract import ProblemList, check_content


class BuildFailed(Exception):
    """The build stopped; `problems` says why, in the editor's terms."""

    def __init__(self, problems: ProblemList):
        super().__init__(problems.as_text())
        self.problems = problems


@dataclass
class BuildReport:
    output: Path
    problems: ProblemList
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


class _Collector(logging.Handler):
    """Pelican logs reader and template errors and carries on; we stop on them."""

    def __init__(self, problems: ProblemList):
        super().__init__(logging.WARNING)
        self.problems = problems

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip().splitlines()[0]
        if record.levelno >= logging.ERROR:
            self.problems.error("(build)", 0, message)
        elif record.name.startswith("pelican"):
            self.problems.warning("(build)", 0, message)


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with two renames: readers never see a half site."""
    old = output.with_name(f".{output.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if output.exists():
        output.rename(old)
    staging.rename(output)
    if old.exists():
        shutil.rmtree(old)


def build_site(settings: dict, *, strict: bool = True, debug: bool = False) -> BuildReport:
    """Build `settings['OUTPUT_PATH']` atomically; raise BuildFailed with the problems."""
    from pelican import Pelican

    output = Path(settings["OUTPUT_PATH"])
    timings: dict[str, float] = {}
    started = time.perf_counter()
    problems = check_content(settings)
    timings["check"] = time.perf_counter() - started
    if problems.errors:
        raise BuildFailed(problems)

    staging = output.with_name(f".{output.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    run_settings = dict(settings, OUTPUT_PATH=str(staging))
    collector = _Collector(problems)
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        started = time.perf_counter()
        pelican = Pelican(run_settings)
        pelican.run()
        timings["pelican"] = time.perf_counter() - started
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
        raise BuildFailed(problems)
    started = time.perf_counter()
    _swap(staging, output)
    timings["swap"] = time.perf_counter() - started
    return BuildReport(output=output, problems=problems, timings=timings)
