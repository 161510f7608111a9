"""Copying PDF pages into a PDF written object by object (a pack's members).

`PdfStream` writes a PDF one object at a time, so a pack never holds its
members at once; `Copier` copies one source PDF's pages, and what they use,
into it with references renumbered, each page carrying its pack folio.
"""

from __future__ import annotations

import hashlib
import re
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
    PdfObject,
    StreamObject,
)

FOLIO = NameObject("/PackFolio")

# Copying a member's objects as bytes: where one starts, a stream's length, and
# the tokens whose numbers are references (strings are matched so that a
# "1 0 R" inside one is left alone).
OBJECT_START = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\s*")
STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
TOKENS = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>|(\d+)\s+(\d+)\s+R\b", re.DOTALL)


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
            folio = self.out.put(self.out.reserve(), raw_stream(b"Q q /PackFolio Do Q\n"))
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


def raw_stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream._data = data
    return stream
