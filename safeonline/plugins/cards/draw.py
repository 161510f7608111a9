"""Draw one card: audience band, title, logo and site name, mirrored for RTL.

Text goes through libraqm (Pillow's RAQM layout engine): Arabic letters join,
runs are ordered right to left, and a Latin name inside stays readable.
Lines are wrapped by measuring each candidate line as it will be drawn, and
the title shrinks until it fits its lines *and* the space above the footer.

A `Painter` lives once per process (the build, or each pool worker): it keeps
the FreeType fonts per file and size, the logo, and the card's frame (band
with the audience label, footer rule, logo, site name) per colour and
language, so each card only lays out and draws its title on a copy of the
frame. Nothing drawn depends on the order in which cards are drawn, so the
same card gives the same pixels in any process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#c9d1db"
MARGIN = 80
BAND = 112
TITLE_TOP = BAND + 56
FOOTER = 118  # height of the footer, from its rule to the bottom edge
FOOTER_GAP = 24  # least white space between the title's lowest ink and the footer rule
TITLE_SIZES = range(72, 39, -4)  # largest first; the first size that fits wins
ELLIPSIS = " …"


@dataclass(frozen=True)
class CardText:
    title: str
    label: str  # audience, shown in the band
    site_name: str
    lang: str
    direction: str  # "ltr" or "rtl"


@lru_cache(maxsize=64)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """One FreeType face per file and size per process (they are read-only once made)."""
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)


def _opts(card: CardText) -> dict:
    return {"direction": card.direction, "language": card.lang}


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int, card: CardText) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and face.getlength(candidate, **_opts(card)) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def line_height(face: ImageFont.FreeTypeFont, card: CardText) -> int:
    # Arabic needs room for marks above and below the letters.
    return int(face.size * (1.55 if card.direction == "rtl" else 1.25))


def _ink_bottom(lines: list[str], face: ImageFont.FreeTypeFont, card: CardText) -> int:
    """Lowest ink of the title block, relative to its top (lines drawn with anchor 'a')."""
    step = line_height(face, card)
    return max(i * step + face.getbbox(line, anchor="la", **_opts(card))[3]
               for i, line in enumerate(lines))


def _shorten(line: str, face: ImageFont.FreeTypeFont, width: int, card: CardText) -> str:
    """`line …`, dropping words from its end until it fits `width`."""
    words = line.split()
    while len(words) > 1 and face.getlength(" ".join(words) + ELLIPSIS, **_opts(card)) > width:
        words.pop()
    return " ".join(words) + ELLIPSIS


def fit_title(card: CardText, font_path: str, width: int, height: int, max_lines: int
              ) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose lines fit `width`, `max_lines` and `height`.

    A title too long even at the smallest size keeps the lines that fit and
    ends with an ellipsis: the full title is still the page's heading and the
    card's alt text.
    """
    for size in TITLE_SIZES:
        face = font(font_path, size)
        lines = _wrap(card.title, face, width, card)
        if len(lines) <= max_lines and _ink_bottom(lines, face, card) <= height:
            return face, lines
    full = lines
    while len(lines) > 1 and (len(lines) > max_lines or _ink_bottom(lines, face, card) > height):
        lines = lines[:-1]
    if lines != full:
        lines[-1] = _shorten(lines[-1], face, width, card)
    return face, lines


class Painter:
    """Draws cards in one process, reusing fonts, the logo and frames between cards."""

    def __init__(self, logo: Image.Image, frames: int = 16):
        self.logo = logo
        # A frame is 1200x630 RGB (2.2 MiB): keep one per colour and language in use.
        self._frame = lru_cache(maxsize=frames)(self._draw_frame)

    def _draw_frame(self, size: tuple[int, int], colour: str, label: str, site_name: str,
                    lang: str, direction: str, font_path: str) -> Image.Image:
        width, height = size
        rtl = direction == "rtl"
        start = width - MARGIN if rtl else MARGIN
        anchor = "r" if rtl else "l"
        text_opts = {"direction": direction, "language": lang}
        image = Image.new("RGB", size, "white")
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, width, BAND), fill=colour)
        draw.text((start, BAND // 2), label, font=font(font_path, 40), fill="white",
                  anchor=anchor + "m", **text_opts)
        footer_top = height - FOOTER
        draw.line((MARGIN, footer_top, width - MARGIN, footer_top), fill=LINE, width=3)
        logo_size = self.logo.size[0]
        logo_x = width - MARGIN - logo_size if rtl else MARGIN
        logo_y = footer_top + (height - footer_top - logo_size) // 2
        image.paste(self.logo, (logo_x, logo_y), self.logo)
        name_x = logo_x - 24 if rtl else logo_x + logo_size + 24
        draw.text((name_x, logo_y + logo_size // 2), site_name, font=font(font_path, 38),
                  fill=INK, anchor=anchor + "m", **text_opts)
        draw.rectangle((0, height - 12, width, height), fill=colour)
        return image

    def render(self, card: CardText, *, size: tuple[int, int], colour: str,
               font_path: Path | str) -> Image.Image:
        width, height = size
        font_path = str(font_path)
        image = self._frame(tuple(size), colour, card.label, card.site_name, card.lang,
                            card.direction, font_path).copy()
        rtl = card.direction == "rtl"
        start = width - MARGIN if rtl else MARGIN
        anchor = "r" if rtl else "l"
        room = height - FOOTER - FOOTER_GAP - TITLE_TOP
        face, lines = fit_title(card, font_path, width - 2 * MARGIN, room, max_lines=4)
        draw = ImageDraw.Draw(image)
        y = TITLE_TOP
        for line in lines:
            draw.text((start, y), line, font=face, fill=INK, anchor=anchor + "a", **_opts(card))
            y += line_height(face, card)
        return image

