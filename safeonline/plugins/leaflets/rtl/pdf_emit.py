"""Writing a line's glyphs into the PDF content stream, in visual order.

Glyphs are written left-to-right as painted (as Chromium/Skia and ReportLab
do): poppler, pdfium and pypdf group glyphs by position and reorder
right-to-left runs to logical order themselves, by the Unicode of each glyph,
so the text layer must carry real letters (glyph_codes.py). Writing glyphs in
logical order, or an `/ActualText` span per line, was measured and rejected:
pypdf then reverses letters, poppler and pdfium reverse the ActualText.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .glyph_codes import glyph_char
from .lines import PositionedGlyph
from .reportlab_patch import document_codes


@cache
def _color_op(c: str | colors.Color | None, default: colors.Color, enforce=None) -> str:
    """The fill-colour operator; cached, since every glyph of a line asks for it.

    `enforce` is the canvas's `enforceColorSpace` (the black-and-white
    leaflets': K-only grays), applied as ReportLab's own text would be.
    """
    col = colors.toColor(c) if c is not None else default
    if enforce is not None:
        col = enforce(col)
    if isinstance(col, colors.CMYKColor):
        d = col.density
        return " ".join(f"{d * v:.4g}" for v in (col.cyan, col.magenta, col.yellow,
                                                  col.black)) + " k"
    r, g, b = col.red, col.green, col.blue
    return f"{r:.4g} {g:.4g} {b:.4g} rg"


@dataclass(frozen=True, slots=True)
class _Code:
    """How a glyph is written in one document: its subset, font operator and code."""

    font_key: tuple[str, int]  # (font name, subset)
    font_op: str  # "/F1+0" before " <size> Tf"
    hex: str  # the glyph's one-byte code in its subset, as hex
    width: float  # the PDF's advance for that code, in 1/1000 of the font size


def _glyph_code(doc, font: str, gid: int, text: str) -> _Code:
    """A glyph's code in `doc`, from the document's own table once it has one.

    ReportLab gives a character its subset code the first time the document
    asks (`splitString`) and returns the same code ever after; so the answer is
    kept on the document, and a glyph costs one dictionary look-up instead of
    a ReportLab call per glyph per line (this loop leads the Arabic profile).
    """
    table = document_codes(doc)
    key = (font, gid, text)
    code = table.get(key)
    if code is None:
        ttf = pdfmetrics.getFont(font)
        ch = glyph_char(font, gid, text)
        ((subset, raw),) = ttf.splitString(ch, doc)
        code = table[key] = _Code((font, subset), ttf.getSubsetInternalName(subset, doc),
                                  raw.hex(), ttf.face.charWidths.get(ord(ch), 0))
    return code


def emit_line(canv: Canvas, glyphs: list[PositionedGlyph], x0: float, y: float, size: float,
              default_color: colors.Color) -> None:
    """Write one line's glyphs to the content stream.

    A chunk of consecutive glyphs sharing font, colour and baseline is one
    `Tj`; a glyph not where the previous one left the pen (a mark, a
    justified space) gets an absolute `Tm`.
    """
    doc = canv._doc
    ops: list[str] = ["q", "BT"]
    cur_font: tuple[str, int] | None = None
    cur_color: str | None = None
    pen_x = pen_y = 0.0  # expected position of the next glyph
    placed = False
    chunk: list[str] = []
    size_op = f"{size:.4g} Tf"

    def flush() -> None:
        if chunk:
            ops.append("<" + "".join(chunk) + "> Tj")
            chunk.clear()

    colour_ops: dict[str | None, str] = {}  # colour per glyph: a string look-up
    for g in glyphs:
        code = _glyph_code(doc, g.font, g.gid, g.text or "\u200b")
        color = colour_ops.get(g.attrs.color)
        if color is None:
            color = colour_ops[g.attrs.color] = _color_op(g.attrs.color, default_color,
                                                          canv._enforceColorSpace)
        gx, gy = x0 + g.x, y + g.y_offset
        if code.font_key != cur_font:
            flush()
            ops.append(f"{code.font_op} {size_op}")
            cur_font = code.font_key
            placed = False
        if color != cur_color:
            flush()
            ops.append(color)
            cur_color = color
        if not placed or abs(pen_x - gx) > 0.01 or abs(pen_y - gy) > 0.01:
            flush()
            ops.append(f"1 0 0 1 {gx:.3f} {gy:.3f} Tm")
            placed = True
        chunk.append(code.hex)
        pen_x, pen_y = gx + code.width * size / 1000, gy
    flush()
    ops.append("ET")
    ops.append("Q")
    canv.addLiteral("\n".join(ops))


def link_rects(glyphs: list[PositionedGlyph]) -> list[tuple[str, float, float]]:
    """Horizontal extents of hyperlinked glyph spans on a line (visual)."""
    spans: list[tuple[str, float, float]] = []
    for g in glyphs:
        href = g.attrs.href
        if not href:
            continue
        x1, x2 = g.x, g.x + g.advance
        if spans and spans[-1][0] == href and abs(spans[-1][2] - x1) < 0.5:
            spans[-1] = (href, spans[-1][1], max(spans[-1][2], x2))
        else:
            spans.append((href, x1, x2))
    return spans
