"""Search at scale: one Pagefind run per language, merged into one bundle readers use.

The index is built language by language so the indexer's memory follows the
largest language, not the whole site (safeonline/plugins/search/indexer.py); a reader
must not notice: one `pagefind-entry.json` lists every language with all of
its pages, and a search finds what it found before, minus the resolution text
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
    entry = json.loads((bundled_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    for lang in ("en", "ar"):
        indexed = [p for p in (bundled_site / lang).rglob("*.html")
                   if "data-pagefind-body" in p.read_text(encoding="utf-8")]
        assert entry["languages"][lang]["page_count"] == len(indexed) > 0
        meta = bundled_site / "pagefind" / f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"
        assert meta.is_file()
    assert set(entry["languages"]) == {"en", "ar"}
    assert entry["version"] and entry["include_characters"]


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
    for folder, lang, text in (("en", "ar", "نص عربي"), ("ar", "ar", "نص آخر")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(page.format(lang=lang, text=text),
                                                      encoding="utf-8")
    problems = ProblemList()
    assert index_site(tmp_path, load_settings(root / "pelicanconf.py"), problems) == 0
    text = problems.as_text()
    assert "(search)" in text and "more than one language folder" in text
    assert 'give every page under ar/ <html lang="ar">' in text
