"""Rebuilds reuse parsed Markdown, and never show a page older than its sources.

Pelican's reader cache is on (safeonline/commands/read_cache.py): these stories check
that an edited material, changed settings and a failed build all lead to a
site that matches what is on disk now.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, build, make_content, read

from safeonline.commands.build import BuildFailed, build_site
from safeonline.commands.read_cache import cache_key
from safeonline.core.settings import load_settings

PAGE = "en/materials/game-chat/index.html"


def test_rebuilds_show_edits_and_setting_changes(tmp_path):
    content = make_content(tmp_path, "basic")
    cache = tmp_path / "cache"
    build(content, tmp_path / "out", CACHE_PATH=str(cache))
    assert "build trust" in read(tmp_path / "out", PAGE)
    assert any(cache.rglob("ArticlesGenerator-Readers"))  # the cache was written

    material = content / "materials/parents/game-chat.en.md"
    material.write_text(material.read_text(encoding="utf-8").replace(
        "build trust", "earn trust"), encoding="utf-8")
    report = build(content, tmp_path / "out", CACHE_PATH=str(cache))
    assert "earn trust" in read(tmp_path / "out", PAGE)
    assert "build trust" not in read(tmp_path / "out", PAGE)
    assert report.stages["read"]["items"] >= 5

    # A Markdown setting changes how every file parses: nothing may come from the cache.
    markdown = {"extension_configs": {"markdown.extensions.extra": {},
                                      "markdown.extensions.toc": {"permalink": "#"}},
                "output_format": "html5"}
    build(content, tmp_path / "out", CACHE_PATH=str(cache), MARKDOWN=markdown)
    assert 'class="headerlink"' in read(tmp_path / "out", PAGE)


def test_a_failed_build_leaves_no_cache_behind(tmp_path):
    content = make_content(tmp_path, "basic")
    cache = tmp_path / "cache"
    with pytest.raises(BuildFailed):  # fails while writing, after every file was read
        build(content, tmp_path / "out", CACHE_PATH=str(cache),
              PAGE_SAVE_AS="{slug}/{missing}.html")
    assert not any(cache.rglob("*-Readers"))


def test_building_leaves_the_callers_settings_as_given(tmp_path):
    """Pelican adds to MARKDOWN in place; a second build must find the same cache."""
    content = make_content(tmp_path, "basic")
    settings = load_settings(ROOT / "pelicanconf.py", PATH=str(content),
                             OUTPUT_PATH=str(tmp_path / "out"), CACHE_PATH=str(tmp_path / "c"))
    key = cache_key(settings)
    build_site(settings)
    assert cache_key(settings) == key
    # One reader cache folder (files beside it, such as i18n's memo, are not caches of it).
    assert [p.name for p in (tmp_path / "c").iterdir() if p.is_dir()] == [key]
