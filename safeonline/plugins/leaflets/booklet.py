"""A booklet: A5 (or half-Letter) leaflet pages imposed two-up for saddle stitching.

The leaflet is laid out at A5 by ReportLab like any other paper (render.py);
here its pages are placed, with pypdf's page transforms, two to a side of a
landscape A4 (or Letter) sheet, in the order that makes the printed stack,
folded once and stapled on the fold, read 1, 2, 3... The page count is padded
with blank pages at the end to a multiple of four (each sheet holds four).

For n pages (a multiple of 4), sheet s (from 0) holds on its front, left to
right, pages n-2s and 1+2s, and on its back 2+2s and n-1-2s: for 8 pages
[8, 1] [2, 7] [6, 3] [4, 5]. A right-to-left booklet binds on the right, so
each side is mirrored: [1, 8] [7, 2] [3, 6] [5, 4]. The sheets are printed
double-sided, flipped on the short edge.

Cost: pypdf parses the content stream of each page it merges, twice. The
booklet's A5 pages are therefore drawn each into a form XObject
(render._page_forms), so a page's own content is one `Do` and its drawing,
still Flate-compressed as ReportLab wrote it, is copied, never parsed: this
took the imposition from ~30 ms to a few ms a page.

The bytes depend only on the input: pypdf writes no date, and the trailer
/ID is derived from the leaflet's own (ReportLab's invariant one).
"""

from __future__ import annotations

import hashlib
from io import BytesIO

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, ByteStringObject, NameObject

from .layout import PAGE_SIZES

PAGES_PER_SHEET = 4


def padded(pages: int) -> int:
    """Pages of the booklet: `pages` rounded up to whole sheets."""
    return -(-pages // PAGES_PER_SHEET) * PAGES_PER_SHEET


def saddle_order(pages: int, rtl: bool = False) -> list[tuple[int, int]]:
    """(left, right) page numbers of each printed side, sheet by sheet, front then back.

    `pages` must be a multiple of four; numbers beyond the leaflet's own
    pages are the blank padding.
    """
    if pages % PAGES_PER_SHEET:
        raise ValueError(f"a booklet has a multiple of 4 pages, not {pages}")
    sides = []
    for s in range(pages // PAGES_PER_SHEET):
        front = (pages - 2 * s, 1 + 2 * s)
        back = (2 + 2 * s, pages - 1 - 2 * s)
        for left, right in (front, back):
            sides.append((right, left) if rtl else (left, right))
    return sides


def impose(pdf: bytes, sheet_paper: str, rtl: bool) -> tuple[bytes, int]:
    """The booklet's sheets as a PDF, and its page count (padded).

    `pdf` holds the booklet's pages, each page's MediaBox the window of one
    half-sheet (A5 on A4, half-Letter on Letter). Each is moved so that
    window fills its half; what lies outside it on the shared canvas is
    clipped by pypdf's merge (the page's crop box).
    """
    reader = PdfReader(BytesIO(pdf))
    count = len(reader.pages)
    total = padded(count)
    sheet_h, sheet_w = PAGE_SIZES[sheet_paper]  # landscape
    writer = PdfWriter()
    for left, right in saddle_order(total, rtl):
        side = writer.add_blank_page(sheet_w, sheet_h)
        for slot, number in enumerate((left, right)):
            if number > count:
                continue  # padding: the half stays blank
            page = reader.pages[number - 1]
            # Links and bookmarks point at the A5 pages, which are not in the booklet;
            # merged, pypdf would copy each link and the page it opens.
            if "/Annots" in page:
                del page[NameObject("/Annots")]
            box = page.mediabox
            half_x = sheet_w / 2 - float(box.width) if slot == 0 else sheet_w / 2
            move = Transformation().translate(half_x - float(box.left),
                                              (sheet_h - float(box.height)) / 2
                                              - float(box.bottom))
            side.merge_transformed_page(page, move)
    _copy_document_info(reader, writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), total


def _copy_document_info(reader: PdfReader, writer: PdfWriter) -> None:
    """Title, language and viewer preferences as the leaflet's; a stable /ID."""
    info = reader.metadata or {}
    writer.add_metadata({key: value for key, value in info.items()
                         if key not in ("/Producer", "/CreationDate", "/ModDate")})
    catalog = reader.trailer["/Root"]
    for key in ("/Lang", "/ViewerPreferences"):
        if key in catalog:
            writer._root_object[NameObject(key)] = catalog[key].get_object()
    source_id = reader.trailer.get("/ID")
    seed = source_id[0].original_bytes if source_id else b""
    digest = hashlib.md5(seed + b"booklet", usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
