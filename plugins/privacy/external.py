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
# Tags that never fetch and never change how the parser reads what follows
# (unlike script, style, title, textarea...): their attributes need not be read.
# A page has hundreds of them, and reading attributes is most of the parser's
# time. Listed, not derived, so a tag nobody thought about is always read in full.
PLAIN_TAGS = frozenset({
    "a", "abbr", "article", "aside", "b", "bdi", "blockquote", "body", "br", "button",
    "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "dialog",
    "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "ins", "kbd", "label",
    "legend", "li", "main", "mark", "menu", "meta", "meter", "nav", "ol", "optgroup",
    "option", "output", "p", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp",
    "search", "section", "select", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr"
})
TAG_NAME_RE = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)")  # as HTMLParser reads a tag name


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

    def parse_starttag(self, i: int) -> int:
        """A plain tag (PLAIN_TAGS) is only stepped over; any other is parsed as usual.

        Skipping exactly what HTMLParser would consume (`check_for_whole_start_tag`)
        keeps the parser where it would have been; `handle_starttag` would have
        ignored the tag anyway, so the findings are the same, at a third less time.
        """
        m = TAG_NAME_RE.match(self.rawdata, i + 1)
        if m is not None:
            tag = m.group(1).lower()
            if tag in PLAIN_TAGS:
                end = self.check_for_whole_start_tag(i)
                if end >= 0:
                    self.lasttag = tag
                return end
        return super().parse_starttag(i)

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
    finder = _Finder(own)
    finder.feed(text)
    return finder.found
