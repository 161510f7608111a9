"""Shortcuts in the Arabic text engine agree with the long way round.

Most Arabic paragraphs have no Latin word, number or embedding, and
`rtl._bidi_levels` then gives every character the paragraph's level without
running python-bidi; most have no markup either, and `rtl._parse_markup`
then skips the HTML parser. A wrong shortcut would put words of a leaflet in
the wrong order or change its spacing, so both are checked against the full
path on the kinds of text leaflets hold.
"""

from __future__ import annotations

import pytest

from safeonline.plugins.leaflets.rtl import _bidi_levels, _parse_markup, _uba_levels

TEXTS = [
    "لا يقع اللوم على الطفل أبدًا.",  # Arabic, punctuation, a mark (tanween)
    "«تحدّث» إلى شخص بالغ تثق به؛ ثم اطلب المساعدة!",  # quotes, shadda, semicolon
    "الفقرة 12 من الديباجة (PP12)",  # a number and a Latin id: the full algorithm
    "اتصل بـ 116 111 أو زر safeonline.example.org/ar/help",
    "الأعمار ٨-١٠",  # Arabic-Indic digits (AN)
    "اتصل على 116 111 مجاناً.",  # European digits only: they take a higher level
    "يعرض الإجراء في 3 خطوات (انظر 1-3).",
    "سطر أول\nسطر ثانٍ",  # a hard break
    "Talk to someone you trust.",
    "Ages 8-10, OP10 and [[OP16]].",
    "Call 116 111 — free, day and night.",
    "A word in Arabic: أمان.",
    "",
    " ",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("base_level", [0, 1])
def test_shortcut_gives_the_levels_of_the_full_algorithm(text, base_level):
    assert _bidi_levels(text, base_level) == _uba_levels(text, base_level)


@pytest.mark.parametrize("text", [*TEXTS, "  سطر\t مع\n\n مسافات\u00a0كثيرة  ", "\u2003a\u3000b "])
def test_plain_text_reads_as_the_markup_parser_reads_it(text):
    parsed = _parse_markup(text + "<b></b>")  # an empty tag: through the parser
    assert _parse_markup(text) == parsed
