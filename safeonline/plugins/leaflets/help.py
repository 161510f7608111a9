"""What the "Where to get help" box says: the one place leaflets meet helpline data.

The box gives guidance that is true in every country (a trusted adult, a
child helpline via the site's help page, the emergency number) and, between
those lines, the international services of the `helplines` plugin's directory.
"""

from __future__ import annotations

from safeonline.plugins.helplines.model import INTERNATIONAL

from .model import HelpBox, shown_url

MAX_LISTED = 4  # a leaflet box, not a directory: the help page has the full list


def listed_helplines(helplines, lang: str) -> list[str]:
    """'Service: phone or web' lines for the services that work in every country.

    A leaflet is printed once and handed out anywhere, so only the directory's
    international entries (country "INT") belong on it; the help page, whose
    address the box prints, lists every country.
    """
    lines = []
    for entry in helplines or []:
        if entry.country != INTERNATIONAL:
            continue
        service, _ = entry.text("service", lang)
        contact = entry.phone or entry.web_label
        if service and contact:
            lines.append(f"{service}: {contact}")
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
