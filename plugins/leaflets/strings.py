"""Every interface string a leaflet prints, as gettext msgids.

The main process translates them once per language (`translated()`); the
worker processes only see finished strings, so a translation change reaches
the cache key like any other input.
"""

from __future__ import annotations

from i18n.catalogs import gettext_for

MSGIDS = (
    "What the resolution says",
    "Where to get help",
    "Page %(page)s of %(pages)s",
    "Ages %(band)s",
    "Operative paragraph %(num)d",
    "Preambular paragraph %(num)d",
    "Read online",
    "Contents",
    "Printable leaflets",
    "Leaflets in this pack: %(count)d",
    "Updated %(date)s",
    "Talk to an adult you trust, such as a parent, carer, teacher or school counsellor.",
    "Call or message a child helpline in your country. Our help page lists them: %(url)s",
    "If a child is in immediate danger, call your local emergency number.",
    "It is never the child's fault.",
    "Image: %(alt)s",
)


def translated(settings: dict, lang: str) -> dict[str, str]:
    """msgid -> text in `lang` (the msgid itself where no translation exists)."""
    _ = gettext_for(settings, lang)
    return {msgid: _(msgid) for msgid in MSGIDS}
