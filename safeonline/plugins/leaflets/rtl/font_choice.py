"""Which font sets each character: the Arabic fonts have no Latin letters.

The choice is made per character, so an Arabic paragraph can hold `OP10` or
a web address in the Latin font; HarfBuzz shapes with the very bytes
ReportLab embeds, so glyph ids agree between the two.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics

from .markup import Attrs

_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


@dataclass(frozen=True)
class FontSet:
    """ReportLab font names used for the two scripts we support.

    Arabic has no italic; `<i>` on Arabic keeps the upright face.
    """

    arabic: str
    arabic_bold: str
    latin: str
    latin_bold: str
    latin_italic: str | None = None
    latin_bold_italic: str | None = None

    def pick(self, script: str, bold: bool, italic: bool) -> str:
        if script == "arabic":
            return self.arabic_bold if bold else self.arabic
        if bold and italic and self.latin_bold_italic:
            return self.latin_bold_italic
        if italic and not bold and self.latin_italic:
            return self.latin_italic
        return self.latin_bold if bold else self.latin


@cache
def hb_font(font_name: str) -> hb.Font:
    """HarfBuzz font built from the very bytes ReportLab embeds (same gids)."""
    ttf = pdfmetrics.getFont(font_name)
    face = hb.Face(hb.Blob(ttf.face._ttf_data))
    return hb.Font(face)  # scale defaults to upem: positions in font units


@cache
def upem(font_name: str) -> int:
    return hb_font(font_name).face.upem


def is_arabic(ch: str) -> bool:
    o = ord(ch)
    return any(a <= o <= b for a, b in _ARABIC_RANGES)


@cache
def _script(ch: str) -> str | None:
    """"arabic", "latin" or None (digits, spaces, punctuation: they follow neighbours)."""
    if is_arabic(ch):
        return "arabic"
    if unicodedata.category(ch)[0] == "L":
        return "latin"
    return None


def assign_fonts(text: str, attrs: Sequence[Attrs], fonts: FontSet) -> list[str]:
    """Font per character: Arabic-script -> Arabic font, other letters ->
    Latin font, neutrals/digits/marks follow the previous strong character
    (or the next one at the start), then fall back on glyph coverage.

    Linear in the paragraph: the next strong script after each position is
    found in one backward pass, not by a forward search from every neutral.
    """
    script = [_script(ch) for ch in text]
    following: list[str | None] = [None] * (len(text) + 1)  # next strong script at/after i
    for i in range(len(text) - 1, -1, -1):
        following[i] = script[i] or following[i + 1]
    # digits and neutrals glued to a Latin word (OP10, www.x.org) stay Latin
    resolved: list[str] = []
    last: str | None = None
    for i, s in enumerate(script):
        if s is None:
            if last is None:
                s = following[i] or "arabic"
            else:
                s = last
                if text[i].isspace():
                    nxt = following[i] or last
                    s = "arabic" if "arabic" in (nxt, last) else last
        else:
            last = s
        resolved.append(s)
    cmaps = {name: pdfmetrics.getFont(name).face.charToGlyph for name in
             (fonts.arabic, fonts.arabic_bold, fonts.latin, fonts.latin_bold,
              fonts.latin_italic, fonts.latin_bold_italic) if name}
    names: list[str] = []
    picked: dict[tuple[str, bool, bool], tuple[str, str]] = {}
    for ch, s, a in zip(text, resolved, attrs):
        pair = picked.get((s, a.bold, a.italic))
        if pair is None:
            other_script = "latin" if s == "arabic" else "arabic"
            pair = picked[(s, a.bold, a.italic)] = (fonts.pick(s, a.bold, a.italic),
                                                    fonts.pick(other_script, a.bold, a.italic))
        name = pair[0]
        if ch != "\n" and ord(ch) not in cmaps[name] and ord(ch) in cmaps[pair[1]]:
            name = pair[1]
        names.append(name)
    return names
