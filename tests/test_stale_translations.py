"""A reader of a translation learns when its original has changed since it was translated.

Two fixture sites from tests/fixtures/basic, whose Arabic materials and page say
which version of the English they translate (`Translation-Of: en HASH`). In the stale
one the English has changed since: one original says when (`Modified:`), the
other only has its `Date:`. The Arabic page and leaflet then carry a notice in
Arabic, dated by the original (never by the build), with a link to it; the
coverage page and `invoke coverage` list the translation. In the fresh site
nothing is said.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

FIRST_PHONE_EN = """Title: A first phone, together
Audience: parents
Topics: privacy-settings
Clauses: OP10
Summary: How to set up a child's first phone together.
Date: 2026-11-18

Set the phone up together and agree who your child can call [[OP10]].
"""
FIRST_PHONE_AR = """Title: الهاتف الأول معاً
Audience: parents
Topics: privacy-settings
Clauses: OP10
Lang: ar
Slug: first-phone
Translation-Of: en {hash}
Summary: كيف تُعِدّ الهاتف الأول لطفلك معه.
Date: 2026-11-19

أعِدّا الهاتف معاً، واتفقا على من يستطيع طفلك الاتصال بهم [[OP10]].
"""
NOTICE = "قد لا تكون هذه الترجمة محدَّثة."
UPDATED = "حُدِّث النص الأصلي في 25 نوفمبر 2026، بعد إعداد هذه الترجمة."
DATED = "تغيّر النص الأصلي، المؤرَّخ في 18 نوفمبر 2026، بعد إعداد هذه الترجمة."
READ_ORIGINAL = "اقرأ النص الأصلي (English)"


def _content(tmp: Path, make_content, *, stale: bool) -> Path:
    """basic's game-chat pair, plus a first-phone pair; both translations up to date,
    then (stale) both originals edited."""
    from safeonline.plugins.contract.translations import file_hash

    content = make_content(tmp, "basic")
    parents = content / "materials" / "parents"
    en, ar = parents / "game-chat.en.md", parents / "game-chat.ar.md"
    ar.write_text(ar.read_text(encoding="utf-8").replace(
        "Lang: ar\n", f"Lang: ar\nTranslation-Of: en {file_hash(en)}\n"), encoding="utf-8")
    phone = parents / "first-phone.en.md"
    phone.write_text(FIRST_PHONE_EN, encoding="utf-8")
    (parents / "first-phone.ar.md").write_text(FIRST_PHONE_AR.format(hash=file_hash(phone)),
                                               encoding="utf-8")
    about = content / "pages" / "about.en.md"
    about_ar = about.with_name("about.ar.md")
    about_ar.write_text(about_ar.read_text(encoding="utf-8").replace(
        "Lang: ar\n", f"Lang: ar\nTranslation-Of: en {file_hash(about)}\n"), encoding="utf-8")
    if stale:
        about.write_text(about.read_text(encoding="utf-8").replace(
            "Summary: What this site is.\n", "Summary: What this site is.\nModified: 2026-11-25\n")
            + "\nIt also publishes lesson plans.\n", encoding="utf-8")
        en.write_text(en.read_text(encoding="utf-8").replace(
            "Date: 2026-11-20\n", "Date: 2026-11-20\nModified: 2026-11-25\n").replace(
            "## What happens\n", "## What happens\n\nA sentence added after translation.\n"),
            encoding="utf-8")
        phone.write_text(FIRST_PHONE_EN + "\nAnother sentence added after translation.\n",
                         encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def sites(tmp_path_factory, build, make_content) -> dict[str, tuple[Path, Path]]:
    """(content, output) of each site, built once for the module."""
    built = {}
    for kind in ("stale", "fresh"):
        tmp = tmp_path_factory.mktemp(kind)
        content = _content(tmp, make_content, stale=kind == "stale")
        build(content, tmp / "output")
        built[kind] = content, tmp / "output"
    return built


@pytest.fixture(scope="module")
def stale_site(sites) -> tuple[Path, Path]:
    return sites["stale"]


@pytest.fixture(scope="module")
def fresh_site(sites) -> tuple[Path, Path]:
    return sites["fresh"]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def notice_of(page: str) -> str:
    found = re.search(r'<aside class="stale-notice".*?</aside>', page, re.DOTALL)
    return found.group(0) if found else ""


def squash(text: str) -> str:
    """PDF text as characters in order, without spaces, bidi marks, vowel marks or colons
    (see test_leaflets.squash: poppler moves neutral characters in right-to-left text)."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u0640\u064b-\u0652:]", "",
                  unicodedata.normalize("NFKC", text))


def test_a_stale_translation_says_so_in_its_own_language_with_the_originals_date(
        stale_site, read):
    _, site = stale_site
    notice = notice_of(read(site, "ar/materials/game-chat/index.html"))
    assert text_of(notice) == f"{NOTICE} {UPDATED} {READ_ORIGINAL}"
    assert '<a href="/en/materials/game-chat/" hreflang="en">' in notice
    # Before the text: a reader sees it first.
    page = read(site, "ar/materials/game-chat/index.html")
    assert page.index("stale-notice") < page.index('<div class="body">')


def test_without_a_modified_date_the_notice_gives_the_originals_own_date(stale_site, read):
    _, site = stale_site
    notice = notice_of(read(site, "ar/materials/first-phone/index.html"))
    assert text_of(notice) == f"{NOTICE} {DATED} {READ_ORIGINAL}"


def test_a_stale_page_translation_carries_the_same_notice(stale_site, read):
    _, site = stale_site
    notice = notice_of(read(site, "ar/about/index.html"))
    assert text_of(notice) == f"{NOTICE} {UPDATED} {READ_ORIGINAL}"
    assert '<a href="/en/about/" hreflang="en">' in notice


def test_the_original_itself_carries_no_notice(stale_site, read):
    _, site = stale_site
    assert "stale-notice" not in read(site, "en/materials/game-chat/index.html")


def test_the_stale_leaflet_carries_the_notice_and_the_originals_address(stale_site, pdf_text):
    _, site = stale_site
    first_page = squash(pdf_text(site / "leaflets/ar/game-chat-a4.pdf", "-f", "1", "-l", "1"))
    for words in (NOTICE, UPDATED, READ_ORIGINAL):
        # Word by word, punctuation apart: poppler moves neutral characters across numbers.
        assert [w for w in words.split() if squash(w.strip("،.()")) not in first_page] == []
    assert "safeonline.example.org/en/materials/game-chat" in first_page
    # Above the material's own text.
    assert first_page.index(squash(NOTICE)) < first_page.index(squash("ماذا يحدث"))


def test_the_coverage_page_lists_stale_translations_in_each_language(stale_site, read):
    _, site = stale_site
    en = text_of(read(site, "en/coverage/index.html"))
    assert "Translations to bring up to date" in en
    assert "عندما تتحول دردشة اللعبة إلى محادثة خاصة (العربية) out of date" in en
    assert "الهاتف الأول معاً (العربية) out of date" in en
    ar = text_of(read(site, "ar/coverage/index.html"))
    assert "ترجمات تحتاج إلى تحديث" in ar
    assert "عندما تتحول دردشة اللعبة إلى محادثة خاصة (العربية) غير محدَّثة" in ar


def test_invoke_coverage_lists_stale_translations(stale_site, invoke):
    content, _ = stale_site
    run = invoke("coverage", "--content", str(content))
    assert run.returncode == 0, run.stderr
    assert ("  Translations older than their original (2):\n"
            "    materials/parents/first-phone.ar.md: the 'en' original has changed since it "
            "was translated\n"
            "    materials/parents/game-chat.ar.md: the 'en' original has changed since it "
            "was translated\n") in run.stdout


def test_a_fresh_translation_has_no_notice_anywhere(fresh_site, read, pdf_text, invoke):
    content, site = fresh_site
    for slug in ("game-chat", "first-phone"):
        assert "stale-notice" not in read(site, f"ar/materials/{slug}/index.html")
        assert squash(NOTICE) not in squash(pdf_text(site / f"leaflets/ar/{slug}-a4.pdf"))
    assert "stale-notice" not in read(site, "ar/about/index.html")
    assert "stale-translations" not in read(site, "en/coverage/index.html")
    run = invoke("coverage", "--content", str(content))
    assert "  Translations older than their original (0): none\n" in run.stdout


def test_two_builds_of_a_stale_site_give_the_same_notice(stale_site, tmp_path, build, read):
    """Dated by the original's header, not by the build's clock or the files' mtimes."""
    content, site = stale_site
    for path in content.rglob("*.md"):
        path.touch()
    build(content, tmp_path / "again")
    page = "ar/materials/game-chat/index.html"
    assert notice_of(read(tmp_path / "again", page)) == notice_of(read(site, page))
