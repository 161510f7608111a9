"""A lawmaker reading the resolution page sees both official texts as adopted, and where they differ.

The page keeps each text word for word (typographical slips included, and says
so) and notes, in the page's language, the four operative paragraphs where the
Arabic and English texts differ in substance; each of those paragraphs links to
its note.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

NOTED = ["OP4", "OP6", "OP18", "OP20"]


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize(("lang", "says"), [
    ("en", ["word for word as adopted, typographical slips included",
            "The Arabic text leaves out extradition",
            'the Arabic text says "encrypted operations" (العمليات المشفرة)',
            "The Arabic text addresses social networks",
            'the Arabic text says "suspicious activities"']),
    ("ar", ["كما اعتُمدا حرفياً، بما فيهما من أخطاء مطبعية",
            "ولا يذكر النص العربي التسليم",
            "يقول النص العربي «العمليات المشفرة»",
            "أما النص العربي فيخاطب شبكات التواصل الاجتماعي",
            "يقول النص العربي «الأنشطة المشبوهة»"]),
])
def test_the_resolution_page_notes_where_the_official_texts_differ(bundled_site, lang, says, read):
    html = read(bundled_site, f"{lang}/resolution/index.html")
    notes = re.search(r'<section class="text-notes".*?</section>', html, re.DOTALL).group(0)
    assert re.findall(r'<dt id="difference-(op\d+)">', notes) == [c.lower() for c in NOTED]
    for words in says:
        assert words in text(notes)
    linked = re.findall(r'<li id="(\w+)" class="clause[^"]*">(?:(?!</li>).)*'
                        r'<p class="clause-difference"><a href="#difference-\1">', html, re.DOTALL)
    assert linked == [c.lower() for c in NOTED]


def test_the_adopted_texts_are_kept_word_for_word(bundled_site, read):
    """Slips of the adopted text stay as adopted (OP4's Arabic 'وتجرىم', 'ومعاقة' in OP1)."""
    ar = text(read(bundled_site, "ar/resolution/index.html"))
    assert "تعريفات وتجرىم كاملة لجميع أشكال الجرائم عبر الإنترنت" in ar
    assert "وبروتوكول منع وقوع ومعاقة الاتجار بالأشخاص" in ar
