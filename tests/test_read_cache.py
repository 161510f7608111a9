"""Rebuilds reuse parsed Markdown, and never show a page older than its sources.

Pelican's reader cache is on (safeonline/commands/read_cache.py): these stories check
that an edited material, changed settings and a failed build all lead to a
site that matches what is on disk now.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from safeonline.commands.build import BuildFailed, build_site
from safeonline.commands.read_cache import cache_key
from safeonline.core.settings import load_settings

PAGE = "en/materials/game-chat/index.html"
PAGE_AR = "ar/materials/game-chat/index.html"
OP10_OLD = "parliaments to promote media literacy for children, parents and guardians"
OP10_NEW = "parliaments to promote media literacy for every child, parent and guardian"


def test_rebuilds_show_edits_and_setting_changes(tmp_path, build, make_content, read):
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


def test_a_failed_build_leaves_no_cache_behind(tmp_path, build, make_content):
    content = make_content(tmp_path, "basic")
    cache = tmp_path / "cache"
    with pytest.raises(BuildFailed):  # fails while writing, after every file was read
        build(content, tmp_path / "out", CACHE_PATH=str(cache),
              PAGE_SAVE_AS="{slug}/{missing}.html")
    assert not any(cache.rglob("*-Readers"))


def test_building_leaves_the_callers_settings_as_given(tmp_path, root, make_content):
    """Pelican adds to MARKDOWN in place; a second build must find the same cache."""
    content = make_content(tmp_path, "basic")
    settings = load_settings(root / "pelicanconf.py", PATH=str(content),
                             OUTPUT_PATH=str(tmp_path / "out"), CACHE_PATH=str(tmp_path / "c"))
    key = cache_key(settings)
    build_site(settings)
    assert cache_key(settings) == key
    # One reader cache folder (files beside it, such as i18n's memo, are not caches of it).
    assert [p.name for p in (tmp_path / "c").iterdir() if p.is_dir()] == [key]


def _cache_folders(cache: Path) -> set[str]:
    return {p.name for p in cache.iterdir() if p.is_dir()}


def test_edited_clause_data_or_catalog_is_quoted_on_the_next_build(tmp_path, make_content,
                                                                   build, read, root):
    """The materials do not change, yet their notes must show the new clause text and the
    new translation: the cached parse of every material is dropped."""
    content = make_content(tmp_path, "basic")
    theme = tmp_path / "theme"
    shutil.copytree(root / "themes" / "safeonline", theme)
    cache, out = tmp_path / "cache", tmp_path / "out"
    options = {"CACHE_PATH": str(cache), "THEME": str(theme)}
    build(content, out, **options)
    first = _cache_folders(cache)
    assert OP10_OLD in read(out, PAGE) and "الفقرة 10 من المنطوق" in read(out, PAGE_AR)

    data = content / "resolution" / "en.toml"
    data.write_text(data.read_text(encoding="utf-8").replace(OP10_OLD, OP10_NEW),
                    encoding="utf-8")
    build(content, out, **options)
    assert OP10_NEW in read(out, PAGE) and OP10_OLD not in read(out, PAGE)
    second = _cache_folders(cache)
    assert len(second - first) == 1  # a new cache, keyed by the new data

    catalog = theme / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        'msgstr "الفقرة %(num)d من المنطوق"', 'msgstr "فقرة المنطوق %(num)d"'), encoding="utf-8")
    build(content, out, **options)
    assert "فقرة المنطوق 10" in read(out, PAGE_AR)
    assert "الفقرة 10 من المنطوق" not in read(out, PAGE_AR)
    assert len(_cache_folders(cache) - second) == 1


def test_a_change_to_plugin_code_keys_a_new_cache_and_commands_do_not(tmp_path, monkeypatch,
                                                                      root):
    """Code that shapes parsed pages (core, plugins) is part of the key, by content."""
    from safeonline.commands import read_cache
    from safeonline.core import code

    package = tmp_path / "safeonline"
    shutil.copytree(code.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(read_cache, "PACKAGE", package)
    monkeypatch.setattr(code, "CONTENT_CODE", (package / "core", package / "plugins"))
    settings = load_settings(root / "pelicanconf.py")
    before = cache_key(settings)
    assert cache_key(settings) == before  # the same code, the same key

    command = package / "commands" / "publish.py"
    command.write_text(command.read_text(encoding="utf-8") + "\n# a comment\n",
                       encoding="utf-8")
    bench = package / "bench" / "runner.py"
    bench.write_text(bench.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert cache_key(settings) == before

    plugin = package / "plugins" / "resolution" / "clause_refs.py"
    plugin.write_text(plugin.read_text(encoding="utf-8") + "\n# a comment\n",
                      encoding="utf-8")
    assert cache_key(settings) != before
