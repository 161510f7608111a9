"""The resolution in the pipeline: clause data in every template context.

Registered signals (the whole list): `generator_init` puts the resolutions in
the shared context and the `clause_html` filter in the templates; `article_generator_finalized` gives each material its
cited clauses, quoted in the material's own language.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup
from pelican import signals

from .clauses import load_resolutions

EMPHASIS_RE = re.compile(r"\*([^*]+)\*")


def clause_html(text: str) -> Markup:
    """Clause text keeps the adopted text's italic verbs (`*Urges*`) as <em>."""
    return Markup(EMPHASIS_RE.sub(r"<em>\1</em>", html.escape(text, quote=False)))


def add_to_context(generator) -> None:
    generator.env.filters["clause_html"] = clause_html
    if "resolutions" not in generator.context:
        generator.context["resolutions"] = load_resolutions(generator.settings)


def attach_cited_clauses(generator) -> None:
    resolutions = generator.context["resolutions"]
    for material in generator.articles + generator.translations + generator.drafts:
        res = resolutions.get(material.lang, resolutions[generator.settings["DEFAULT_LANG"]])
        material.cited_clauses = [res.clauses[c] for c in material.clause_ids
                                  if c in res.clauses]


def register() -> None:
    signals.generator_init.connect(add_to_context)
    signals.article_generator_finalized.connect(attach_cited_clauses)
