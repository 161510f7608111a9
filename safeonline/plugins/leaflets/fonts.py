"""Bundled fonts for leaflets, registered once per process from assets/fonts.

Only TrueType files from the repository are used, so every glyph in a leaflet
comes from an embedded subset of a font we ship (pdffonts shows `emb yes`),
and a build on another machine draws the same shapes.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FACES = {  # face suffix in the file name -> (bold, italic)
    "Regular": (0, 0),
    "Bold": (1, 0),
    "Italic": (0, 1),
    "BoldItalic": (1, 1),
}


class FontError(RuntimeError):
    """A configured font family has no Regular face in assets/fonts."""


def register_family(font_dir: str | Path, family: str) -> dict[str, str]:
    """Register `family`'s faces; a missing face falls back to the nearest one.

    Returns face -> registered font name, e.g. {'Bold': 'NotoSans-Bold', ...}.
    Arabic fonts have no italic: ReportLab then uses the upright face for <i>.
    """
    font_dir = Path(font_dir)
    regular = font_dir / f"{family}-Regular.ttf"
    if not regular.exists():
        raise FontError(f"{regular}: font file missing (LANGUAGES names font '{family}')")
    names: dict[str, str] = {}
    for face in FACES:
        path = font_dir / f"{family}-{face}.ttf"
        if path.exists():
            name = f"{family}-{face}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path)))
            names[face] = name
    names.setdefault("Bold", names["Regular"])
    names.setdefault("Italic", names["Regular"])
    names.setdefault("BoldItalic", names["Bold"])
    # <b>/<i> in a paragraph whose style uses the Regular face find the others.
    pdfmetrics.registerFontFamily(names["Regular"], normal=names["Regular"],
                                  bold=names["Bold"], italic=names["Italic"],
                                  boldItalic=names["BoldItalic"])
    return names


def font_files(font_dir: str | Path) -> list[Path]:
    """Every font file that can end up in a leaflet: part of the cache key."""
    return sorted(Path(font_dir).glob("*.ttf"))
