"""Arabic text in table cells across a page break (found by `invoke bench`).

With 50 synthetic materials, the Arabic lawmakers pack failed to build: a
table row split across pages asked an Arabic paragraph that fits whole to
split, got one part back, and ReportLab's in-row table splitting (which reads
the second part) raised IndexError. A paragraph that fits must answer "no
split" (an empty list), as platypus expects.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.styles import ParagraphStyle

from safeonline.plugins.leaflets.fonts import register_family
from safeonline.plugins.leaflets.rtl import FontSet, RTLParagraph


def _fonts(root: Path) -> FontSet:
    arabic = register_family(root / "assets" / "fonts", "NotoSansArabic")
    latin = register_family(root / "assets" / "fonts", "NotoSans")
    return FontSet(arabic=arabic["Regular"], arabic_bold=arabic["Bold"],
                   latin=latin["Regular"], latin_bold=latin["Bold"])


def test_an_arabic_paragraph_that_fits_is_never_split_into_one_part(root):
    style = ParagraphStyle("cell", fontSize=10, leading=13.65, spaceAfter=4.2)
    text = ("تحث البرلمانات أيضاً على وضع بنية تحتية دقيقة، بمن فيهم المتخصصين الطبيين "
            "المدربين، لدعم الأطفال الضحايا. ") * 3
    paragraph = RTLParagraph(text, style, _fonts(root))
    _, height = paragraph.wrap(300, 1000)
    for room in (height, height + 0.1, height + 50):
        assert len(paragraph.split(300, room)) != 1
    parts = paragraph.split(300, height / 2)  # a real split still gives two parts
    assert len(parts) == 2

