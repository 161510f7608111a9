"""`{% cache key %}...{% endcache %}`: a fragment rendered once per environment and key.

The leaflet library shows every entry's card on up to a dozen pages (the
main page and each facet page the entry belongs to), in every language: at
1,000 materials, rendering the same cards again was most of the library's
cost. A card depends only on its entry, the page's language and what is the
same for every page of a build (settings, theme, catalogs), so a template
names those in the key and the fragment is rendered the first time:

    {% cache ("card", entry.key, page_lang(), is_pack) %}{{ card(entry, is_pack) }}{% endcache %}

The fragments live on the Jinja environment, and Pelican makes new
environments for each run (each generator has its own), so nothing outlives
one build and a key needs nothing that stays the same within one. This is
Jinja's own fragment-cache example (its extension documentation), with a
dictionary for the cache; the key must say everything the fragment shows that
can differ between pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup


class FragmentCache(Extension):
    """The `cache` tag; the rendered fragments are in `environment.fragments`."""

    tags: ClassVar[set[str]] = {"cache"}

    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.extend(fragments={})

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_fragment", [key]), [], [], body
                               ).set_lineno(lineno)

    def _fragment(self, key: object, caller: Callable[[], str]) -> Markup | str:
        fragments: dict = self.environment.fragments  # type: ignore[attr-defined]
        if key not in fragments:
            fragments[key] = caller()
        return fragments[key]
