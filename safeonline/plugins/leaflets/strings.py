"""Every interface string a leaflet prints, as gettext msgids.

The main process translates them once per language (`translated()`); the
worker processes only see finished strings, so a translation change reaches
the cache key like any other input.
"""

from __future__ import annotations

from safeonline.plugins.i18n.catalogs import N_, gettext_for

#: Printed on a leaflet's (a pack's) first page, linked: the web version is the
#: accessible one (layout.PageFurniture.accessible_line).
ACCESSIBLE_LEAFLET = N_("Accessible version of this leaflet: %(url)s")
ACCESSIBLE_PACK = N_("Accessible version of these leaflets: %(url)s")

MSGIDS = (
    ACCESSIBLE_LEAFLET,
    ACCESSIBLE_PACK,
    N_("What the resolution says"),
    N_("Where to get help"),
    N_("Page %(page)s of %(pages)s"),
    N_("Ages %(low)s-%(high)s"),
    N_("Operative paragraph %(num)d"),
    N_("Preambular paragraph %(num)d"),
    N_("Read online"),
    N_("Contents"),
    N_("Printable leaflets"),
    N_("Leaflets in this pack: %(count)d"),
    N_("Updated %(date)s"),
    N_("Talk to an adult you trust, such as a parent, carer, teacher or school counsellor."),
    N_("Call or message a child helpline in your country. Our help page lists them: "
       "%(url)s"),
    N_("If a child is in immediate danger, call your local emergency number."),
    N_("It is never the child's fault."),
    N_("Image: %(alt)s"),
    N_("Duration"),
    N_("Pupils"),
    N_("Learning objectives"),
    N_("By the end of the lesson, pupils can:"),
    N_("This translation may be out of date."),
    N_("The original was updated on %(date)s, after this translation was made."),
    N_("The original, dated %(date)s, has changed since this translation was made."),
    N_("Read the original (%(language)s)"),
)


def translated(settings: dict, lang: str) -> dict[str, str]:
    """msgid -> text in `lang` (the msgid itself where no translation exists)."""
    translate = gettext_for(settings, lang)
    return {msgid: translate(msgid) for msgid in MSGIDS}
