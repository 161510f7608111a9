"""Which character reaches each shaped glyph, so the text layer reads real letters.

ReportLab subsets by Unicode character and writes the text layer as "code ->
that character". Its own shaper reaches contextual glyphs through their
presentation-form code points (U+FExx), so copy/paste gives presentation
forms. Here a glyph reached for text T uses T's own code point when the
font's cmap maps it to that glyph, else a private-use code point that maps
to the glyph and reads as T (base letters, e.g. medial beh -> U+0628).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from reportlab.pdfbase import pdfmetrics

from .font_choice import hb_font, upem
from .reportlab_patch import add_private_code

_GLYPH_CODE: dict[tuple[str, int, str], int] = {}
# Allocate downwards: ReportLab's own shaper allocates upwards from U+E000.
_next_pua = [0xF8FF]


@cache
def presentation_ligatures() -> dict[str, int]:
    """Ligature text -> its single presentation-form code point (U+FEFB for lam-alef ...).

    A multi-character ToUnicode entry is split over the glyph width
    left-to-right by poppler and then reversed with the rest of the RTL line
    ("لا" comes out as "ال"); one code point cannot be.
    """
    out: dict[str, int] = {}
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        ch = chr(cp)
        if unicodedata.name(ch, "").startswith("ARABIC LIGATURE"):
            out.setdefault(unicodedata.normalize("NFKC", ch), cp)
    return out


def glyph_char(font_name: str, gid: int, text: str) -> str:
    """The character through which glyph `gid` of `font_name` is reached so that
    the PDF's text layer says `text`.

    (gid, text) pairs are cached, so one glyph used for two texts gets two
    code points.
    """
    key = (font_name, gid, text)
    cp = _GLYPH_CODE.get(key)
    if cp is not None:
        return chr(cp)
    face = pdfmetrics.getFont(font_name).face
    if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
        cp = ord(text)
    else:
        dst = text
        if len(text) > 1:
            lig = presentation_ligatures().get(text)
            if lig is not None:
                dst = chr(lig)
        if len(dst) == 1 and face.charToGlyph.get(ord(dst)) == gid:
            cp = ord(dst)
        else:
            cp = _next_pua[0]
            while cp in face.charToGlyph:
                cp -= 1
            if cp < 0xE000:
                raise ValueError("out of private-use code points")
            _next_pua[0] = cp - 1
            width = hb_font(font_name).get_glyph_h_advance(gid) * 1000 / upem(font_name)
            add_private_code(face, cp, gid, width, dst)
    _GLYPH_CODE[key] = cp
    return chr(cp)
