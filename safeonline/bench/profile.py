"""Where a profiled build spent its time, in our own code first.

Pelican, Jinja and Markdown dominate any profile of a static site build; what
we can change is our plugins and templates. So the summary lists the
functions from this repository with the most time spent in them, including
what they call (cumulative), then the top entries overall.
"""

from __future__ import annotations

import io
import pstats
from pathlib import Path


def top_functions(profile: Path, root: Path, limit: int = 15) -> str:
    """The `limit` costliest functions under `root` (cumulative) and overall (own time)."""
    out = io.StringIO()
    stats = pstats.Stats(str(profile), stream=out)
    stats.sort_stats("cumulative").print_stats(f"^{root}/(plugins|themes)/", limit)
    stats.sort_stats("tottime").print_stats(limit)
    lines = [line for line in out.getvalue().splitlines()
             if line.strip() and str(profile) not in line
             and not line.lstrip().startswith(("List reduced", "Ordered by"))]
    return "\n".join(lines)
