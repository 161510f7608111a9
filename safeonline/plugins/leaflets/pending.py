"""Leaflets submitted before Pelican writes the pages, collected when first needed.

The render pool's workers take the leaflets as soon as every material is
read (`all_generators_finalized`), so they render while this process writes
the pages. What the pages need from the results (the hubs' pack page counts,
`leaflet_packs`; the library, `leaflet_library`) is collected on first use:
`Pending.result()` waits for the pool once, reports failures as
`BuildFailed` and fills the context. `leaflet_packs` stands in the context
as `PacksWhenRendered`, which collects when a template first looks into it,
so no plugin order has to be right for a hub to show its pack.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from safeonline.core.problems import BuildFailed, ProblemList
from safeonline.core.render_pool import dead_worker_problem
from safeonline.core.stages import stage

from .library import build_library
from .render_errors import report_render_errors
from .runner import LeafletRun


class Pending:
    """One build's leaflets in flight; `result()` collects them (once)."""

    def __init__(self, run: LeafletRun, context: dict, settings: dict, output: Path,
                 root: Path):
        self.run, self.context, self.settings = run, context, settings
        self.output, self.root = output, root
        self.done = False

    def result(self) -> None:
        if self.done:
            return
        self.done = True
        problems = ProblemList(root=self.root)
        with stage("leaflets") as timing:  # the wait, the packs and the copying out
            done, stats, errors = self.run.finish(self.output)
            timing.counts["rendered"] = len(stats.rendered)
            timing.counts["cached"] = len(stats.reused)
        died = [error for error in errors if error.died]
        if died:  # not the content's fault: one message, not one per leaflet
            dead_worker_problem(problems, "leaflets", "LEAFLETS", str(died[0]), len(died))
            raise BuildFailed(problems)
        report_render_errors(errors, problems, self.root)
        if problems.errors:
            raise BuildFailed(problems)
        self.context["leaflet_stats"] = stats
        build_library(self.context, self.settings, done)


class PacksWhenRendered(Mapping):
    """`leaflet_packs[lang][audience]`, collected from the pool on first look."""

    def __init__(self, pending: Pending):
        self.pending = pending

    def _packs(self) -> dict[str, Any]:
        self.pending.result()
        return self.pending.context["leaflet_packs_ready"]

    def __getitem__(self, lang: str) -> Any:
        return self._packs()[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packs())

    def __len__(self) -> int:
        return len(self._packs())
