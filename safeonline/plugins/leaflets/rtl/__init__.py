"""Right-to-left (Arabic + mixed Latin) text for ReportLab 5.1 with a correct,
*logical-order* PDF text layer.

Why this package exists
-----------------------
ReportLab 5.1 can shape Arabic itself (``ParagraphStyle(shaping=1)`` +
``uharfbuzz``), but without ``rlbidi`` (not on PyPI) it only shapes each
*word*: the words of a line are set left to right in logical order, which
``pdftotext`` faithfully reads as "words reversed". Its ToUnicode CMap also
maps shaped glyphs to Arabic *presentation forms* (U+FExx), and Latin words
are drawn with the Arabic font (tofu for ``OP10``/URLs).

So the leaflets do their own layout, one module per step:

1. `markup`: parse a tiny inline markup (``<b> <i> <a href> <font color> <br/>``);
2. `bidi_levels`: the Unicode Bidirectional Algorithm over the logical text;
3. `font_choice`, `shaping`: a font per character (Arabic font for Arabic,
   Latin font for Latin, neutrals follow their neighbours), each (level,
   font) run shaped with HarfBuzz, the whole paragraph as context;
4. `lines`: greedy line breaking on the shaped advances, then each line's
   runs reordered by rule L2;
5. `pdf_emit`, `glyph_codes`, `text_layer`: every glyph painted at its x
   position, in visual order, through a code that reads as a space; then the
   line's text once more, invisible, one code per letter, in an order poppler
   and pypdf both read back as written;
6. `paragraph` (the flowable) and `single_line` (running heads, folios) use them.

`reportlab_patch` holds every change made to ReportLab's shared state. It is
made by `install()`, which the leaflet renderer calls before it draws; nothing
is patched by importing this package.
"""

from .font_choice import FontSet
from .paragraph import RTLParagraph
from .reportlab_patch import ReportLabVersionError, check_reportlab_version, install
from .single_line import draw_line, line_width

__all__ = [
    "FontSet",
    "RTLParagraph",
    "ReportLabVersionError",
    "check_reportlab_version",
    "draw_line",
    "install",
    "line_width",
]
