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
OURS = ("cold", "warm", "edit", "title")
MIB = 1024 * 1024
# Issue 14's goals: each a ratio to plain Pelican's full build in the same run
# (process wall time), or a limit. Checked and printed, not enforced.
GOALS = {"warm_ratio": 0.2, "edit_ratio": 0.3, "title_ratio": 0.5, "cold_ratio": 12.0,
         "page_cpu_ratio": 1.5, "memory_bytes": 1024 * MIB, "memory_materials": 5000}


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

    A figure whose builds were not run (`invoke bench --only`) is None. Rebuilds
    are compared with plain Pelican's whole process (wall time: what an editor
    waits for, start-up included on both sides); page building (read + pages) on
    CPU time, since on a shared machine wall time mostly measures the neighbours.
    """
    builds = results["builds"]
    cold, warm, edit, title, plain = (builds.get(n) for n in OURS + ("plain",))
    page_part = page_cpu = plain_pages = plain_cpu = None
    if cold:
        stages = cold["stages"]
        page_part = sum(stages.get(s, {}).get("seconds", 0.0) for s in ("read", "pages"))
        page_cpu = sum(stages.get(s, {}).get("cpu", 0.0) for s in ("read", "pages"))
    if plain:
        plain_pages = plain["stages"]["pelican"]["seconds"]
        plain_cpu = plain["stages"]["pelican"].get("cpu", 0.0)
    plain_wall = plain and plain["wall"]
    n = results["materials"]
    ours = [b for b in (cold, warm, edit, title) if b]
    peak = max((_peak(b) for b in ours), default=None)
    ratios = {f"{name}_ratio": _ratio(build and build["wall"], plain_wall)
              for name, build in zip(OURS, (cold, warm, edit, title), strict=True)}
    page_cpu_ratio = _ratio(page_cpu, plain_cpu)

    def within(key: str, value: float | None) -> bool | None:
        return None if value is None else value <= GOALS[key]

    return {
        "cold_wall": cold and cold["wall"],
        **ratios,
        "warm_rerendered": warm and rerendered(warm),
        "edit_rerendered": edit and rerendered(edit),
        "title_rerendered": title and rerendered(title),
        "cold_rerendered": cold and rerendered(cold),
        "page_part_seconds": page_part,
        "plain_pelican_seconds": plain_pages,
        "plain_wall": plain_wall,
        "page_ratio": _ratio(page_part, plain_pages),
        "page_cpu_ratio": page_cpu_ratio,
        "peak_memory_bytes": peak,
        "goals": {
            **{name: within(f"{name}_ratio", ratios[f"{name}_ratio"]) for name in OURS},
            "pages": within("page_cpu_ratio", page_cpu_ratio),
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
    plain = _num(s["plain_wall"], ".1f", " s")
    lines = [(f"Goals (issue 14; ratios to plain Pelican's whole build, {plain} in this "
              "run; goals, not tests):")]
    for name, what in (("warm", "warm rebuild, nothing changed"),
                       ("edit", "rebuild after editing one material's body"),
                       ("title", "rebuild after editing one material's title"),
                       ("cold", "cold build")):
        rendered = s.get(f"{name}_rerendered")
        lines.append(f"  {what} <= {GOALS[f'{name}_ratio']:g}x: "
                     f"{_num(s[f'{name}_ratio'], '.2f', 'x')}"
                     + (f", {rendered} PDF/PNG re-rendered" if rendered is not None else "")
                     + f" [{_verdict(g[name])}]")
    lines += [
        (f"  read + pages CPU <= {GOALS['page_cpu_ratio']:g}x plain Pelican's: "
         f"{_num(s['page_cpu_ratio'], '.2f', 'x')} (wall: "
         f"{_num(s['page_part_seconds'], '.2f', ' s')} vs "
         f"{_num(s['plain_pelican_seconds'], '.2f', ' s')}) [{_verdict(g['pages'])}]"),
        (f"  peak memory < 1 GiB at 5,000 materials: {_num(peak, '.0f', ' MiB')} at {n:,} "
         f"[{_verdict(g['memory'])}]"),
    ]
    return lines
