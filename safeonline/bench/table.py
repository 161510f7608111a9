"""The bench's figures as a table and a list of goals, for people; JSON stays for tools.

The stage list is the issue's: a stage the build does not have yet reads
"absent", and any stage a plugin reports that is not listed here is shown
after them, so new stages need no change in the bench. Packs have no row of
their own: they are assembled from the leaflets' PDFs in the same worker pool,
each as soon as its last member is rendered, so their time is in `leaflets`.
"""

from __future__ import annotations

EXPECTED_STAGES = [
    ("check", "check content"),
    ("read", "read/parse"),
    ("pages", "pages"),
    ("leaflets", "leaflets + packs"),
    ("cards", "cards"),
    ("search", "search index"),
    ("swap", "swap"),
    ("cleanup", "remove old output"),
]
OURS = ("cold", "warm", "edit")
MIB = 1024 * 1024
GOALS = {  # from the issue; checked, not enforced
    "cold_seconds": 60.0, "cold_materials": 1000, "edit_fraction": 0.25,
    "page_ratio": 1.3, "memory_bytes": 1024 * MIB, "memory_materials": 5000,
}


def _peak(build: dict) -> int:
    memory = build.get("memory", {})
    return max(memory.get("peak_tree") or 0, memory.get("maxrss_self") or 0)


def rerendered(build: dict) -> int:
    """PDFs and PNGs a build wrote into the caches."""
    return sum(n for counts in build.get("rendered", {}).values()
               for suffix, n in counts.items() if suffix in (".pdf", ".png"))


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def summarize(results: dict) -> dict:
    """Ratios and goals, computed once and stored in the JSON with the raw figures.

    A figure whose builds were not run (`invoke bench --only`) is None. The
    page-building goal is judged on CPU time: on a shared machine wall time
    mostly measures the neighbours.
    """
    builds = results["builds"]
    cold, warm, edit, plain = (builds.get(n) for n in ("cold", "warm", "edit", "plain"))
    page_part = page_cpu = plain_pages = plain_cpu = None
    if cold:
        stages = cold["stages"]
        page_part = sum(stages.get(s, {}).get("seconds", 0.0) for s in ("read", "pages"))
        page_cpu = sum(stages.get(s, {}).get("cpu", 0.0) for s in ("read", "pages"))
    if plain:
        plain_pages = plain["stages"]["pelican"]["seconds"]
        plain_cpu = plain["stages"]["pelican"].get("cpu", 0.0)
    n = results["materials"]
    ours = [b for b in (cold, warm, edit) if b]
    peak = max((_peak(b) for b in ours), default=None)
    page_cpu_ratio = _ratio(page_cpu, plain_cpu)
    edit_fraction = _ratio(edit and edit["wall"], cold and cold["wall"])
    return {
        "cold_wall": cold and cold["wall"],
        "edit_fraction": edit_fraction,
        "warm_fraction": _ratio(warm and warm["wall"], cold and cold["wall"]),
        "warm_rerendered": warm and rerendered(warm),
        "edit_rerendered": edit and rerendered(edit),
        "cold_rerendered": cold and rerendered(cold),
        "page_part_seconds": page_part,
        "plain_pelican_seconds": plain_pages,
        "page_ratio": _ratio(page_part, plain_pages),
        "page_cpu_ratio": page_cpu_ratio,
        "overhead_ratio": _ratio(cold and cold["wall"], plain and plain["wall"]),
        "peak_memory_bytes": peak,
        "goals": {
            "cold": None if not cold or n != GOALS["cold_materials"] else
            cold["wall"] <= GOALS["cold_seconds"],
            "edit": None if edit_fraction is None else edit_fraction <= GOALS["edit_fraction"],
            "warm": None if not warm else rerendered(warm) == 0,
            "pages": None if page_cpu_ratio is None else page_cpu_ratio <= GOALS["page_ratio"],
            "memory": None if peak is None or n < GOALS["memory_materials"] else
            peak < GOALS["memory_bytes"],
        },
    }


def _stage_rows(results: dict) -> list[tuple[str, str]]:
    seen = [name for name, _ in EXPECTED_STAGES]
    rows = list(EXPECTED_STAGES)
    for build in _ours(results):
        for name in results["builds"][build]["stages"]:
            if name not in seen:
                seen.append(name)
                rows.append((name, name))
    return rows


def _cell(build: dict, stage: str) -> list[str]:
    timing = build["stages"].get(stage)
    if timing is None:
        return ["absent", "", "", ""]
    seconds, items = timing["seconds"], timing.get("items")
    rate = f"{items / seconds:,.0f}" if items and seconds > 0 else ""
    peak = build.get("memory", {}).get("by_stage", {}).get(stage)
    return [f"{seconds:.2f}", f"{timing.get('cpu', 0.0):.2f}", rate,
            f"{peak / MIB:.0f}" if peak else ""]


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "MISSED")


def _ours(results: dict) -> list[str]:
    return [name for name in OURS if name in results["builds"]]


def format_table(results: dict) -> str:
    summary = results.get("summary") or summarize(results)
    builds = results["builds"]
    ours = _ours(results)
    head = ["stage", "items"]
    for name in ours:
        head += [f"{name} s", "cpu s", "items/s", "peak MiB"]
    rows = [head]
    first = builds[ours[0]] if ours else {"stages": {}}
    for stage, label in _stage_rows(results):
        items = first["stages"].get(stage, {}).get("items")
        row = [label, f"{items:,}" if items is not None else ""]
        for name in ours:
            row += _cell(builds[name], stage) if stage in builds[name]["stages"] or \
                name == ours[0] else ["", "", "", ""]
        rows.append(row)
    if ours:
        total = ["build (in process)", ""]
        wall = ["process wall time", ""]
        for name in ours:
            b = builds[name]
            total += [f"{b['seconds']:.2f}", "", "", f"{_peak(b) / MIB:.0f}"]
            wall += [f"{b['wall']:.2f}", f"{b.get('cpu', 0.0):.2f}", "", ""]
        rows += [total, wall]
    if "plain" in builds:
        plain = builds["plain"]
        p = plain["stages"]["pelican"]
        rows.append(["plain Pelican", f"{p['items'] or 0:,}", f"{p['seconds']:.2f}",
                     f"{p.get('cpu', 0.0):.2f}",
                     f"{(p['items'] or 0) / p['seconds']:,.0f}" if p["seconds"] else "",
                     f"{_peak(plain) / MIB:.0f}"])
        rows.append(["plain Pelican wall", "", f"{plain['wall']:.2f}",
                     f"{plain.get('cpu', 0.0):.2f}"])
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(width)]
    lines = [(f"Benchmark: {results['materials']:,} materials x {len(results['languages'])} "
              f"languages ({results['files']:,} Markdown files), seed {results['seed']}, "
              f"{results['machine']['cpus']} CPUs, load {_load(results)} at start, "
              f"{results['started']}" + (" (profiled: times inflated)"
                                         if results.get("profiled") else ""))]
    for i, r in enumerate(rows):
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("-" * len(lines[-1]))
    lines.append("")
    for name in ours:
        lines.append(f"{name:>5}: {builds[name]['label']}; cache files written: "
                     f"{_rendered_text(builds[name]['rendered'])}")
    lines.append("")
    lines += _goal_lines(results, summary)
    return "\n".join(lines)


def _load(results: dict) -> str:
    load = results["machine"].get("load_average")
    return f"{load[0]:.1f}" if load else "?"


def _rendered_text(rendered: dict) -> str:
    if not rendered:
        return "none"
    return "; ".join(f"{cache} " + ", ".join(f"{n:,} {suffix}" for suffix, n in counts.items())
                     for cache, counts in rendered.items())


def _num(value: float | None, spec: str, unit: str = "") -> str:
    return "not run" if value is None else f"{value:{spec}}{unit}"


def _goal_lines(results: dict, s: dict) -> list[str]:
    g, n = s["goals"], results["materials"]
    peak = None if s["peak_memory_bytes"] is None else s["peak_memory_bytes"] / MIB
    return [
        "Goals (from the issue; goals, not tests):",
        (f"  cold build <= 60 s at 1,000 materials, 2 cores: {_num(s['cold_wall'], '.1f', ' s')}"
         f" at {n:,} [{_verdict(g['cold'])}]"),
        (f"  edit rebuild <= 1/4 of cold: {_num(s['edit_fraction'], '.0%')} of cold, "
         f"{_num(s['edit_rerendered'], 'd')} PDF/PNG re-rendered [{_verdict(g['edit'])}]"),
        (f"  warm rebuild re-renders no PDF/PNG: {_num(s['warm_rerendered'], 'd')} re-rendered "
         f"[{_verdict(g['warm'])}]"),
        (f"  page building (read+pages) <= 1.3x plain Pelican, CPU time: "
         f"{_num(s['page_cpu_ratio'], '.2f', 'x')} (wall: {_num(s['page_part_seconds'], '.2f', ' s')}"
         f" vs {_num(s['plain_pelican_seconds'], '.2f', ' s')} = "
         f"{_num(s['page_ratio'], '.2f', 'x')}) [{_verdict(g['pages'])}]"),
        (f"  overall overhead, cold build vs plain Pelican (wall): "
        f"{_num(s['overhead_ratio'], '.2f', 'x')}"),
        (f"  peak memory < 1 GiB at 5,000 materials: {_num(peak, '.0f', ' MiB')} at {n:,} "
         f"[{_verdict(g['memory'])}]"),
    ]
