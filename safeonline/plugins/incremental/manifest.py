"""The pages of the live output and what each was made from.

`name -> [digest, size, mtime_ns]`, one JSON file per output folder. A page is
reused only when its digest matches *and* the live file still has the size and
modification time recorded after the swap: a file changed or removed by hand is
rendered again, never trusted. Written whole, after the swap (`commit`), so a
failed build leaves the manifest of the output that is still live.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from safeonline.core.files import keep_newest, written_whole


def manifest_path(cache_dir: str, output: str) -> Path:
    """One manifest per output folder: tests and previews build into other folders."""
    key = hashlib.sha256(str(Path(output).resolve()).encode()).hexdigest()[:16]
    return Path(cache_dir) / f"{key}.json"


def load(path: Path) -> dict[str, list]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def still_live(entry: list, file: Path) -> bool:
    try:
        stat = file.stat()
    except OSError:
        return False
    return [stat.st_size, stat.st_mtime_ns] == entry[1:3]


def pending_path(path: Path) -> Path:
    return path.with_suffix(".next.json")


def save_pending(path: Path, digests: dict[str, str]) -> None:
    """The staged build's pages, without stats yet: they belong to files not yet live."""
    with written_whole(pending_path(path)) as temp:
        temp.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")


def commit(path: Path, output: Path) -> None:
    """After the swap: the staged manifest becomes the live one, with each file's stat."""
    pending = pending_path(path)
    digests = load(pending)
    entries = {}
    for name, digest in digests.items():
        try:
            stat = os.stat(output / name)
        except OSError:
            continue
        entries[name] = [digest, stat.st_size, stat.st_mtime_ns]
    with written_whole(path) as temp:
        temp.write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")
    pending.unlink(missing_ok=True)
    keep_newest(path.parent, "*.json")  # manifests and build records of recent outputs


def forget(path: Path) -> None:
    """A build that could not vouch for its digests: the next one renders every page."""
    path.unlink(missing_ok=True)
    pending_path(path).unlink(missing_ok=True)


def load_names(path: Path) -> dict[str, frozenset[str] | None]:
    """The names each template can reach (writer.referenced_names), as last read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: None if names is None else frozenset(names) for name, names in data.items()}


def save_names(path: Path, names: dict[str, frozenset[str] | None]) -> None:
    with written_whole(path) as temp:
        temp.write_text(json.dumps({name: None if found is None else sorted(found)
                                    for name, found in names.items()}, sort_keys=True),
                        encoding="utf-8")
