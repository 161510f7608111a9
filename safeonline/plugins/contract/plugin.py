"""Typed material attributes for templates, leaflets and cards.

`invoke check` has already validated every header, so here we only turn the
validated strings into what the rest of the pipeline uses: `slug` defaulting
to the file name, `clause_ids` and `topics` as lists, `audience`, `age` and `lesson`.
"""

from __future__ import annotations

from pelican import signals
from pelican.contents import Article, Page

from safeonline.core import clause_ids

from .config import check_settings
from .lessons import lesson_of
from .rules import default_slug
from .translations import mark_stale


def type_metadata(content) -> None:
    if not isinstance(content, Article | Page):
        return
    settings = content.settings
    if "slug" not in content.metadata:
        content.slug = default_slug(content.source_path, settings)
    content.stale = None  # set once every file is read (mark_stale_translations)
    if isinstance(content, Article):
        content.audience = content.metadata.get("audience", "")
        content.age = content.metadata.get("age", "")
        content.topics = [t.strip() for t in content.metadata.get("topics", "").split(",")
                          if t.strip()]
        content.lesson = lesson_of(content.metadata)  # None unless `Type: lesson`
        content.clause_ids = [clause_ids.normalise(c)
                              for c in clause_ids.split_ids(content.metadata.get("clauses", ""))]


def mark_stale_translations(generator) -> None:
    """On `article_generator_finalized` and `page_generator_finalized`: which translations
    readers must be warned about (an original must be published: no drafts)."""
    found = generator.articles if hasattr(generator, "articles") else generator.pages
    mark_stale(found + generator.translations)


def type_settings(pelican) -> None:
    """On `initialized`: CHECKS typed before any work (`invoke check` types it itself)."""
    check_settings(pelican.settings)


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.content_object_init.connect(type_metadata)
    signals.article_generator_finalized.connect(mark_stale_translations)
    signals.page_generator_finalized.connect(mark_stale_translations)
