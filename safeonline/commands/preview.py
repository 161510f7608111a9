"""`invoke serve`: a local preview that rebuilds on every save and reloads the browser.

A watcher thread (watchfiles) rebuilds through the same atomic build editors
run with `invoke build`, in one build process kept warm between rebuilds
(warm_build.py: imports done, render workers alive; replaced when a Python
file changes, so edited plugins count too). A burst of saves is one rebuild:
the watcher waits until files have been quiet for `QUIET_MS`. Each rebuild is
one line: what changed, how long it took, what it made. A failed build keeps
`output/` as it was: the preview goes
on serving the last good site, the terminal prints the problems, and the page
shows them in an overlay. The live-reload script is added to HTML responses by
this server only (it is never written to output/) and is served from
localhost itself; it polls `/__preview/status`.
"""

from __future__ import annotations

import html
import http.server
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .warm_build import Outcome

log = logging.getLogger(__name__)

LIVE_JS = Path(__file__).with_name("preview_assets") / "live.js"
SCRIPT_TAG = b'<script src="/__preview/live.js" defer></script>'
Builder = Callable[[], Outcome]
# Saves closer together than this are one rebuild (an editor's "save all", a formatter
# rewriting files, a git checkout); after a burst starts, at most BURST_MS are gathered.
QUIET_MS, BURST_MS = 300, 3000


@dataclass
class BuildState:
    """The latest build as the browser polls it; `build` counts finished builds."""

    build: int = 0
    ok: bool = True
    problems: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, ok: bool, problems: str) -> None:
        with self.lock:
            self.build += 1
            self.ok, self.problems = ok, problems

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "ok": self.ok,
                               "problems": self.problems}).encode()


def error_page(problems: str) -> bytes:
    """Served while there is no good build at all yet."""
    return (f'<!doctype html><html lang="en"><meta charset="utf-8"><title>Build failed</title>'
            f"<h1>The site did not build</h1><p>Fix these, save, and this page reloads:</p>"
            f"<pre>{html.escape(problems)}</pre>").encode() + SCRIPT_TAG


def make_handler(output: Path, state: BuildState) -> type[http.server.BaseHTTPRequestHandler]:
    class PreviewHandler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(output), **kwargs)

        def log_message(self, format: str, *args) -> None:
            log.debug("preview: " + format, *args)

        def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            route = self.path.split("?", 1)[0]
            if route == "/__preview/status":
                return self._send(state.as_json(), "application/json")
            if route == "/__preview/live.js":
                return self._send(LIVE_JS.read_bytes(), "text/javascript; charset=utf-8")
            path = Path(self.translate_path(self.path))
            if path.is_dir() and route.endswith("/"):
                path = path / "index.html"
            if not output.is_dir():
                return self._send(error_page(state.problems), "text/html; charset=utf-8", 503)
            if path.suffix == ".html" and path.is_file():
                return self._send(inject(path.read_bytes()), "text/html; charset=utf-8")
            return super().do_GET()

        do_HEAD = do_GET

    return PreviewHandler


def inject(page: bytes) -> bytes:
    at = page.rfind(b"</body>")
    return page + SCRIPT_TAG if at < 0 else page[:at] + SCRIPT_TAG + page[at:]


class PreviewServer(http.server.ThreadingHTTPServer):
    """The preview's HTTP server: a browser that drops a connection mid-reply (a reload,
    a closed tab, the reload script's wait cut short) is no error, so the editor's
    terminal gets no traceback; anything else is one line (`--debug`-free)."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):  # reset, broken pipe, aborted
            return
        log.error("preview: %s while answering %s", error or "an error", client_address[0])


class Preview:
    """Server plus watcher. `start()` builds once and serves; `stop()` ends both."""

    def __init__(self, output: Path, watch: Iterable[Path], builder: Builder,
                 host: str = "127.0.0.1", port: int = 8000,
                 report: Callable[[str], None] = print):
        self.output, self.builder, self.report = Path(output), builder, report
        self.watch_paths = [Path(p) for p in watch if Path(p).exists()]
        self.state = BuildState()
        self.server = PreviewServer((host, port), make_handler(self.output, self.state))
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{'localhost' if host == '127.0.0.1' else host}:{port}/"

    def rebuild(self, reason: str = "") -> None:
        """Build, then one line: the summary (first build) or `reason: rebuilt in 2.1 s
        (3 pages, 1 leaflet)`; a failure prints the problems instead."""
        started = time.perf_counter()
        outcome = self.builder()
        seconds = time.perf_counter() - started
        self.state.record(outcome.ok, "" if outcome.ok else outcome.printed)
        lines = outcome.printed.splitlines()
        if not outcome.ok:
            head = f"{reason}: the build failed\n" if reason else ""
            self.report(f"{head}{outcome.printed}\nKeeping the last good build on {self.url}")
        elif not reason:
            self.report(lines[-1] if lines else "Built.")
        else:
            made = f" ({outcome.made})" if outcome.made else ""
            self.report("\n".join([*lines[:-1], f"{reason}: rebuilt in {seconds:.1f} s{made}"]))

    def _watch(self) -> None:
        from watchfiles import watch

        for changes in watch(*self.watch_paths, stop_event=self._stop, step=QUIET_MS,
                             debounce=BURST_MS, raise_interrupt=False):
            paths = [Path(p) for _, p in changes]
            changed = getattr(self.builder, "changed", None)
            if changed is not None:  # a warm builder restarts when Python code changed
                changed(paths)
            # Editors' save dances leave temporary names behind: report the files that exist.
            names = sorted({p.name for p in paths if p.exists()}) or sorted({p.name for p in paths})
            self.rebuild(", ".join(names[:3]) + (" ..." if len(names) > 3 else "") + " changed")

    def start(self) -> None:
        """Watch, then build, then serve: a file saved while the first build runs (or as
        soon as the first page shows) is seen by a watcher already in place."""
        self._start(self._watch)
        self.rebuild()
        self._start(self.server.serve_forever)

    def _start(self, target) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)
        close = getattr(self.builder, "close", None)
        if close is not None:  # the warm build process and its workers
            close()
