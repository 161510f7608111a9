"""Printable leaflets: one PDF per material, language and paper size, plus audience packs.

Registered signals (the whole list):
- `initialized`: type the `LEAFLETS` setting (config.py), check the ReportLab
  version and reach LEAFLETS["executor"] if one is set, so a typo, a wrong
  install or a scheduler that is down fails before any work.
- `article_generator_finalized`: give every material its `leaflets` download
  links (the article template shows them).
- `all_generators_finalized`: submit the leaflets and packs that changed to the
  shared render pool (cached by input digest); they render while Pelican
  writes the pages.
- `get_generators`: `LeafletLibraryGenerator` collects them (pending.py: into
  the output folder, with thumbnails; the library and the packs into the
  context; a hub that shows its pack collects them first) and writes
  `/<lang>/leaflets/`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator

from safeonline.core import executors
from safeonline.core.problems import ProblemList
from safeonline.core.stages import stage
from safeonline.plugins.i18n.catalogs import gettext_for

from .config import leaflet_settings
from .library import Download, LeafletLibraryGenerator
from .model import PAPER_LABELS, leaflet_path
from .pending import PacksWhenRendered, Pending
from .rtl import ReportLabVersionError, check_reportlab_version
from .rtl.reportlab_patch import PINNED_REPORTLAB
from .runner import LeafletRun
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
    """`material.leaflets`: what the material page offers for download."""
    settings = generator.settings
    conf = leaflet_settings(settings)
    for material in generator.articles + generator.translations:
        translate = gettext_for(settings, material.lang)
        material.leaflets = [
            Download(url=leaflet_path(conf, material.lang, material.slug, paper),
                     label=translate(PAPER_LABELS[paper]), paper=paper)
            for paper in conf.formats]


def submit_all(generators) -> None:
    """Plan the leaflets and packs and hand what the cache lacks to the render pool;
    they render while Pelican writes the pages (pending.py collects them)."""
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
        run = LeafletRun(leaflets + packs, conf, font_dir)
    pending = Pending(run, context, settings, Path(articles.output_path), root)
    context["leaflets_pending"] = pending
    context["leaflet_packs"] = PacksWhenRendered(pending)


def get_generators(pelican):
    return LeafletLibraryGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(attach_links)
    signals.all_generators_finalized.connect(submit_all)
    signals.get_generators.connect(get_generators)
