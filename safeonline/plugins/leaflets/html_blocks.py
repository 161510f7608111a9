"""Block tags → flowables: headings, lists, quotes, figures, images, rules, code.

Each function takes the `Converter` (html_flow.py), which knows the sheet,
the direction and the paragraph factory, and one node; html_flow.BLOCKS maps
tags to them. Tables have their own module (html_tables.py).
"""

from __future__ import annotations

import io
from html import escape
from typing import TYPE_CHECKING

from PIL import Image as PILImage
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
    TableStyle,
)

from .html_tree import Node

if TYPE_CHECKING:
    from .html_flow import Converter


def heading(conv: Converter, node: Node) -> list[Flowable]:
    level = min(max(int(node.tag[1]), 2), 4)
    markup = conv.inline_children(node.children).strip()
    if not markup:
        return []
    flowable = conv.para(markup, conv.sheet[f"h{level}"])
    return [conv.outline(flowable, level - 1, node.text().strip())]


def listing(conv: Converter, node: Node) -> list[Flowable]:
    items = [conv.blocks(li, "list") for li in node.children
             if isinstance(li, Node) and li.tag == "li"]
    items = [item for item in items if item]
    if not items:
        return []
    start = node.attrs.get("start", "1")
    first = int(start) if start.isdigit() else 1
    if conv.sheet.rtl:
        return _rtl_list(conv, items, first if node.tag == "ol" else None)
    sheet = conv.sheet
    kwargs = {"bulletFontName": sheet.family, "bulletFontSize": sheet.body_size,
              "bulletColor": sheet.accent, "leftIndent": sheet.body_size * 1.6,
              "spaceAfter": sheet.gap(0.5)}
    if node.tag == "ol":
        kwargs.update(bulletType="1", start=str(first), bulletFormat="%s.")
    else:
        kwargs.update(bulletType="bullet", start="•", bulletFontSize=sheet.body_size * 1.1)
    return [ListFlowable([ListItem(item) for item in items], **kwargs)]


def _rtl_list(conv: Converter, items: list[list[Flowable]], first: int | None) -> list[Flowable]:
    """Markers on the right, text indented from the right: a two-column table.

    ReportLab's ListFlowable draws right-side bullets over the text, so the
    RTL list lays out its own markers; rows may split across pages.
    """
    sheet = conv.sheet
    marker_style = ParagraphStyle("marker", parent=sheet["list"], textColor=sheet.accent,
                                  alignment=2)
    rows = []
    for i, item in enumerate(items):
        marker = f"{first + i}." if first is not None else "•"
        rows.append([item, conv.para(marker, marker_style)])
    indent = sheet.body_size * 1.8
    table = Table(rows, colWidths=[None, indent], splitInRow=1, hAlign="RIGHT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), sheet.family),  # not Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (1, 0), (1, -1), sheet.body_size * 0.5),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table, Spacer(0, sheet.gap(0.5))]


def blockquote(conv: Converter, node: Node) -> list[Flowable]:
    inner = conv.blocks(node, "quote")
    if not inner:
        return []
    side = "LINEAFTER" if conv.sheet.rtl else "LINEBEFORE"
    table = Table([[inner]], colWidths=["100%"], splitInRow=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), conv.sheet.family),  # not Helvetica
        (side, (0, 0), (-1, -1), 3, conv.sheet.accent),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table, Spacer(0, conv.sheet.gap(0.6))]


def details(conv: Converter, node: Node) -> list[Flowable]:
    """The site's clause notes are quoted once, in the resolution box; other
    <details> print open, since paper cannot be clicked."""
    if node.is_clause_note:
        return []
    return conv.blocks(node)


def rule(conv: Converter, node: Node) -> list[Flowable]:
    return [HRFlowable(width="100%", thickness=0.6, color=conv.sheet.rule,
                       spaceBefore=4, spaceAfter=8)]


def preformatted(conv: Converter, node: Node) -> list[Flowable]:
    lines = [escape(line, quote=False) for line in node.text().rstrip("\n").split("\n")]
    return [conv.para("<br/>".join(lines), conv.sheet["pre"])]


def definitions(conv: Converter, node: Node) -> list[Flowable]:
    out: list[Flowable] = []
    for child in (c for c in node.children if isinstance(c, Node)):
        markup = conv.inline_children(child.children).strip()
        if markup:
            style = conv.sheet["h4"] if child.tag == "dt" else conv.sheet["body"]
            out.append(conv.para(markup, style))
    return out


def figure(conv: Converter, node: Node) -> list[Flowable]:
    caption = next((c for c in node.children if isinstance(c, Node)
                    and c.tag == "figcaption"), None)
    out: list[Flowable] = []
    for child in node.children:
        if isinstance(child, Node) and child.tag == "img":
            out.extend(image(conv, child, caption=bool(caption)))
        elif isinstance(child, Node) and child.tag != "figcaption":
            out.extend(conv.blocks(Node("div", children=[child])))
    if caption is not None:
        out.extend(conv.inline_paragraph(caption.children, "caption"))
    return [KeepTogether(out)] if out else []


def gray_image(path: str) -> io.BytesIO:
    """The black-and-white edition's copy of a picture: its grays on white paper, so
    the PDF holds no colour at all (transparent parts print as paper)."""
    with PILImage.open(path) as img:
        rgba = img.convert("RGBA")
    paper = PILImage.new("RGBA", rgba.size, "white")
    buffer = io.BytesIO()
    PILImage.alpha_composite(paper, rgba).convert("L").save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def image(conv: Converter, node: Node, caption: bool = False) -> list[Flowable]:
    """Scaled to fit the frame, never upscaled past 150 dpi; alt text as caption."""
    src = node.attrs.get("src", "")
    alt = node.attrs.get("alt", "").strip()
    path = conv.images.get(src)
    if path is None:  # not local (reported as a warning by the main process)
        text = conv.strings["Image: %(alt)s"] % {"alt": escape(alt or src)}
        return [conv.para(text, conv.sheet["caption"])]
    with PILImage.open(path) as img:
        px_w, px_h = img.size
    width = min(px_w * 72 / 150, conv.frame_width)
    height = width * px_h / px_w
    max_h = conv.frame_height * 0.45
    if height > max_h:
        width, height = width * max_h / height, max_h
    source = gray_image(path) if conv.sheet.palette.grayscale else path
    flow = Image(source, width=width, height=height)
    flow.hAlign = "CENTER"
    out: list[Flowable] = [Spacer(0, 4), flow]
    if alt and not caption:
        out.append(conv.para(escape(alt, quote=False), conv.sheet["caption"]))
    else:
        out.append(Spacer(0, 6))
    return [KeepTogether(out)]
