"""Files written whole or not at all.

Caches (leaflet PDFs, cards, merged fonts, the i18n memo) are read by later
builds and by builds running side by side; a build killed or failing halfway
must never leave half a file under the real name, where it would be served
as if it were good.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_whole(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def place(source: Path, target: Path) -> None:
    """Put a cached file into a build's output: a hard link, else (another filesystem) a copy.

    A rebuild then costs a directory entry per unchanged file, not its bytes. Cache
    files are only ever replaced whole (`written_whole`: a new inode), never written
    in place, so a linked output file never changes under a reader.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def keep_newest(folder: Path, pattern: str, keep: int = 24) -> None:
    """Delete all but the `keep` most recently written files matching `pattern`.

    Caches kept per content or output folder (check results, page manifests) would
    otherwise grow by one file for every temporary folder a test or bench builds.
    """
    files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in files[keep:]:
        stale.unlink(missing_ok=True)
