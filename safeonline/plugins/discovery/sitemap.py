"""sitemap.xml made from the built pages' own <head>.

Each page already declares its canonical address and its language versions
(`<link rel="alternate" hreflang>`); reading them back means the sitemap can
never disagree with the pages, whichever plugin wrote them. Pages marked
`noindex` (the search page) are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical = ""
        self.alternates: list[tuple[str, str]] = []
        self.noindex = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "link" and attr.get("rel") == "canonical":
            self.canonical = attr.get("href", "")
        elif tag == "link" and attr.get("rel") == "alternate" and attr.get("hreflang"):
            self.alternates.append((attr["hreflang"], attr.get("href", "")))
        elif tag == "meta" and attr.get("name") == "robots" and "noindex" in attr.get("content", ""):
            self.noindex = True


def page_heads(output: Path) -> dict[str, list[tuple[str, str]]]:
    """canonical url -> [(hreflang, url)], for every indexable page."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(output.rglob("*.html")):
        head = _Head()
        head.feed(path.read_text(encoding="utf-8").split("</head>", 1)[0])
        if head.canonical and not head.noindex:
            found.setdefault(head.canonical, head.alternates)
    return found


def sitemap_xml(pages: dict[str, list[tuple[str, str]]]) -> bytes:
    urlset = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for canonical in sorted(pages):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = canonical
        for hreflang, href in pages[canonical]:
            ET.SubElement(url, "xhtml:link", rel="alternate", hreflang=hreflang, href=href)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
