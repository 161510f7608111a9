"""Pelican's reader cache, made safe to leave on.

Parsing Markdown is most of a rebuild: with the cache, an unchanged file is
not parsed again (Pelican compares its modification time). But Pelican never
invalidates the cache when anything *else* that shapes the parsed HTML
changes: our Markdown extensions (code), the clause data they quote (content
data files), the catalogs they translate notes with (theme), the settings. So
the cache lives in a folder named by a digest of all of those: change any of
them and the build starts from an empty cache; nothing stale is ever served.
A failed build drops its cache folder, so a file that once made Pelican warn
is read (and warns) again next time.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

from safeonline.core.code import PACKAGE, content_code_files
from safeonline.core.settings import plain

KEEP = 6  # cache folders kept (tests and the bench build several content folders) ...
IN_USE = 30 * 60  # ... plus any used in the last half hour: a build may be running with it
# Settings that name where things go, not what a file parses to.
IGNORED_SETTINGS = {"OUTPUT_PATH", "CACHE_PATH"}


def _stat_files(digest, root: Path, skip_suffix: str | None = None) -> None:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix != skip_suffix:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                          .encode())


def cache_key(settings: dict) -> str:
    """Digest of everything besides a file's own text that shapes what it parses to."""
    import markdown
    import pelican

    digest = hashlib.sha256()
    digest.update(f"{pelican.__version__}\0{markdown.__version__}\n".encode())
    settings_data = {k: v for k, v in settings.items() if k not in IGNORED_SETTINGS}
    digest.update(repr(plain(settings_data)).encode())
    for path in content_code_files():  # our code, by content (not the commands or the bench)
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    _stat_files(digest, Path(settings["THEME"]))  # catalogs, templates
    _stat_files(digest, Path(settings["PATH"]), skip_suffix=".md")  # clause data, images
    return digest.hexdigest()[:16]


def keyed_cache_path(settings: dict) -> Path | None:
    """The cache folder for this build, or None when content caching is off.

    Older folders beyond the most recent `KEEP` are removed, so the cache does
    not grow with every code change; a folder used recently is never removed
    (a concurrent build, such as a parallel test run, may be reading it).
    """
    if not (settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH")):
        return None
    base = Path(settings["CACHE_PATH"])
    path = base / cache_key(settings)
    path.mkdir(parents=True, exist_ok=True)
    path.touch()  # most recently used first
    older = sorted((p for p in base.iterdir() if p.is_dir() and p != path),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    now = time.time()
    for stale in older[KEEP - 1:]:
        if now - stale.stat().st_mtime > IN_USE:
            shutil.rmtree(stale, ignore_errors=True)
    return path
