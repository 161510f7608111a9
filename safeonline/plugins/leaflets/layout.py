"""Page layout: page templates (band, running head, footer) and the document class.

Styles (styles.py), pages (here) and content (story.py) are kept apart, as
platypus intends. Page furniture that needs the page count ("Page 3 of 4") is
drawn when the canvas is saved, once the count is known.

One layout can serve several papers (`Geometry`): the canvas is as wide as
the widest paper and as tall as the tallest; each paper is a window on it
(its MediaBox), centred across and aligned at the top. Text stays inside the
margins of every paper and sits above the highest paper bottom; the colour
bands span the whole canvas, so they reach the page edge on every paper. A4
and US Letter leaflets are then laid out once and differ only in their
MediaBox: A4 keeps 17.6 mm more white under the footer, Letter 3 mm more at
each side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFObject
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, PageTemplate

from .direction import Writer
from .fullness import FillFrame, PageFill, page_fill
from .keep_with_next import group_with_next, keep_with_first_part
from .palette import Palette

# A5 and half Letter (5.5 × 8.5 in): booklet pages, two to a side of A4 or Letter.
PAGE_SIZES = {"A4": A4, "LETTER": LETTER, "A5": A5, "HALF_LETTER": (LETTER[1] / 2, LETTER[0])}
MARGIN = 17 * mm
BAND = 26 * mm  # first page / cover: audience band
THIN_BAND = 5 * mm  # later pages
FOOTER = 20 * mm
MIN_BAND_TEXT = 6  # points: the smallest the accessible-version line is set
#: Under a heading, a box or list that splits gets at least this many body sizes
#: of room (about three lines), or goes to the next page with it (keep_with_next.py).
KEPT_ROOM = 4


@dataclass(frozen=True)
class PageInfo:
    """What the page furniture prints, already translated."""

    band_label: str  # audience label
    band_detail: str  # age band or "" ("Ages 8-10")
    running_head: str  # later pages: the leaflet's or pack's title
    footer_left: str  # site name · date
    footer_second: str  # licence
    page_of: str  # "Page %(page)s of %(pages)s", translated
    sitename: str
    # First page: where the accessible version is, printed and linked (see `band`).
    accessible_text: str = ""
    accessible_url: str = ""
    accessible_address: str = ""  # the address alone, where the sentence will not fit


@dataclass(frozen=True)
class Geometry:
    """A canvas serving one or more papers, and where text may go on it."""

    width: float  # the canvas
    height: float
    boxes: dict[str, tuple[float, float, float, float]]  # paper -> its MediaBox
    left: float  # text area: inside the margins of every paper
    right: float
    bottom: float  # the highest paper bottom: footers sit on it

    @property
    def text_width(self) -> float:
        return self.right - self.left


def geometry(papers: Sequence[str]) -> Geometry:
    """The shared canvas for `papers`; one paper gives that paper, nothing shifted."""
    sizes = {p: PAGE_SIZES[p] for p in papers}
    width = max(w for w, _h in sizes.values())
    height = max(h for _w, h in sizes.values())
    boxes = {p: ((width - w) / 2, height - h, (width + w) / 2, height)
             for p, (w, h) in sizes.items()}
    return Geometry(width, height, boxes,
                    left=max(b[0] for b in boxes.values()) + MARGIN,
                    right=min(b[2] for b in boxes.values()) - MARGIN,
                    bottom=max(b[1] for b in boxes.values()))


def first_frame_top(height: float) -> float:
    return height - BAND - 8 * mm


def frames(geo: Geometry) -> tuple[FillFrame, FillFrame]:
    bottom = geo.bottom + FOOTER
    first = FillFrame(geo.left, bottom, geo.text_width, first_frame_top(geo.height) - bottom,
                  id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later_top = geo.height - THIN_BAND - 12 * mm
    later = FillFrame(geo.left, bottom, geo.text_width, later_top - bottom, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return first, later


#: Every page's MediaBox is written as this fixed-width placeholder, which
#: `paper_copy` overwrites with a paper's box of the same length: the PDF's
#: cross-reference offsets stay right, and one rendering gives every paper.
MEDIABOX_SLOT = b"[ " + b" " * 60 + b" ]"


class _MediaBoxSlot(PDFObject):
    def format(self, document) -> bytes:
        return MEDIABOX_SLOT


def paper_copy(pdf: bytes, box: tuple[float, float, float, float]) -> bytes:
    """The rendered PDF with every page's MediaBox set to `box`."""
    text = "[ " + " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in box)
    filled = text.encode("ascii").ljust(len(MEDIABOX_SLOT) - 2) + b" ]"
    if len(filled) != len(MEDIABOX_SLOT) or MEDIABOX_SLOT not in pdf:
        raise ValueError("leaflet PDF has no MediaBox placeholder to fill")
    return pdf.replace(MEDIABOX_SLOT, filled)


class LeafletDoc(BaseDocTemplate):
    """Bookmarks (PDF outline) and table-of-contents entries from marked flowables.

    A flowable marked by `mark_outline()` gets a named destination, an outline
    entry at its level and, under its key, the page it landed on. Levels never skip
    (PDF viewers require it), so an h4 under an h2 is filed one level down.
    `page_fills` says, page by page, how full each came out (fullness.py).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._outline_count = 0
        self._last_level = -1
        self.page_fills: list[PageFill] = []

    def beforeDocument(self) -> None:
        self._outline_count = 0
        self._last_level = -1
        self.page_fills = []

    def afterPage(self) -> None:
        self.page_fills.append(page_fill(self.frame))

    handle_keepWithNext = group_with_next

    def afterFlowable(self, flowable) -> None:
        entry = getattr(flowable, "leaflet_outline", None)
        if entry is None:
            return
        level, text, key = entry
        level = min(level, self._last_level + 1)
        self._last_level = level
        self._outline_count += 1
        key = key or f"section-{self._outline_count}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        # Read when the canvas is saved, to print the contents' page numbers.
        pages = getattr(self.canv, "leaflet_pages", None)
        if pages is None:
            pages = self.canv.leaflet_pages = {}
        pages[key] = self.page


def mark_outline(flowable, level: int, text: str, key: str = ""):
    """Bookmark `flowable`; a `key` also lets the contents page link to it."""
    flowable.leaflet_outline = (level, " ".join(text.split()), key)
    return flowable


def numbered_canvas(draw_page_of: Callable[[Canvas, int, int], None],
                    draw_page_number: Callable[[Canvas, int], None]) -> type[Canvas]:
    """A canvas that prints numbers known only at the end, in one pass.

    Each page shows a form XObject for "Page n of N", and the contents page
    one per entry; the forms are filled in when the document is saved. Pages
    are written as they come, so bookmarks and links point at the right page,
    and a pack needs no second layout pass for its contents.
    """

    class NumberedCanvas(Canvas):
        def _setAnnotations(self, page) -> None:
            # Called for every page just before it is added: the last moment
            # to give it the MediaBox placeholder (see `paper_copy`).
            super()._setAnnotations(page)
            page.MediaBox = _MediaBoxSlot()

        def showPage(self) -> None:
            self.doForm(f"page-of-{self.getPageNumber()}")
            super().showPage()

        def save(self) -> None:
            total = self.getPageNumber() - 1
            for page in range(1, total + 1):
                self.beginForm(f"page-of-{page}")
                draw_page_of(self, page, total)
                self.endForm()
            pages = getattr(self, "leaflet_pages", {})
            for key in getattr(self, "leaflet_contents", ()):
                # Drawn around its origin (right-aligned in LTR): widen the bbox.
                self.beginForm(f"contents-{key}", lowerx=-500, lowery=-50, upperx=500,
                               uppery=50)
                draw_page_number(self, pages.get(key, 0))
                self.endForm()
            super().save()

    return NumberedCanvas


def _nothing(canvas: Canvas, doc) -> None:
    return None


class PageFurniture:
    """Draws band, running head and footer, mirrored for right-to-left languages."""

    def __init__(self, geo: Geometry, info: PageInfo, palette: Palette, writer: Writer,
                 body_size: float):
        self.geo = geo
        self.width, self.height = geo.width, geo.height
        self.info = info
        self.palette = palette  # the band's colour and the text on it (palette.py)
        self.writer = writer
        self.body_size = body_size
        self.small = max(7.5, body_size * 0.72)
        self.contents_size = body_size * 1.05  # the "toc0" style

    def _start_end(self) -> tuple[float, float]:
        """x of the reading start and end edges (swapped for RTL)."""
        left, right = self.geo.left, self.geo.right
        return (right, left) if self.writer.rtl else (left, right)

    def band(self, canvas: Canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(self.palette.band)
        canvas.rect(0, self.height - BAND, self.width, BAND, stroke=0, fill=1)
        start, end = self._start_end()
        w, on_band = self.writer, self.palette.on_band
        w.draw(canvas, self.info.band_label, start, self.height - 14 * mm, bold=True,
               size=15, colour=on_band, align="start")
        w.draw(canvas, self.info.sitename, start, self.height - 20.5 * mm, size=9,
               colour=on_band, align="start")
        if self.info.band_detail:
            w.draw(canvas, self.info.band_detail, end, self.height - 14 * mm, bold=True,
                   size=15, colour=on_band, align="end")
        self.accessible_line(canvas)
        canvas.restoreState()
        self.footer(canvas, doc)

    def accessible_line(self, canvas: Canvas) -> None:
        """Where the accessible version is: the band's second line, at the end edge,
        with a link over it.

        ReportLab cannot tag a PDF, so the web page is the accessible version;
        in the band the line takes no room from the text below it.
        """
        if not self.info.accessible_text:
            return
        _, end = self._start_end()
        y = self.height - 20.5 * mm
        size = 8
        room = self.geo.text_width - self.writer.width(self.info.sitename, 9) - 8 * mm
        text = self.info.accessible_text
        if self.writer.width(text, MIN_BAND_TEXT) > room and self.info.accessible_address:
            text = self.info.accessible_address  # a narrow page (an A5 booklet): the address
        left, width, size = self.writer.draw(canvas, text, end, y,
                                             size=size, colour=self.palette.on_band, align="end",
                                             max_width=room)
        canvas.linkURL(self.info.accessible_url, (left, y - 0.3 * size, left + width,
                                                  y + 0.9 * size), relative=0, thickness=0)

    def thin_band(self, canvas: Canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(self.palette.band)
        canvas.rect(0, self.height - THIN_BAND, self.width, THIN_BAND, stroke=0, fill=1)
        start, end = self._start_end()
        self.writer.draw(canvas, self.info.running_head, start,
                         self.height - THIN_BAND - 7 * mm, size=self.small, colour=self.palette.muted,
                         align="start", max_width=self.geo.text_width - 40 * mm)
        if self.info.band_detail:
            self.writer.draw(canvas, self.info.band_detail, end,
                             self.height - THIN_BAND - 7 * mm, size=self.small,
                             colour=self.palette.muted, align="end")
        canvas.restoreState()
        self.footer(canvas, doc)

    def footer(self, canvas: Canvas, doc) -> None:
        canvas.saveState()
        canvas.setStrokeColor(self.palette.rule)
        canvas.setLineWidth(0.5)
        base = self.geo.bottom
        canvas.line(self.geo.left, base + FOOTER - 5 * mm, self.geo.right,
                    base + FOOTER - 5 * mm)
        start, _ = self._start_end()
        self.writer.draw(canvas, self.info.footer_left, start, base + FOOTER - 9.5 * mm,
                         size=self.small, colour=self.palette.muted, align="start")
        self.writer.draw(canvas, self.info.footer_second, start, base + FOOTER - 13.5 * mm,
                         size=self.small, colour=self.palette.muted, align="start")
        canvas.restoreState()

    def contents_number(self, canvas: Canvas, page: int) -> None:
        """A contents entry's page number, drawn at the form's origin (its end edge)."""
        self.writer.draw(canvas, str(page), 0, 0, size=self.contents_size, colour=self.palette.ink,
                         align="end")

    def page_of(self, canvas: Canvas, page: int, total: int) -> None:
        _, end = self._start_end()
        text = self.info.page_of % {"page": page, "pages": total}
        canvas.saveState()
        self.writer.draw(canvas, text, end, self.geo.bottom + FOOTER - 9.5 * mm,
                         size=self.small, colour=self.palette.muted, align="end")
        canvas.restoreState()


def make_doc(path, geo: Geometry, furniture: PageFurniture, *, meta: dict, drawn: bool = True
             ) -> LeafletDoc:
    """A document with two page templates: "band" (the first page) and "later".

    A heading is kept with the first part of what follows it, not all of it
    (keep_with_next.py).

    `path` may be a file object: the renderer keeps the PDF in memory and
    writes one copy per paper (`paper_copy`). Not `drawn`, the document is a
    trial layout (fullness.py): its pages are measured, nothing is drawn or saved.
    """
    first_frame, later_frame = frames(geo)
    first_frame.drawn = later_frame.drawn = drawn
    doc = LeafletDoc(path, pagesize=(geo.width, geo.height), invariant=1,
                     leftMargin=geo.left, rightMargin=geo.width - geo.right,
                     topMargin=MARGIN, bottomMargin=geo.bottom + FOOTER,
                     keepTogetherClass=keep_with_first_part(KEPT_ROOM * furniture.body_size),
                     **meta)
    band, thin_band = (furniture.band, furniture.thin_band) if drawn else (_nothing, _nothing)
    doc.addPageTemplates([
        PageTemplate(id="band", frames=[first_frame], onPage=band,
                     autoNextPageTemplate="later"),
        PageTemplate(id="later", frames=[later_frame], onPage=thin_band),
    ])
    doc._doSave = drawn  # platypus's own switch: a trial is never written
    doc.canvasmaker = numbered_canvas(furniture.page_of, furniture.contents_number)
    return doc
