"""Page layout: page templates (band, running head, footer) and the document class.

Styles (styles.py), pages (here) and content (story.py) are kept apart, as
platypus intends. Page furniture that needs the page count ("Page 3 of 4") is
drawn when the canvas is saved, once the count is known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.tableofcontents import TableOfContents

from .direction import Writer
from .styles import MUTED, RULE

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
MARGIN = 17 * mm
BAND = 26 * mm  # first page / cover: audience band
THIN_BAND = 5 * mm  # later pages
FOOTER = 20 * mm


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


def first_frame_top(height: float) -> float:
    return height - BAND - 8 * mm


def frames(paper: str) -> tuple[Frame, Frame]:
    width, height = PAGE_SIZES[paper]
    first = Frame(MARGIN, FOOTER, width - 2 * MARGIN, first_frame_top(height) - FOOTER,
                  id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later_top = height - THIN_BAND - 12 * mm
    later = Frame(MARGIN, FOOTER, width - 2 * MARGIN, later_top - FOOTER, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return first, later


class LeafletDoc(BaseDocTemplate):
    """Bookmarks (PDF outline) and table-of-contents entries from marked flowables.

    A flowable marked by `mark_outline()` gets a named destination, an outline
    entry at its level and, if `toc` is set, a contents entry. Levels never skip
    (PDF viewers require it), so an h4 under an h2 is filed one level down.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._outline_count = 0
        self._last_level = -1

    def beforeDocument(self) -> None:
        self._outline_count = 0
        self._last_level = -1

    def afterFlowable(self, flowable) -> None:
        entry = getattr(flowable, "leaflet_outline", None)
        if entry is None:
            return
        level, text, toc = entry
        level = min(level, self._last_level + 1)
        self._last_level = level
        self._outline_count += 1
        key = f"section-{self._outline_count}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        if toc:
            self.notify("TOCEntry", (0, text, self.page, key))


def mark_outline(flowable, level: int, text: str, toc: bool = False):
    flowable.leaflet_outline = (level, " ".join(text.split()), toc)
    return flowable


def numbered_canvas(draw_page_of: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas whose pages print "Page n of N" though N is known only at the end.

    Each page shows a form XObject named for its number; the forms are filled
    in when the document is saved. Pages themselves are written as they come,
    so bookmarks and links point at the right page.
    """

    class NumberedCanvas(Canvas):
        def showPage(self) -> None:
            self.doForm(f"page-of-{self.getPageNumber()}")
            super().showPage()

        def save(self) -> None:
            total = self.getPageNumber() - 1
            for page in range(1, total + 1):
                self.beginForm(f"page-of-{page}")
                draw_page_of(self, page, total)
                self.endForm()
            super().save()

    return NumberedCanvas


class PageFurniture:
    """Draws band, running head and footer, mirrored for right-to-left languages."""

    def __init__(self, paper: str, info: PageInfo, accent: colors.Color, writer: Writer,
                 body_size: float):
        self.width, self.height = PAGE_SIZES[paper]
        self.info = info
        self.accent = accent
        self.writer = writer
        self.small = max(7.5, body_size * 0.72)

    def _start_end(self) -> tuple[float, float]:
        """x of the reading start and end edges (swapped for RTL)."""
        left, right = MARGIN, self.width - MARGIN
        return (right, left) if self.writer.rtl else (left, right)

    def band(self, canvas: Canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(self.accent)
        canvas.rect(0, self.height - BAND, self.width, BAND, stroke=0, fill=1)
        start, end = self._start_end()
        w = self.writer
        w.draw(canvas, self.info.band_label, start, self.height - 14 * mm, bold=True,
               size=15, colour=colors.white, align="start")
        w.draw(canvas, self.info.sitename, start, self.height - 20.5 * mm, size=9,
               colour=colors.white, align="start")
        if self.info.band_detail:
            w.draw(canvas, self.info.band_detail, end, self.height - 14 * mm, bold=True,
                   size=15, colour=colors.white, align="end")
        canvas.restoreState()
        self.footer(canvas, doc)

    def thin_band(self, canvas: Canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(self.accent)
        canvas.rect(0, self.height - THIN_BAND, self.width, THIN_BAND, stroke=0, fill=1)
        start, end = self._start_end()
        self.writer.draw(canvas, self.info.running_head, start,
                         self.height - THIN_BAND - 7 * mm, size=self.small, colour=MUTED,
                         align="start", max_width=self.width - 2 * MARGIN - 40 * mm)
        if self.info.band_detail:
            self.writer.draw(canvas, self.info.band_detail, end,
                             self.height - THIN_BAND - 7 * mm, size=self.small,
                             colour=MUTED, align="end")
        canvas.restoreState()
        self.footer(canvas, doc)

    def footer(self, canvas: Canvas, doc) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, FOOTER - 5 * mm, self.width - MARGIN, FOOTER - 5 * mm)
        start, _ = self._start_end()
        self.writer.draw(canvas, self.info.footer_left, start, FOOTER - 9.5 * mm,
                         size=self.small, colour=MUTED, align="start")
        self.writer.draw(canvas, self.info.footer_second, start, FOOTER - 13.5 * mm,
                         size=self.small, colour=MUTED, align="start")
        canvas.restoreState()

    def page_of(self, canvas: Canvas, page: int, total: int) -> None:
        _, end = self._start_end()
        text = self.info.page_of % {"page": page, "pages": total}
        canvas.saveState()
        self.writer.draw(canvas, text, end, FOOTER - 9.5 * mm, size=self.small, colour=MUTED,
                         align="end")
        canvas.restoreState()


def make_doc(path: str, paper: str, furniture: PageFurniture, *, first: str, meta: dict
             ) -> LeafletDoc:
    """A document with two page templates: `first` ("band") and "later"."""
    first_frame, later_frame = frames(paper)
    doc = LeafletDoc(path, pagesize=PAGE_SIZES[paper], invariant=1,
                     leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                     bottomMargin=FOOTER, **meta)
    doc.addPageTemplates([
        PageTemplate(id="band", frames=[first_frame], onPage=furniture.band,
                     autoNextPageTemplate="later"),
        PageTemplate(id="later", frames=[later_frame], onPage=furniture.thin_band),
    ])
    doc.canvasmaker = numbered_canvas(furniture.page_of)
    return doc


class Contents(TableOfContents):
    """A table of contents whose entries go through the leaflet's own paragraphs.

    ReportLab's own TOC draws page numbers after the text with a left-to-right
    assumption; ours is a two-column table, mirrored for RTL, so Arabic titles
    are shaped like every other paragraph.
    """

    def __init__(self, para, style, rtl: bool):
        super().__init__()
        self._para = para
        self._style = style
        self._rtl = rtl
        self._number_style = ParagraphStyle("toc-page", parent=style,
                                            alignment=TA_LEFT if rtl else TA_RIGHT)

    def wrap(self, availWidth, availHeight):
        from reportlab.platypus import Table, TableStyle

        rows = []
        for _level, text, page, key in self._lastEntries or [(0, "…", 0, None)]:
            title = self._para(f'<a href="#{key}">{text}</a>' if key else text, self._style)
            number = self._para(str(page), self._number_style)
            rows.append([number, title] if self._rtl else [title, number])
        widths = [availWidth * 0.12, availWidth * 0.88] if self._rtl else \
            [availWidth * 0.88, availWidth * 0.12]
        self._table = Table(rows, colWidths=widths)
        self._table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self._style.fontName),  # not Helvetica
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("ALIGN", (1 if self._rtl else 0, 0), (1 if self._rtl else 0, -1),
             "RIGHT" if self._rtl else "LEFT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height
