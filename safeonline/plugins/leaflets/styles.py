"""Leaflet typography as data: one function builds every paragraph style.

Content code never sets a font size or colour; it asks for a style by name.
Children's leaflets scale the whole sheet from a larger body size, so headings,
boxes and captions stay in proportion. The colours come from a palette
(palette.py): the audience's, or the black-and-white edition's grays. A leaflet
that would leave a hole or a near-empty last page is set again with less space
(`space`, which scales every gap between blocks) and tighter lines (`leading`,
the body's line height in body sizes); see fullness.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .palette import Palette


@dataclass(frozen=True)
class Sheet:
    styles: dict[str, ParagraphStyle]
    palette: Palette
    family: str
    bold: str
    body_size: float
    rtl: bool
    space: float = 1.0  # the gaps between blocks, as a share of the usual ones

    @property
    def accent(self) -> colors.Color:
        return self.palette.accent

    @property
    def accent_tint(self) -> colors.Color:
        return self.palette.accent_tint

    @property
    def rule(self) -> colors.Color:
        return self.palette.rule

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.styles[name]

    def gap(self, body_sizes: float) -> float:
        """A gap between blocks (a Spacer, a list's space after), in body sizes."""
        return self.body_size * body_sizes * self.space


LEADING = 1.45  # the body's line height, in body sizes, when nothing needs tightening


def build_sheet(family: str, bold: str, body_size: float, palette: Palette,
                rtl: bool, *, space: float = 1.0, leading: float = LEADING) -> Sheet:
    accent, ink, muted = palette.accent, palette.ink, palette.muted
    align = TA_RIGHT if rtl else TA_LEFT
    s = body_size
    lines = leading / LEADING  # every style's line height scales with the body's
    base = ParagraphStyle("body", fontName=family, fontSize=s, leading=s * leading,
                          textColor=ink, alignment=align, spaceAfter=s * 0.6 * space,
                          splitLongWords=1)

    def derive(name: str, **kw) -> ParagraphStyle:
        for key in ("spaceBefore", "spaceAfter"):
            if key in kw:
                kw[key] *= space
        if "leading" in kw:
            kw["leading"] = max(kw["leading"] * lines, kw.get("fontSize", s) * 1.1)
        return ParagraphStyle(name, parent=base, **kw)

    styles = {
        "body": base,
        "title": derive("title", fontName=bold, fontSize=s * 2.2, leading=s * 2.6,
                        spaceAfter=s * 0.5, textColor=ink),
        "lead": derive("lead", fontSize=s * 1.2, leading=s * 1.6, textColor=muted,
                       spaceAfter=s * 1.2),
        "h2": derive("h2", fontName=bold, fontSize=s * 1.45, leading=s * 1.8,
                     spaceBefore=s * 0.9, spaceAfter=s * 0.4, textColor=accent,
                     keepWithNext=1),
        "h3": derive("h3", fontName=bold, fontSize=s * 1.2, leading=s * 1.55,
                     spaceBefore=s * 0.7, spaceAfter=s * 0.3, keepWithNext=1),
        "h4": derive("h4", fontName=bold, fontSize=s, spaceBefore=s * 0.5,
                     spaceAfter=s * 0.2, keepWithNext=1),
        "list": derive("list", spaceAfter=s * 0.25),
        "quote": derive("quote", fontSize=s * 1.05, textColor=muted),
        "caption": derive("caption", fontSize=s * 0.85, leading=s * 1.2, textColor=muted,
                          alignment=TA_CENTER),
        "cell": derive("cell", fontSize=s * 0.92, leading=s * 1.25, spaceAfter=0),
        "cell_head": derive("cell_head", fontName=bold, fontSize=s * 0.92,
                            leading=s * 1.25, spaceAfter=0),
        "pre": derive("pre", fontSize=s * 0.85, leading=s * 1.2, alignment=TA_LEFT,
                      textColor=muted),
        "box_head": derive("box_head", fontName=bold, fontSize=s * 1.15, leading=s * 1.5,
                           textColor=accent, spaceAfter=s * 0.3, keepWithNext=1),
        "note": derive("note", fontSize=s * 0.9, leading=s * 1.3, spaceAfter=s * 0.4),
        "note_label": derive("note_label", fontName=bold, fontSize=s * 0.8,
                             leading=s * 1.15, textColor=muted, spaceAfter=s * 0.1),
        "small": derive("small", fontSize=max(7.5, s * 0.75), leading=max(9.5, s * 0.75) * 1.3,
                        textColor=muted, spaceAfter=0),
        "url": derive("url", fontSize=max(7, s * 0.72), leading=max(9, s * 0.72) * 1.3,
                      textColor=muted, alignment=TA_CENTER, spaceAfter=0),
        "cover_title": derive("cover_title", fontName=bold, fontSize=s * 3, leading=s * 3.5,
                              spaceAfter=s * 0.6),
        "toc_head": derive("toc_head", fontName=bold, fontSize=s * 1.8, leading=s * 2.2,
                           spaceAfter=s),
        "toc0": derive("toc0", fontSize=s * 1.05, leading=s * 1.6),
        "toc1": derive("toc1", fontSize=s * 0.9, leading=s * 1.3, textColor=muted,
                       leftIndent=0 if rtl else s * 1.2, rightIndent=s * 1.2 if rtl else 0),
    }
    return Sheet(styles, palette, family, bold, s, rtl, space)
