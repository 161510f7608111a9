"""An audience pack: a cover and contents, then its members' leaflets as printed.

Laying every member out again cost more than its leaflet, on one core, with
the whole pack in memory, and re-made the pack whole when any member changed.
So a pack reuses the leaflet PDFs already in the cache (same paper):

1. ReportLab draws the cover and the contents, as before. The contents' page
   numbers come from the members' page counts (the runner records them with
   each cached leaflet) and the front matter's own length, known when its
   canvas is saved: no second layout pass. Each contents entry links to a
   placeholder (`contents.MEMBER_LINK`), turned into a jump to the member's
   first page below.
2. The pages are written one object at a time (`pdf_copy.PdfStream`): the front
   matter, then each member read with pypdf, its objects renumbered and
   written out, then dropped before the next member is opened. Memory stays
   at about one member, not the whole pack.
3. Every page gets its pack page number (a folio in the top corner, inside
   the audience band) as a small form drawn after the page's own content, so
   a printed pack can be found by the numbers in its contents while each
   leaflet keeps its own "Page 1 of 2" footer.
4. The outline (pack_outline.py) has the cover, the contents and one entry per
   material (its title) holding that leaflet's own bookmarks, closed.

The bytes depend only on the inputs: the document information is
ReportLab's invariant one, and the trailer's /ID is a hash of what was
written before it.
"""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
)
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import rtl
from .contents import MEMBER_LINK
from .layout import (
    PageFurniture,
    frames,
    geometry,
    make_doc,
    numbered_canvas,
    paper_copy,
)
from .model import RenderJob
from .pack_outline import OutlineEntry, member_bookmarks, read_outline, write_outline
from .pdf_copy import Copier, PdfStream, raw_stream
from .render import document_meta, page_info, palette_for, writer_for
from .story import pack_front_story
from .strings import ACCESSIBLE_PACK
from .styles import build_sheet

FOLIO_SIZE = 7  # points; on the audience band, in the band's text colour
FOLIO_FROM_TOP = 3.6 * mm  # baseline: inside the 5 mm band of later pages


def render_pack(job: RenderJob, members: list[tuple[str, int]], font_dir: str,
                out_path: str) -> int:
    """Write the pack to `out_path` from its members' PDFs; returns its page count.

    `members` are (cached leaflet PDF, its page count), in the order of
    `job.materials`.
    """
    rtl.install()
    counts = [pages for _path, pages in members]
    front = render_front(job, counts, font_dir)
    front_reader = PdfReader(BytesIO(front))
    total = len(front_reader.pages) + sum(counts)
    folios = PdfReader(BytesIO(render_folios(job, total, font_dir)))
    with open(out_path, "wb") as fh:
        out = PdfStream(fh)
        pages_ref = out.reserve()
        page_refs = [out.reserve() for _ in range(total)]
        folio_copier = Copier(out, folios)
        save_state = out.put(out.reserve(), raw_stream(b"q\n"))  # see Copier.pages
        outline: list[OutlineEntry] = []

        front_copier = Copier(out, front_reader, page_refs[:len(front_reader.pages)],
                              pages_ref, links=_member_starts(len(front_reader.pages), counts,
                                                              page_refs))
        front_copier.pages(folios, folio_copier, 0, save_state)
        outline.extend(read_outline(front_reader, 0))
        catalog = front_reader.trailer["/Root"]
        info_ref = front_copier.copy(front_reader.trailer.raw_get("/Info"))
        front_copier.drain()
        del front_copier, front_reader

        start = total - sum(counts)
        for spec, (path, pages) in zip(job.materials, members, strict=True):
            reader = PdfReader(path)
            if len(reader.pages) != pages:
                raise ValueError(f"{path}: cached leaflet has {len(reader.pages)} pages, "
                                 f"expected {pages}")
            copier = Copier(out, reader, page_refs[start:start + pages], pages_ref)
            copier.pages(folios, folio_copier, start, save_state)
            bookmarks = member_bookmarks(read_outline(reader, start), spec.title)
            outline.append(OutlineEntry(spec.title, start, None, bookmarks))
            del copier, reader
            start += pages

        out.put(pages_ref, DictionaryObject({
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Count"): NumberObject(total),
            NameObject("/Kids"): ArrayObject(page_refs),
        }))
        outlines_ref = write_outline(out, outline, page_refs)
        root = DictionaryObject({
            NameObject("/Type"): NameObject("/Catalog"),
            NameObject("/Pages"): pages_ref,
            NameObject("/Outlines"): outlines_ref,
        })
        for key in ("/Lang", "/PageMode", "/ViewerPreferences"):
            if key in catalog:
                root[NameObject(key)] = catalog[key].get_object()
        root_ref = out.put(out.reserve(), root)
        out.finish(root_ref, info_ref)
    return total


def _member_starts(front_pages: int, counts: list[int], page_refs: list[IndirectObject]
                   ) -> dict[str, IndirectObject]:
    """Contents link placeholder -> the member's first page."""
    starts, start = {}, front_pages
    for i, count in enumerate(counts):
        starts[f"{MEMBER_LINK}{i}"] = page_refs[start]
        start += count
    return starts


def render_front(job: RenderJob, counts: list[int], font_dir: str) -> bytes:
    """Cover and contents as a PDF; numbers and footers count the members' pages."""
    spec = job.materials[0]
    writer = writer_for(font_dir, spec)
    size = job.children_body_size if spec.large_type else job.body_size
    palette = palette_for(job, spec)  # a black-and-white pack: gray, as its members
    sheet = build_sheet(writer.regular, writer.bold, size, palette, writer.rtl)
    geo = geometry(job.papers or (job.paper,))  # as its members: the same margins
    first, _later = frames(geo)
    story = pack_front_story(job.materials, job.pack_title, job.pack_url, sheet, writer,
                             (first.width, first.height))
    info = page_info(spec, job.pack_title, "", ACCESSIBLE_PACK, job.pack_url)
    furniture = PageFurniture(geo, info, palette, writer, size)
    buffer = BytesIO()
    doc = make_doc(buffer, geo, furniture,
                   meta={**document_meta(spec, writer, job.pack_title, spec.audience_label),
                         **palette.enforce})
    members_total = sum(counts)
    starts = [0]
    for count in counts[:-1]:
        starts.append(starts[-1] + count)

    def page_of(canvas: Canvas, page: int, front_total: int) -> None:
        furniture.page_of(canvas, page, front_total + members_total)

    base = numbered_canvas(page_of, furniture.contents_number)

    class FrontCanvas(base):  # type: ignore[misc, valid-type]
        def save(self) -> None:
            front_total = self.getPageNumber() - 1
            pages = getattr(self, "leaflet_pages", None)
            if pages is None:
                pages = self.leaflet_pages = {}
            pages.update({str(i): front_total + 1 + start for i, start in enumerate(starts)})
            super().save()

    doc.build(story, canvasmaker=FrontCanvas)
    return paper_copy(buffer.getvalue(), geo.boxes[job.paper])


def render_folios(job: RenderJob, total: int, font_dir: str) -> bytes:
    """One page per pack page, holding only its number; pages become forms (Copier).

    Drawn on the members' canvas (layout.Geometry): at the end edge of their
    text, inside the band at the top, whatever paper window shows it.
    """
    spec = job.materials[0]
    writer = writer_for(font_dir, spec)
    geo = geometry(job.papers or (job.paper,))
    buffer = BytesIO()
    palette = palette_for(job, spec)
    canvas = Canvas(buffer, pagesize=(geo.width, geo.height), invariant=1,
                    initialFontName=writer.regular, **palette.enforce)
    end = geo.left if writer.rtl else geo.right
    for page in range(1, total + 1):
        writer.draw(canvas, str(page), end, geo.height - FOLIO_FROM_TOP, size=FOLIO_SIZE,
                    colour=palette.on_band, align="end", bold=True)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
