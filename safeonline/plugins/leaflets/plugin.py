"""Printable leaflets: one PDF per material, language and paper size, plus audience packs.

Registered signals (the whole list):
- `initialized`: type the `LEAFLETS` setting (config.py), check the ReportLab
  version and reach LEAFLETS["executor"] if one is set, so a typo, a wrong
  install or a scheduler that is down fails before any work.
- `article_generator_finalized`: give every material its `leaflets` download
  links, every edition on every paper (the article template shows them).
- `all_generators_finalized`: hand the leaflets and packs that changed to the
  shared render pool (cached by input digest), in the order their pages are
  written, so they render while Pelican writes pages.
- `article_generator_write_article`: before a material's page is written, wait
  for its leaflets and give it their page counts and sizes.
- `article_writer_finalized` (every material page written, no other page yet):
  wait for the rest and the packs, copy them into the output folder with
  thumbnails, zip the leaflets per audience and language (bundles.py), and put
  the library and the packs in the context for the templates.
- `get_generators`: `LeafletLibraryGenerator` writes `/<lang>/leaflets/` and the
  library's facet pages, `/<lang>/library/<facet>/<value>/`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator

from safeonline.core import executors
from safeonline.core.problems import ProblemList
from safeonline.core.render_pool import dead_worker_problem
from safeonline.core.stages import stage

from .bundles import make_bundles
from .config import leaflet_settings
from .library import Download, LeafletLibraryGenerator, build_library, download
from .model import PAPER_LABELS, RenderJob, editions, leaflet_path
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
    on every paper; `show_on_page` adds their page counts and sizes once they exist."""
    conf = leaflet_settings(generator.settings)
    for material in generator.articles + generator.translations:
        material.leaflets = [
            Download(url=leaflet_path(conf, material.lang, material.slug, paper, edition),
                     label=PAPER_LABELS[paper], paper=paper, edition=edition)
            for paper in conf.formats for edition in editions(conf, paper)]


@dataclass
class InFlight:
    """One build's leaflets, from planning until the last material page is written."""

    run: LeafletRun
    jobs_of: dict[str, list[RenderJob]]  # "<lang>/<slug>" -> that material's leaflet jobs
    settings: dict
    context: dict
    output: Path
    problems: ProblemList
    root: Path


_in_flight: dict[int, InFlight] = {}  # id(ArticlesGenerator) -> its build's leaflets


def start_rendering(generators) -> None:
    """Plan the leaflets and packs and hand what the cache lacks to the shared render
    pool, in the order Pelican writes the pages that show them: they render while
    Pelican writes pages (each material's page waits for its own, `show_on_page`)."""
    from safeonline.core.problems import BuildFailed

    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is None:
        return
    settings, context = articles.settings, articles.context
    conf = leaflet_settings(settings)
    root = Path(settings["PATH"]).resolve().parent  # the project: paths as `invoke check` gives them
    problems = ProblemList(root=root)
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
        # Pelican writes translations, then articles (ArticlesGenerator.generate_articles).
        written = {f"{m.lang}/{m.slug}": n
                   for n, m in enumerate([*articles.translations, *articles.articles])}
        run = LeafletRun(leaflets + packs, conf, font_dir,
                         order=lambda job: written.get(job.materials[0].key, len(written)))
    jobs_of: dict[str, list[RenderJob]] = {}
    for job in leaflets:
        jobs_of.setdefault(job.materials[0].key, []).append(job)
    _in_flight.clear()  # a build that stopped half-way leaves its entry: never read again
    _in_flight[id(articles)] = InFlight(run, jobs_of, settings, context,
                                        Path(articles.output_path), problems, root)


def show_on_page(generator, content) -> None:
    """Before a material's page is written: wait for its leaflets, give it their sizes."""
    flight = _in_flight.get(id(generator))
    jobs = flight.jobs_of.get(f"{content.lang}/{content.slug}") if flight else None
    if not jobs:
        return
    with stage("leaflets"):
        made = flight.run.wait_for(jobs)
    if not made:
        _in_flight.pop(id(generator))
        _finish(flight)  # reports every leaflet that failed, then stops the build
    content.leaflets = [download(item) for item in flight.run.collect(jobs, flight.output)]


def finish_rendering(generator, writer) -> None:
    """Once the material pages are written, before any other page: the rest of the
    leaflets and the packs, the zips, and the library in the context."""
    flight = _in_flight.pop(id(generator), None)
    if flight is not None:
        _finish(flight)


def _finish(flight: InFlight) -> None:
    from safeonline.core.problems import BuildFailed

    settings, context, problems, output = (flight.settings, flight.context, flight.problems,
                                           flight.output)
    conf = leaflet_settings(settings)
    with stage("leaflets") as timing:
        done, stats, errors = flight.run.finish(output)
        timing.counts["rendered"] = len(stats.rendered)
        timing.counts["cached"] = len(stats.reused)
        timing.notes.extend(fullness_notes(done))
    died = [error for error in errors if error.died]
    if died:  # not the content's fault: one message, not one per leaflet
        dead_worker_problem(problems, "leaflets", "LEAFLETS", str(died[0]), len(died))
        raise BuildFailed(problems)
    report_render_errors(errors, problems, flight.root)
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
    signals.all_generators_finalized.connect(start_rendering)
    signals.article_generator_write_article.connect(show_on_page)
    signals.article_writer_finalized.connect(finish_rendering)
    signals.get_generators.connect(get_generators)
