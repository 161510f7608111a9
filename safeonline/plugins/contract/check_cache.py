"""Per-file check results, kept by what they were made from.

Checking a file reads only that file, the settings, the resolution data, the
code, and which other files exist (links and images must reach one; a typo gets
a suggestion from their names). So a file's problems and its record (what it
declares, for the checks across files) are kept under a digest of its bytes
and of all of those; a rebuild after one edit checks one file again, and the
checks across files (slugs, translations, unused images) run over the kept
records, as they always do. The whole cache is one JSON file per content
folder, written whole (`CHECKS["cache_dir"]`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from safeonline.core.code import PACKAGE, content_code_files
from safeonline.core.files import keep_newest, written_whole
from safeonline.core.problems import Problem, ProblemList

# Settings that name where things go, never what a file says.
PLACES = frozenset({"OUTPUT_PATH", "CACHE_PATH", "INCREMENTAL"})


class Lines:
    """A record's `line(key)`, kept as data: the header's line per key."""

    def __init__(self, lines: dict[str, int]):
        self.lines = lines

    def __call__(self, key: str) -> int:
        return self.lines.get(key, 1)


def _encode(value):
    if isinstance(value, Path):
        return {"$path": str(value)}
    if isinstance(value, set | frozenset):
        return {"$set": sorted((_encode(v) for v in value), key=repr)}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Lines):
        return {"$lines": value.lines}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"a check record holds a {type(value).__name__}")


DECODERS: dict[str, Callable] = {
    "$path": Path, "$date": dt.date.fromisoformat, "$lines": Lines,
    "$set": lambda items: {_decode(v) for v in items},
    "$tuple": lambda items: tuple(_decode(v) for v in items),
}


def _decode(value):
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in DECODERS:
            tag, inner = next(iter(value.items()))
            return DECODERS[tag](inner)
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def cache_key(settings: dict, root: Path) -> bytes:
    """What every file's result depends on besides its own bytes."""
    from safeonline.core.settings import plain

    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr(plain({k: v for k, v in settings.items() if k not in PLACES})).encode())
    digest.update(str(root).encode())
    for path in content_code_files():
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    content = Path(settings["PATH"])
    for path in sorted(content.rglob("*")):  # which files exist; data and images by content
        if path.is_file():
            digest.update(f"{path.relative_to(content)}\n".encode())
            if path.suffix != ".md":
                digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    return digest.digest()


def open_cache(settings: dict, root: Path) -> CheckCache:
    """The cache for this content folder and settings (one that keeps nothing if off)."""
    from .config import check_settings

    folder = check_settings(dict(settings)).cache_dir
    if not folder:
        return CheckCache(None, b"")
    content = str(Path(settings["PATH"]).resolve())
    name = hashlib.sha256(content.encode()).hexdigest()[:16]
    return CheckCache(Path(folder) / f"{name}.json", cache_key(settings, root))


class CheckCache:
    """`check(path, ...)`: a file's check, from the cache when its inputs are the same."""

    def __init__(self, path: Path | None, key: bytes):
        self.path, self.key = path, key.hex()
        self.kept: dict[str, dict] = {}
        self.made: dict[str, dict] = {}
        self.checked = self.reused = 0
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("key") == self.key:
                    self.kept = data["files"]
            except (OSError, ValueError, KeyError):
                pass

    def check(self, check_file: Callable, path: Path, settings: dict, problems: ProblemList,
              *, material: bool) -> dict:
        try:
            digest = hashlib.blake2b(path.read_bytes() + bytes([material]),
                                     digest_size=20).hexdigest()
        except OSError:
            return check_file(path, settings, problems, material=material)
        name = str(path)
        entry = self.kept.get(name)
        if entry is None or entry["digest"] != digest:
            own = ProblemList(root=problems.root)
            record = check_file(path, settings, own, material=material)
            if "line" in record:  # the Context's bound `line`: its header's lines, as data
                header = record["line"].__self__.header
                record["line"] = Lines({**header.malformed, **header.lines})
            entry = {"digest": digest, "problems": [p.__dict__ for p in own.items],
                     "record": _encode(record)}
            self.checked += 1
        else:
            self.reused += 1
        self.made[name] = entry
        problems.items.extend(Problem(**p) for p in entry["problems"])
        return _decode(entry["record"]) if entry["record"] else {}

    def save(self) -> None:
        if self.path is not None and self.made != self.kept:
            with written_whole(self.path) as temp:
                temp.write_text(json.dumps({"key": self.key, "files": self.made}),
                                encoding="utf-8")
            keep_newest(self.path.parent, "*.json")
