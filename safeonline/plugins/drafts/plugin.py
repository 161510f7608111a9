"""Drafts are read and checked, then dropped before anything is written.

`invoke new` and `invoke translate` start every file as `Status: draft`, so
a draft sits in `content/` for as long as an editor needs. Pelican keeps
drafts in its generators (`drafts`, `drafts_translations`, `draft_pages`,
`draft_translations`) and renders them in `generate_output`, needing a
category our materials do not have (a build with a draft failed with
`AttributeError: ... 'category'`), and would otherwise write draft pages to
`drafts/pages/`. Emptying those lists once reading is finished means no page,
leaflet, card, pack, feed, sitemap entry, coverage count or search hit can
come from a draft, whichever plugin looks: they all see published content only.

Registered signals: `article_generator_finalized`, `page_generator_finalized`.
"""

from __future__ import annotations

from pelican import signals

DRAFT_LISTS = ("drafts", "drafts_translations", "draft_pages", "draft_translations")


def drop_drafts(generator) -> None:
    for name in DRAFT_LISTS:
        if isinstance(getattr(generator, name, None), list):
            setattr(generator, name, [])
    for name in DRAFT_LISTS:
        if name in generator.context:
            generator.context[name] = []


def register() -> None:
    signals.article_generator_finalized.connect(drop_drafts)
    signals.page_generator_finalized.connect(drop_drafts)
