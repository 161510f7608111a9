"""Shortcuts in the Arabic text engine agree with the long way round.

Most Arabic paragraphs have no Latin word, number or embedding, and
`rtl.bidi_levels.bidi_levels` then gives every character the paragraph's
level without running python-bidi; most have no markup either, and
`rtl.markup.parse_markup` then skips the HTML parser. A wrong shortcut
would put words of a leaflet in the wrong order or change its spacing, so
both are checked against the full path on the kinds of text leaflets hold.
"""

from __future__ import annotations

import pytest

from safeonline.plugins.leaflets.rtl import bidi_levels as levels_module
from safeonline.plugins.leaflets.rtl.bidi_levels import bidi_levels, uba_levels
from safeonline.plugins.leaflets.rtl.markup import parse_markup

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
def test_shortcut_gives_the_levels_of_the_full_algorithm(text):
    assert bidi_levels(text) == uba_levels(text)


def test_plain_arabic_takes_the_shortcut(monkeypatch):
    """The checks above compare like with like only if the shortcut is really taken."""
    def full_algorithm(text):
        raise AssertionError(f"python-bidi ran for {text!r}")

    monkeypatch.setattr(levels_module, "uba_levels", full_algorithm)
    for text in TEXTS[:2]:
        assert bidi_levels(text) == [1] * len(text)
    with pytest.raises(AssertionError, match="python-bidi ran"):
        bidi_levels(TEXTS[2])  # a number and a Latin id need the full algorithm


@pytest.mark.parametrize("text", [*TEXTS, "  سطر\t مع\n\n مسافات\u00a0كثيرة  ", "\u2003a\u3000b "])
def test_plain_text_reads_as_the_markup_parser_reads_it(text):
    parsed = parse_markup(text + "<b></b>")  # an empty tag: through the parser
    assert parse_markup(text) == parsed
