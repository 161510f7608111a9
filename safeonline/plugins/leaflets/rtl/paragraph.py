"""`RTLParagraph`: the platypus flowable for Arabic and mixed right-to-left text."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.flowables import Flowable

from .font_choice import FontSet
from .lines import Line, break_lines, line_glyphs
from .pdf_emit import emit_line, link_rects
from .shaping import Shaped, shape_markup


class RTLParagraph(Flowable):
    """Paragraph-like flowable for Arabic / mixed bidi text, right-to-left.

    ``markup`` may contain ``<b>``/``<strong>``, ``<i>``/``<em>``,
    ``<a href="..." [color=".."]>``, ``<font color="..">``, ``<br/>`` and
    HTML entities (``&amp;`` etc.).
    Honours from ``style``: fontSize, leading, textColor, alignment,
    firstLineIndent, leftIndent, rightIndent, spaceBefore, spaceAfter.
    ``style.fontName`` is ignored: fonts come from ``fonts`` (a FontSet),
    because one paragraph needs an Arabic *and* a Latin font.
    ``TA_LEFT`` (ReportLab's default) is read as "start", i.e. right
    alignment; pass ``alignment=`` explicitly to force a side.
    ``TA_JUSTIFY`` stretches spaces on all but hard-broken/last lines.
    Splits across frames/pages between lines.
    """

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        fonts: FontSet,
        alignment: int | None = None,
        *,
        _shaped: Shaped | None = None,
        _lines: list[Line] | None = None,
        _continuation: bool = False,
    ) -> None:
        super().__init__()
        self.markup = markup
        self.style = style
        self.fonts = fonts
        self._shaped = _shaped or shape_markup(markup, self.fonts, style.fontSize)
        al = style.alignment if alignment is None else alignment
        if alignment is None and al == TA_LEFT:
            al = TA_RIGHT
        self._align = al
        self._fixed_lines = _lines
        self._lines: list[Line] = list(_lines or [])
        self._continuation = _continuation

    # platypus protocol -----------------------------------------------------
    def _indent(self) -> float:
        return 0.0 if self._continuation else self.style.firstLineIndent

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        st = self.style
        inner = availWidth - st.leftIndent - st.rightIndent
        if self._fixed_lines is None:
            self._lines = break_lines(self._shaped, [inner - self._indent(), inner])
        self.width = availWidth
        self.height = len(self._lines) * st.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        n = int((availHeight + 1e-6) // self.style.leading)
        if n <= 0:
            return []
        if n >= len(self._lines):
            return []  # fits whole: no split (ReportLab table cells index a 2nd part)
        kw = {"alignment": self._align, "_shaped": self._shaped}
        first = self.__class__(self.markup, self.style, self.fonts, _lines=self._lines[:n],
                               _continuation=self._continuation, **kw)  # type: ignore[arg-type]
        rest_style = ParagraphStyle(self.style.name + "-cont", parent=self.style, spaceBefore=0)
        second = self.__class__(self.markup, rest_style, self.fonts, _lines=self._lines[n:],
                                _continuation=True, **kw)  # type: ignore[arg-type]
        return [first, second]

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def draw(self) -> None:
        st = self.style
        canv = self.canv
        inner = self.width - st.leftIndent - st.rightIndent
        default_color = colors.toColor(st.textColor) if st.textColor is not None else colors.black
        y = self.height - st.fontSize
        for k, line in enumerate(self._lines):
            indent = self._indent() if k == 0 else 0.0
            avail = inner - indent
            region_left = st.leftIndent  # the first-line indent is on the right
            extra = 0.0
            align = self._align
            if align == TA_JUSTIFY:
                if not line.hard_break and line.n_spaces:
                    extra = max(0.0, (avail - line.width) / line.n_spaces)
                align = TA_RIGHT
            glyphs, w = line_glyphs(self._shaped, line, extra)
            free = avail - w
            if align == TA_RIGHT:
                x0 = region_left + free
            elif align == TA_CENTER:
                x0 = region_left + free / 2
            else:
                x0 = region_left
            emit_line(canv, glyphs, x0, y, st.fontSize, default_color)
            for href, x1, x2 in link_rects(glyphs):
                canv.linkURL(
                    href,
                    (x0 + x1, y - 0.3 * st.fontSize, x0 + x2, y + 0.9 * st.fontSize),
                    relative=1,
                    thickness=0,
                )
            y -= st.leading
