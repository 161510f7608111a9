"""The resolution in the pipeline: clause data, `[[OP10]]` references, clause pages, coverage.

Registered signals (the whole list):
- `initialized`: types COVERAGE (config.py), checks PRIORITY_CLAUSES and adds the `[[OP10]]` Markdown
  extension (clause_refs.py) to the MARKDOWN setting, so every Markdown file gets it;
- `generator_init`: puts the resolutions in the shared context and the
  `clause_html` filter in the templates;
- `article_generator_finalized`: gives each material its cited clauses, quoted in
  the material's own language, and computes the coverage matrix (coverage.py)
  into the context;
- `get_generators`: adds `ClausePagesGenerator` (a page per clause and language,
  the coverage page and its JSON/CSV export).
"""

from __future__ import annotations

import html
import logging

from markupsafe import Markup
from pelican import signals

from .clauses import emphasis_runs, load_resolutions
from .config import coverage_settings
from .coverage import check_priority_clauses, compute_coverage, from_articles
from .pages import ClausePagesGenerator

logger = logging.getLogger(__name__)

EXTENSION = "safeonline.plugins.resolution.clause_refs"


def clause_html(text: str) -> Markup:
    """Clause text keeps the adopted text's italic verbs (`*Urges*`) as <em>."""
    return Markup("".join(f"<em>{html.escape(run, quote=False)}</em>" if italic
                          else html.escape(run, quote=False)
                          for run, italic in emphasis_runs(text)))


def add_markdown_extension(pelican) -> None:
    """Every Markdown file, material or page, turns `[[OP10]]` into a clause link."""
    from safeonline.plugins.i18n.catalogs import gettext_for

    settings = pelican.settings
    cov = coverage_settings(settings)  # typed once, before any work; a typo stops the build
    check_priority_clauses(settings)
    site = settings.get("SITEURL", "").rstrip("/")
    # Each note's label is translated: look the catalogs up once per build, not
    # once per note (a lookup stats the .po file to notice edits).
    gettexts = {lang: gettext_for(settings, lang) for lang in settings["LANGUAGES"]}
    config = {
        "resolutions": load_resolutions(settings),
        "default_lang": settings["DEFAULT_LANG"],
        "url": f"{site}/{cov.clause_url}",
        "gettext": lambda lang: gettexts.get(lang) or gettext_for(settings, lang),
        "directions": {lang: info.get("dir", "ltr")
                       for lang, info in settings["LANGUAGES"].items()},
    }
    markdown = dict(settings.get("MARKDOWN", {}))
    # A copy, so the dict defined in pelicanconf.py is never changed under other readers.
    markdown["extension_configs"] = {**markdown.get("extension_configs", {}), EXTENSION: config}
    markdown["extensions"] = [e for e in markdown.get("extensions", []) if e != EXTENSION]
    settings["MARKDOWN"] = markdown


def add_to_context(generator) -> None:
    generator.env.filters["clause_html"] = clause_html
    urls = coverage_settings(generator.settings)
    generator.env.globals["clause_page_url"] = (
        lambda clause, lang: urls.clause_url.format(lang=lang, anchor=clause.anchor))
    generator.env.globals["coverage_page_url"] = (
        lambda lang: urls.page_url.format(lang=lang))
    if "resolutions" not in generator.context:
        generator.context["resolutions"] = load_resolutions(generator.settings)


def attach_cited_clauses(generator) -> None:
    resolutions = generator.context["resolutions"]
    for material in generator.articles + generator.translations + generator.drafts:
        res = resolutions.get(material.lang, resolutions[generator.settings["DEFAULT_LANG"]])
        material.cited_clauses = [res.clauses[c] for c in material.clause_ids
                                  if c in res.clauses]
    published = generator.articles + generator.translations
    generator.context["coverage"] = compute_coverage(
        from_articles(published, generator.settings["PATH"]), generator.settings)


def get_generators(pelican):
    return ClausePagesGenerator


def register() -> None:
    signals.initialized.connect(add_markdown_extension)
    signals.generator_init.connect(add_to_context)
    signals.article_generator_finalized.connect(attach_cited_clauses)
    signals.get_generators.connect(get_generators)
