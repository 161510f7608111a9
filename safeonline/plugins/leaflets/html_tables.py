"""An HTML table → a platypus Table whose columns fit the frame.

Columns are sized to their content and the type shrinks (down to 6.5 pt)
before any word is cut; right-to-left tables read from the right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from .html_tree import Node

if TYPE_CHECKING:
    from .html_flow import Converter


def table(conv: Converter, node: Node) -> list[Flowable]:
    rows: list[list[Node]] = []
    header_rows = 0
    for tr in _find(node, "tr"):
        cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
        if cells:
            if all(c.tag == "th" for c in cells) and len(rows) == header_rows:
                header_rows += 1
            rows.append(cells)
    if not rows:
        return []
    ncols = max(len(r) for r in rows)
    size, widths = _column_widths(conv, rows, ncols)
    scale = size / conv.sheet["cell"].fontSize
    data = []
    for r, cells in enumerate(rows):
        line = []
        for cell in cells + [Node("td")] * (ncols - len(cells)):
            name = "cell_head" if (r < header_rows or cell.tag == "th") else "cell"
            style = ParagraphStyle(f"{name}-fit", parent=conv.sheet[name], fontSize=size,
                                   leading=conv.sheet[name].leading * scale,
                                   alignment=_cell_alignment(cell,
                                                             conv.sheet[name].alignment))
            # A cell that only cites a clause keeps the id beside the note number.
            conv.show_ids = conv.cites_only_a_clause(cell)
            line.append(conv.blocks(cell, style))
            conv.show_ids = False
        data.append(line)
    if conv.sheet.rtl:
        data = [list(reversed(line)) for line in data]
        widths = list(reversed(widths))
    table = Table(data, colWidths=widths, repeatRows=header_rows, splitInRow=1,
                  hAlign="RIGHT" if conv.sheet.rtl else "LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, conv.sheet.rule),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1),
                         conv.sheet.accent_tint))
    commands.append(("FONTNAME", (0, 0), (-1, -1), conv.sheet.family))
    table.setStyle(TableStyle(commands))
    return [table, Spacer(0, conv.sheet.gap(0.8))]


def _column_widths(conv: Converter, rows: list[list[Node]], ncols: int) -> tuple[float, list[str]]:
    """Column widths as percentages, sized to the content; shrink type if too wide.

    A table whose longest words cannot fit side by side is set in smaller
    type (down to 6.5 pt); words that still do not fit are split by the
    paragraph, so no cell text is ever cut off.
    """
    style = conv.sheet["cell"]
    bold = conv.sheet["cell_head"].fontName  # measure with the wider face
    pad = 9
    avail = conv.frame_width
    # A word wider than a quarter of the page (a URL) will be split anyway.
    cap = avail / 4
    natural = [1.0] * ncols
    word = [1.0] * ncols
    for cells in rows:
        for i, cell in enumerate(cells):
            text = " ".join(cell.text().split())
            natural[i] = max(natural[i], stringWidth(text, bold, style.fontSize) + pad)
            longest = max((stringWidth(w, bold, style.fontSize) for w in text.split()),
                          default=0)
            word[i] = max(word[i], min(longest + pad, cap))
    size = style.fontSize
    if sum(word) > avail:
        factor = max(6.5 / size, avail / sum(word))
        size *= factor
        natural = [n * factor for n in natural]
        word = [w * factor for w in word]
    if sum(natural) <= avail:
        widths = natural
    else:
        spare = max(avail - sum(word), 0)
        extra = [n - w for n, w in zip(natural, word, strict=True)]
        total = sum(extra) or 1
        widths = [w + spare * e / total for w, e in zip(word, extra, strict=True)]
    total = sum(widths)
    fill = avail if sum(natural) > avail * 0.6 else total
    return size, [f"{w / total * fill / avail * 100:.3f}%" for w in widths]


def _cell_alignment(cell: Node, default: int) -> int:
    style = cell.attrs.get("style", "") + " " + cell.attrs.get("align", "")
    for word, value in (("center", 1), ("right", 2), ("left", 0)):
        if word in style:
            return value
    return default


def _find(node: Node, tag: str) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                found.append(child)
            elif child.tag != "table":
                found.extend(_find(child, tag))
    return found
