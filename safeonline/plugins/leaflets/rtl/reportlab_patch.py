"""Everything the right-to-left engine changes in ReportLab, in one place.

ReportLab writes a font's text layer (its ToUnicode CMap) as "code -> the
character the glyph was reached through". The engine reaches painted glyphs
through private-use code points that read as a space, and writes the
text once more through private-use code points that read as one letter each
(glyph_codes.py, text_layer.py), so the text layer must say what they stand for. That
takes three changes to ReportLab's process-wide state, made nowhere else:

1. `install()` replaces `reportlab.pdfbase.ttfonts.makeToUnicodeCMap`
   (looked up as a module global whenever ReportLab writes a font) by
   `to_unicode_cmap`: the same entries, written as UTF-16BE hex, except that
   our private-use code points map to the text recorded in `PUA_TEXT`.
2. `add_private_code()` adds a private-use code point to a registered font's
   shared face (`charToGlyph`, `glyphToChar`, `charWidths`), so ReportLab
   subsets and measures it like any character. Faces are shared by every
   document of the process; the code points are allocated once and kept.
3. `document_codes()` keeps a per-document table of glyph codes on
   ReportLab's document object (attribute `_rtl_codes`).

Replacing a function inside ReportLab is safe only for the version it was
read against, so `install()` refuses any ReportLab but the one pyproject.toml
pins. The leaflet renderer calls it before every render (it is idempotent);
nothing is changed by importing this package.
"""

from __future__ import annotations

from collections.abc import Sequence

import reportlab
from reportlab.pdfbase import ttfonts

#: The ReportLab version `makeToUnicodeCMap` was read against; pyproject.toml pins it.
PINNED_REPORTLAB = "5.1.0"

#: Text each private-use code point stands for, keyed by (face name, code point).
PUA_TEXT: dict[tuple[str, int], str] = {}


class ReportLabVersionError(RuntimeError):
    """The installed ReportLab is not the pinned one: the ToUnicode writer may differ."""


def check_reportlab_version() -> None:
    """Raise ReportLabVersionError unless ReportLab is the pinned version."""
    found = reportlab.Version
    if found != PINNED_REPORTLAB:
        raise ReportLabVersionError(
            f"leaflets: ReportLab {found} is installed, but the right-to-left text "
            f"engine replaces ReportLab's ToUnicode writer and is written for "
            f"reportlab=={PINNED_REPORTLAB}, the version pyproject.toml pins")


def install() -> None:
    """Check ReportLab's version, then put `to_unicode_cmap` in place (once)."""
    check_reportlab_version()
    ttfonts.makeToUnicodeCMap = to_unicode_cmap


def installed() -> bool:
    return ttfonts.makeToUnicodeCMap is to_unicode_cmap


def face_key(face: object) -> str:
    """The name a face's fonts carry in the PDF (after the subset tag)."""
    return (face.name + getattr(face, "subfontNameX", b"")).decode("pdfdoc")  # type: ignore[attr-defined]


def add_private_code(face: ttfonts.TTFontFace, cp: int, gid: int, width: float,
                     text: str) -> None:
    """Make code point `cp` of the shared `face` draw glyph `gid`, `width`/1000 em
    wide, and read as `text` in the PDF's text layer."""
    if not installed():
        raise RuntimeError("leaflets: rtl.install() must run before right-to-left text is "
                           "drawn, or the PDF's text layer would be wrong")
    face.charToGlyph[cp] = gid
    face.glyphToChar.setdefault(gid, []).append(cp)
    face.charWidths[cp] = width
    PUA_TEXT[(face_key(face), cp)] = text


def document_codes(doc: object) -> dict:
    """The document's own table of glyph codes (see pdf_emit.glyph_code)."""
    table = doc.__dict__.get("_rtl_codes")
    if table is None:
        table = doc._rtl_codes = {}  # type: ignore[attr-defined]
    return table


def to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """Drop-in for `ttfonts.makeToUnicodeCMap` that writes our private-use code
    points as the text they stand for (UTF-16BE, so multi-character and astral
    values are valid too)."""
    face = fontname.split("+", 1)[-1]
    entries = []
    for i, v in enumerate(subset):
        dst = PUA_TEXT.get((face, v), chr(v))
        entries.append(f"<{i:02X}> <{dst.encode('utf-16-be').hex().upper()}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )
