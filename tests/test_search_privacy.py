"""A child searches for something frightening; the words never leave the browser.

The privacy page promises "What you type is never sent to us or to anyone else".
Chromium types a query into the header's search form on a material page and
submits it: every request the browser makes, to any host (ours included), is
recorded, and none carries the words, in its address, its body or its headers.
The search still works (Pagefind runs on the device), the address bar does not
keep the words, and without JavaScript the form sends nothing and the search
page says search needs JavaScript.
"""

from __future__ import annotations

from urllib.parse import quote, quote_plus

import pytest

pytestmark = pytest.mark.browser

TERM = "my uncle sends me photos"
FORMS = [TERM, quote(TERM), quote_plus(TERM), quote(TERM, safe=""), "uncle"]
PROMISE = {"en": "What you type is never sent to us or to anyone else.",
           "ar": "ولا يُرسَل ما تكتبه أبداً إلينا أو إلى أي جهة أخرى."}


def carries_the_term(request) -> list[str]:
    """Where in a request the term (or its URL encodings) appears, if anywhere."""
    found = []
    parts = {"url": request.url, "body": request.post_data or "",
             **{f"header {k}": v for k, v in request.all_headers().items()}}
    for where, text in parts.items():
        if any(form.lower() in text.lower() for form in FORMS):
            found.append(f"{where}: {text[:120]}")
    return found


def search_from_the_header(browser, start: str, **context_options):
    """A reader on `start` types TERM in the header's search and presses Enter.

    Returns the page, its context and every request the browser made, to any host."""
    context = browser.new_context(**context_options)
    requests = []
    context.on("request", lambda request: requests.append(request))
    page = context.new_page()
    page.goto(start)
    page.fill("#site-search-q", TERM)
    page.press("#site-search-q", "Enter")
    return page, context, requests


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_search_term_never_leaves_the_browser(browser, site_server, lang):
    page, context, requests = search_from_the_header(
        browser, f"{site_server}/{lang}/materials/game-chat-goes-private/")
    page.wait_for_url(f"{site_server}/{lang}/search/")
    # Searched on the device: Pagefind shows results or says it found none.
    page.wait_for_function(
        "() => document.querySelector('.pagefind-ui__message')?.textContent.trim() &&"
        " !document.querySelector('.pagefind-ui__message').textContent.includes('…')",
        timeout=10_000)
    assert page.input_value(".pagefind-ui__search-input") == TERM
    assert any("/pagefind/" in r.url for r in requests)  # the local index was read
    assert [leak for r in requests for leak in carries_the_term(r)] == []
    assert page.url == f"{site_server}/{lang}/search/"  # the words are not kept in the URL
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_without_javascript_the_form_sends_nothing_and_says_why(browser, site_server, lang):
    page, context, requests = search_from_the_header(
        browser, f"{site_server}/{lang}/", java_script_enabled=False)
    page.wait_for_url(f"{site_server}/{lang}/search/?")
    assert [leak for r in requests for leak in carries_the_term(r)] == []
    notice = page.locator("noscript").first.text_content()
    assert {"en": "Search needs JavaScript: it runs on your device, so what you type never "
                  "leaves it.",
            "ar": "يحتاج البحث إلى تفعيل جافاسكريبت في المتصفح: فهو يعمل على جهازك، فلا "
                  "يغادره ما تكتبه أبداً."}[lang] in notice
    assert page.locator("noscript a").get_attribute("href") == f"/{lang}/leaflets/"
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_privacy_page_makes_the_promise_these_tests_hold(read, bundled_site, lang):
    assert PROMISE[lang] in read(bundled_site, f"{lang}/privacy/index.html")
