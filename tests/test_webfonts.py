"""A child on a phone with little data: a material page's first view stays light.

The theme's fonts reach the site split by script (plugins/webfonts), so the
browser fetches only the files whose `unicode-range` the page's text touches.
Measured in Chromium on "When a game chat turns private": everything the page
loads, fonts included, is at most 150 KiB in either language, and the page looks
as it does with the whole fonts: every word laid out in the same place, and the
screenshots the same but for a shade of anti-aliasing on a few hundred pixels.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops

PAGE = "{lang}/materials/game-chat-goes-private/"
BUDGET = 150 * 1024
SHADES = 1_000  # pixels that may differ by a shade of anti-aliasing alone


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
    words = page.evaluate(WORD_BOXES)
    context.close()
    return sizes, Image.open(io.BytesIO(shot)).convert("RGB"), words


# Where every word of the page is laid out: the same fonts give the same advance widths,
# so the same boxes, to the pixel; a missing glyph or a fallback font moves words.
WORD_BOXES = """() => {
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const r = range.getBoundingClientRect();
      if (r.width) boxes.push([match[0], Math.round(r.x * 64), Math.round(r.y * 64),
                               Math.round(r.width * 64)]);
    }
  }
  return boxes;
}"""

WHOLE = [("NotoSans-Regular", "Noto Sans", 400, "normal"),
         ("NotoSans-Bold", "Noto Sans", 700, "normal"),
         ("NotoSans-Italic", "Noto Sans", 400, "italic"),
         ("NotoSans-BoldItalic", "Noto Sans", 700, "italic"),
         ("NotoSansArabic-Regular", "Noto Sans Arabic", 400, "normal"),
         ("NotoSansArabic-Bold", "Noto Sans Arabic", 700, "normal")]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_material_page_first_view_is_light(browser, site_server, lang):
    sizes, _, _ = load(browser, f"{site_server}/{PAGE.format(lang=lang)}")
    fonts = sorted(re.sub(r".*/", "", u) for u in sizes if u.endswith(".woff2"))
    assert sum(sizes.values()) <= BUDGET, (sum(sizes.values()), sizes)
    assert fonts, "the page uses the site's own fonts"
    assert not [f for f in fonts if ".other." in f or "-ext." in f], fonts


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_split_fonts_look_exactly_like_the_whole_fonts(browser, site_server, lang, root):
    url = f"{site_server}/{PAGE.format(lang=lang)}"
    _, split, split_words = load(browser, url)
    whole_sizes, whole, whole_words = load(browser, url, root / "assets" / "fonts")
    assert any("/whole-fonts/" in u for u in whole_sizes)  # the comparison used the whole fonts
    assert len(split_words) > 300
    assert split_words == whole_words
    assert split.size == whole.size
    # The same glyphs at the same places, yet Chromium anti-aliases some small glyphs
    # (the "fl" and "fi" ligatures of body text) a shade apart between the two fonts:
    # a few hundred pixels of a 412 x 4,500 page. A fallback font or a missing glyph
    # moves words (above) and changes thousands.
    difference = ImageChops.difference(split, whole).convert("L").point(lambda v: v > 0 and 255)
    assert difference.histogram()[255] <= SHADES, difference.getbbox()
