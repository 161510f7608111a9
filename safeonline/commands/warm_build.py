"""`invoke serve`'s builds, in one build process kept warm between rebuilds.

A fresh `invoke build` per save paid, each time, for starting Python,
importing Pelican, Markdown, ReportLab and our plugins, and starting the
render pool's workers (~0.4 s of CPU each, their renderers imported again).
`WarmBuilder` keeps one spawned build process instead: it reads the settings
again for every build (pelicanconf.py edits count), runs the same atomic
`build_site` as `invoke build`, and keeps the render pool's workers alive
between builds (core.executors.kept_warm). Python modules are the one thing
a running process cannot take back: when a `.py` file under the code folders
changes, the build process is replaced before the next build, so an edited
plugin counts too. A build process that dies (killed, out of memory) is
reported once and replaced on the next save.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Outcome:
    """A build as the preview reports it."""

    ok: bool
    printed: str  # the problems and the summary line, as `invoke build` prints them
    made: str = ""  # what this build wrote or rendered: "3 pages, 1 leaflet"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def what_was_made(stages: dict[str, dict]) -> str:
    """Pages written, leaflets and cards rendered (not copied from the cache)."""
    parts = [_plural(stages.get("pages", {}).get("items") or 0, "page")]
    for name, word in (("leaflets", "leaflet"), ("cards", "card")):
        rendered = stages.get(name, {}).get("counts", {}).get("rendered")
        if rendered:
            parts.append(_plural(rendered, word))
    return ", ".join(parts)


def build_once(config: str, overrides: dict) -> Outcome:
    """One build as `invoke build` runs it, its output as text (no traceback)."""
    from safeonline.core.problems import BuildFailed
    from safeonline.core.settings import load_settings

    from .build import build_site

    output = overrides.get("OUTPUT_PATH", "output")
    try:
        settings = load_settings(config, **overrides)
        report = build_site(settings)
    except BuildFailed as failed:
        return Outcome(False, f"{failed.problems.as_text()}\nBuild failed: "
                       f"{len(failed.problems.errors)} error(s); {output} was left as it was.")
    except Exception as exc:  # noqa: BLE001 - a bug, not an editor's mistake: say so, briefly
        return Outcome(False, f"Build failed: {type(exc).__name__}: {exc} (run 'invoke build "
                       f"--debug' for the traceback); {output} was left as it was.")
    lines = [str(problem) for problem in report.problems.sorted()]
    lines.append(f"Built {report.output}: {report.summary}.")
    return Outcome(True, "\n".join(lines), what_was_made(report.stages))


def _serve(conn, config: str, overrides: dict) -> None:
    """The build process: a build per request, its workers kept between them.

    Ctrl-C in the terminal reaches every process of the group: this one (and the
    workers it spawns, which inherit it) ignores it and ends when the preview
    says "stop" or goes away.
    """
    import signal

    from safeonline.core import executors

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    with executors.kept_warm():
        while True:
            try:
                request = conn.recv()
            except EOFError:  # the preview stopped
                break
            if request != "build":
                break
            conn.send(build_once(config, overrides))


class WarmBuilder:
    """The preview's builder (`Preview(builder=...)`): one warm build process.

    `changed(paths)` is told what the watcher saw before each rebuild; a
    Python file under `code` means the process must start again.
    """

    def __init__(self, config: Path, overrides: dict, code: Iterable[Path] = ()):
        self.config, self.overrides = str(config), dict(overrides)
        self.code = [Path(p).resolve() for p in code]
        self._process: multiprocessing.Process | None = None
        self._conn = None
        self._lock = threading.Lock()
        self.starts = 0  # build processes started: 1 while no code changed

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def changed(self, paths: Iterable[Path]) -> None:
        if any(self._is_code(Path(p)) for p in paths):
            self.close()

    def _is_code(self, path: Path) -> bool:
        path = path.resolve()
        return path.suffix == ".py" and path.name != Path(self.config).name and any(
            path == folder or folder in path.parents for folder in self.code)

    def __call__(self) -> Outcome:
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            try:
                self._conn.send("build")
                return self._conn.recv()
            except (EOFError, OSError):
                self._process.join(timeout=10)
                code = self._process.exitcode
                self._forget()
                return Outcome(False, f"(build): error: the build process stopped (exit code "
                               f"{code}) (save again to build in a new one)")

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        # Not a daemon: a daemon process may not start the render pool's workers.
        self._process = context.Process(target=_serve, args=(theirs, self.config,
                                                             self.overrides),
                                        name="safeonline-preview-build")
        self._process.start()
        theirs.close()
        self._conn = ours
        self.starts += 1

    def _forget(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def close(self) -> None:
        """End the build process (and its workers) after the build it may be running."""
        with self._lock:
            if self._process is None:
                return
            try:
                self._conn.send("stop")
            except OSError:
                pass
            self._process.join(timeout=30)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(timeout=10)
            self._forget()
