"""Printable leaflets: one PDF per material, language and paper size, plus audience packs.

Registered signals (the whole list):
- `initialized`: type the `LEAFLETS` setting (config.py), check the ReportLab
  version and reach LEAFLETS["executor"] if one is set, so a typo, a wrong
  install or a scheduler that is down fails before any work.
- `article_generator_finalized`: give every material its `leaflets` download
  links, every edition on every paper (the article template shows them).
- `all_generators_finalized`: render the leaflets and packs that changed (in
  the shared render pool, cached by input digest) into the output folder, with
  thumbnails, zip the leaflets per audience and language (bundles.py), and put the
  library and the packs in the context for the templates.
- `get_generators`: `LeafletLibraryGenerator` writes `/<lang>/leaflets/` and the
  library's facet pages, `/<lang>/library/<facet>/<value>/`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator

from safeonline.core import executors
from safeonline.core.problems import ProblemList
from safeonline.core.render_pool import dead_worker_problem
from safeonline.core.stages import stage

from .bundles import make_bundles
from .config import leaflet_settings
from .library import Download, LeafletLibraryGenerator, build_library
from .model import PAPER_LABELS, editions, leaflet_path
from .render_errors import report_render_errors
from .rtl import ReportLabVersionError, check_reportlab_version
from .rtl.reportlab_patch import PINNED_REPORTLAB
from .runner import LeafletRun, Rendered
from .specs import make_jobs, material_specs

log = logging.getLogger(__name__)


def check_settings(pelican) -> None:
    """Stop before any work on a wrong `LEAFLETS` or a ReportLab the RTL engine was not
    written for (workers would otherwise fail one leaflet at a time)."""
    from safeonline.core.problems import BuildFailed

    executors.reach("LEAFLETS", leaflet_settings(pelican.settings).executor)
    try:
        check_reportlab_version()
    except ReportLabVersionError as exc:
        problems = ProblemList()
        problems.error("(build)", 0, str(exc),
                       f"run '.venv/bin/pip install reportlab=={PINNED_REPORTLAB}' "
                       "or '.venv/bin/pip install -e .'")
        raise BuildFailed(problems) from None


def attach_links(generator) -> None:
    """`material.leaflets`: what the material page offers for download, every edition
    on every paper; `render_all` adds their page counts and sizes once they exist."""
    conf = leaflet_settings(generator.settings)
    for material in generator.articles + generator.translations:
        material.leaflets = [
            Download(url=leaflet_path(conf, material.lang, material.slug, paper, edition),
                     label=PAPER_LABELS[paper], paper=paper, edition=edition)
            for paper in conf.formats for edition in editions(conf, paper)]


def render_all(generators) -> None:
    """Plan the leaflets and packs, render what the cache lacks in the shared render
    pool, and put the library in the context, before any page is written: each
    material's page lists its leaflets' page counts and sizes."""
    from safeonline.core.problems import BuildFailed

    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is None:
        return
    settings, context = articles.settings, articles.context
    conf = leaflet_settings(settings)
    root = Path(settings["PATH"]).resolve().parent  # the project: paths as `invoke check` gives them
    problems = ProblemList(root=root)
    output = Path(articles.output_path)
    font_dir = str(Path(settings["ASSETS_PATH"]) / "fonts")
    # Planning (specs, image checks, digests) is leaflet work: timed as such.
    with stage("leaflets") as timing:
        specs = material_specs(context.get("materials", []), settings, context["resolutions"],
                               problems, context.get("helplines"))
        for problem in problems.warnings:
            log.warning("%s", problem)
        if problems.errors:
            raise BuildFailed(problems)
        leaflets, packs = make_jobs(specs, settings)
        timing.items = timing.total = len(leaflets) + len(packs)
        done, stats, errors = LeafletRun(leaflets + packs, conf, font_dir).finish(output)
        timing.counts["rendered"] = len(stats.rendered)
        timing.counts["cached"] = len(stats.reused)
        timing.notes.extend(fullness_notes(done))
    died = [error for error in errors if error.died]
    if died:  # not the content's fault: one message, not one per leaflet
        dead_worker_problem(problems, "leaflets", "LEAFLETS", str(died[0]), len(died))
        raise BuildFailed(problems)
    report_render_errors(errors, problems, root)
    if problems.errors:
        raise BuildFailed(problems)
    with stage("zips") as timing:
        bundles, zipped = make_bundles(done, settings, conf, output)
        # Counts, not context: what a build did must not reach what pages show.
        timing.items = len(zipped.made) + len(zipped.reused)
        timing.counts["rendered"] = len(zipped.made)
        timing.counts["cached"] = len(zipped.reused)
    build_library(context, settings, done, bundles)
    downloads = context["leaflet_downloads"]
    for material in context.get("materials", []):
        material.leaflets = downloads.get(f"{material.lang}/{material.slug}", material.leaflets)


def fullness_notes(done: list[Rendered]) -> list[str]:
    """`oversight-questions (ar, A4, Letter) ends on a page 31% full: ...`: the leaflets
    whose pages still fall short (fullness.py), one line per leaflet and shortfall."""
    papers: dict[tuple[str, str], list[str]] = {}
    misses: dict[tuple[str, str], tuple[str, ...]] = {}
    for rendered in done:
        job = rendered.job
        if job.kind != "leaflet" or not rendered.misses:
            continue
        key = (job.materials[0].slug, job.materials[0].lang)
        papers.setdefault(key, []).append(PAPER_NAMES.get(job.paper, job.paper))
        misses[key] = rendered.misses
    return [f"{slug} ({lang}, {', '.join(papers[slug, lang])}) {miss}"
            for (slug, lang), shortfalls in sorted(misses.items()) for miss in shortfalls]


PAPER_NAMES = {"A4": "A4", "LETTER": "Letter"}


def get_generators(pelican):
    return LeafletLibraryGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(attach_links)
    signals.all_generators_finalized.connect(render_all)
    signals.get_generators.connect(get_generators)
