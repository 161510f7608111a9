"""The `@font-face` rules for the split fonts, one per script file.

Family, weight and style come from the font's file name as Noto names them
(`NotoSansArabic-Bold` is "Noto Sans Arabic", 700, normal), so adding a font
to assets/fonts needs no setting.
"""

from __future__ import annotations

import re

from .split import FontPart

STYLES = {"Regular": (400, "normal"), "Italic": (400, "italic"), "Bold": (700, "normal"),
          "BoldItalic": (700, "italic")}


def face_of(stem: str) -> tuple[str, int, str]:
    family, _, style = stem.partition("-")
    if style not in STYLES:
        raise ValueError(f"font file '{stem}': the part after '-' must be one of "
                         f"{', '.join(STYLES)}")
    weight, slant = STYLES[style]
    return " ".join(re.findall(r"[A-Z][a-z]*|\d+", family)), weight, slant


def font_face(stem: str, part: FontPart, url: str) -> str:
    family, weight, slant = face_of(stem)
    return (f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f"font-style: {slant}; font-display: swap;\n"
            f'  src: url("{url}") format("woff2");\n'
            f"  unicode-range: {part.unicode_range}; }}\n")
