"""Atom 1.0 feeds (RFC 4287), one per audience and language.

Written with ElementTree rather than Pelican's feed writer: every address
must be absolute from PUBLIC_SITEURL (the build's SITEURL is empty), each
entry links its translations with `hreflang`, and `xml:lang` says the feed's
language. Entry ids are the material's canonical address, which never
changes, so feed readers do not show an edited material twice.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(value: dt.datetime | dt.date) -> str:
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat(timespec="seconds")


def _updated(material) -> dt.datetime:
    """The material's `Date:`: the only date an editor sets (`Modified:` is optional)."""
    return material.date


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def atom_feed(*, title: str, lang: str, site: str, self_url: str, page_url: str,
              author: str, materials: list, fallback_updated: dt.datetime) -> bytes:
    """The feed document; `site` is PUBLIC_SITEURL, urls are relative to it."""
    # Plain tag names plus an explicit xmlns: ElementTree's namespace registry
    # is process-wide, and the sitemap uses another default namespace.
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": lang, "xml:base": f"{site}/"})
    _sub(feed, "id", f"{site}/{self_url}")
    _sub(feed, "title", title)
    updated = max((_updated(m) for m in materials), default=fallback_updated)
    _sub(feed, "updated", _stamp(updated))
    _sub(_sub(feed, "author"), "name", author)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=f"{site}/{self_url}")
    _sub(feed, "link", rel="alternate", type="text/html", hreflang=lang,
         href=f"{site}/{page_url}")
    for material in materials:
        entry = _sub(feed, "entry")
        url = f"{site}/{material.url}"
        _sub(entry, "id", url)
        _sub(entry, "title", material.title)
        _sub(entry, "updated", _stamp(_updated(material)))
        _sub(entry, "published", _stamp(material.date))
        _sub(entry, "link", rel="alternate", type="text/html", hreflang=material.lang, href=url)
        for other_lang, other_url in sorted(getattr(material, "alternates", {}).items()):
            if other_lang != material.lang:
                _sub(entry, "link", rel="alternate", type="text/html", hreflang=other_lang,
                     href=f"{site}/{other_url}")
        _sub(entry, "summary", material.summary, type="html")
        _sub(entry, "content", material.get_content(site), type="html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
