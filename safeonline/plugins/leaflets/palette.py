"""The colours a leaflet is drawn in: the audience's colours, or grays for a copier.

A school photocopier prints in black toner only. The black-and-white edition
is therefore drawn by ReportLab in a gray palette of its own, not converted
after the fact: every text is 100 % black (K only), and what colour told apart
is told apart by gray levels chosen for it. Each audience's band gets its own
gray, spread evenly between `BAND_DARKEST` and `BAND_LIGHTEST` in the order of
the audience colours' lightness (the darkest colour gets the darkest gray), so
four audiences stay as far apart as black text on the band allows; boxes get
one light tint, lighter than every band and darker than the paper.

The black-and-white document is made with ReportLab's
`enforceColorSpace="cmyk"`: grays are written as K-only CMYK, and any colour
left in by mistake stops the render instead of printing as a muddy gray.

The levels below are checked (tests/test_leaflet_editions.py) with the WCAG
2 formulas: black text on every band and tint >= 4.5:1, each band against
the others, the tint and the paper >= `MIN_SEPARATION`.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors

INK = colors.HexColor("#1b1b1f")
MUTED = colors.HexColor("#4a4a55")
RULE = colors.HexColor("#c9c9d1")
CODE = colors.HexColor("#3b3b46")

# Gray levels as in PDF DeviceGray / sRGB: 0 black, 1 paper white.
BAND_DARKEST = 0.50  # black text on it: contrast 5.3:1
BAND_LIGHTEST = 0.80
BOX_TINT = 0.90  # resolution and help boxes, table heads
GRAY_RULE = 0.60  # table grids, horizontal rules
MIN_TEXT_CONTRAST = 4.5  # WCAG AA, normal text
MIN_SEPARATION = 1.25  # luminance ratio between two areas that must read as different


def tint(colour: colors.Color, amount: float) -> colors.Color:
    """`colour` mixed with white: box backgrounds that keep the audience's hue."""
    return colors.Color(*(c + (1 - c) * amount for c in (colour.red, colour.green,
                                                          colour.blue)))


def gray(level: float) -> colors.CMYKColor:
    """A gray (0 black, 1 white) as K-only CMYK: one toner, as a copier prints it."""
    return colors.CMYKColor(0, 0, 0, round(1 - level, 4))


def luminance(level: float) -> float:
    """WCAG relative luminance of an sRGB gray level."""
    return level / 12.92 if level <= 0.04045 else ((level + 0.055) / 1.055) ** 2.4


def colour_luminance(hex_colour: str) -> float:
    c = colors.HexColor(hex_colour)
    r, g, b = (luminance(v) for v in (c.red, c.green, c.blue))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: float, b: float) -> float:
    """WCAG contrast ratio of two gray levels (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def band_grays(audience_colours: dict[str, str]) -> dict[str, float]:
    """Audience -> its band's gray level, evenly spread in the colours' lightness order."""
    ranked = sorted(audience_colours, key=lambda a: colour_luminance(audience_colours[a]))
    if len(ranked) == 1:
        return {ranked[0]: BAND_DARKEST}
    step = (BAND_LIGHTEST - BAND_DARKEST) / (len(ranked) - 1)
    return {a: round(BAND_DARKEST + i * step, 4) for i, a in enumerate(ranked)}


@dataclass(frozen=True)
class Palette:
    """Every colour the page furniture and the content draw with."""

    ink: colors.Color  # body text
    muted: colors.Color  # lead, captions, footer
    rule: colors.Color  # grids and rules
    code: colors.Color  # inline code
    accent: colors.Color  # headings, bullets, links, box edges
    accent_tint: colors.Color  # box backgrounds
    band: colors.Color  # the audience band
    on_band: colors.Color  # text on the band
    grayscale: bool = False

    @property
    def enforce(self) -> dict:
        """ReportLab document arguments: K-only grays, and no colour slips through."""
        return {"enforceColorSpace": "cmyk"} if self.grayscale else {}


def colour_palette(accent_hex: str) -> Palette:
    accent = colors.HexColor(accent_hex)
    return Palette(ink=INK, muted=MUTED, rule=RULE, code=CODE, accent=accent,
                   accent_tint=tint(accent, 0.9), band=accent, on_band=colors.white)


def gray_palette(band_level: float) -> Palette:
    black = gray(0)
    return Palette(ink=black, muted=black, rule=gray(GRAY_RULE), code=black, accent=black,
                   accent_tint=gray(BOX_TINT), band=gray(band_level), on_band=black,
                   grayscale=True)
