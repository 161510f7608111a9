"""An audience pack: a cover and contents, then its members' leaflets as printed.

Laying every member out again cost more than its leaflet, on one core, with
the whole pack in memory, and re-made the pack whole when any member changed.
So a pack reuses the leaflet PDFs already in the cache (same paper):

1. ReportLab draws the cover and the contents, as before. The contents' page
   numbers come from the members' page counts (the runner records them with
   each cached leaflet) and the front matter's own length, known when its
   canvas is saved: no second layout pass. Each contents entry links to a
   placeholder (`layout.MEMBER_LINK`), turned into a jump to the member's
   first page below.
2. The pages are written one object at a time (`PdfStream`): the front
   matter, then each member read with pypdf, its objects renumbered and
   written out, then dropped before the next member is opened. Memory stays
   at about one member, not the whole pack.
3. Every page gets its pack page number (a folio in the top corner, inside
   the audience band) as a small form drawn after the page's own content, so
   a printed pack can be found by the numbers in its contents while each
   leaflet keeps its own "Page 1 of 2" footer.
4. The outline has the cover, the contents and one entry per material (its
   title) holding that leaflet's own bookmarks, closed.

The bytes depend only on the inputs: the document information is
ReportLab's invariant one, and the trailer's /ID is a hash of what was
written before it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    create_string_object,
)
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import rtl
from .layout import (
    MEMBER_LINK,
    PageFurniture,
    frames,
    geometry,
    make_doc,
    numbered_canvas,
    paper_copy,
)
from .model import RenderJob
from .render import document_meta, page_info, writer_for
from .story import pack_front_story
from .styles import build_sheet

FOLIO_SIZE = 7  # points; white on the audience band
FOLIO_FROM_TOP = 3.6 * mm  # baseline: inside the 5 mm band of later pages
FOLIO = NameObject("/PackFolio")

# Copying a member's objects as bytes: where one starts, a stream's length, and
# the tokens whose numbers are references (strings are matched so that a
# "1 0 R" inside one is left alone).
OBJECT_START = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\s*")
STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
TOKENS = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>|(\d+)\s+(\d+)\s+R\b", re.DOTALL)


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
        save_state = out.put(out.reserve(), _stream(b"q\n"))  # see Copier.pages
        outline: list[OutlineEntry] = []

        front_copier = Copier(out, front_reader, page_refs[:len(front_reader.pages)],
                              pages_ref, links=_member_starts(len(front_reader.pages), counts,
                                                              page_refs))
        front_copier.pages(folios, folio_copier, 0, save_state)
        outline.extend(_outline(front_reader, 0))
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
            outline.append(OutlineEntry(spec.title, start, None,
                                        _member_bookmarks(_outline(reader, start), spec.title)))
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
    sheet = build_sheet(writer.regular, writer.bold, size, spec.colour, writer.rtl)
    geo = geometry(job.papers or (job.paper,))  # as its members: the same margins
    first, _later = frames(geo)
    story = pack_front_story(job.materials, job.pack_title, job.pack_url, sheet, writer,
                             (first.width, first.height))
    furniture = PageFurniture(geo, page_info(spec, job.pack_title, ""), sheet.accent,
                              writer, size)
    buffer = BytesIO()
    doc = make_doc(buffer, geo, furniture, first="band",
                   meta=document_meta(spec, writer, job.pack_title, spec.audience_label))
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
    canvas = Canvas(buffer, pagesize=(geo.width, geo.height), invariant=1,
                    initialFontName=writer.regular)
    end = geo.left if writer.rtl else geo.right
    for page in range(1, total + 1):
        writer.draw(canvas, str(page), end, geo.height - FOLIO_FROM_TOP, size=FOLIO_SIZE,
                    colour=colors.white, align="end", bold=True)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class PdfStream:
    """A PDF written object by object, so a pack never holds its members at once."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.position = 0
        self.offsets: dict[int, int] = {}
        self.count = 0
        self.hash = hashlib.md5(usedforsecurity=False)
        self._write(b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n")

    def _write(self, data: bytes) -> None:
        self.fh.write(data)
        self.hash.update(data)
        self.position += len(data)

    def reserve(self) -> IndirectObject:
        self.count += 1
        return IndirectObject(self.count, 0, None)

    def put(self, ref: IndirectObject, obj: PdfObject) -> IndirectObject:
        buffer = BytesIO()
        obj.write_to_stream(buffer)
        return self.put_bytes(ref, buffer.getvalue())

    def put_bytes(self, ref: IndirectObject, body: bytes) -> IndirectObject:
        self.offsets[ref.idnum] = self.position
        self._write(b"%d 0 obj\n%s\nendobj\n" % (ref.idnum, body))
        return ref

    def finish(self, root: IndirectObject, info: IndirectObject) -> None:
        missing = [n for n in range(1, self.count + 1) if n not in self.offsets]
        if missing:
            raise ValueError(f"pack: objects {missing[:5]} were reserved but never written")
        # The /ID hashes everything before it: the same pack gives the same bytes.
        digest = self.hash.hexdigest()
        xref = self.position
        lines = [b"xref\n0 %d\n0000000000 65535 f \n" % (self.count + 1)]
        lines.extend(b"%010d 00000 n \n" % self.offsets[n] for n in range(1, self.count + 1))
        lines.append(b"trailer\n<< /ID [<%s> <%s>] /Info %d 0 R /Root %d 0 R /Size %d >>\n"
                     b"startxref\n%d\n%%%%EOF\n" % (digest.encode(), digest.encode(),
                                                    info.idnum, root.idnum, self.count + 1,
                                                    xref))
        self._write(b"".join(lines))


class Copier:
    """Copies one source PDF's pages (and what they use) into a PdfStream.

    Pages are rebuilt with pypdf (they get a new parent, resources and
    contents); what they use (fonts, content streams, forms, images, links) is
    copied as bytes with only its references renumbered, which is most of a
    member and several times faster than parsing it into pypdf objects and
    writing them again. An object that does not look as expected (say, from a
    compressed cross-reference) takes the pypdf way.
    """

    def __init__(self, out: PdfStream, reader: PdfReader,
                 page_refs: list[IndirectObject] | None = None,
                 parent: IndirectObject | None = None,
                 links: dict[str, IndirectObject] | None = None):
        self.out, self.reader = out, reader
        self.parent = parent
        self.links = links or {}
        self.numbers: dict[tuple[int, int], IndirectObject] = {}
        self.queue: list[tuple[IndirectObject, IndirectObject]] = []
        # Links to rewrite need parsed objects; otherwise copy bytes.
        self.data = None if self.links else reader.stream.getvalue()
        self.starts = reader.xref.get(0, {})
        for page, ref in zip(reader.pages, page_refs or [], strict=False):
            source = page.indirect_reference
            self.numbers[(source.idnum, source.generation)] = ref

    def ref(self, source: IndirectObject) -> IndirectObject:
        key = (source.idnum, source.generation)
        target = self.numbers.get(key)
        if target is None:
            target = self.numbers[key] = self.out.reserve()
            self.queue.append((source, target))
        return target

    def copy(self, obj: PdfObject) -> PdfObject:
        """`obj` with its references renumbered; referenced objects are queued."""
        if isinstance(obj, IndirectObject):
            return self.ref(obj)
        if isinstance(obj, StreamObject):
            stream = obj.__class__()
            stream._data = obj._data  # as stored: no decoding, no re-encoding
            for key, value in obj.items():
                stream[key] = self.copy(value)
            return stream
        if isinstance(obj, DictionaryObject):
            link = self._member_link(obj)
            if link is not None:
                return link
            return DictionaryObject({key: self.copy(value) for key, value in obj.items()})
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.copy(value) for value in obj)
        return obj

    def _member_link(self, annot: DictionaryObject) -> DictionaryObject | None:
        """A contents entry's placeholder link, as a jump to the member's first page."""
        if not self.links or annot.get("/Subtype") != "/Link":
            return None
        action = annot.get("/A")
        target = self.links.get(str(action.get_object().get("/URI", ""))) if action else None
        if target is None:
            return None
        link = DictionaryObject({key: self.copy(value) for key, value in annot.items()
                                 if key != "/A"})
        link[NameObject("/Dest")] = ArrayObject([target, NameObject("/XYZ"), NullObject(),
                                                 NullObject(), NullObject()])
        return link

    def drain(self) -> None:
        while self.queue:
            source, target = self.queue.pop()
            body = self._raw(source) if self.data is not None else None
            if body is None:
                self.out.put(target, self.copy(source.get_object()))
            else:
                self.out.put_bytes(target, body)

    def _raw(self, source: IndirectObject) -> bytes | None:
        """The object's bytes with references renumbered, or None to parse it."""
        data, start = self.data, self.starts.get(source.idnum)
        if data is None or start is None or source.generation != 0:
            return None
        head = OBJECT_START.match(data, start)
        if head is None or int(head.group(1)) != source.idnum:
            return None
        end = data.find(b"endobj", head.end())
        if end < 0:
            return None
        stream = STREAM_START.search(data, head.end(), end)
        if stream is None:
            return self._renumber(data[head.end():end].rstrip())
        length = DIRECT_LENGTH.search(data, head.end(), stream.start() + 2)
        if length is None:
            return None
        payload = data[stream.end():stream.end() + int(length.group(1))]
        return (self._renumber(data[head.end():stream.start() + 2]) + b"\nstream\n"
                + payload + b"\nendstream")

    def _renumber(self, text: bytes) -> bytes:
        def one(match: re.Match) -> bytes:
            if match.group(1) is None:  # a string: left as it is
                return match.group(0)
            source = IndirectObject(int(match.group(1)), int(match.group(2)), self.reader)
            return b"%d 0 R" % self.ref(source).idnum

        return TOKENS.sub(one, text)

    def pages(self, folios: PdfReader, folio_copier: Copier, first: int,
              save_state: IndirectObject) -> None:
        """Write every page, with its pack page number drawn over it, then what they use.

        The page's own content runs between `q` and `Q`, so whatever state it
        leaves (ReportLab leaves a transformation) cannot move the folio.
        """
        for index, page in enumerate(self.reader.pages):
            target = self.numbers[(page.indirect_reference.idnum,
                                   page.indirect_reference.generation)]
            new = DictionaryObject({key: self.copy(value) for key, value in page.items()
                                    if key not in ("/Parent", "/Contents", "/Resources")})
            new[NameObject("/Parent")] = self.parent
            resources = self._resources(page)
            xobjects = resources.get("/XObject")
            xobjects = DictionaryObject() if xobjects is None else xobjects
            xobjects[FOLIO] = folio_form(folios, folio_copier, first + index)
            resources[NameObject("/XObject")] = xobjects
            new[NameObject("/Resources")] = resources
            contents = page.get("/Contents")  # a stream's reference, or an array of them
            resolved = None if contents is None else contents.get_object()
            own = list(resolved) if isinstance(resolved, ArrayObject) else (
                [contents] if isinstance(contents, IndirectObject) else [])
            folio = self.out.put(self.out.reserve(), _stream(b"Q q /PackFolio Do Q\n"))
            new[NameObject("/Contents")] = ArrayObject(
                [save_state, *(self.copy(c) for c in own), folio])
            self.out.put(target, new)
        folio_copier.drain()
        self.drain()

    def _resources(self, page) -> DictionaryObject:
        """The page's resources as a fresh dictionary, its XObjects one too."""
        resources = page.get("/Resources")
        resources = DictionaryObject() if resources is None else resources.get_object()
        fresh = DictionaryObject({key: self.copy(value) for key, value in resources.items()
                                  if key != "/XObject"})
        if "/XObject" in resources:
            fresh[NameObject("/XObject")] = DictionaryObject(
                {key: self.copy(value)
                 for key, value in resources["/XObject"].get_object().items()})
        return fresh


def folio_form(folios: PdfReader, copier: Copier, index: int) -> IndirectObject:
    """Page `index` of the folio PDF as a form XObject in the pack."""
    page = folios.pages[index]
    content = page["/Contents"].get_object()
    form = content.__class__()
    form._data = content._data
    for key, value in content.items():
        form[key] = value
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in page.mediabox)
    form[NameObject("/Resources")] = copier.copy(page["/Resources"].get_object())
    return copier.out.put(copier.out.reserve(), form)


def _stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream._data = data
    return stream


@dataclass
class OutlineEntry:
    title: str
    page: int  # index in the pack
    top: float | None  # None: the top of the page
    children: list[OutlineEntry] = field(default_factory=list)
    left: float | None = None


def _outline(reader: PdfReader, first: int) -> list[OutlineEntry]:
    """A source PDF's bookmarks, their pages counted in the pack."""
    def walk(items: Iterable) -> list[OutlineEntry]:
        entries: list[OutlineEntry] = []
        for item in items:
            if isinstance(item, list):
                if entries:
                    entries[-1].children = walk(item)
                continue
            top = item.get("/Top")
            left = item.get("/Left")
            entries.append(OutlineEntry(
                str(item.title), first + reader.get_destination_page_number(item),
                None if top is None or isinstance(top, NullObject) else float(top),
                left=None if left is None or isinstance(left, NullObject) else float(left)))
        return entries

    return walk(reader.outline)


def _member_bookmarks(entries: list[OutlineEntry], title: str) -> list[OutlineEntry]:
    """A leaflet's bookmarks under its title's entry in the pack: its title's children."""
    if len(entries) == 1 and entries[0].title == " ".join(title.split()):
        return entries[0].children
    return entries


def write_outline(out: PdfStream, entries: list[OutlineEntry],
                  page_refs: list[IndirectObject]) -> IndirectObject:
    """The pack's bookmarks: top level open, each material's own bookmarks closed."""
    root = out.reserve()

    def level(items: list[OutlineEntry], parent: IndirectObject
              ) -> tuple[IndirectObject, IndirectObject, int]:
        refs = [out.reserve() for _ in items]
        visible = len(items)
        for i, (item, ref) in enumerate(zip(items, refs, strict=True)):
            top = page_refs[item.page]
            dest = ArrayObject([top, NameObject("/XYZ"),
                                NullObject() if item.left is None else FloatObject(item.left),
                                NullObject() if item.top is None else FloatObject(item.top),
                                NumberObject(0)])
            node = DictionaryObject({
                NameObject("/Title"): create_string_object(item.title),
                NameObject("/Parent"): parent,
                NameObject("/Dest"): dest,
            })
            if i > 0:
                node[NameObject("/Prev")] = refs[i - 1]
            if i + 1 < len(refs):
                node[NameObject("/Next")] = refs[i + 1]
            if item.children:
                first, last, count = level(item.children, ref)
                node[NameObject("/First")] = first
                node[NameObject("/Last")] = last
                node[NameObject("/Count")] = NumberObject(-count)
            out.put(ref, node)
        return refs[0], refs[-1], visible

    outline = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    if entries:
        first, last, count = level(entries, root)
        outline[NameObject("/First")] = first
        outline[NameObject("/Last")] = last
        outline[NameObject("/Count")] = NumberObject(count)
    out.put(root, outline)
    return root

