"""What the "Where to get help" box says: the one place leaflets meet helpline data.

The box gives guidance that is true in every country (a trusted adult, a
child helpline via the site's help page, the emergency number) and, between
those lines, services from the `helplines` plugin's directory: the
deployment's countries' first (`HELPLINES["countries"]`), then the
international ones.
"""

from __future__ import annotations

from safeonline.plugins.helplines import for_leaflet, helpline_settings

from .model import HelpBox, shown_url

MAX_LISTED = 4  # a leaflet box, not a directory: the help page has the full list
# Left-to-right embedding (LRE ... PDF): in right-to-left text "0800 1111" would
# otherwise be shown as "1111 0800" (the space between two numbers takes the
# paragraph's direction), a number no one can dial.
LTR_EMBED = "\u202a{}\u202c"


def listed_helplines(helplines, lang: str, countries=(), rtl: bool = False) -> list[str]:
    """'Service: phone or web' lines for the services a reader of this deployment can use.

    A leaflet is printed once and handed out anywhere its deployment serves:
    the services of the countries it names, then those that work in every
    country. With no countries named, only the international ones; the help
    page, whose address the box prints, lists every country.
    """
    lines = []
    for entry in for_leaflet(helplines or [], countries):
        service, _ = entry.text("service", lang)
        if service and entry.contact:
            contact = LTR_EMBED.format(entry.contact) if rtl else entry.contact
            lines.append(f"{service}: {contact}")
    return lines[:MAX_LISTED]


def help_box(settings: dict, lang: str, strings: dict[str, str], helplines=None) -> HelpBox:
    url = f"{settings['PUBLIC_SITEURL'].rstrip('/')}/{lang}/help/"
    shown = shown_url(url)
    countries = helpline_settings(settings).countries
    items = [
        strings["Talk to an adult you trust, such as a parent, carer, teacher or school "
                "counsellor."],
        *listed_helplines(helplines, lang, countries,
                          rtl=settings["LANGUAGES"].get(lang, {}).get("dir") == "rtl"),
        strings["Call or message a child helpline in your country. Our help page lists them: "
                "%(url)s"] % {"url": shown},
        strings["If a child is in immediate danger, call your local emergency number."],
    ]
    return HelpBox(heading=strings["Where to get help"], items=tuple(items), url=url)
