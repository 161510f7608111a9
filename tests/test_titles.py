"""An editor's title is text: shown exactly as written, never run as markup.

A title that looks like HTML (`<img onerror>`, `<script>`, `<b>`) must reach
every place that shows it as those very characters: the material's heading,
its browser title and sharing tags, its audience hub, its clause page, the
leaflet library, the feed, the coverage export, and its leaflet and pack,
where no words may go missing.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

TITLE = ("Games & chats <img src=x onerror=alert(1)><script>alert(2)</script> "
         "with <b>bold words</b>")
URL = "/en/materials/markup-title/"


class Page(HTMLParser):
    """What a browser makes of a page: its elements, and the text of the ones we ask about."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[tuple[str, dict, list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("h1", "title", "a"):
            self._open.append((tag, attrs, []))

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            name, attrs, parts = self._open.pop()
            key = f"a[{attrs.get('href')}]" if name == "a" else name
            self.texts.setdefault(key, []).append("".join(parts).strip())

    def meta(self, prop: str) -> str:
        return next(a["content"] for t, a in self.tags if t == "meta" and a.get("property") == prop)


@pytest.fixture(scope="module")
def site(tmp_path_factory, build, make_content) -> Path:
    tmp = tmp_path_factory.mktemp("markup-titles")
    output = tmp / "output"
    build(make_content(tmp, "markup_titles"), output)
    return output


def page(site: Path, path: str) -> Page:
    return Page((site / path / "index.html").read_text(encoding="utf-8"))


def test_the_material_page_shows_the_title_as_written(site):
    material = page(site, "en/materials/markup-title")
    assert material.texts["h1"] == [TITLE]
    assert material.texts["title"] == [f"{TITLE} · Safe Online Press"]
    assert material.meta("og:title") == TITLE
    assert material.meta("og:image:alt").startswith(f"{TITLE} · ")


@pytest.mark.parametrize("listing", ["en/parents", "en/resolution/op10", "ar/resolution/op10",
                                     "en/leaflets"])
def test_lists_link_the_title_as_written(site, listing):
    assert TITLE in page(site, listing).texts[f"a[{URL}]"]


def test_no_page_gains_an_element_from_a_title(site):
    for path in sorted(site.rglob("*.html")):
        parsed = Page(path.read_text(encoding="utf-8"))
        assert [a for t, a in parsed.tags if "onerror" in a] == [], path
        assert [a for t, a in parsed.tags if t == "script" and "src" not in a] == [], path
        assert [a for t, a in parsed.tags if t == "b"] == [], path


def test_feeds_and_exports_carry_the_title_as_written(site):
    feed = ET.parse(site / "en" / "parents" / "feed.atom").getroot()
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("atom:title", namespaces=ns) for e in feed.findall("atom:entry", ns)] \
        == [TITLE]
    coverage = (site / "coverage.json").read_text(encoding="utf-8")
    assert json.dumps(TITLE, ensure_ascii=False) in coverage  # a JSON string, exactly


@pytest.mark.parametrize("pdf", ["markup-title-a4.pdf", "markup-title-letter.pdf",
                                 "pack-parents-a4.pdf"])
def test_leaflets_print_every_word_of_the_title(site, pdf, pdf_text):
    text = " ".join(pdf_text(site / "leaflets" / "en" / pdf).split())
    assert TITLE in text
