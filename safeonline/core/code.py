"""Where the package's own code lives, for the two things that read it as files.

The reader cache is keyed by the code that shapes parsed pages, and the
catalog extractor reads `_()` calls out of it. Both mean the core and the
plugins, never the commands or the benchmark: editing `invoke bench` must not
empty the reader cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
CONTENT_CODE = (PACKAGE / "core", PACKAGE / "plugins")


def content_code_files() -> Iterator[Path]:
    """Every module of the core and the plugins, in a stable order."""
    for folder in CONTENT_CODE:
        for path in sorted(folder.rglob("*.py")):
            if "__pycache__" not in path.parts:
                yield path
