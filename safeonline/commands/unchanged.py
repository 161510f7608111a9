"""A rebuild with nothing changed has nothing to do.

Every file a build writes is a function of its inputs: the content folder, the
theme, the assets, the settings, our code and the installed libraries. After a
successful build, `remember` stores a digest of all of them beside a stamp of
the output tree it made (each file's path, size and modification time) and the
build's summary counts and warnings. The next build of the same output whose
inputs digest the same, while the output still has that stamp, returns that
summary at once: the bytes it would write are the ones already there. Any edit,
any file touched in `output/`, a changed setting or library, and it builds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import os
import sysconfig
from pathlib import Path

from safeonline.core.code import PACKAGE
from safeonline.core.files import written_whole
from safeonline.core.problems import Problem, ProblemList
from safeonline.core.settings import plain

# Folders whose every file is an input, by setting; the output folder is not one.
INPUT_FOLDERS = ("PATH", "THEME", "ASSETS_PATH")


def _files(digest, root: Path) -> None:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")  # written by running it
        for name in sorted(names):
            path = Path(folder, name)
            digest.update(f"{path.relative_to(root)}\0".encode())
            digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())


def inputs_digest(settings: dict) -> str:
    """Everything a build reads, by content (not by modification time)."""
    digest = hashlib.blake2b(digest_size=20)
    # The environment's own packages: not `sys.path`, which Pelican extends while it runs.
    site = sorted({sysconfig.get_paths()[key] for key in ("purelib", "platlib")})
    versions = sorted({f"{d.metadata['Name']}=={d.version}"
                       for d in importlib.metadata.distributions(path=site)})
    digest.update("\n".join(versions).encode())
    digest.update(repr(plain({k: v for k, v in settings.items() if k != "CACHE_PATH"}))
                  .encode())
    _files(digest, PACKAGE)
    for key in INPUT_FOLDERS:
        if settings.get(key) and Path(settings[key]).is_dir():
            digest.update(f"\0{key}\0".encode())
            _files(digest, Path(settings[key]))
    return digest.hexdigest()


def output_stamp(output: Path) -> str:
    """Each file of the output tree by path, size and modification time."""
    digest = hashlib.blake2b(digest_size=20)
    for folder, dirs, names in os.walk(output):
        dirs.sort()
        for name in sorted(names):
            stat = os.stat(os.path.join(folder, name))
            rel = os.path.relpath(os.path.join(folder, name), output)
            digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def record_path(cache_dir: str, output: Path) -> Path:
    key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return Path(cache_dir) / f"{key}.build.json"


def remember(record: Path, inputs: str, output: Path, counts: dict,
             problems: ProblemList) -> None:
    """After a successful build: what it read, what it left, what it said."""
    data = {"inputs": inputs, "output": output_stamp(output), "counts": list(counts.items()),
            "warnings": [dataclasses.asdict(p) for p in problems.warnings]}
    with written_whole(record) as temp:
        temp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")


def last_build(record: Path, inputs: str, output: Path) -> tuple[dict, ProblemList] | None:
    """The last build's counts and warnings, if it read these inputs and its output is as
    it left it; else None (and the record is dropped: it can never match again)."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("inputs") != inputs or not output.is_dir() \
            or data.get("output") != output_stamp(output):
        record.unlink(missing_ok=True)
        return None
    problems = ProblemList()
    problems.items.extend(Problem(**p) for p in data["warnings"])
    return dict(data["counts"]), problems  # in the order the summary line gives them


def forget(record: Path) -> None:
    record.unlink(missing_ok=True)
