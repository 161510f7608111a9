"""Draw one card: audience band, title, logo and site name, mirrored for RTL.

Text goes through libraqm (Pillow's RAQM layout engine): Arabic letters join,
runs are ordered right to left, and a Latin name inside stays readable.
Lines are wrapped by measuring each candidate line as it will be drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#c9d1db"
MARGIN = 80
BAND = 112


@dataclass(frozen=True)
class CardText:
    title: str
    label: str  # audience, shown in the band
    site_name: str
    lang: str
    direction: str  # "ltr" or "rtl"


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, card: CardText) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate, direction=card.direction,
                                    language=card.lang) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fit_title(card: CardText, font_path: Path, width: int, max_lines: int):
    for size in range(72, 39, -4):
        font = _font(font_path, size)
        lines = _wrap(card.title, font, width, card)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    lines[-1] = lines[-1] + " …"
    return font, lines


def render_card(card: CardText, *, size: tuple[int, int], colour: str, font_path: Path,
                logo: Image.Image) -> Image.Image:
    width, height = size
    rtl = card.direction == "rtl"
    start = width - MARGIN if rtl else MARGIN
    anchor = "r" if rtl else "l"
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    text_opts = {"direction": card.direction, "language": card.lang}

    draw.rectangle((0, 0, width, BAND), fill=colour)
    draw.text((start, BAND // 2), card.label, font=_font(font_path, 40), fill="white",
              anchor=anchor + "m", **text_opts)

    title_font, lines = _fit_title(card, font_path, width - 2 * MARGIN, max_lines=4)
    line_height = int(title_font.size * (1.55 if rtl else 1.25))
    y = BAND + 56
    for line in lines:
        draw.text((start, y), line, font=title_font, fill=INK, anchor=anchor + "a", **text_opts)
        y += line_height

    footer_top = height - 118
    draw.line((MARGIN, footer_top, width - MARGIN, footer_top), fill=LINE, width=3)
    logo_size = logo.size[0]
    logo_x = width - MARGIN - logo_size if rtl else MARGIN
    logo_y = footer_top + (height - footer_top - logo_size) // 2
    image.paste(logo, (logo_x, logo_y), logo)
    name_x = logo_x - 24 if rtl else logo_x + logo_size + 24
    draw.text((name_x, logo_y + logo_size // 2), card.site_name, font=_font(font_path, 38),
              fill=INK, anchor=anchor + "m", **text_opts)
    draw.rectangle((0, height - 12, width, height), fill=colour)
    return image
