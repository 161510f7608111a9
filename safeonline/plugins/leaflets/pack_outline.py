"""A pack's bookmarks: the cover, the contents, and each member's own, under its title."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    create_string_object,
)

from .pdf_copy import PdfStream


@dataclass
class OutlineEntry:
    title: str
    page: int  # index in the pack
    top: float | None  # None: the top of the page
    children: list[OutlineEntry] = field(default_factory=list)
    left: float | None = None


def read_outline(reader: PdfReader, first: int) -> list[OutlineEntry]:
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


def member_bookmarks(entries: list[OutlineEntry], title: str) -> list[OutlineEntry]:
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
