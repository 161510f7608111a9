"""How the site is found and followed: sitemap, robots.txt, Atom feeds.

Registered signals (the whole list): `get_generators` adds `FeedGenerator`,
which writes one Atom feed per audience and language (DISCOVERY["feed"]);
`finalized` writes sitemap.xml (from the built pages' canonical and hreflang
links) and robots.txt pointing at it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from safeonline.plugins.i18n.catalogs import gettext_for

from .atom import atom_feed
from .config import discovery_settings, type_settings
from .sitemap import page_heads, sitemap_xml

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class FeedGenerator(Generator):
    def generate_context(self) -> None:
        """Feeds are made from the materials the article generator collected."""

    def generate_output(self, writer) -> None:
        settings = self.settings
        options = discovery_settings(settings)
        site = settings["PUBLIC_SITEURL"].rstrip("/")
        everything = self.context.get("materials", [])
        newest = max((m.date for m in everything), default=EPOCH)
        for lang in settings["LANGUAGES"]:
            materials = self.context.get("materials_by_lang", {}).get(lang, [])
            for key, audience in settings["AUDIENCES"].items():
                listed = [m for m in materials if m.audience == key][: options.feed_size]
                translate = gettext_for(settings, lang)
                label, name = translate(audience["label"]), translate(settings["SITENAME"])
                path = options.feed.format(lang=lang, audience=key)
                target = Path(sanitised_join(self.output_path, path))
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(atom_feed(
                    title=f"{name}: {label}", lang=lang, site=site, self_url=path,
                    page_url=f"{lang}/{key}/", author=name, materials=listed,
                    fallback_updated=newest))


def get_generators(pelican):
    return FeedGenerator


def write_sitemap(pelican) -> None:
    output = Path(pelican.output_path)
    options = discovery_settings(pelican.settings)
    site = pelican.settings["PUBLIC_SITEURL"].rstrip("/")
    (output / options.sitemap).write_bytes(sitemap_xml(page_heads(output)))
    (output / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {site}/{options.sitemap}\n", encoding="utf-8")


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_sitemap)
