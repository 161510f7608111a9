"""Download everything at once: a zip per audience and language, and one of all leaflets
per language, on each paper size, with a contents list in the zip's language.

Their bytes are reproducible, their sizes are on the library page before anyone
downloads them, and a zip is written again only when one of its leaflets changed.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

AUDIENCES = ("parents", "teachers", "children", "lawmakers")


def _listed(contents: str) -> list[str]:
    return re.findall(r"^\d+\. (.+)$", contents, re.MULTILINE)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_zip_per_audience_and_one_of_all_on_each_paper(bundled_site, root, lang,
                                                        material_headers):
    folder = bundled_site / "leaflets" / lang
    for audience in (*AUDIENCES, "all"):
        for paper in ("a4", "letter"):
            path = folder / f"leaflets-{audience}-{paper}.zip"
            test = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True,
                                  check=False)
            assert test.returncode == 0 and "No errors detected" in test.stdout, test.stdout
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                contents = archive.read(f"leaflets-{audience}-{paper}/contents.txt").decode()
                pdfs = [n for n in names if n.endswith(".pdf")]
                assert all(n.endswith(f"-{paper}.pdf") for n in pdfs)
                assert all(archive.read(n).startswith(b"%PDF-") for n in pdfs)
                assert names == sorted(names)
                assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
                assert {i.external_attr >> 16 for i in archive.infolist()} == {0o100644}
            expected = [h["Title"] for h in material_headers(root / "content")
                        if h["lang"] == lang and audience in ("all", h["Audience"])]
            assert sorted(_listed(contents)) == sorted(expected)
            assert len(pdfs) == len(expected)


def test_the_contents_list_names_audience_ages_and_clauses_in_the_zips_language(bundled_site):
    with zipfile.ZipFile(bundled_site / "leaflets/ar/leaflets-children-a4.zip") as archive:
        ar = archive.read("leaflets-children-a4/contents.txt").decode("utf-8")
    entry = ar.split("أسرار تُشعرك بالضيق", 1)[1].split("\n\n", 1)[0]
    assert "الفئة: الأطفال والشباب" in entry
    assert "الأعمار من 5 إلى 7" in entry
    assert "البنود: OP10, OP16" in entry
    assert "الملف: secrets-that-feel-bad-a4.pdf" in entry
    with zipfile.ZipFile(bundled_site / "leaflets/en/leaflets-all-letter.zip") as archive:
        en = archive.read("leaflets-all-letter/contents.txt").decode("utf-8")
    assert en.startswith("Safe Online Press\nAll leaflets · US Letter\n25 leaflets")
    assert "Audience: Lawmakers" in en and "Clauses: " in en


def test_the_library_shows_each_zips_size_before_download(bundled_site, read):
    for lang, unit in (("en", "MB"), ("ar", "ميغابايت")):
        page = read(bundled_site, f"{lang}/leaflets/index.html")
        table = page.split('<table class="bundle-table">', 1)[1].split("</table>", 1)[0]
        for audience in (*AUDIENCES, "all"):
            for paper in ("a4", "letter"):
                for zip_lang in ("en", "ar"):
                    url = f"/leaflets/{zip_lang}/leaflets-{audience}-{paper}.zip"
                    size = (bundled_site / url.lstrip("/")).stat().st_size
                    cell = re.search(re.escape(url) + r'" download>[^<]+</a> <small>([^<]+)<',
                                     table)
                    assert cell, url
                    shown = cell.group(1)
                    if size >= 1024 * 1024:
                        assert shown == f"{size / 1048576:.1f} {unit}", (url, shown)
                    else:
                        assert shown.split()[0] == str(round(size / 1024)), (url, shown)


def _zip_bytes(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*.zip"))}


def test_two_clean_builds_give_identical_zips(tmp_path, make_content, build):
    content = make_content(tmp_path, "basic")
    sites = []
    for run in ("one", "two"):
        output = tmp_path / run / "output"
        build(content, output, LEAFLETS={"cache_dir": str(tmp_path / run / "cache")})
        sites.append(_zip_bytes(output))
    assert sites[0] and sites[0] == sites[1]


def _cached_zips(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in cache.rglob("*.zip")}


def test_a_zip_is_rewritten_only_when_one_of_its_leaflets_changed(tmp_path, make_content, build):
    content = make_content(tmp_path, "basic")
    cache = tmp_path / "cache"
    output = tmp_path / "output"
    build(content, output, LEAFLETS={"cache_dir": str(cache)})
    first, before = _cached_zips(cache), _zip_bytes(output)
    # Papers × sets: English has four audiences and all; Arabic only parents, and all.
    assert len(first) == len(before) == 2 * (5 + 2)

    build(content, output, LEAFLETS={"cache_dir": str(cache)})
    assert _cached_zips(cache) == first  # nothing changed: no zip written again
    assert _zip_bytes(output) == before

    material = content / "materials" / "parents" / "game-chat.en.md"
    text = material.read_text(encoding="utf-8")
    assert "then ask them to move" in text
    material.write_text(text.replace(
        "then ask them to move", "then, kindly at first, ask them to move"), encoding="utf-8")
    build(content, output, LEAFLETS={"cache_dir": str(cache)})
    after = _zip_bytes(output)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"leaflets/en/leaflets-{s}-{p}.zip" for s in ("parents", "all")
                       for p in ("a4", "letter")}
    kept = _cached_zips(cache)
    assert {name: kept[name] for name in first} == first  # the old entries were not touched
    assert len(kept) == len(first) + len(changed)
