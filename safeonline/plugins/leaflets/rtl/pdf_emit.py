"""Writing a line into the PDF content stream: its glyphs, then its text layer.

The glyphs are painted left to right as placed (as Chromium/Skia and
ReportLab do), through codes that read as a space; the line's text follows
in invisible text (render mode 3), one code per character, in the order and
at the places text_layer.py works out. Measured and rejected before: glyphs
whose codes carry the text (ligatures read as presentation forms or
reversed, marks split off their letters), glyphs in logical order (pypdf
reverses letters) and `/ActualText` spans (poppler and pdfium reverse them;
pypdf does not read them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .glyph_codes import WIDTH_STEP, layer_char, layer_font, silent_char
from .lines import PositionedGlyph
from .reportlab_patch import document_codes
from .text_layer import LayerChar, layer_pieces

#: How far (points) the invisible text may drift from its glyphs, by rounded
#: code widths, before it is placed again: a `Tm` per letter would double
#: an Arabic leaflet's size, and a quarter point moves no selection visibly.
LAYER_DRIFT = 0.25
#: Codes a text-layer font's first subset takes (256, less code 0 and the
#: spare ReportLab keeps for a space at code 32).
SUBSET_ROOM = 254


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


def _code(doc, font: str, key: tuple, char: str) -> _Code:
    """A glyph's code in `doc`, from the document's own table once it has one.

    ReportLab gives a character its subset code the first time the document
    asks (`splitString`) and returns the same code ever after; so the answer is
    kept on the document, and a glyph costs one dictionary look-up instead of
    a ReportLab call per glyph per line (this loop leads the Arabic profile).
    """
    table = document_codes(doc)
    code = table.get(key)
    if code is None:
        ttf = pdfmetrics.getFont(font)
        ((subset, raw),) = ttf.splitString(char, doc)
        code = table[key] = _Code((font, subset), ttf.getSubsetInternalName(subset, doc),
                                  raw.hex(), ttf.face.charWidths.get(ord(char), 0))
    return code


def _glyph_code(doc, font: str, gid: int) -> _Code:
    """A painted glyph's code: it reads as a space (the text layer says the text)."""
    key = (font, gid)
    code = document_codes(doc).get(key)
    return code if code is not None else _code(doc, font, key, silent_char(font, gid))


def _layer_code(doc, font: str, char: str, width: float) -> _Code:
    """The code of one text-layer character, `width` points at size 1000."""
    key = (font, char, round(width / WIDTH_STEP))
    code = document_codes(doc).get(key)
    return code if code is not None else _code(doc, font, key, layer_char(font, char, width))


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
        code = _glyph_code(doc, g.font, g.gid)
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
    if glyphs:
        _text_layer(ops, doc, glyphs, x0, y, size)
    ops.append("Q")
    canv.addLiteral("\n".join(ops))


def _roomy_layer_font(doc, font: str, piece: list[LayerChar], size: float) -> str:
    """The first text-layer font of `font` whose first subset can take all of
    `piece`'s codes (see glyph_codes.layer_font)."""
    table = document_codes(doc)
    number = table.get(("layer", font), 0)
    while True:
        name = layer_font(font, number)
        new = {(name, ch.char, round(ch.width * 1000 / size / WIDTH_STEP)) for ch in piece
               if (name, ch.char, round(ch.width * 1000 / size / WIDTH_STEP)) not in table}
        state = pdfmetrics.getFont(name).state.get(doc)
        used = state.nextCode if state is not None else 0
        if used + len(new) < SUBSET_ROOM:
            return name
        number += 1
        table[("layer", font)] = number


def _text_layer(ops: list[str], doc, glyphs: list[PositionedGlyph], x0: float, y: float,
                size: float) -> None:
    """The line's text, invisible, in one font. Each piece starts with a `Tf`:
    pypdf reverses a right-to-left run only up to the next one."""
    ops.extend(["BT", "3 Tr"])
    for piece in layer_pieces(glyphs):
        font = _roomy_layer_font(doc, glyphs[0].font, piece, size)
        chunk: list[str] = []
        font_op = ""
        pen = None
        for ch in piece:
            code = _layer_code(doc, font, ch.char, ch.width * 1000 / size)
            gx = x0 + ch.x
            moved = pen is None or abs(pen - gx) > LAYER_DRIFT
            if chunk and (moved or code.font_op != font_op):
                ops.append("<" + "".join(chunk) + "> Tj")
                chunk = []
            if code.font_op != font_op:  # the piece's start, or a second subset
                font_op = code.font_op
                ops.append(f"{font_op} {size:.4g} Tf")
            if moved:
                ops.append(f"1 0 0 1 {gx:.3f} {y:.3f} Tm")
            chunk.append(code.hex)
            pen = gx + code.width * size / 1000
        if chunk:
            ops.append("<" + "".join(chunk) + "> Tj")
    ops.append("ET")


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
