"""What the "Where to get help" box says: the one place leaflets meet helpline data.

Until the site has a helpline list, the box gives guidance that is true in
every country (a trusted adult, a child helpline via the site's help page, the
emergency number). If the `helplines` plugin puts a list in the context, its
entries for the leaflet's language are printed between those lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import HelpBox, shown_url

MAX_LISTED = 4  # a leaflet box, not a directory: the help page has the full list


def _field(entry, *names: str) -> str:
    for name in names:
        value = entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)
        if value:
            return str(value)
    return ""


def listed_helplines(helplines, lang: str) -> list[str]:
    """'Name: number' lines from the helplines context, if there is one."""
    if not helplines:
        return []
    entries: Iterable = helplines.get(lang, []) if isinstance(helplines, dict) else helplines
    lines = []
    for entry in entries:
        langs = _field(entry, "languages", "lang")
        if langs and lang not in langs:
            continue
        name, contact = _field(entry, "name"), _field(entry, "phone", "number", "contact", "url")
        if name and contact:
            lines.append(f"{name}: {contact}")
    return lines[:MAX_LISTED]


def help_box(settings: dict, lang: str, strings: dict[str, str], helplines=None) -> HelpBox:
    url = f"{settings['PUBLIC_SITEURL'].rstrip('/')}/{lang}/help/"
    shown = shown_url(url)
    items = [
        strings["Talk to an adult you trust, such as a parent, carer, teacher or school "
                "counsellor."],
        *listed_helplines(helplines, lang),
        strings["Call or message a child helpline in your country. Our help page lists them: "
                "%(url)s"] % {"url": shown},
        strings["If a child is in immediate danger, call your local emergency number."],
    ]
    return HelpBox(heading=strings["Where to get help"], items=tuple(items), url=url)
