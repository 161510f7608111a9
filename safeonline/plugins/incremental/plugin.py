"""Incremental pages: Pelican gets a Writer that reuses unchanged pages (writer.py).

Signals, in build order:
- `initialized`: the INCREMENTAL setting is typed (config.py);
- `get_writer`: a ReusingWriter for this build, keyed by the inputs no context
  holds (theme files, our code, library versions);
- `finalized`: its page digests are staged for the manifest, which `invoke build`
  commits after the swap (manifest.commit), or forgotten if the shared context
  changed while pages were written.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

from pelican import signals

from safeonline.core.code import PACKAGE, content_code_files
from safeonline.core.stages import count

from . import manifest
from .config import incremental_settings
from .writer import ReusingWriter

LIBRARIES = ("pelican", "jinja2", "markupsafe", "markdown")
_writers: dict[int, type[ReusingWriter]] = {}  # id(pelican) -> this build's writer class


def type_settings(pelican) -> None:
    incremental_settings(pelican.settings)


def static_inputs(settings) -> bytes:
    """What shapes a page besides its context: templates and catalogs, code, libraries."""
    digest = hashlib.blake2b(digest_size=20)
    for name in LIBRARIES:
        digest.update(f"{name}={importlib.metadata.version(name)}\n".encode())
    for path in content_code_files():
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    theme = Path(settings["THEME"])
    for path in sorted(theme.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(theme)).encode() + b"\0" + path.read_bytes())
    return digest.digest()


def get_writer(pelican) -> type[ReusingWriter] | None:
    if not incremental_settings(pelican.settings).enabled:
        return None
    writer = type("ReusingWriter", (ReusingWriter,), {
        "static_inputs": static_inputs(pelican.settings), "instances": []})
    _writers[id(pelican)] = writer
    return writer


def reused_pages(pelican) -> frozenset[str]:
    """The pages of this build taken unchanged from the live output: byte for byte a page
    a finished build wrote, and checked (privacy), under the same code and settings, which
    every page's digest holds. Empty before pages are written and after `finalized`."""
    writer_class = _writers.get(id(pelican))
    if writer_class is None:
        return frozenset()
    return frozenset(path for writer in writer_class.instances for path in writer.reused_paths)


def stage_manifest(pelican) -> None:
    writer_class = _writers.pop(id(pelican), None)
    if writer_class is None:
        return
    for writer in writer_class.instances:
        count("pages", "rendered", writer.rendered)
        count("pages", "reused", writer.reused)
        writer.save_names()
        if writer.previous is None:
            continue
        if writer.contexts_unchanged():
            manifest.save_pending(writer.manifest_path, writer.digests)
        else:
            manifest.forget(writer.manifest_path)


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(stage_manifest)
