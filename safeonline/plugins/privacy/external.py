"""Find anything in the built pages that a browser would fetch from another host.

This is a child-safety site: a font, script or image from a third party
would tell that party who reads it. Links (`<a href>`) are fine: following
one is the reader's choice; loading is not.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# (tag, attribute) pairs that make the browser fetch without a click.
FETCHING = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
            ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
            ("iframe", "src"), ("embed", "src"), ("object", "data"), ("track", "src"),
            ("input", "src"), ("form", "action")}
FETCHING_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "preconnect",
                      "dns-prefetch", "modulepreload", "manifest", "apple-touch-icon"}
CSS_URL_RE = re.compile(r"url\(\s*['\"]?([^'\")]+)")
# Where a fetching tag *could* start: `<` and one of their names, in any case,
# wherever it is (in text, comments, scripts, attribute values). Every start
# tag the parser reads as one of them begins at one of these places.
FETCHING_TAG_RE = re.compile(
    "<(?i:" + "|".join(sorted({tag for tag, _ in FETCHING} | {"link"})) + ")")


def is_foreign(url: str, own_hosts: frozenset[str] = frozenset()) -> bool:
    """An absolute or protocol-relative URL to a host other than the site's own."""
    url = url.strip()
    parts = urlsplit(url if not url.startswith("//") else "https:" + url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) \
        and parts.netloc not in own_hosts


class _Finder(HTMLParser):
    def __init__(self, own_hosts: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.own_hosts = own_hosts
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        urls = [attr[a] for t, a in FETCHING if t == tag and a in attr]
        if tag == "link" and set(attr.get("rel", "").lower().split()) & FETCHING_LINK_RELS:
            urls.append(attr.get("href", ""))
        for url in urls:
            for candidate in url.split(","):
                if candidate.strip() and is_foreign(candidate.split()[0], self.own_hosts):
                    self.found.append((self.getpos()[0], candidate.split()[0]))


def own_hosts(settings: dict) -> frozenset[str]:
    """The site's own hosts: SITEURL (absolute when publishing) and PUBLIC_SITEURL."""
    return frozenset(urlsplit(settings.get(key) or "").netloc
                     for key in ("SITEURL", "PUBLIC_SITEURL")) - {""}


def foreign_fetches(path: Path, own: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(line, url) for every fetch from another host in one HTML or CSS file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in CSS_URL_RE.finditer(text)
                if is_foreign(m.group(1), own)]
    if not might_fetch(text, own):
        return []
    finder = _Finder(own)
    finder.feed(text)
    return finder.found


def might_fetch(html: str, own: frozenset[str] = frozenset()) -> bool:
    """False only when no tag of `html` can fetch from another host; quick, and never wrong.

    Parsing a whole page costs as much as rendering it, and almost every page
    is clean. How the parser reads a start tag depends only on the text from
    its `<` onwards, so reading a tag at *every* place one could start
    (FETCHING_TAG_RE: more places than the real tags, never fewer) finds
    everything the full parse would find, and more. Nothing found there:
    nothing to find. Anything found, or a tag that does not end: the caller
    parses the whole page, for the exact findings and their lines.
    """
    probe = _Finder(own)
    probe.rawdata = html
    for match in FETCHING_TAG_RE.finditer(html):
        if probe.check_for_whole_start_tag(match.start()) < 0:
            return True
        probe.parse_starttag(match.start())
        if probe.found:
            return True
    return False
