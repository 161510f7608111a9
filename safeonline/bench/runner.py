"""The benchmark scenario: one corpus, four builds, one set of figures.

1. write a seeded synthetic corpus and check it against the content contract;
2. `cold`: a full build with empty caches;
3. `warm`: the same build again, nothing changed;
4. `edit`: after one sentence is added to one material;
5. `title`: after that material's title is changed (every list showing it changes);
6. `plain`: Pelican with default settings and its `simple` theme, same Markdown.

Each build runs in its own process (`safeonline.bench.child`). Around each one, the cache
folders are compared file by file: a file that is new or changed was rendered
by that build. That is how "a warm rebuild re-renders nothing" is checked,
without trusting the plugins' own bookkeeping.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .corpus import edit_one, edit_title, make_corpus
from .progress import Progress

ROOT = Path(__file__).resolve().parents[2]
BUILDS = [  # (name, kind, what it measures)
    ("cold", "ours", "full build, empty caches"),
    ("warm", "ours", "rebuild, nothing changed"),
    ("edit", "ours", "rebuild after editing one material"),
    ("title", "ours", "rebuild after editing one material's title"),
    ("plain", "plain", "plain Pelican, default settings, simple theme"),
]
RENDERED = (".pdf", ".png")  # what "re-rendered" counts


class BenchFailed(Exception):
    """The bench could not measure: the corpus is invalid or a build failed."""


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`: relative path -> (mtime_ns, size)."""
    files = {}
    if folder.exists():
        for path in folder.rglob("*"):
            if path.is_file():
                stat = path.stat()
                files[str(path.relative_to(folder))] = (stat.st_mtime_ns, stat.st_size)
    return files


def rendered_files(before: dict, after: dict) -> dict[str, dict[str, int]]:
    """Files each cache gained or rewrote, by cache and suffix: {'leaflets': {'.pdf': 2}}."""
    changed: dict[str, Counter] = {}
    for rel, stamp in after.items():
        if before.get(rel) != stamp:
            cache, _, rest = rel.partition(os.sep)
            suffix = "".join(Path(rest).suffixes[-1:]) or "(none)"
            changed.setdefault(cache, Counter())[suffix] += 1
    return {cache: dict(counts) for cache, counts in sorted(changed.items())}


def output_files(output: Path) -> dict[str, int]:
    """What a build left in its output folder, by suffix (items for stages that don't count)."""
    counts: Counter = Counter()
    if output.exists():
        for path in output.rglob("*"):
            if path.is_file():
                counts[path.suffix or "(none)"] += 1
    return dict(sorted(counts.items()))


def run_build(kind: str, content: Path, output: Path, cache: Path, logs: Path,
              name: str, profile: Path | None = None) -> dict:
    """One build in a fresh interpreter; returns its measured figures."""
    result = logs / f"{name}.json"
    log = logs / f"{name}.log"
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "safeonline.bench.child", kind, str(content), str(output), str(cache),
             str(result), *([str(profile)] if profile else [])],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False)
    wall = time.perf_counter() - started
    figures = json.loads(result.read_text(encoding="utf-8")) if result.exists() else {}
    if proc.returncode != 0 or "error" in figures:
        detail = figures.get("error") or "\n".join(
            log.read_text(encoding="utf-8").splitlines()[-20:])
        raise BenchFailed(f"the {name} build failed (log: {log}):\n{detail}")
    figures["wall"] = wall
    return figures


def machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "load_average": load}


def run_bench(materials: int, *, seed: int = 1, workdir: Path | None = None,
              progress: Progress | None = None, profile_dir: Path | None = None,
              only: list[str] | None = None) -> dict:
    """Run the whole scenario; returns the figures (see docs/performance.md).

    With `profile_dir`, our builds run under cProfile (which slows them: their
    times are then not comparable) and leave `cold.prof`, `warm.prof`, `edit.prof` there.
    `only` names the builds to run (e.g. ["cold"] to see peak memory at a large N).
    """
    unknown = set(only or []) - {name for name, _, _ in BUILDS}
    if unknown:
        raise BenchFailed(f"unknown build(s) {', '.join(sorted(unknown))}: "
                          f"choose from {', '.join(name for name, _, _ in BUILDS)}")
    from safeonline.core.settings import load_settings
    from safeonline.plugins.contract import check_content

    progress = progress or Progress(len(only or BUILDS) + 1, stream=io.StringIO())
    settings = load_settings(ROOT / "pelicanconf.py")
    owned = tempfile.TemporaryDirectory(prefix="bench-") if workdir is None else None
    work = Path(owned.name) if owned else workdir
    try:
        with progress.step(f"writing {materials} materials"):
            corpus = make_corpus(work / "content", materials, settings, seed=seed)
            problems = check_content(load_settings(ROOT / "pelicanconf.py",
                                                   PATH=str(corpus.content)))
        if problems.errors:
            raise BenchFailed("the synthetic corpus breaks the content contract:\n"
                              + problems.as_text())
        results = {
            "schema": 1,
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "materials": materials,
            "languages": list(settings["LANGUAGES"]),
            "files": corpus.files,
            "seed": seed,
            "corpus_warnings": len(problems.warnings),
            "builds": {},
            "profiled": bool(profile_dir),
        }
        cache = work / "cache"
        logs = work / "logs"
        logs.mkdir()
        for name, kind, label in BUILDS:
            if name == "edit":
                edit_one(corpus)
            if name == "title":
                edit_title(corpus)
            if only and name not in only:
                continue
            build_cache = cache if kind == "ours" else work / "plain-cache"
            output = work / ("output" if kind == "ours" else "plain-output")
            before = snapshot(build_cache)
            with progress.step(f"{name}: {label}"):
                profile = profile_dir / f"{name}.prof" if profile_dir and kind == "ours" else None
                figures = run_build(kind, corpus.content, output, build_cache, logs, name,
                                    profile)
            figures["label"] = label
            figures["rendered"] = rendered_files(before, snapshot(build_cache))
            figures["outputs"] = output_files(output)
            results["builds"][name] = figures
        return results
    finally:
        if owned:
            owned.cleanup()


def save(results: dict, json_path: Path) -> Path:
    """Write the figures as JSON (tools compare runs with these, not with the table)."""
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    return json_path
