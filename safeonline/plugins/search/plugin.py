"""The search page in every language.

Registered signals (the whole list): `initialized` types SEARCH (config.py);
`get_generators` adds `SearchPageGenerator`,
which writes `<lang>/search/`. The index itself is made after Pelican, over the
finished staging folder, by `search.indexer.index_site` (called from
`pipeline.build`): Pagefind must see the pages exactly as readers get them.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from safeonline.plugins.site_pages.generator import write_in_every_language

from .config import type_settings


class SearchPageGenerator(Generator):
    def generate_context(self) -> None:
        """Nothing to read: the page is a frame for Pagefind's UI."""

    def generate_output(self, writer) -> None:
        write_in_every_language(self, writer, "search/", "search")


def get_generators(pelican):
    return SearchPageGenerator


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.get_generators.connect(get_generators)
