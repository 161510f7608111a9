"""The leaflet library filters by audience, age band, topic, format and language.

Without JavaScript each facet value is its own page (a static server ignores
query strings); with JavaScript the main page combines facets at once. A
teacher sees only what matches, named in the page's language.
"""

from __future__ import annotations

import re

import pytest


def _cards(html: str) -> list[str]:
    """The library cards on a page, as the address of what each one offers."""
    return re.findall(r'<li class="leaflet-card[^"]*"[^>]*>.*?<h3[^>]*><a href="/([^"]+)"',
                      html, re.DOTALL)


def _leaflets(headers, keep) -> set[str]:
    return {f"{h['lang']}/materials/{h['slug']}/" for h in headers if keep(h)}


def test_each_facet_value_has_its_own_page_listing_only_its_leaflets(bundled_site, read, root,
                                                                    material_headers):
    headers = material_headers(root / "content")
    grooming = _cards(read(bundled_site, "en/library/topic/grooming/index.html"))
    assert set(grooming) == _leaflets(headers, lambda h: "grooming" in h["topics"])
    ages = _cards(read(bundled_site, "en/library/age/8-10/index.html"))
    assert set(ages) == _leaflets(headers, lambda h: h.get("Age") == "8-10")
    arabic = _cards(read(bundled_site, "en/library/language/ar/index.html"))
    packs = {f"ar/{a}/" for a in ("parents", "teachers", "children", "lawmakers")}
    assert set(arabic) == _leaflets(headers, lambda h: h["lang"] == "ar") | packs
    teachers = _cards(read(bundled_site, "ar/library/audience/teachers/index.html"))
    assert set(teachers) == _leaflets(headers, lambda h: h["Audience"] == "teachers") | {
        "en/teachers/", "ar/teachers/"}
    only_packs = _cards(read(bundled_site, "en/library/format/pack/index.html"))
    assert sorted(only_packs) == sorted(f"{lang}/{a}/" for lang in ("en", "ar")
                                        for a in ("parents", "teachers", "children", "lawmakers"))


def test_the_main_library_links_every_facet_page(bundled_site, read):
    page = read(bundled_site, "en/leaflets/index.html")
    links = set(re.findall(r'href="/en/library/([a-z]+/[a-z0-9-]+)/"', page))
    for expected in ("audience/teachers", "age/8-10", "topic/grooming", "format/pack",
                     "format/lesson", "format/leaflet", "language/ar", "topic/the-law"):
        assert expected in links
        assert (bundled_site / "en" / "library" / expected / "index.html").exists()
    assert len(_cards(page)) == 50 + 8  # every leaflet, and the packs


def test_arabic_filters_are_named_in_arabic_right_to_left(bundled_site, read):
    page = read(bundled_site, "ar/library/topic/grooming/index.html")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>الاستدراج</h1>" in page
    nav = page.split('<nav class="library-filters"', 1)[1].split("</nav>", 1)[0]
    for name in ("تصفية المكتبة", "الفئة", "العمر", "الموضوع", "النوع", "اللغة",
                 "الآباء والأمهات ومقدّمو الرعاية", "الأعمار من 8 إلى 10", "الحزم"):
        assert name in nav, name
    assert 'aria-current="page">الاستدراج' in nav
    assert "Grooming" not in nav and "Audience" not in nav


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_without_javascript_a_facet_link_shows_only_matching_leaflets(
        browser, site_server, bundled_site, root, lang, material_headers):
    headers = material_headers(root / "content")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}/{lang}/leaflets/")
    before = page.locator(".leaflet-card:visible").count()
    page.locator('a[data-facet="topic"][data-value="sextortion"]').click()
    page.wait_for_url(f"**/{lang}/library/topic/sextortion/")
    shown = [href.strip("/") + "/" for href in page.locator(".leaflet-card h3 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")]
    assert set(shown) == _leaflets(headers, lambda h: "sextortion" in h["topics"])
    assert 0 < len(shown) < before
    context.close()


@pytest.mark.parametrize("lang, status", [("en", "Showing {} of 58"),
                                          ("ar", "المعروض {} من 58")])
def test_with_javascript_two_facets_combine_on_the_main_page(
        browser, site_server, bundled_site, root, lang, status, material_headers):
    headers = material_headers(root / "content")
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{site_server}/{lang}/leaflets/")
    cards = page.locator(".leaflet-card:visible")
    assert cards.count() == 58

    def visible() -> set[str]:
        return {h.strip("/") + "/" for h in page.locator(".leaflet-card:visible h3 a")
                .evaluate_all("links => links.map(a => a.getAttribute('href'))")}

    page.locator('a[data-facet="audience"][data-value="children"]').click()
    children = visible()
    assert children == _leaflets(headers, lambda h: h["Audience"] == "children") | {
        "en/children/", "ar/children/"}
    page.locator('a[data-facet="topic"][data-value="image-sharing"]').click()
    both = visible()
    assert both == _leaflets(headers, lambda h: h["Audience"] == "children"
                             and "image-sharing" in h["topics"])
    assert 0 < len(both) < len(children)
    assert page.url.endswith(f"/{lang}/leaflets/#audience=children&topic=image-sharing")
    assert page.locator("#library-count").inner_text() == status.format(len(both))
    pressed = page.locator('a[data-facet][aria-pressed="true"]')
    assert pressed.count() == 2
    page.locator('a[data-facet="topic"][data-value="image-sharing"]').click()  # off again
    assert visible() == children
    page.locator(".library-clear").click()
    assert cards.count() == 58
    assert errors == []
    context.close()


def test_every_library_page_is_the_same_with_each_card_rendered_once(bundled_site, build,
                                                                     tmp_path, monkeypatch):
    """A card is rendered once a build and shown on each library page it belongs to
    (`{% cache %}`, plugins/site_pages/fragments.py): rendering every card on every page
    instead gives the same pages, byte for byte."""
    from safeonline.plugins.site_pages.fragments import FragmentCache

    monkeypatch.setattr(FragmentCache, "_fragment", lambda self, key, caller: caller())
    content = bundled_site.parent / "content"
    report = build(content, tmp_path / "output")
    pages = sorted(p.relative_to(bundled_site) for pattern in ("*/leaflets/index.html",
                                                               "*/library/*/*/index.html")
                   for p in bundled_site.glob(pattern))
    assert len(pages) >= 40  # 2 main pages, a facet page per value and language
    for page in pages:
        assert (report.output / page).read_bytes() == (bundled_site / page).read_bytes(), page
