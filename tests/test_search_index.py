"""Search at scale: one Pagefind bundle per language, the one its search page loads.

The index is built language by language so the indexer's memory follows the
largest language, not the whole site (safeonline/plugins/search/indexer.py); a reader
must not notice: each language's bundle holds all of its pages and no other
language (`parts.json` names the bundles), and a search finds what it found before,
minus the resolution text
quoted inside materials (SEARCH["exclude_selectors"]), which the resolution's
own pages answer.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

WORD_RE = re.compile(r"\w{9,}")
# Where a material quotes the resolution: its clause notes and "What the resolution says".
QUOTED_RE = re.compile(r'<details class="clause-note".*?</details>'
                       r'|<aside class="clauses".*?</aside>', re.DOTALL)


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_every_language_is_indexed_once_with_all_of_its_pages(bundled_site):
    bundles = bundled_site / "pagefind"
    assert json.loads((bundles / "parts.json").read_text("utf-8")) == {"en": ["en"],
                                                                        "ar": ["ar"]}
    for lang in ("en", "ar"):
        entry = json.loads((bundles / lang / "pagefind-entry.json").read_text("utf-8"))
        indexed = [p for p in (bundled_site / lang).rglob("*.html")
                   if "data-pagefind-body" in p.read_text(encoding="utf-8")]
        assert set(entry["languages"]) == {lang}
        assert entry["languages"][lang]["page_count"] == len(indexed) > 0
        assert (bundles / lang / f"pagefind.{entry['languages'][lang]['hash']}.pf_meta").is_file()
        assert entry["version"] and entry["include_characters"]
    assert (bundles / "pagefind-ui.js").is_file()  # where the search page loads the UI


def _clause_only_word(site: Path) -> str:
    """A word that materials show only where they quote the resolution."""
    quoted, own = set(), set()
    for page in (site / "en" / "materials").glob("*/index.html"):
        body = page.read_text(encoding="utf-8").split("data-pagefind-body", 1)[1]
        body = body.split("</article>", 1)[0]
        notes = re.findall(QUOTED_RE, body)
        quoted |= {w.lower() for note in notes for w in WORD_RE.findall(_text(note))}
        own |= {w.lower() for w in WORD_RE.findall(_text(QUOTED_RE.sub(" ", body)))}
    return min(quoted - own)


def test_a_clause_quoted_in_a_material_is_found_on_the_resolution_not_the_material(
        browser, site_server, bundled_site):
    word = _clause_only_word(bundled_site)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_server}/en/search/#q={quote(word)}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    links = page.eval_on_selector_all(".pagefind-ui__result-link",
                                      "els => els.map(e => e.getAttribute('href'))")
    context.close()
    assert any(link.startswith("/en/resolution/") for link in links), (word, links)
    assert not [link for link in links if "/materials/" in link], (word, links)


def test_a_page_in_the_wrong_language_folder_fails_the_index(tmp_path, root):
    from safeonline.core.problems import ProblemList
    from safeonline.core.settings import load_settings
    from safeonline.plugins.search.indexer import index_site

    page = ('<!doctype html><html lang="{lang}"><head><title>t</title></head>'
            '<body><main data-pagefind-body><p>{text}</p></main></body></html>')
    site = tmp_path / "site"
    for folder, lang, text in (("en", "ar", "نص عربي"), ("ar", "ar", "نص آخر")):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.html").write_text(page.format(lang=lang, text=text),
                                                  encoding="utf-8")
    problems = ProblemList()
    settings = load_settings(root / "pelicanconf.py", PATH=str(site))  # cache in tmp_path
    index_site(site, settings, problems)
    assert problems.as_text().splitlines()[0] == (
        "en/index.html:1: error: this page is in the 'en' folder but its language is 'ar', "
        "so the search in its language would not find it "
        '(give every page under en/ <html lang="en">)')
