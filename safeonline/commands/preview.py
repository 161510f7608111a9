"""`invoke serve`: a local preview that rebuilds on every save and reloads the browser.

A watcher thread (watchfiles) rebuilds through the same atomic `invoke build`
editors run, in a fresh process each time so that edited plugins, templates and
settings count too. A failed build keeps `output/` as it was: the preview goes
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
import subprocess
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

LIVE_JS = Path(__file__).with_name("preview_assets") / "live.js"
SCRIPT_TAG = b'<script src="/__preview/live.js" defer></script>'
Builder = Callable[[], tuple[bool, str]]  # -> (succeeded, what the build printed)


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


def command_builder(argv: list[str], cwd: Path | None = None) -> Builder:
    """Run a build command (e.g. `invoke build ...`) in a new process."""

    def run() -> tuple[bool, str]:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
        return done.returncode == 0, (done.stderr + done.stdout).strip()

    return run


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


class Preview:
    """Server plus watcher. `start()` builds once and serves; `stop()` ends both."""

    def __init__(self, output: Path, watch: Iterable[Path], builder: Builder,
                 host: str = "127.0.0.1", port: int = 8000,
                 report: Callable[[str], None] = print):
        self.output, self.builder, self.report = Path(output), builder, report
        self.watch_paths = [Path(p) for p in watch if Path(p).exists()]
        self.state = BuildState()
        self.server = http.server.ThreadingHTTPServer((host, port),
                                                      make_handler(self.output, self.state))
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{'localhost' if host == '127.0.0.1' else host}:{port}/"

    def rebuild(self, reason: str = "") -> None:
        if reason:
            self.report(f"Rebuilding ({reason})...")
        ok, printed = self.builder()
        self.state.record(ok, "" if ok else printed)
        if ok:
            self.report(printed.splitlines()[-1] if printed else "Built.")
        else:
            self.report(f"{printed}\nKeeping the last good build on {self.url}")

    def _watch(self) -> None:
        from watchfiles import watch

        for changes in watch(*self.watch_paths, stop_event=self._stop, debounce=300,
                             raise_interrupt=False):
            # Editors' save dances leave temporary names behind: report the files that exist.
            names = sorted({Path(p).name for _, p in changes if Path(p).exists()}) or \
                sorted({Path(p).name for _, p in changes})
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
