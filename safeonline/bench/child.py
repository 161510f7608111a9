"""One measured build, run as `python -m safeonline.bench.child` in a fresh process.

A fresh process per build means every build pays its own imports and start-up,
as `invoke build` does, and its memory figures are its own. The result is
written as JSON to the path given; the parent (`safeonline.bench.runner`) reads it.

    python -m safeonline.bench.child ours  CONTENT OUTPUT CACHE RESULT.json
    python -m safeonline.bench.child plain CONTENT OUTPUT CACHE RESULT.json
    python -m safeonline.bench.child ours  CONTENT OUTPUT CACHE RESULT.json PROFILE.prof

With a PROFILE path the build runs under cProfile (this process only: worker
processes that render leaflets are not in it) and the stats are saved there.
"""

from __future__ import annotations

import cProfile
import json
import resource
import sys
import time
from pathlib import Path

from safeonline.core.stages import StageClock

from .memory import PeakSampler, maxrss_bytes

ROOT = Path(__file__).resolve().parents[2]


def cache_overrides(settings: dict, cache: Path) -> dict:
    """Point every cache the build uses into `cache`, so a cold build really is cold.

    Any namespaced setting with a `cache_dir` key (LEAFLETS, CARDS, ...) counts,
    so caches added later are isolated without touching the bench.
    """
    overrides: dict = {"CACHE_PATH": str(cache / "pelican")}
    for key, value in settings.items():
        if isinstance(value, dict) and "cache_dir" in value:
            overrides[key] = dict(value, cache_dir=str(cache / key.lower()))
    return overrides


def cache_dirs(settings: dict) -> dict[str, str]:
    """Setting name -> cache folder, for every namespaced setting with a `cache_dir`."""
    return {key: value["cache_dir"] for key, value in settings.items()
            if isinstance(value, dict) and "cache_dir" in value}


def build_ours(content: Path, output: Path, cache: Path, clock: StageClock) -> dict:
    from safeonline.commands.build import build_site
    from safeonline.core.settings import load_settings

    base = load_settings(ROOT / "pelicanconf.py")
    settings = load_settings(ROOT / "pelicanconf.py", PATH=str(content),
                             OUTPUT_PATH=str(output), **cache_overrides(base, cache))
    report = build_site(settings, clock=clock)
    return {"warnings": len(report.problems.warnings), "counts": dict(report.counts),
            "caches": cache_dirs(settings)}


def build_plain(content: Path, output: Path, cache: Path, clock: StageClock) -> dict:
    """Pelican as it comes: default settings, its `simple` theme, no plugins."""
    from pelican import Pelican, signals
    from pelican.settings import read_settings

    settings = read_settings(None, override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "THEME": "simple",
        "CACHE_PATH": str(cache / "pelican"), "PLUGINS": []})

    def written(path, context=None) -> None:
        timing = clock.timing("pelican")
        timing.items = (timing.items or 0) + 1

    with signals.content_written.connected_to(written), clock.stage("pelican"):
        Pelican(settings).run()
    return {"warnings": 0, "counts": {}, "caches": {}}


def main(argv: list[str]) -> int:
    kind, content, output, cache, result, *profile = argv
    clock = StageClock()
    sampler = PeakSampler(lambda: clock.current)
    sampler.start()
    started = time.perf_counter()
    outcome: dict = {"kind": kind}
    profiler = cProfile.Profile() if profile else None
    try:
        build = build_ours if kind == "ours" else build_plain
        if profiler:
            profiler.enable()
        outcome.update(build(Path(content), Path(output), Path(cache), clock))
    except Exception as exc:  # noqa: BLE001 - reported by the parent with the log
        from safeonline.core.problems import BuildFailed

        outcome["error"] = exc.problems.as_text() if isinstance(exc, BuildFailed) else (
            f"{type(exc).__name__}: {exc}")
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile[0])
    outcome["seconds"] = time.perf_counter() - started
    outcome["cpu"] = sum(getattr(resource.getrusage(who), field)
                         for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                         for field in ("ru_utime", "ru_stime"))
    sampler.stop()
    outcome["stages"] = clock.as_dict()
    outcome["memory"] = {
        "peak_tree": sampler.peak if sampler.available else None,
        "by_stage": sampler.peaks,
        "maxrss_self": maxrss_bytes(resource.RUSAGE_SELF),
        "maxrss_children": maxrss_bytes(resource.RUSAGE_CHILDREN),
    }
    Path(result).write_text(json.dumps(outcome, indent=1), encoding="utf-8")
    return 1 if "error" in outcome else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
