"""Which character reaches each glyph, so the text layer reads the real letters.

ReportLab subsets by Unicode character and writes the text layer as "code ->
that character". Two kinds of code are made here (see text_layer.py for why):

- `silent_char`: how a painted glyph is reached. It reads as a space, so the
  glyphs a reader sees add nothing to what is copied or searched: poppler
  drops spaces (it finds words by their gaps), pdfium (Chrome's viewer)
  collapses them, pypdf writes them before the line. An empty entry was
  measured too: pdfium then falls back to the raw codes (control characters
  in a copied sentence). A private-use code point per glyph, as wide as it.
- `layer_char`: one character of the invisible text layer, `width` wide, in
  the text-layer font (`layer_font`): a private-use code point that reads
  as it.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .font_choice import hb_font, upem
from .reportlab_patch import add_private_code

WIDTH_STEP = 20  # 1/1000 em: text-layer code widths are rounded to this
_CODES: dict[tuple[str, int, str, float], int] = {}
# Allocate downwards: ReportLab's own shaper allocates upwards from U+E000.
_next_pua = [0xF8FF]


def _private(font_name: str, gid: int, width: float, text: str) -> int:
    face = pdfmetrics.getFont(font_name).face
    cp = _next_pua[0]
    while cp in face.charToGlyph:
        cp -= 1
    if cp < 0xE000:
        raise ValueError("out of private-use code points")
    _next_pua[0] = cp - 1
    add_private_code(face, cp, gid, width, text)
    return cp


def glyph_width(font_name: str, gid: int) -> float:
    """The glyph's advance in 1/1000 em, as ReportLab measures it (hmtx)."""
    return hb_font(font_name).get_glyph_h_advance(gid) * 1000 / upem(font_name)


def silent_char(font_name: str, gid: int) -> str:
    """The character through which painted glyph `gid` is reached: it reads as a space."""
    key = (font_name, gid, "", -1.0)
    cp = _CODES.get(key)
    if cp is None:
        cp = _CODES[key] = _private(font_name, gid, glyph_width(font_name, gid), " ")
    return chr(cp)


def layer_font(font_name: str, number: int = 0) -> str:
    """A font the text layer of `font_name`'s lines is written in: the same file,
    registered again, so its codes never share a subset with painted glyphs.

    A subset holds 256 codes; a piece of the text layer that changed subset
    midway would need a `Tf`, which ends pypdf's right-to-left run there. So
    a piece goes whole into the first of these fonts whose first subset still
    has room for it (pdf_emit.py). Their codes all draw glyph 0 (nothing is
    drawn: render mode 3), so each embedded subset is a few hundred bytes.
    """
    name = f"{font_name}~text{number}"
    if name not in pdfmetrics.getRegisteredFontNames():
        # Not ASCII-readable: its codes are all private-use, so the whole first
        # subset is theirs (ReportLab otherwise keeps codes 32-126 for ASCII).
        font = TTFont(name, pdfmetrics.getFont(font_name).face.filename, asciiReadable=0)
        # ReportLab registers one font per face name: this one needs its own.
        font.face.name = font.face.name + b"-Text%d" % number
        pdfmetrics.registerFont(font)
    return name


def layer_char(font_name: str, char: str, width: float) -> str:
    """A code of text-layer font `font_name` that reads as `char` and advances
    `width`/1000 em.

    Widths are rounded to `WIDTH_STEP` units (0.2 pt at 10 pt), so a justified space of every
    line does not need a code of its own; the text is re-placed (`Tm`) where
    the rounding has moved it by more than a hundredth of a point.
    """
    width = float(round(width / WIDTH_STEP) * WIDTH_STEP)
    key = (font_name, 0, char, width)
    cp = _CODES.get(key)
    if cp is None:
        cp = _CODES[key] = _private(font_name, 0, width, char)
    return chr(cp)
