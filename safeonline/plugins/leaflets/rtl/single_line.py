"""One line of plain bidi text on a canvas: running heads, footers, folios."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from .font_choice import FontSet
from .lines import Line, PositionedGlyph, line_glyphs
from .markup import Attrs
from .pdf_emit import emit_line
from .shaping import shape_paragraph


@cache
def _shape_line(text: str, fonts: FontSet, size: float, bold: bool
                ) -> tuple[list[PositionedGlyph], float]:
    """Shape and bidi-reorder one line; glyph x positions from its left edge.

    Cached: a running head or footer is measured, then drawn, on every page.
    """
    attrs = [Attrs(bold=bold)] * len(text)
    shaped = shape_paragraph(text, attrs, fonts, size)
    line = Line(0, len(text), sum(shaped.char_adv), text.count(" "), True)
    return line_glyphs(shaped, line)


def line_width(text: str, fonts: FontSet, size: float, *, bold: bool = False) -> float:
    """Width of one line of plain text as `draw_line` would set it."""
    return _shape_line(text, fonts, size, bold)[1]


def draw_line(canvas: Canvas, text: str, x_left: float, y: float, fonts: FontSet,
              size: float, *, bold: bool = False) -> None:
    """One line of plain bidi text starting at `x_left`, in the canvas's fill colour."""
    glyphs, _width = _shape_line(text, fonts, size, bold)
    emit_line(canvas, glyphs, x_left, y, size, colors.toColor(canvas._fillColorObj))
