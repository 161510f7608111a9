"""Shared test harness: fixture content folders in, built sites and PDFs out.

A fixture under tests/fixtures/NAME is a content folder (materials/, pages/,
images/ ...). It gets the project's resolution data unless it brings its own,
is built once per test session with the real settings and plugins, and tests
assert on the files a reader would open.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_content(tmp: Path, fixture: str | None = None) -> Path:
    """A content folder in `tmp`: the fixture (or the bundled content) plus resolution data."""
    content = tmp / "content"
    source = FIXTURES / fixture if fixture else ROOT / "content"
    shutil.copytree(source, content)
    if not (content / "resolution").exists():
        shutil.copytree(ROOT / "content" / "resolution", content / "resolution")
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
    from pipeline.build import build_site
    from pipeline.settings import load_settings

    settings = load_settings(config or ROOT / "pelicanconf.py", PATH=str(content),
                             OUTPUT_PATH=str(output), **overrides)
    if "LEAFLETS" not in overrides:
        cache = LEAFLET_CACHE or Path(output).parent / "leaflet-cache"
        settings["LEAFLETS"] = {**settings["LEAFLETS"], "cache_dir": str(cache)}
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
