"""Writes the listing pages that Pelican has no notion of: one set per language."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from pelican.generators import Generator


def lang_urls(settings: dict, path: str) -> dict[str, str]:
    """The same page in every language: `resolution/` -> {'en': 'en/resolution/', ...}."""
    return {lang: f"{lang}/{path}" for lang in settings["LANGUAGES"]}


def write_in_every_language(generator: Generator, writer, path: str, template: str,
                            per_lang: Callable[[str], dict] | None = None) -> None:
    """`<lang>/<path>index.html` for each language, each page knowing its twins.

    Plugins with one page of their own (help, search) use this, so every such
    page gets the same context: `lang_code`, `page_url` and `alternates`.
    """
    urls = lang_urls(generator.settings, path)
    for lang in generator.settings["LANGUAGES"]:
        writer.write_file(f"{lang}/{path}index.html", generator.get_template(template),
                          generator.context, lang_code=lang, page_url=urls[lang],
                          alternates=urls, **(per_lang(lang) if per_lang else {}))


class SitePagesGenerator(Generator):
    def generate_context(self) -> None:
        """Nothing to read: everything comes from the materials and the resolution."""

    def _write(self, writer, template: str, save_as: str, lang: str, url: str,
               alternates: dict[str, str], **extra) -> None:
        writer.write_file(save_as, self.get_template(template), self.context,
                          lang_code=lang, page_url=url, alternates=alternates, **extra)

    def generate_output(self, writer) -> None:
        settings = self.settings
        by_lang = self.context.get("materials_by_lang", {})
        # Each hub is given its own pack only: a page is rendered again when what it is
        # given changes (plugins/incremental), and every edit changes some pack's size.
        packs = self.context.get("leaflet_packs", {})
        for lang in settings["LANGUAGES"]:
            materials = by_lang.get(lang, [])
            home = lang_urls(settings, "")
            self._write(writer, "home", f"{lang}/index.html", lang, home[lang], home,
                        lang_materials=materials)
            for audience in settings["AUDIENCES"]:
                urls = lang_urls(settings, f"{audience}/")
                listed = [m for m in materials if m.audience == audience]
                groups = defaultdict(list)
                for material in listed:
                    groups[material.age].append(material)
                self._write(writer, "hub", f"{lang}/{audience}/index.html", lang, urls[lang],
                            urls, audience=audience, hub_materials=listed,
                            hub_pack=packs.get(lang, {}).get(audience),
                            by_age=[(band, groups[band]) for band in settings["AGE_BANDS"]
                                    if groups.get(band)])
            urls = lang_urls(settings, "resolution/")
            self._write(writer, "resolution", f"{lang}/resolution/index.html", lang,
                        urls[lang], urls, resolution=self.context["resolutions"][lang])
        # The bare address shows the default language's home.
        default = settings["DEFAULT_LANG"]
        self._write(writer, "home", "index.html", default, "", lang_urls(settings, ""),
                    lang_materials=by_lang.get(default, []))
