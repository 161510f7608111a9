"""Text in the leaflet's direction: paragraphs and single lines for LTR and RTL.

Left-to-right text goes through ReportLab's own Paragraph. Right-to-left text
goes through the `rtl` package, which shapes with HarfBuzz, orders runs with the Unicode
bidi algorithm and writes a text layer that extracts in logical order. Every
other module asks a `Writer` for text, so direction is decided in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from . import rtl

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# ReportLab paragraph markup the RTL paragraph does not draw, and what it becomes.
_RTL_MARKUP = (
    # Internal jumps and destinations are not drawn by the RTL paragraph.
    (re.compile(r'<a href="#[^"]*"(?: color="([^"]*)")?>(.*?)</a>', re.DOTALL),
     '<font color="\\1">\\2</font>'),
    (re.compile(r'<a name="[^"]*"\s*/>'), ""),
    (re.compile(r"</?(?:u|strike|sub)>"), ""),
)
_SUPER = re.compile(r"<super>(.*?)</super>", re.DOTALL)
_TEXT = re.compile(r"(^|>)([^<]*)")


def _superscript(match: re.Match) -> str:
    """Note numbers as superscript digits: brackets would be mirrored by the bidi
    algorithm next to a Latin clause id ("OP3 (3)" showing as "(OP3 (3")."""
    return _TEXT.sub(lambda m: m.group(1) + m.group(2).translate(SUPERSCRIPT), match.group(1))


def rtl_markup(markup: str) -> str:
    markup = _SUPER.sub(_superscript, markup)
    for pattern, replacement in _RTL_MARKUP:
        markup = pattern.sub(replacement, markup)
    return markup


@dataclass
class Writer:
    rtl: bool
    regular: str
    bold: str
    latin: tuple[str, str, str, str] = ("", "", "", "")  # Latin runs in RTL text: R, B, I, BI
    # (markup, size) -> its shaping: a leaflet set again with other spacing
    # (fullness.py) shapes each right-to-left paragraph once per type size.
    shaped: dict = field(default_factory=dict, repr=False, compare=False)

    def para(self, markup: str, style: ParagraphStyle) -> Flowable:
        if self.rtl:
            markup = rtl_markup(markup)
            key = (markup, style.fontSize)
            paragraph = rtl.RTLParagraph(markup, style, self.fonts(),
                                         _shaped=self.shaped.get(key))
            self.shaped.setdefault(key, paragraph._shaped)
            return paragraph
        return Paragraph(markup, style)

    def fonts(self) -> rtl.FontSet:
        return rtl.FontSet(arabic=self.regular, arabic_bold=self.bold, latin=self.latin[0],
                           latin_bold=self.latin[1], latin_italic=self.latin[2],
                           latin_bold_italic=self.latin[3])

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        """How wide `draw` sets `text` at `size`, before any shrinking."""
        if self.rtl:
            return rtl.line_width(text, self.fonts(), size, bold=bold)
        return stringWidth(text, self.bold if bold else self.regular, size)

    def draw(self, canvas: Canvas, text: str, x: float, y: float, *, size: float,
             colour: colors.Color, align: str = "start", bold: bool = False,
             max_width: float | None = None) -> tuple[float, float, float]:
        """One line at (x, y); `align` is 'start' or 'end' in reading direction.

        Over-long single lines (a running head) shrink to fit rather than
        overrun the margin. Returns where the line went: its left x, its
        width and its size, for a link over it.
        """
        font = self.bold if bold else self.regular
        width = self.width(text, size, bold=bold)
        if max_width and width > max_width:
            size = max(5.0, size * max_width / width)
            width = max_width
        canvas.setFillColor(colour)
        # In RTL the reading start is the right edge.
        right_aligned = (align == "start") == self.rtl
        left_x = x - width if right_aligned else x
        if self.rtl:
            rtl.draw_line(canvas, text, left_x, y, self.fonts(), size, bold=bold)
        else:
            canvas.setFont(font, size)
            canvas.drawString(left_x, y, text)
        return left_x, width, size
