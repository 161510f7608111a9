"""Shared test harness: fixture content folders in, built sites and PDFs out.

A fixture under tests/fixtures/NAME is a content folder (materials/, pages/,
images/ ...). It gets the project's resolution data unless it brings its own,
is built once per test session with the real settings and plugins, and tests
assert on the files a reader would open.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Cards are cached by content hash, so sharing one cache within a session is safe.
CARD_CACHE = Path(tempfile.mkdtemp(prefix="safeonline-cards-"))


def make_content(tmp: Path, fixture: str | None = None) -> Path:
    """A content folder in `tmp`: the fixture (or the bundled content) plus resolution data."""
    content = tmp / "content"
    source = FIXTURES / fixture if fixture else ROOT / "content"
    shutil.copytree(source, content)
    if not (content / "resolution").exists():
        shutil.copytree(ROOT / "content" / "resolution", content / "resolution")
    if not (content / "data").exists():
        shutil.copytree(ROOT / "content" / "data", content / "data")
    return content


LEAFLET_CACHE: Path | None = None  # set per test session by `_leaflet_cache`


@pytest.fixture(scope="session", autouse=True)
def _leaflet_cache(tmp_path_factory) -> Path:
    """Test builds share one leaflet cache in a temporary folder, never the project's."""
    global LEAFLET_CACHE
    LEAFLET_CACHE = tmp_path_factory.mktemp("leaflet-cache")
    return LEAFLET_CACHE


def build(content: Path, output: Path, config: Path | None = None, **overrides):
    """Run the real build; returns the BuildReport (raises BuildFailed)."""
    from safeonline.commands.build import build_site
    from safeonline.core.settings import load_settings

    settings = load_settings(config or ROOT / "pelicanconf.py", PATH=str(content),
                             OUTPUT_PATH=str(output), **overrides)
    if "LEAFLETS" not in overrides:
        cache = LEAFLET_CACHE or Path(output).parent / "leaflet-cache"
        settings["LEAFLETS"] = {**settings["LEAFLETS"], "cache_dir": str(cache)}
    if "CARDS" not in overrides:  # never the developer's card cache; one per test session
        settings["CARDS"] = dict(settings["CARDS"], cache_dir=str(CARD_CACHE))
    return build_site(settings)


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory) -> Path:
    """The `basic` fixture built once: a few materials in English and Arabic."""
    tmp = tmp_path_factory.mktemp("basic")
    content = make_content(tmp, "basic")
    build(content, tmp / "output")
    return tmp / "output"


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> Path:
    """The project's own content, built once, as `invoke build` would."""
    tmp = tmp_path_factory.mktemp("bundled")
    content = make_content(tmp)
    build(content, tmp / "output")
    return tmp / "output"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def pdf_text(path: Path, *args: str) -> str:
    """Text as a reader copying from the PDF gets it (poppler's pdftotext)."""
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def site_server(bundled_site):
    """The bundled site over HTTP on 127.0.0.1 (a random free port), with its `_headers`."""
    import functools
    import http.server
    import threading

    headers = [line.strip().split(": ", 1) for line in
               (bundled_site / "_headers").read_text().splitlines()
               if line.startswith("  ")] if (bundled_site / "_headers").exists() else []

    class Quiet(http.server.SimpleHTTPRequestHandler):
        """Sends the site's own `_headers`, as the production host would."""

        def end_headers(self) -> None:
            for name, value in headers:
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(bundled_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright: one browser for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def make_site(folder: Path, text: str) -> Path:
    """A built site of two files, for publishing tests that need no real build."""
    (folder / "en").mkdir(parents=True, exist_ok=True)
    (folder / "en" / "index.html").write_text(f"<p>{text}</p>")
    (folder / "logo.svg").write_text("<svg/>")
    return folder


@pytest.fixture()
def ssh_shim(tmp_path) -> str:
    """`ssh HOST COMMAND...` that runs COMMAND here: the remote path, without a server."""
    shim = tmp_path / "fake-ssh"
    shim.write_text('#!/bin/sh\nshift\nexec sh -c "$*"\n')
    shim.chmod(0o755)
    return str(shim)
