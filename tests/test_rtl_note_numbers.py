"""An Arabic note number stays on the line of its word, even after a space.

The converter joins a note number to its word; the right-to-left line
breaker also never breaks at a space before one, whoever wrote the markup.
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


def test_no_width_puts_a_note_number_at_the_start_of_a_line(root):
    style = ParagraphStyle("body", fontSize=10.5, leading=15)
    text = "تحث البرلمانات على حماية الأطفال ¹⁴ ووضع بنية تحتية دقيقة لدعم الضحايا ² ."
    paragraph = RTLParagraph(text, style, _fonts(root))
    starts = []
    for width in range(60, 400, 3):
        paragraph.wrap(width, 1000)
        shaped = paragraph._shaped.text
        starts += [shaped[line.start] for line in paragraph._lines]
    assert len(starts) > 200
    assert not set(starts) & set("⁰¹²³⁴⁵⁶⁷⁸⁹")
