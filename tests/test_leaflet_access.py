"""A reader who cannot use print: each leaflet names its accessible twin, says its
language and title, has bookmarks for its headings, and copies and searches as
written, in Arabic too.

All over the bundled leaflets (`bundled_site`), read with pypdf and poppler's
pdfinfo/pdftotext, the way a viewer or a screen reader gets them.
"""

from __future__ import annotations

import html
import itertools
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
MATERIALS = sorted((ROOT / "content" / "materials").glob("*/*.md"))
ARABIC = [md for md in MATERIALS if md.name.endswith(".ar.md")]
ACCESSIBLE = {"en": "Accessible version of this leaflet: ",
              "ar": "النسخة الميسّرة من هذه المطوية: "}
# pdftotext marks the direction of each run it reorders (RLE/LRE ... PDF): not text.
BIDI_CONTROLS = dict.fromkeys(range(0x202A, 0x202F))


def source(md: Path) -> tuple[dict[str, str], str]:
    """A material's header fields and its Markdown body."""
    head, _, body = md.read_text(encoding="utf-8").partition("\n\n")
    return dict(line.split(": ", 1) for line in head.splitlines() if ": " in line), body


def leaflet(site: Path, md: Path, paper: str = "a4") -> Path:
    meta, _ = source(md)
    return site / "leaflets" / meta["Lang"] / f"{meta['Slug']}-{paper}.pdf"


def one_line(text: str) -> str:
    """Extracted text as one line: lines joined by a space, bidi controls dropped."""
    return " ".join(text.translate(BIDI_CONTROLS).split())


def poppler_pages(pdf: Path) -> list[str]:
    """Each page's text as pdftotext reads it by position. A raised note number on a
    line that starts with its word ("assembly⁴.") is read as a line of its own
    above it: such lines are left out, with the gap they leave before punctuation."""
    pages = []
    for n in range(1, len(PdfReader(pdf).pages) + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        text = re.sub(r"(?m)^\d{1,2}\n", "", text)
        pages.append(re.sub(r" (?=[.,;:!?])", "", one_line(text)))
    return pages


def pypdf_pages(pdf: Path) -> list[str]:
    return [one_line(page.extract_text()) for page in PdfReader(pdf).pages]


def found(text: str, pages: list[str]) -> bool:
    """`text` is on a page, or runs from one page onto the next (split at a space:
    the next page's running head and footer come between)."""
    if any(text in page for page in pages):
        return True
    words = text.split(" ")
    return any(" ".join(words[:k]) in here and " ".join(words[k:]) in after
               for here, after in itertools.pairwise(pages) for k in range(1, len(words)))


def sentences(body: str) -> list[str]:
    """The body's sentences of three words or more, as plain text.

    Cut at note references ([[OP10]] prints a note number there) and left out
    where they hold a link (the leaflet prints its address after the text),
    a table or HTML.
    """
    found = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith(("|", "<", "!", ">")):
            continue
        line = re.sub(r"^#+\s*|^(?:[-*]|\d+\.)\s+", "", line).replace("**", "").replace("*", "")
        for part in re.split(r"(?<=[.!؟?:])\s+|\s*\[\[[A-Z]+\d+\]\]\s*", line):
            part = " ".join(part.split())
            if "[" not in part and "](" not in part and len(part.split()) >= 3:
                found.append(html.unescape(part))
    return found


def headings(body: str) -> list[tuple[int, str]]:
    """(level, text) of the Markdown body's ## and ### headings."""
    return [(len(m.group(1)), m.group(2).strip().replace("**", ""))
            for m in re.finditer(r"^(#{2,3})\s+(.+)$", body, re.MULTILINE)]


def outline_tree(reader: PdfReader, items=None) -> list[tuple[str, list]]:
    entries: list[tuple[str, list]] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            entries[-1] = (entries[-1][0], outline_tree(reader, item))
        else:
            entries.append((item.title, []))
    return entries


@pytest.mark.poppler
def test_each_leaflet_prints_and_links_its_accessible_web_version(bundled_site, read):
    for md in MATERIALS:
        meta, _ = source(md)
        lang = meta["Lang"]
        page_html = read(bundled_site, f"{lang}/materials/{meta['Slug']}/index.html")
        url = re.search(r'<link rel="canonical" href="([^"]+)"', page_html).group(1)
        shown = url.split("://", 1)[1].rstrip("/")
        for paper in ("a4", "letter"):
            pdf = leaflet(bundled_site, md, paper)
            page = PdfReader(pdf).pages[0]
            links = [a.get_object() for a in page.get("/Annots", [])]
            (rect,) = [[float(v) for v in a["/Rect"]] for a in links
                       if a.get("/A", {}).get("/URI") == url]
            # What poppler reads inside the link's box is the line, whole.
            box = page.mediabox
            x, y = rect[0] - float(box.left) - 1, float(box.top) - rect[3]
            inside = subprocess.run(
                ["pdftotext", "-f", "1", "-l", "1", "-x", str(int(x)), "-y", str(int(y)),
                 "-W", str(int(rect[2] - rect[0] + 3)), "-H", str(int(rect[3] - rect[1] + 1)),
                 str(pdf), "-"], check=True, capture_output=True, text=True).stdout
            line = ACCESSIBLE[lang] + shown
            if lang == "ar":  # poppler puts the Latin address first (see below)
                assert sorted(one_line(inside).replace(":", " ").split()) == \
                    sorted(line.replace(":", " ").split()), pdf.name
            else:
                assert one_line(inside) == line, pdf.name


def test_catalog_says_language_and_title_and_bookmarks_follow_the_headings(bundled_site):
    for md in MATERIALS:
        meta, body = source(md)
        reader = PdfReader(leaflet(bundled_site, md))
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == meta["Lang"]
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
        title = " ".join(meta["Title"].split())
        info = subprocess.run(["pdfinfo", str(leaflet(bundled_site, md))], check=True,
                              capture_output=True, text=True).stdout
        assert f"Title:           {title}\n" in info
        ((top, children),) = outline_tree(reader)
        assert top == title
        # The body's headings, H3 under its H2; then the two boxes every leaflet ends with.
        tree = [(text, [sub for sub, _ in below]) for text, below in children[:-2]]
        expected: list[tuple[str, list[str]]] = []
        for level, text in headings(body):
            if level == 2:
                expected.append((text, []))
            else:
                expected[-1][1].append(text)
        assert tree == expected, md.name
        assert len(children) == len(expected) + 2


def test_packs_keep_language_title_and_every_leaflets_bookmarks(bundled_site):
    for pdf in sorted((bundled_site / "leaflets").glob("*/pack-*-a4.pdf")):
        reader = PdfReader(pdf)
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == pdf.parent.name
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                              text=True).stdout
        assert f"Title:           {reader.metadata.title}\n" in info and reader.metadata.title
        tree = outline_tree(reader)
        assert len(tree) >= 3 and all(children for _title, children in tree[2:])


@pytest.mark.poppler
def test_arabic_titles_and_sentences_extract_as_written(bundled_site):
    """Every Arabic title and body sentence, exactly as in the Markdown: in pypdf's
    text, and in pdftotext's as far as poppler can say it.

    Each page's text is compared as one line (lines joined by a space, so a
    sentence may wrap, and run on to the next page: `found`) without the
    direction marks pdftotext adds; nothing else is changed: no NFKC, the
    letters must be the base letters, in order.

    poppler 22.12 orders an Arabic line by its own reduced bidi rule, which
    puts a space on the wrong side of any character it does not count as
    right-to-left (digits, Latin words, and punctuation: it counts "." "،" ":"
    as numbers) when an Arabic word follows: "word، word" comes out as
    "word ،word" whatever the PDF holds (no placement of the characters gives
    "، "; the text layer's positions are the painted ones). So pdftotext's
    text is compared in the stretches of Arabic letters and spaces between
    such characters, and a title whole where it has none.
    """
    moved = re.compile(r"\s*[^\u0621-\u065f\u0670-\u06d3\s]+\s*")
    missing: list[str] = []
    for md in ARABIC:
        meta, body = source(md)
        pdf = leaflet(bundled_site, md)
        pypdf_text, poppler_text = pypdf_pages(pdf), poppler_pages(pdf)
        title = " ".join(meta["Title"].split())
        texts = [title, *sentences(body)]
        missing += [f"pypdf {pdf.name}: {t}" for t in texts if not found(t, pypdf_text)]
        for text in texts:
            stretches = [s.strip() for s in moved.split(text) if s.strip()]
            missing += [f"pdftotext {pdf.name}: {s}" for s in stretches
                        if not found(s, poppler_text)]
        if not moved.search(title):
            assert title in poppler_text[0]
    assert not missing, "\n".join(missing)


@pytest.mark.poppler
def test_english_titles_and_sentences_extract_as_written(bundled_site):
    for md in MATERIALS:
        if not md.name.endswith(".en.md"):
            continue
        meta, body = source(md)
        pdf = leaflet(bundled_site, md)
        for pages in (poppler_pages(pdf), pypdf_pages(pdf)):
            for text in [" ".join(meta["Title"].split()), *sentences(body)]:
                assert found(text, pages), (pdf.name, text)
