"""A child on a phone with little data: a material page's first view stays light.

The theme's fonts reach the site split by script (plugins/webfonts), so the
browser fetches only the files whose `unicode-range` the page's text touches.
Measured in Chromium on "When a game chat turns private": everything the page
loads, fonts included, is at most 150 KiB in either language, and the page looks
as it does with the whole fonts (screenshots compared pixel for pixel, allowing a
shade of anti-aliasing on a few pixels).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops

PAGE = "{lang}/materials/game-chat-goes-private/"
BUDGET = 150 * 1024
SHADES = 100  # pixels that may differ by anti-aliasing alone


def load(browser, url: str, whole_fonts: Path | None = None):
    """The page in a fresh context (nothing cached); its bytes by URL and a screenshot.

    With `whole_fonts` (a folder), the page gets those unsplit fonts instead."""
    context = browser.new_context(viewport={"width": 412, "height": 915})  # a common phone
    if whole_fonts:
        whole = "".join(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("/whole-fonts/{name}.woff2") format("woff2"); }}\n'
            for name, family, weight, style in WHOLE)
        context.route("**/theme/css/fonts.css",
                      lambda route: route.fulfill(body=whole, content_type="text/css"))
        context.route("**/whole-fonts/*", lambda route: route.fulfill(
            body=(whole_fonts / Path(route.request.url).name).read_bytes(), content_type="font/woff2"))
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("requestfinished", lambda request: sizes.__setitem__(
        request.url, request.sizes()["responseBodySize"]))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    shot = page.screenshot(full_page=True)
    context.close()
    return sizes, Image.open(io.BytesIO(shot)).convert("RGB")


WHOLE = [("NotoSans-Regular", "Noto Sans", 400, "normal"),
         ("NotoSans-Bold", "Noto Sans", 700, "normal"),
         ("NotoSans-Italic", "Noto Sans", 400, "italic"),
         ("NotoSans-BoldItalic", "Noto Sans", 700, "italic"),
         ("NotoSansArabic-Regular", "Noto Sans Arabic", 400, "normal"),
         ("NotoSansArabic-Bold", "Noto Sans Arabic", 700, "normal")]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_material_page_first_view_is_light(browser, site_server, lang):
    sizes, _ = load(browser, f"{site_server}/{PAGE.format(lang=lang)}")
    fonts = sorted(re.sub(r".*/", "", u) for u in sizes if u.endswith(".woff2"))
    assert sum(sizes.values()) <= BUDGET, (sum(sizes.values()), sizes)
    assert fonts, "the page uses the site's own fonts"
    assert not [f for f in fonts if ".other." in f or "-ext." in f], fonts


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_split_fonts_look_exactly_like_the_whole_fonts(browser, site_server, lang, root):
    url = f"{site_server}/{PAGE.format(lang=lang)}"
    _, split = load(browser, url)
    whole_sizes, whole = load(browser, url, root / "assets" / "fonts")
    assert any("/whole-fonts/" in u for u in whole_sizes)  # the comparison used the whole fonts
    assert split.size == whole.size
    # Same glyphs and positions give the same pixels, but Chromium may anti-alias a glyph a
    # shade apart (seen: the "fl" ligature of one link, ~30 pixels). A fallback font or a
    # missing glyph changes thousands, a different line break far more.
    difference = ImageChops.difference(split, whole).convert("L").point(lambda v: v > 0 and 255)
    assert difference.histogram()[255] <= SHADES, difference.getbbox()
