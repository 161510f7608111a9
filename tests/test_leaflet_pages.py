"""A teacher prints every bundled leaflet: no page comes out with a hole, none ends nearly empty.

Measured as a reader sees it: each page rendered at 20 dpi (pdftoppm), and in
its body (below the audience band on page 1 and the running head on later
pages, above the footer) how far down the last ink reaches. Every page but
the last is at least 75 % full; a leaflet longer than one sheet (two pages)
ends on a page at least 40 % full; and a leaflet fits one sheet unless the
smallest type its audience allows cannot make it. A leaflet that still misses
must be named in the build summary with its reason, and only those are
accepted; there should be few.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.poppler

MM = 72 / 25.4
DPI = 20  # enough to see ink, cheap for ~200 pages
# The body, from the top of the page (both papers align at the top): below the
# band (page 1) or the running head (later pages), above the footer rule, which
# sits 20 mm over the bottom of the shorter paper (US Letter).
FIRST_PAGE_TOP = 34 * MM
LATER_PAGE_TOP = 17 * MM
BODY_BOTTOM = 792 - 20 * MM
INK = 250  # grey level: anything darker than near-white is ink (tinted boxes too)
NOTE_RE = re.compile(r"^leaflets: (?P<slug>\S+) \((?P<lang>\w+), (?P<papers>[^)]*)\) (?P<why>.+)$")


def page_fills(pdf: Path, folder: Path) -> list[float]:
    """How far down each page's body its last ink reaches (0..1), page by page."""
    stem = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), str(stem)], check=True)
    fills = []
    for number, image_path in enumerate(sorted(folder.glob(f"{pdf.stem}-*.pgm"))):
        image = Image.open(image_path).convert("L")
        top = round((FIRST_PAGE_TOP if number == 0 else LATER_PAGE_TOP) * DPI / 72)
        body = image.crop((0, top, image.width, round(BODY_BOTTOM * DPI / 72)))
        box = body.point(lambda grey: 255 if grey < INK else 0).getbbox()
        fills.append(0.0 if box is None else box[3] / body.height)
        image_path.unlink()
    return fills


def shortfalls(fills: list[float]) -> list[str]:
    found = [f"page {n} is {fill:.0%} full" for n, fill in enumerate(fills[:-1], 1)
             if fill < 0.75]
    if len(fills) > 2 and fills[-1] < 0.40:
        found.append(f"ends on a page {fills[-1]:.0%} full")
    return found


def named_in_summary(notes: list[str]) -> dict[tuple[str, str, str], list[str]]:
    """(lang, slug, paper) -> the reasons the build summary gives for it."""
    named: dict[tuple[str, str, str], list[str]] = {}
    for note in notes:
        match = NOTE_RE.match(note)
        if match:
            for paper in match["papers"].split(", "):
                key = (match["lang"], match["slug"], paper.lower())
                named.setdefault(key, []).append(match["why"])
    return named


def bundled_leaflets(site: Path) -> list[Path]:
    """The colour leaflets: black and white is the same layout (the same pages), and
    booklets are imposed sheets, two pages to a side (tests/test_leaflet_editions.py)."""
    return sorted(p for p in (site / "leaflets").glob("*/*.pdf")
                  if not p.name.startswith("pack-") and not p.stem.endswith(("-bw", "-booklet")))


def test_every_bundled_leaflet_fills_its_pages_or_the_summary_says_why(
        bundled_report, tmp_path):
    site = bundled_report.output
    pdfs = bundled_leaflets(site)
    assert len(pdfs) == 100  # 25 materials in 2 languages, on A4 and Letter
    named = named_in_summary(bundled_report.notes)
    unexplained, longer = [], {}
    for pdf in pdfs:
        lang = pdf.parent.name
        slug, paper = pdf.stem.rsplit("-", 1)
        fills = page_fills(pdf, tmp_path)
        if len(fills) > 2:
            longer[(lang, slug, paper)] = len(fills)
        missed = shortfalls(fills)
        if missed and (lang, slug, paper) not in named:
            unexplained.append(f"{lang}/{pdf.name}: {'; '.join(missed)} "
                               f"({' '.join(f'{f:.0%}' for f in fills)})")
    assert unexplained == []
    # The exceptions are few and name real leaflets, each with a reason.
    assert len({(lang, slug) for lang, slug, _ in named}) <= 3
    assert all((site / "leaflets" / lang / f"{slug}-{paper}.pdf").is_file()
               and all(reasons) for (lang, slug, paper), reasons in named.items())
    # Most leaflets fit one sheet; the long ones are the long texts (and the lesson
    # plans, a lesson's worth of steps each), on both papers alike.
    lessons = {key for key in longer if "lesson" in key[1]}
    assert len(longer) - len(lessons) <= 16
    assert {(lang, slug) for lang, slug, _ in longer} >= {
        ("en", "legislative-checklist"), ("ar", "legislative-checklist")}
    for (lang, slug, paper), pages in longer.items():
        other = "letter" if paper == "a4" else "a4"
        assert longer.get((lang, slug, other)) == pages


def test_no_pack_has_a_blank_page_before_its_last(bundled_site, tmp_path):
    """A pack is its cover, contents and the members' leaflets as printed."""
    packs = sorted((bundled_site / "leaflets").glob("*/pack-*.pdf"))
    assert len(packs) == 32  # 4 audiences in 2 languages, on 2 papers, colour and bw
    blank = []
    for pdf in packs:
        fills = page_fills(pdf, tmp_path)
        blank += [f"{pdf.relative_to(bundled_site)} page {n}: {fill:.0%}"
                  for n, fill in enumerate(fills[:-1], 1) if fill < 0.10]
    assert blank == []


@pytest.mark.parametrize(("lang", "pages"), [("en", 6), ("ar", 5)])
def test_the_legislative_checklist_runs_its_resolution_box_on_from_the_text(
        bundled_site, tmp_path, lang, pages):
    """The 22-clause box starts under the text it follows and runs on over the pages."""
    for paper in ("a4", "letter"):
        fills = page_fills(bundled_site / f"leaflets/{lang}/legislative-checklist-{paper}.pdf",
                           tmp_path)
        assert len(fills) == pages
        assert min(fills[:-1]) >= 0.75


FILLER = ("Talk with your child about the games they play and the people they meet there. "
          "Ask which friends they have met only online, and listen without judging. ")


def heading_material(number: int) -> str:
    """A parents' leaflet whose heading before a list falls lower on page 1 as `number` grows."""
    filler = "\n\n".join(FILLER * 2 for _ in range(4 + number // 3)) + " " + FILLER * (number % 3)
    return (f"Title: Page end test {number}\nAudience: parents\nTopics: reporting\n"
            "Clauses: OP10\nLang: en\n"
            f"Slug: page-end-{number}\nSummary: A heading and a list near the foot of a page.\n"
            f"Date: 2026-12-01\n\n{filler}\n\n## Where to turn next\n\n"
            "- Write down what happened and when.\n- Keep the messages.\n"
            "- Tell the platform.\n")


WORD_RE = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>')


def test_a_heading_before_a_list_never_ends_a_page(make_content, build, tmp_path, pdf_text):
    content = make_content(tmp_path, "basic")
    for old in (content / "materials").rglob("*.md"):
        old.unlink()
    for number in range(24):
        (content / "materials" / "parents" / f"page-end-{number}.en.md").write_text(
            heading_material(number), encoding="utf-8")
    build(content, tmp_path / "output")
    where = []  # (page, how far down it) of each leaflet's heading
    for number in range(24):
        pdf = tmp_path / f"output/leaflets/en/page-end-{number}-a4.pdf"
        pages = pdf_text(pdf, "-bbox").split("<page ")[1:]
        for page_number, page in enumerate(pages, 1):
            height = float(re.search(r'height="([\d.]+)"', page)[1])
            words = [(float(y), w) for y, w in WORD_RE.findall(page)]
            heading = [y for y, w in words if w == "turn"]
            if heading:
                where.append((page_number, heading[0] / height))
                assert any(w == "Write" for _, w in words), \
                    f"page-end-{number}: the heading ends a page without its list"
    # As the text above it grew, the heading went down page 1 and over to page 2:
    # some leaflet met the page end right under it.
    assert any(page == 1 and down > 0.6 for page, down in where)
    assert any(page == 2 and down < 0.3 for page, down in where)


def test_a_leaflet_that_cannot_fill_a_page_is_named_in_the_summary_with_why(
        make_content, build, tmp_path):
    """Pictures do not shrink with the type: three tall ones leave a hole under the first."""
    content = make_content(tmp_path, "leaflets")
    for old in (content / "materials").rglob("*.md"):
        old.unlink()
    pictures = "\n\n".join(f"![Step {n} of the reporting diagram]({{static}}/images/tall.png)"
                           for n in (1, 2, 3))
    (content / "materials" / "teachers" / "three-pictures.en.md").write_text(
        "Title: Three pictures\nAudience: teachers\nTopics: media-literacy\n"
        "Clauses: OP10\nLang: en\n"
        "Slug: three-pictures\nSummary: Three tall diagrams, one after the other.\n"
        f"Date: 2026-12-01\n\nThe steps, one diagram each.\n\n{pictures}\n", encoding="utf-8")
    report = build(content, tmp_path / "output")
    named = named_in_summary(report.notes)
    for paper in ("a4", "letter"):
        fills = page_fills(tmp_path / f"output/leaflets/en/three-pictures-{paper}.pdf", tmp_path)
        assert fills[0] < 0.75
        reasons = named[("en", "three-pictures", paper)]
        assert any(why.startswith("page 1 is ") and "a figure" in why for why in reasons)


NOTE_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
BIDI_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_an_arabic_note_number_never_starts_a_line_away_from_its_word(bundled_site, pdf_text):
    """The legislative checklist's "¹⁴؟" once wrapped to a line of its own."""
    pdfs = sorted(p for p in (bundled_site / "leaflets/ar").glob("*.pdf")
                  if not p.stem.endswith(("-bw", "-booklet")))  # the same lines as colour
    assert len(pdfs) == 58  # 25 leaflets and 4 packs, on two papers
    notes_seen, stranded = 0, []
    for pdf in pdfs:
        for line in pdf_text(pdf).splitlines():
            shown = line.strip(BIDI_MARKS + " ")
            notes_seen += any(digit in shown for digit in NOTE_DIGITS)
            if shown[:1] in set(NOTE_DIGITS):
                stranded.append(f"{pdf.name}: {shown}")
    assert notes_seen > 100  # the Arabic leaflets do cite clauses
    assert stranded == []
