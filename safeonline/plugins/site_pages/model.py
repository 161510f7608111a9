"""Materials and pages across languages, as the templates and leaflets see them.

Pelican keeps default-language articles in `articles` and the rest in
`translations`; a bilingual site needs every language side by side.
"""

from __future__ import annotations

from collections import defaultdict


def _alternates(item) -> dict[str, str]:
    """lang -> url of every language version of this item, itself included."""
    found = {item.lang: item.url}
    for other in item.translations:
        found.setdefault(other.lang, other.url)
    return found


def collect_materials(generator) -> None:
    materials = sorted(generator.articles + generator.translations,
                       key=lambda m: (m.date, m.slug, m.lang), reverse=True)
    for material in materials:
        material.alternates = _alternates(material)
    by_lang: dict[str, list] = defaultdict(list)
    for material in materials:
        by_lang[material.lang].append(material)
    generator.context["materials"] = materials
    generator.context["materials_by_lang"] = dict(by_lang)


def collect_pages(generator) -> None:
    pages = generator.pages + generator.translations
    by_lang: dict[str, dict] = defaultdict(dict)
    for page in pages:
        page.alternates = _alternates(page)
        by_lang[page.lang][page.slug] = page
    generator.context["pages_by_lang"] = dict(by_lang)
