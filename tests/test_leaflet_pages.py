"""A teacher prints every leaflet and pack of the bundled material: no sheet comes out blank.

A box taller than a page (the legislative checklist's "What the resolution
says", 22 clauses) once followed its heading onto a fresh page and then broke
the page again, printing an empty page 4 in the middle of the leaflet. Here
every page but the last of every bundled PDF, in both languages and on both
papers, is rendered and looked at: each must carry text in its body, between
the colour band (and running head) and the footer.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

MM = 72 / 25.4
SCALE = 20 / 72  # 20 dpi: enough to see ink, cheap for ~450 pages
# The body, measured from the top of the page (both papers align at the top): below
# the audience band on a first page and the running head on later pages, above the
# footer rule, which sits 20 mm over the bottom of the shorter paper (US Letter).
FIRST_PAGE_TOP = 34 * MM
LATER_PAGE_TOP = 17 * MM
BODY_BOTTOM = 792 - 20 * MM
INK = 250  # grey level: anything darker than near-white is ink (tinted boxes too)
NEARLY_BLANK = 0.10  # ink spanning less than a tenth of the body: a lone heading, a sliver


def body_ink_span(page: pdfium.PdfPage, first: bool) -> float:
    """How much of the body's height lies between its first and last inked rows (0..1)."""
    image = page.render(scale=SCALE).to_pil().convert("L")
    top = (FIRST_PAGE_TOP if first else LATER_PAGE_TOP) * SCALE
    bottom = BODY_BOTTOM * SCALE
    body = image.crop((0, round(top), image.width, round(bottom)))
    box = body.point(lambda grey: 255 if grey < INK else 0).getbbox()
    return 0.0 if box is None else (box[3] - box[1]) / body.height


def bundled_pdfs(site: Path) -> list[Path]:
    """Leaflets and packs, in colour and black and white (one layout: the same pages);
    booklets are imposed sheets, two pages to a side (tests/test_leaflet_editions.py)."""
    return sorted(p for p in (site / "leaflets").glob("*/*.pdf")
                  if not p.stem.endswith("-booklet"))


def test_no_leaflet_or_pack_has_a_blank_page_before_its_last(bundled_site):
    pdfs = bundled_pdfs(bundled_site)
    # 22 materials and 4 packs, in 2 languages, on 2 papers, in colour and black and white
    assert len(pdfs) == 208
    blank = []
    for pdf in pdfs:
        document = pdfium.PdfDocument(pdf)
        try:
            for number in range(1, len(document)):  # every page but the last
                span = body_ink_span(document[number - 1], first=number == 1)
                if span < NEARLY_BLANK:
                    blank.append(f"{pdf.relative_to(bundled_site)} page {number}: "
                                 f"ink over {span:.0%} of the body")
        finally:
            document.close()
    assert blank == []


@pytest.mark.parametrize(("lang", "pages"), [("en", 6), ("ar", 5)])
def test_the_legislative_checklist_runs_its_resolution_box_on_from_the_text(
        bundled_site, lang, pages):
    """The 22-clause box starts under the text it follows and runs on over the pages."""
    for paper in ("a4", "letter"):
        document = pdfium.PdfDocument(
            bundled_site / f"leaflets/{lang}/legislative-checklist-{paper}.pdf")
        try:
            assert len(document) == pages
        finally:
            document.close()
