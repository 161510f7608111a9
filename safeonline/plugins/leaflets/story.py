"""The content of a leaflet or pack, as a list of flowables.

A leaflet reads: title, summary, the material's body, "What the resolution
says" (the clauses it cites, numbered as the notes in the text), and "Where to
get help" with a QR code to the material's page. A pack's own pages are a
cover and a table of contents; its members' leaflets are added after them as
they were printed (pack.py).
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from html import escape

import segno
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from .block_tags import BLOCKS
from .contents import contents_tables
from .direction import Writer
from .fullness import HELP_BOX
from .html_flow import Converter, Notes
from .keep_with_next import KeepWithLastPart
from .layout import mark_outline
from .model import MaterialSpec, shown_url
from .styles import Sheet

EMPHASIS_RE = re.compile(r"\*([^*]+)\*")


def clause_markup(text: str) -> str:
    """Clause text keeps the adopted text's italic verbs (`*Urges*`)."""
    return EMPHASIS_RE.sub(r"<i>\1</i>", escape(text, quote=False))


class QRCode(Flowable):
    """A QR code drawn as plain rectangles on the page.

    ReportLab's Drawing renderer sets Helvetica as its starting font, which
    would put an unembedded font in every leaflet; the code needs no font.
    """

    def __init__(self, value: str, size: float):
        super().__init__()
        self.value, self.size = value, size
        self.width = self.height = size
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        border = 4  # modules of quiet zone: scanners need it
        modules = qr_modules(self.value)
        box = self.size / (len(modules) + 2 * border)
        self.canv.setFillColor(colors.black)  # K only in black and white
        for r, row in enumerate(modules):
            c = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    self.canv.rect((c + border) * box, self.size - (r + border + 1) * box,
                                   count * box, box, stroke=0, fill=1)
                c += count


@cache
def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The code's dark/light modules; a pack draws each code once per pass.

    segno, not ReportLab's encoder: the same standard code (smallest version
    for level M, best of the eight masks, error correction raised to H/Q when
    that fits the same size) in ~8 ms instead of ~13 ms, which was a fifth of
    an English leaflet.
    """
    code = segno.make_qr(value, error="m")
    return tuple(tuple(bool(m) for m in row) for row in code.matrix)


def qr_code(value: str, size: float) -> QRCode:
    return QRCode(value, size)


def outline_marker(level: int, text: str) -> Flowable:
    """A bookmark for a box: flowables inside a table never reach afterFlowable."""
    marker = Spacer(0, 0)
    marker.keepWithNext = 1
    return mark_outline(marker, level, text)


class ResolutionBox(Table):
    """"What the resolution says": one row per quoted clause, split only between them."""

    leaflet_kind = "the resolution box"


class HelpTable(Table):
    """"Where to get help": never split (fullness.py names it in a miss)."""

    leaflet_kind = HELP_BOX

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []


def _box(rows: list[list[Flowable]], sheet: Sheet, cls: type[Table] = Table) -> Table:
    """A tinted, ruled box; its rows may fall on different pages, never a row's halves."""
    table = cls([[r] for r in rows], colWidths=["100%"], splitInRow=0)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), sheet.family),  # not Helvetica
        ("BACKGROUND", (0, 0), (-1, -1), sheet.accent_tint),
        ("LINEBEFORE" if not sheet.rtl else "LINEAFTER", (0, 0), (-1, -1), 3, sheet.accent),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    return table


def resolution_box(notes: Notes, spec: MaterialSpec, sheet: Sheet, writer: Writer,
                   level: int) -> list[Flowable]:
    entries = notes.all()
    if not entries:
        return []
    heading = spec.strings["What the resolution says"]
    # The box's heading shares the first clause's row: it never ends a page alone.
    rows: list[list[Flowable]] = []
    for number, _cid, label, text in entries:
        anchor = f'<a name="{notes.anchor(number)}"/>'
        rows.append([writer.para(f"{anchor}{number}. {escape(label)}", sheet["note_label"]),
                     writer.para(clause_markup(text), sheet["note"])])
    rows[0].insert(0, writer.para(escape(heading), sheet["box_head"]))
    return [CondPageBreak(sheet.body_size * 8), Spacer(0, sheet.gap(0.6)),
            outline_marker(level, heading), _box(rows, sheet, ResolutionBox),
            Spacer(0, sheet.gap(1))]


def help_box(spec: MaterialSpec, sheet: Sheet, writer: Writer, width: float, level: int,
             qr_url: str | None) -> list[Flowable]:
    """'Where to get help' beside a QR code to the page; kept on one page."""
    return [Spacer(0, sheet.gap(0.5)),
            KeepTogether(help_blocks(spec, sheet, writer, width, level, qr_url))]


def help_blocks(spec: MaterialSpec, sheet: Sheet, writer: Writer, width: float, level: int,
                qr_url: str | None) -> list[Flowable]:
    """The help box's bookmark and its box (a `HelpTable`, never split)."""
    heading = spec.help.heading
    items = "".join(f"<li>{escape(item)}</li>" for item in spec.help.items)
    help_flow: list[Flowable] = [
        writer.para(escape(heading), sheet["box_head"]),
        *converter_for(spec, sheet, writer, width).convert(f"<ul>{items}</ul>"),
        writer.para(f"<b>{escape(spec.strings[NEVER_FAULT])}</b>", sheet["note"]),
    ]
    if not qr_url:
        return [outline_marker(level, heading), _box([help_flow], sheet, HelpTable)]
    qr_size = 28 * mm
    shown = shown_url(qr_url)
    qr_flow: list[Flowable] = [qr_code(qr_url, qr_size)]
    cells = [qr_flow, help_flow] if sheet.rtl else [help_flow, qr_flow]
    qr_width = qr_size + 6 * mm
    widths = [qr_width, width - qr_width] if sheet.rtl else [width - qr_width, qr_width]
    # The address under the code spans the box: split mid-word it would be unreadable.
    online = writer.para(f"{escape(spec.strings['Read online'])}: "
                         f"{escape(shown)}", sheet["url"])
    table = HelpTable([cells, [online, ""]], colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), sheet.family),  # not Helvetica
        ("SPAN", (0, 1), (-1, 1)),
        ("BACKGROUND", (0, 0), (-1, -1), sheet.accent_tint),
        ("BOX", (0, 0), (-1, -1), 1, sheet.accent),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 1), (-1, 1), 0),
    ]))
    return [outline_marker(level, heading), table]


def front_matter(spec: MaterialSpec, sheet: Sheet, writer: Writer, width: float
                 ) -> list[Flowable]:
    """Above the text: a stale translation's notice, then a lesson's duration, age and
    objectives, so a reader sees both before reading on."""
    story: list[Flowable] = []
    if spec.stale_notice:
        heading, text, link, address = spec.stale_notice
        story += [_box([[writer.para(f"<b>{escape(heading)}</b>", sheet["note_label"]),
                         writer.para(escape(text), sheet["note"]),
                         writer.para(f"{escape(link)}:", sheet["note"]),
                         writer.para(escape(address), sheet["note"])]], sheet),
                  Spacer(0, sheet.body_size * 0.6)]
    if spec.lesson_facts:
        facts = [writer.para(f"<b>{escape(label)}:</b> {escape(value)}", sheet["note"])
                 for label, value in spec.lesson_facts]
        items = "".join(f"<li>{escape(item)}</li>" for item in spec.objectives)
        aims = [writer.para(escape(spec.strings["Learning objectives"]), sheet["box_head"]),
                writer.para(escape(spec.strings["By the end of the lesson, pupils can:"]),
                            sheet["note"]),
                *converter_for(spec, sheet, writer, width).convert(f"<ul>{items}</ul>")]
        story += [_box([facts, aims], sheet), Spacer(0, sheet.body_size * 0.6)]
    return story


NEVER_FAULT = "It is never the child's fault."


def converter_for(spec: MaterialSpec, sheet: Sheet, writer: Writer, width: float,
                  height: float = 600, outline_top: int = 0) -> Converter:
    return Converter(
        sheet=sheet, para=writer.para, notes=Notes(spec.slug, spec.clauses),
        images={src: path for src, path, _ in spec.images}, site_root=spec.site_root,
        frame_width=width, frame_height=height, strings=spec.strings, block_tags=BLOCKS,
        outline=lambda f, level, text: mark_outline(f, outline_top + level, text))


def material_story(spec: MaterialSpec, sheet: Sheet, writer: Writer, frame: tuple[float, float],
                   *, in_pack: bool) -> list[Flowable]:
    """Title to resolution box for one material; a pack files it one outline level down."""
    top = 0
    title = writer.para(escape(spec.title), sheet["title"])
    key = f"material-{spec.slug}" if in_pack else ""
    story: list[Flowable] = [mark_outline(title, top, spec.title, key)]
    if in_pack and spec.age_label:
        story.append(writer.para(f"<b>{escape(spec.age_label)}</b>", sheet["note_label"]))
    if in_pack:  # a pack's cover has the QR code; each material names its page
        online = f"{spec.strings['Read online']}: {shown_url(spec.public_url)}"
        story.append(writer.para(escape(online), sheet["small"]))
    story.append(writer.para(escape(spec.summary), sheet["lead"]))
    story.extend(front_matter(spec, sheet, writer, frame[0]))
    converter = converter_for(spec, sheet, writer, frame[0], frame[1], top)
    story.extend(converter.convert(spec.content_html))
    story.extend(resolution_box(converter.notes, spec, sheet, writer, top + 1))
    return story


def leaflet_story(spec: MaterialSpec, sheet: Sheet, writer: Writer,
                  frame: tuple[float, float]) -> list[Flowable]:
    """The material, then the help box with the end of what comes before it: the box
    never stands alone on the last page (keep_with_next.KeepWithLastPart)."""
    story = material_story(spec, sheet, writer, frame, in_pack=False)
    help_flow = [Spacer(0, sheet.gap(0.5)),
                 *help_blocks(spec, sheet, writer, frame[0], 1, spec.public_url)]
    while story and isinstance(story[-1], Spacer) and not story[-1].getKeepWithNext():
        help_flow.insert(0, story.pop())
    if not story:
        return help_flow
    before = story.pop()
    story.append(KeepWithLastPart(before, help_flow, sheet.body_size * TAIL_LINES))
    return story


TAIL_LINES = 4  # body sizes of the text before it the help box takes over with it


def pack_front_story(specs: tuple[MaterialSpec, ...], title: str, hub_url: str,
                     sheet: Sheet, writer: Writer, frame: tuple[float, float]
                     ) -> list[Flowable]:
    """A pack's cover and contents; its members' own leaflets follow (see pack.py)."""
    first = specs[0]
    strings = first.strings
    cover_title = mark_outline(writer.para(escape(title), sheet["cover_title"]), 0, title)
    story: list[Flowable] = [
        NextPageTemplate("later"),
        Spacer(0, 12 * mm),
        cover_title,
        writer.para(escape(strings["Printable leaflets"]), sheet["lead"]),
        writer.para(escape(strings["Leaflets in this pack: %(count)d"]
                           % {"count": len(specs)}), sheet["body"]),
        Spacer(0, 10 * mm),
    ]
    story.extend(help_box(first, sheet, writer, frame[0], 1, hub_url))
    story.append(PageBreak())
    contents = strings["Contents"]
    story.append(mark_outline(writer.para(escape(contents), sheet["toc_head"]), 0, contents))
    story.extend(contents_tables([(str(i), escape(s.title)) for i, s in enumerate(specs)],
                                 writer.para, sheet["toc0"], sheet.rtl, sheet.rule))
    return story
