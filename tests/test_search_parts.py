"""Search costs what changed: each part of the index is kept until its pages change.

An editor rebuilds many times an hour. The search index is made of parts
(one Pagefind bundle per language, or per language and audience with
SEARCH["split"] = "audience"), each kept in the search cache under a digest of
the pages it holds: a rebuild with nothing changed runs no Pagefind at all, an
edit to one English parents' material re-indexes only the part that material
is in, and what the reader gets is byte for byte what a clean build gives.
A reader's results are those of one index of the whole site, in the same
order; with the audience split, one search still covers every part.
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safeonline.core.settings import load_settings

# Through Pagefind's own JavaScript API, so every result counts (the UI shows five at
# a time): the first bundle is the primary index, the others are merged into it.
SEARCH_JS = """async ({bundles, terms}) => {
  const pagefind = await import(bundles[0] + "pagefind.js");
  await pagefind.options({bundlePath: bundles[0]});
  for (const bundle of bundles.slice(1)) { await pagefind.mergeIndex(bundle); }
  const found = {};
  for (const term of terms) {
    const search = await pagefind.search(term);
    found[term] = await Promise.all(search.results.map(async r => (await r.data()).url));
  }
  return found;
}"""
RESULT_LINKS = ".pagefind-ui__result-inner > .pagefind-ui__result-title a"  # not sub-results


def _search_settings(root: Path, **changes) -> dict:
    return {**load_settings(root / "pelicanconf.py")["SEARCH"], **changes}


def _bundle_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes()
            for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}


def _searched(report) -> dict[str, int]:
    return report.stages["search"]["counts"]


@pytest.mark.parametrize("split, edited_part, parts", [
    ("language", "en", ["ar", "en"]),
    ("audience", "en-parents", ["ar", "ar-parents", "en", "en-children", "en-lawmakers",
                                "en-parents", "en-teachers"])])
def test_a_rebuild_indexes_only_the_part_an_edit_touched(
        tmp_path, make_content, build, root, split, edited_part, parts):
    content = make_content(tmp_path, "basic")
    search = _search_settings(root, split=split)
    first = build(content, tmp_path / "output", SEARCH=search)
    assert _searched(first) == {"indexed": len(parts), "cached": 0}
    assert sorted(p.name for p in (tmp_path / "output" / "pagefind").iterdir() if p.is_dir()) \
        == parts
    indexed = _bundle_files(tmp_path / "output")

    again = build(content, tmp_path / "output", SEARCH=search)
    assert list(again.stages) == ["unchanged"]  # nothing changed: no stage ran at all
    assert _bundle_files(tmp_path / "output") == indexed

    material = content / "materials" / "parents" / "game-chat.en.md"
    material.write_text(material.read_text(encoding="utf-8") +
                        "\nAsk which friends they talk to in each game.\n", encoding="utf-8")
    edited = build(content, tmp_path / "output", SEARCH=search)
    assert _searched(edited) == {"indexed": 1, "cached": len(parts) - 1}
    after = _bundle_files(tmp_path / "output")
    changed = {name.split("/")[1] for name in set(after) ^ set(indexed)} | {
        name.split("/")[1] for name in after if name in indexed and after[name] != indexed[name]}
    assert changed == {edited_part}

    # The same bytes as a clean build of the edited content, with an empty cache.
    clean = build(content, tmp_path / "clean", SEARCH={**search, "cache_dir": str(
        tmp_path / "empty-cache")})
    assert _searched(clean) == {"indexed": len(parts), "cached": 0}
    assert _bundle_files(tmp_path / "clean") == after


def _terms(site: Path, lang: str, count: int = 30) -> list[str]:
    """Words found on two materials or more, common and rare alike."""
    seen = collections.Counter()
    for page in (site / lang / "materials").glob("*/index.html"):
        body = page.read_text(encoding="utf-8").split("data-pagefind-body", 1)[1]
        text = re.sub(r"<[^>]+>", " ", body.split("</article>", 1)[0])
        seen.update({word.lower() for word in re.findall(r"\w{5,}", text)})
    shared = sorted((w for w, n in seen.items() if n >= 2), key=lambda w: (-seen[w], w))
    return shared[::max(1, len(shared) // count)][:count]


def _one_index(site: Path, root: Path, folder: str) -> None:
    """The whole site in one Pagefind run, the way the site was indexed before parts."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", folder]
    for selector in _search_settings(root)["exclude_selectors"]:
        command += ["--exclude-selectors", selector]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def _search(browser, url: str, lang: str, bundles: list[str], terms: list[str]) -> dict:
    context = browser.new_context(bypass_csp=True)  # the home page allows no WebAssembly
    page = context.new_page()
    page.goto(f"{url}/{lang}/")
    found = page.evaluate(SEARCH_JS, {"bundles": bundles, "terms": terms})
    context.close()
    return found


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_results_are_those_of_one_index_of_the_whole_site_in_the_same_order(
        browser, bundled_site, serve_folder, tmp_path, root, lang):
    from playwright.sync_api import expect

    site = tmp_path / "site"
    shutil.copytree(bundled_site, site, copy_function=shutil.copy)
    _one_index(site, root, "one-index")
    terms = _terms(site, lang)
    with serve_folder(site) as url:
        one = _search(browser, url, lang, ["/one-index/"], terms)
        parts = _search(browser, url, lang, [f"/pagefind/{lang}/"], terms)
        page = browser.new_page()  # and a reader on the search page sees the same first five
        page.goto(f"{url}/{lang}/search/#q={terms[0]}")
        expect(page.locator(RESULT_LINKS)).to_have_count(min(5, len(one[terms[0]])))
        shown = page.eval_on_selector_all(RESULT_LINKS, "els => els.map(e => e.getAttribute('href'))")
        page.close()
    assert sum(len(one[t]) > 1 for t in terms) > len(terms) // 2  # most find several pages
    assert parts == one
    assert shown == one[terms[0]][:5]


@pytest.mark.browser
def test_with_the_audience_split_one_search_covers_every_part(
        browser, make_content, build, serve_folder, tmp_path, root):
    content = make_content(tmp_path, "basic")
    build(content, tmp_path / "output", SEARCH=_search_settings(root, split="audience"))
    with serve_folder(tmp_path / "output") as url:
        page = browser.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{url}/en/search/#q=child")
        # Results from the merged parts arrive one part at a time: wait for both.
        page.wait_for_function(
            """hrefs => hrefs.every(h => document.querySelector(
                   `.pagefind-ui__result-link[href="${h}"]`))""",
            arg=["/en/materials/game-chat/", "/en/materials/photo-request/"], timeout=15_000)
        links = page.eval_on_selector_all(RESULT_LINKS,
                                          "els => els.map(e => e.getAttribute('href'))")
        audiences = page.locator(".pagefind-ui__filter-value").all_inner_texts()
        page.close()
    assert {"/en/materials/game-chat/", "/en/materials/photo-request/"} <= set(links)
    assert {re.sub(r"\s*\(\d+\)$", "", a) for a in audiences} >= {
        "Parents and carers", "Children and young people"}
    parts = {m.group(1) for r in requests if (m := re.search(r"/pagefind/([\w-]+)/", r))}
    assert parts == {"en", "en-children", "en-lawmakers", "en-parents", "en-teachers"}
    assert all(r.startswith(url) for r in requests)  # nothing from another host


def test_a_build_beside_another_leaves_its_search_work_and_fresh_bundles_alone(tmp_path):
    """The search cache is the project's, shared by every build (a test run beside
    `invoke build`): pruning drops a killed build's work folder and an old bundle no part
    names, never a running build's work or a bundle another build has just kept."""
    import os
    import time

    from safeonline.plugins.search.indexer import _prune

    cache = tmp_path / "search"
    running = cache / f".en-1111.{os.getpid()}"
    killed = cache / ".en-2222.999999999"
    old, young, current = cache / "en-3333", cache / "en-4444", cache / "en-5555"
    for folder in (running, killed, old, young, current):
        folder.mkdir(parents=True)
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    _prune(cache, {"en-5555"})
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [running.name, young.name, current.name])
