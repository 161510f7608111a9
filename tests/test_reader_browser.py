"""The reader's site in a real browser: Debian's Chromium driven by Playwright.

The bundled site is built once and served from 127.0.0.1; one browser serves
the whole session. Every test records what a reader's browser would do:
requests, cookies, CSP reports, keyboard focus, computed direction.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

EXIT_HOST = "www.bbc.co.uk"
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def page_types(site) -> dict[str, str]:
    """One page of every kind, in both languages (paths on the bundled site)."""
    material = min((site / "en" / "materials").iterdir()).name
    kinds = {"home": "{lang}/", "hub": "{lang}/parents/",
             "material": f"{{lang}}/materials/{material}/", "resolution": "{lang}/resolution/", "help": "{lang}/help/",
             "page": "{lang}/privacy/", "search": "{lang}/search/", "library": "{lang}/leaflets/",
             "facet": "{lang}/library/topic/grooming/", "topic": "{lang}/topics/grooming/"}
    pages = {f"{kind}-{lang}": "/" + path.format(lang=lang) for kind, path in kinds.items()
             for lang in ("en", "ar")}
    assert [p for p in pages.values() if not (site / p.lstrip("/")).exists()] == []
    return pages


@pytest.fixture(scope="module")
def tour(browser, site_server, bundled_site):
    """Visit every page type once; record requests, console, CSP reports and axe results."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    violations = {}
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    requests, console, reports, directions = [], [], {}, {}
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    for name, path in page_types(bundled_site).items():
        url = site_server + path + ("#q=online" if "search" in name else "")
        page.goto(url)
        if "search" in name:
            page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
        page.evaluate("document.fonts.ready.then(() => true)")
        reports[name] = page.evaluate("window.__csp")
        violations[name] = axe.run(page).response["violations"]
        directions[name] = page.evaluate("getComputedStyle(document.body).direction")
    cookies = context.cookies()
    document_cookie = page.evaluate("document.cookie")
    context.close()
    return {"requests": requests, "console": console, "reports": reports,
            "directions": directions, "cookies": cookies, "document_cookie": document_cookie,
            "axe": violations}


def test_no_request_leaves_the_site(tour, site_server):
    own = urlsplit(site_server).netloc
    foreign = [url for url in tour["requests"] if urlsplit(url).netloc not in (own, "")]
    assert not foreign
    assert len(tour["requests"]) > 20  # the tour did load pages, styles, fonts, the index


def test_no_cookies_are_set(tour):
    assert tour["cookies"] == [] and tour["document_cookie"] == ""


def test_no_csp_violation_or_console_error(tour):
    assert all(reports == [] for reports in tour["reports"].values()), tour["reports"]
    problems = [m for m in tour["console"] if m.startswith(("error", "warning", "pageerror"))]
    assert not problems, problems


def test_arabic_pages_are_laid_out_right_to_left(tour):
    for name, direction in tour["directions"].items():
        assert direction == ("rtl" if name.endswith("-ar") else "ltr"), name


def test_axe_finds_no_serious_or_critical_violation(tour):
    found = {name: [f"{v['id']} ({v['impact']}): {v['help']} at "
                    f"{[n['target'] for n in v['nodes']][:3]}" for v in violations
                    if v["impact"] in ("serious", "critical")]
             for name, violations in tour["axe"].items()}
    assert len(found) == 20  # every page type, both languages
    assert not any(found.values()), found


def test_motion_stops_when_the_reader_asks_for_less(browser, site_server):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{site_server}/en/")
    assert page.evaluate("getComputedStyle(document.querySelector('a')).transitionDuration") \
        in ("0s", "")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    context.close()


def _indexed_text(html: str) -> str:
    """The text Pagefind indexes: what lies inside the page's `data-pagefind-body`."""
    from html.parser import HTMLParser

    class Body(HTMLParser):
        depth, texts = 0, []

        def handle_starttag(self, tag, attrs):
            if self.depth or "data-pagefind-body" in dict(attrs):
                self.depth += tag not in ("br", "img", "hr", "input", "meta", "link", "wbr")

        def handle_endtag(self, tag):
            if self.depth:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.texts.append(data)

    body = Body()
    body.texts = []
    body.feed(html)
    return " ".join(body.texts)


def _material_title_word(bundled_site, lang: str, absent_from: str | None = None
                         ) -> tuple[str, str]:
    """A word of a material's title, and the material's address.

    The word is the title's rarest in its own language's indexed text, so the material
    is among Pagefind's first results; with `absent_from`, not even its first four
    letters appear in that language (Pagefind matches by stem and prefix: "helpline"
    finds "Help").
    """
    own = [_indexed_text(p.read_text(encoding="utf-8")).lower()
           for p in (bundled_site / lang).rglob("*.html")]
    elsewhere = " ".join(_indexed_text(p.read_text(encoding="utf-8")).lower() for p in
                         (bundled_site / absent_from).rglob("*.html")) if absent_from else ""
    for material in sorted((bundled_site / lang / "materials").iterdir()):
        html = (material / "index.html").read_text(encoding="utf-8")
        title = re.search(r"<h1>(.*?)</h1>", html).group(1)
        words = [w for w in title.split() if len(w) > 4 and w.lower()[:4] not in elsewhere]
        if words:
            rarest = min(words, key=lambda w: (sum(w.lower() in text for text in own), -len(w)))
            return rarest, f"/{lang}/materials/{material.name}/"
    raise AssertionError(f"every {lang} title word also appears in {absent_from}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_search_finds_a_material_from_the_header_and_filters_by_audience(
        browser, site_server, bundled_site, lang):
    word, url = _material_title_word(bundled_site, lang)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_server}/{lang}/")
    page.fill("#site-search-q", word)
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(rf"/{lang}/search/"))
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    links = page.eval_on_selector_all(".pagefind-ui__result-link",
                                      "els => els.map(e => e.getAttribute('href'))")
    assert url in links
    # The audience filter (open; the library's other facets are filters too, folded):
    # ticking the material's audience keeps it; the count matches.
    name = {"en": "Audience", "ar": "الفئة"}[lang]
    audience = page.locator(f'.pagefind-ui__filter-checkbox[name="{name}"]').first
    audience.check()
    # A function, not an expression: Playwright polls an expression with eval(),
    # which the site's CSP forbids.
    page.wait_for_function(
        "() => document.querySelectorAll('.pagefind-ui__result-link').length > 0",
        timeout=10_000)
    after = page.eval_on_selector_all(".pagefind-ui__result-link",
                                      "els => els.map(e => e.getAttribute('href'))")
    assert after and set(after) <= set(links)
    # The filter panel is named in the page's language (it is drawn again after a
    # filter is ticked: wait for it, rather than read it halfway).
    wanted = [name, {"en": "Topic", "ar": "الموضوع"}[lang]]
    page.wait_for_function(
        """wanted => { const got = [...document.querySelectorAll('.pagefind-ui__filter-name')]
                           .map(e => e.textContent.trim());
                       return wanted.every(n => got.includes(n)); }""",
        arg=wanted, timeout=10_000)
    context.close()


@pytest.mark.parametrize(("lang", "other"), [("en", "ar"), ("ar", "en")])
def test_search_is_split_by_language(browser, site_server, bundled_site, lang, other):
    """A word from a material's title finds it in its own language and nothing in the other."""
    from playwright.sync_api import expect

    word, url = _material_title_word(bundled_site, lang, absent_from=other)
    no_results = {"en": f"No results for {word}", "ar": f"لا توجد نتائج ل {word}"}
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_server}/{lang}/search/#q={quote(word)}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    assert url in page.eval_on_selector_all(".pagefind-ui__result-link",
                                            "els => els.map(e => e.getAttribute('href'))")
    page.goto(f"{site_server}/{other}/search/#q={quote(word)}")
    # The search has finished when Pagefind says it found nothing (it says
    # "Searching for ..." until then).
    expect(page.locator(".pagefind-ui__message")).to_have_text(no_results[other],
                                                               timeout=10_000)
    assert page.locator(".pagefind-ui__result").count() == 0
    context.close()


def _exit_context(browser, root: Path, **options):
    from safeonline.core.settings import load_settings

    target = load_settings(root / "pelicanconf.py")["QUICK_EXIT_URL"]
    context = browser.new_context(**options)
    # The neutral site is stubbed: the tests never reach the real one.
    context.route(f"**://{EXIT_HOST}/**", lambda route: route.fulfill(
        status=200, content_type="text/html",
        body="<!DOCTYPE html><title>Weather</title><p>Sunny</p>"))
    return context, target


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_leaves_and_back_does_not_return(browser, site_server, bundled_site, how, root):
    context, target = _exit_context(browser, root)
    page = context.new_page()
    material = page_types(bundled_site)["material-en"]
    page.goto(site_server + material)
    if how == "button":
        page.click("a.quick-exit")
    else:
        page.locator("h1").click()
        page.keyboard.press("Escape")
    page.wait_for_url(target)
    assert page.title() == "Weather"
    page.go_back()
    assert not page.url.startswith(site_server), "Back returned to the site"
    context.close()


def test_quick_exit_works_without_javascript(browser, site_server, root):
    context, target = _exit_context(browser, root, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}/ar/help/")
    button = page.locator("a.quick-exit")
    assert button.is_visible() and button.inner_text() == "خروج سريع"
    requests: list[tuple[str, str | None]] = []
    page.on("request", lambda r: requests.append((r.url, r.headers.get("referer"))))
    button.click()
    page.wait_for_url(target)
    # rel="noreferrer": the neutral site is not told where from (the browser may
    # also ask it for a favicon: no referer there either).
    assert target in [url for url, _ in requests]
    assert [referer for _, referer in requests] == [None] * len(requests)
    context.close()


def test_keyboard_reaches_skip_link_then_quick_exit_with_visible_focus(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_server}/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "quick-exit"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_quick_exit_stays_in_view_when_scrolling(browser, site_server):
    width, height = 390, 700
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{site_server}/en/resolution/")
    button = page.locator("a.quick-exit")
    before = button.bounding_box()
    page.mouse.move(width / 2, height / 2)
    page.mouse.wheel(0, 4000)
    page.wait_for_function("() => window.scrollY >= 3000")  # the page did scroll that far
    box = button.bounding_box()
    assert box == before  # fixed in place, not carried away with the page
    assert 0 <= box["y"] < 80 and box["y"] + box["height"] <= height
    assert 0 <= box["x"] and box["x"] + box["width"] <= width
    assert button.is_visible()
    context.close()


def test_pages_are_served_with_the_security_headers(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(f"{site_server}/en/search/#q=online")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert "camera=()" in headers["permissions-policy"]
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)  # search works under both
    context.close()


def test_pages_reflow_at_320_pixels_without_sideways_scrolling(browser, site_server,
                                                               bundled_site):
    """WCAG 1.4.10: a phone held upright, or a desktop zoomed to 400%."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = {}
    for name, path in page_types(bundled_site).items():
        page.goto(site_server + path + ("#q=online" if "search" in name else ""))
        if "search" in name:
            page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
    context.close()
    assert not wide, wide
