"""The library's facets: audience, age band, topic, format and language.

Each facet value gets its own static page (`/<lang>/library/<facet>/<value>/`):
a static server ignores query strings, so a filter that works without
JavaScript must be a page. The same values, as `data-*` attributes on every
card, let the library's script combine facets on the main page. Values come
from the settings, in their order, so every page exists whether or not a
language has materials for it yet, and a link to one never breaks.
"""

from __future__ import annotations

from dataclasses import dataclass

from safeonline.plugins.i18n.catalogs import N_

FACETS = ("audience", "age", "topic", "format", "language")
FORMATS = {"leaflet": N_("Leaflets"), "lesson": N_("Lesson plans"), "pack": N_("Packs")}
LESSON_TYPE = "lesson"  # a material whose `Type:` is this is a lesson plan


@dataclass(frozen=True)
class FacetValue:
    facet: str
    value: str
    count: int  # entries (leaflets and packs) with this value, in every language


def facet_url(lang: str, facet: str, value: str) -> str:
    return f"{lang}/library/{facet}/{value}/"


def values_of(settings: dict) -> dict[str, list[str]]:
    """Every facet's values, in the settings' order."""
    return {
        "audience": list(settings["AUDIENCES"]),
        "age": list(settings["AGE_BANDS"]),
        "topic": list(settings.get("TOPICS", {})),
        "format": list(FORMATS),
        "language": list(settings["LANGUAGES"]),
    }


def material_format(material) -> str:
    return "lesson" if material.metadata.get("type") == LESSON_TYPE else "leaflet"


def matches(entry, facet: str, value: str) -> bool:
    return value in entry.facets.get(facet, ())


def facet_counts(entries: list, settings: dict) -> list[tuple[str, list[FacetValue]]]:
    """(facet, its values with counts) for the filter panel."""
    return [(facet, [FacetValue(facet, value, sum(matches(e, facet, value) for e in entries))
                     for value in values])
            for facet, values in values_of(settings).items()]
