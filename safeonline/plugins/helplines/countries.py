"""Countries: which codes are real, what they are called, and how the directory groups by them.

Codes are checked against ISO 3166-1 (pycountry's copy of the standard): Babel's
territory list also holds regions ("150", "EU") and private-use codes ("XK",
"ZZ") that would pass a check against it. Names come from Babel (CLDR), in
the page's language: "United Kingdom", "المملكة المتحدة".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import pycountry
from babel import Locale


class Served(Protocol):
    """What grouping needs of a `model.Helpline` (not imported: model imports us)."""

    countries: tuple[str, ...]

    @property
    def international(self) -> bool: ...

INTERNATIONAL = "international"  # in `countries`: a service open to every country
ISO_CODES = frozenset(country.alpha_2 for country in pycountry.countries)


def country_problem(code, allow_international: bool = False) -> tuple[str, str] | None:
    """(message, fix) when `code` is not an ISO 3166-1 alpha-2 code, else None."""
    if allow_international and code == INTERNATIONAL:
        return None
    if isinstance(code, str) and code in ISO_CODES:
        return None
    shown = code if isinstance(code, str) else repr(code)
    if isinstance(code, str) and code.upper() in ISO_CODES:
        fix = f'write it in capitals: "{code.upper()}"'
    elif allow_international and isinstance(code, str) and code.upper() in ("INT", "INTERNATIONAL"):
        fix = 'write countries = ["international"] for a service open to every country'
    else:
        fix = "use a two-letter ISO 3166-1 code such as GB, JO or EG"
        if allow_international:
            fix += ', or "international"'
    return f"'{shown}' is not an ISO 3166-1 country code", fix


def country_name(code: str, lang: str) -> str:
    return Locale.parse(lang).territories.get(code, code)


def language_name(code: str, lang: str) -> str:
    return Locale.parse(lang).languages.get(code, code)


def served(helplines: Iterable[Served]) -> set[str]:
    return {code for helpline in helplines for code in helpline.countries}


def by_country(helplines: Sequence[Served], lang: str,
               first: Sequence[str] = ()) -> list[tuple[str, list[Served]]]:
    """(country code or "international", entries), in the help page's order.

    The deployment's own countries (`first`, in the order given) come first,
    then the services for every country, then every other country by its name
    in `lang`. An entry serving several countries is listed under each.
    """
    groups: dict[str, list[Served]] = {}
    for helpline in helplines:
        for code in helpline.countries:
            groups.setdefault(code, []).append(helpline)
    territories = Locale.parse(lang).territories
    rank = {code: n for n, code in enumerate(first)}
    return sorted(groups.items(), key=lambda item: (
        rank.get(item[0], len(rank) + (item[0] != INTERNATIONAL)),
        territories.get(item[0], item[0])))


def for_leaflet(helplines: Sequence[Served], countries: Sequence[str]) -> list[Served]:
    """The deployment's countries' services (in the order of `countries`), then the
    international ones; only the international ones when no countries are set."""
    chosen: list[Served] = []
    for code in countries:
        chosen += [h for h in helplines if code in h.countries and
                   not any(h is seen for seen in chosen)]
    return chosen + [h for h in helplines if h.international]
