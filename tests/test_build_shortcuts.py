"""The build's shortcuts give the same answers as the long way round.

Each shortcut exists because a profile of a large build showed the long way
(docs/performance.md); each test here checks that what a person sees (a
problem reported, a page refused, a string to translate) does not change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from safeonline.core.settings import load_settings

# --- third-party scan (privacy): a page is parsed only if a tag might fetch ----------------

TRICKY_PAGES = [
    '<p class="x"><img src="https://cdn.example.com/a.png" alt="a"></p>',
    '<div title="<img src=//evil.example/a.png>"><img src="/ok.png"></div>',
    ('<span data-x=\'<script src="//e.example/x.js">\'></span>'
     '<script src="//e2.example/x.js"></script>'),
    "<DIV><IMG SRC='HTTPS://EVIL.EXAMPLE/A.PNG'></DIV>",
    '<p/><img/src="//evil.example/slash.png"><br/>',
    '<!-- <img src="//commented.example/a.png"> --><img src="//real.example/b.png">',
    '<!-- <img src="//only-in-a-comment.example/a.png"> --><p>x</p>',
    '<script>document.write("<img src=//in-script.example/a.png>")</script><p>x</p>',
    '<style>p{}</style><p><link rel="stylesheet" href="//css.example/a.css"></p>',
    '<link rel="alternate" href="https://feeds.example/a.atom"><link rel=ICON href=//i.example>',
    '<a href="https://www.example.org/">a link is the reader\'s choice</a>',
    '<title><img src="//in-title.example/a.png"></title><p>t</p>',
    '<p\n  class="multi\nline"\n><source srcset="/a.png 1x, https://x.example/b.png 2x"></p>',
    '<section><form action="https://forms.example/post"></form></section><p',
    '<p>unclosed <img src="//late.example/a.png"',
    "<tr><td>1</td></tr><iframe src='//frame.example/'></iframe><video poster=//p.example/>",
    '<p>&lt;img src="//escaped.example/a.png"&gt;</p><img src="&#x2F;&#x2F;entity.example/a">',
    '<img src="https://safeonline.example.org/own.png"><script src="/own.js"></script>',
    '<imgx src="//not-an-img.example/a"><linked href="//nor-a-link.example/">',
]
OWN = "https://safeonline.example.org"


def _full_parse(html: str) -> list[tuple[int, str]]:
    """The long way: the whole page through the parser."""
    from safeonline.plugins.privacy.external import _Finder, own_hosts

    finder = _Finder(own_hosts({"PUBLIC_SITEURL": OWN}))
    finder.feed(html)
    finder.close()
    return finder.found


def _scan(html: str) -> list[tuple[int, str]]:
    """The way the build goes: the parser only where a tag might fetch."""
    from safeonline.plugins.privacy.external import might_fetch, own_hosts

    if not might_fetch(html, own_hosts({"PUBLIC_SITEURL": OWN})):
        return []
    return _full_parse(html)


def test_third_party_scan_finds_what_a_full_parse_finds_in_tricky_html():
    found_any = 0
    for html in TRICKY_PAGES:
        expected = _full_parse(html)
        assert _scan(html) == expected, html
        found_any += bool(expected)
    assert found_any >= 12  # the cases above really exercise the scan


def test_clean_built_pages_are_passed_without_a_full_parse(basic_site):
    from safeonline.plugins.privacy.external import might_fetch, own_hosts

    own = own_hosts({"PUBLIC_SITEURL": OWN})
    pages = sorted(basic_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # The quick exit is a foreign address on every page: a link, not a fetch.
        assert "https://www.bbc.co.uk/weather" in html or "pagefind" in str(page)
        assert _full_parse(html) == []
        assert not might_fetch(html, own), page  # the shortcut is really taken


def test_a_foreign_image_in_a_template_still_fails_the_build(tmp_path, root, build, make_content):

    from safeonline.core.problems import BuildFailed

    theme = tmp_path / "theme"
    shutil.copytree(root / "themes" / "safeonline", theme)
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        '<footer class="site-footer">',
        '<footer class="site-footer"><div><p><img src="https://tracker.example/p.gif" alt="">'
        "</p></div>"), encoding="utf-8")
    content = make_content(tmp_path, "basic")
    try:
        build(content, tmp_path / "output", THEME=str(theme))
    except BuildFailed as failed:
        text = failed.problems.as_text()
    else:
        raise AssertionError("a page loading a third-party image was published")
    assert "https://tracker.example/p.gif" in text
    assert not (tmp_path / "output").exists()


# --- content check: each body is scanned once, whatever the number of checks ------------

def test_each_body_is_scanned_once_by_all_the_checks(tmp_path, monkeypatch, root, make_content):
    from safeonline.plugins.contract import body, check_content

    calls = {"masked": 0, "targets": 0}
    masked, targets = body._masked_body, body._link_targets

    def count_masked(ctx, text):
        calls["masked"] += 1
        return masked(ctx, text)

    def count_targets(ctx, text):
        calls["targets"] += 1
        return targets(ctx, text)

    monkeypatch.setattr(body, "_masked_body", count_masked)
    monkeypatch.setattr(body, "_link_targets", count_targets)
    content = make_content(tmp_path, "basic")
    files = len(list((content / "materials").rglob("*.md")) + list(
        (content / "pages").rglob("*.md")))
    settings = load_settings(root / "pelicanconf.py", PATH=str(content))
    problems = check_content(settings)
    assert not problems.errors, problems.as_text()
    assert 0 < calls["masked"] <= files
    assert 0 < calls["targets"] <= files


def test_problems_in_one_body_are_still_each_reported_once(tmp_path, root, make_content):
    """Shared scans must not merge or repeat findings: one line, one problem per check."""
    from safeonline.plugins.contract import check_content

    content = make_content(tmp_path, "basic")
    material = next((content / "materials").rglob("*.md"))
    text = material.read_text(encoding="utf-8")
    material.write_text(text + "\n\nSee [the rules](rules.md) and "
                        "![](https://cdn.example.com/x.png) and <iframe src=x></iframe>.\n",
                        encoding="utf-8")
    line = len((text + "\n\n").splitlines()) + 1
    problems = check_content(load_settings(root / "pelicanconf.py", PATH=str(content)))
    messages = [p.message for p in problems.errors if p.line == line and p.path.endswith(material.name)]
    assert sum("without {filename}" in m for m in messages) == 1, messages
    assert sum("has no alt text" in m for m in messages) == 1, messages
    assert sum("not stored on this site" in m for m in messages) == 1, messages
    assert sum("<iframe> is not allowed" in m for m in messages) == 1, messages


# --- templates: compiled once per build and shared by its generators ---------------------

def _env(theme: Path, cache, **options) -> Environment:
    env = Environment(loader=FileSystemLoader(str(theme)), **options)
    env.bytecode_cache = cache
    return env


def test_environments_alike_share_compiled_templates_and_others_do_not(tmp_path):
    from safeonline.plugins.site_pages.templates import SharedTemplateCode

    (tmp_path / "page.html").write_text("{% if x %}\n  {{ x }}\n{% endif %}\n", encoding="utf-8")
    cache = SharedTemplateCode()
    first = _env(tmp_path, cache, trim_blocks=True)
    compiled = []
    first.compile = lambda *a, **k: compiled.append(1) or Environment.compile(first, *a, **k)
    assert first.get_template("page.html").render(x="a") == "  a\n"
    second = _env(tmp_path, cache, trim_blocks=True)
    second.compile = lambda *a, **k: compiled.append(2) or Environment.compile(second, *a, **k)
    assert second.get_template("page.html").render(x="a") == "  a\n"
    assert compiled == [1]  # the second environment reused the first one's code
    other = _env(tmp_path, cache)  # no trim_blocks: other code, other output
    assert other.get_template("page.html").render(x="a") == "\n  a\n"
    # An edited template is compiled again, never served from the cache.
    (tmp_path / "page.html").write_text("{{ x }}!", encoding="utf-8")
    assert _env(tmp_path, cache, trim_blocks=True).get_template("page.html").render(x="b") == "b!"


def test_each_build_starts_with_an_empty_template_cache():
    from safeonline.plugins.site_pages.templates import share_compiled_templates

    class Generator:
        def __init__(self, settings):
            self.settings = settings
            self.env = Environment()

    run_one, run_two = {"A": 1}, {"A": 1}
    a, b, c = Generator(run_one), Generator(run_one), Generator(run_two)
    for generator in (a, b, c):
        share_compiled_templates(generator)
    assert a.env.bytecode_cache is b.env.bytecode_cache
    assert c.env.bytecode_cache is not a.env.bytecode_cache


# --- interface strings: extracted once, again only for changed files ---------------------

def _messages(settings: dict, root: Path) -> list:
    from safeonline.plugins.i18n.extract import extract_catalog

    return sorted((str(m.id), m.context or "", sorted(m.locations), m.auto_comments)
                  for m in extract_catalog(settings, root) if m.id)


def test_remembered_interface_strings_equal_a_fresh_extraction(tmp_path, root):
    fresh = _messages(load_settings(root / "pelicanconf.py", CACHE_PATH=None), root)
    settings = load_settings(root / "pelicanconf.py", CACHE_PATH=str(tmp_path / "cache"))
    assert _messages(settings, root) == fresh
    assert (tmp_path / "cache" / "i18n-messages.json").is_file()
    assert _messages(settings, root) == fresh  # now from the memo


def test_an_edited_template_is_read_again(tmp_path, root):
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    page = theme / "templates" / "page.html"
    page.write_text('<p>{{ _("Hello") }}</p>\n', encoding="utf-8")
    settings = load_settings(root / "pelicanconf.py", THEME=str(theme),
                             CACHE_PATH=str(tmp_path / "cache"))
    assert "Hello" in [m[0] for m in _messages(settings, root)]
    page.write_text('<p>{{ _("Goodbye") }}</p>\n', encoding="utf-8")
    stat = page.stat()  # same second on a coarse clock: move the mtime on explicitly
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    ids = [m[0] for m in _messages(settings, root)]
    assert "Goodbye" in ids and "Hello" not in ids
