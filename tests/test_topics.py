"""Topics: an editor tags each material with one to three TOPICS; readers find every
material on a topic on its page, in their language, and from each material's page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def _material_links(html: str) -> set[str]:
    return set(re.findall(r'href="/(?:en|ar)/materials/([a-z0-9-]+)/"', html))


def test_every_bundled_material_has_one_to_three_known_topics(root, material_headers):
    from safeonline.core.settings import load_settings

    known = load_settings(root / "pelicanconf.py")["TOPICS"]
    headers = material_headers(root / "content")
    assert len(headers) >= 44
    for header in headers:
        assert 1 <= len(header["topics"]) <= 3, header["Title"]
        assert set(header["topics"]) <= set(known), header["Title"]
    by_slug: dict[str, set[tuple[str, ...]]] = {}
    for header in headers:  # a translation names the same topics as its source
        by_slug.setdefault(header["slug"], set()).add(tuple(sorted(header["topics"])))
    assert all(len(variants) == 1 for variants in by_slug.values())


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_topic_page_lists_exactly_the_materials_on_it(bundled_site, read, root, lang,
                                                       material_headers):
    headers = [h for h in material_headers(root / "content") if h["lang"] == lang]
    for topic in ("grooming", "sextortion", "the-law"):
        page = read(bundled_site, f"{lang}/topics/{topic}/index.html")
        main = page.split('<main', 1)[1].split("</main>", 1)[0]
        expected = {h["slug"] for h in headers if topic in h["topics"]}
        assert expected and _material_links(main) == expected, topic


def test_topic_pages_are_named_in_their_language(bundled_site, read):
    en = read(bundled_site, "en/topics/sextortion/index.html")
    ar = read(bundled_site, "ar/topics/sextortion/index.html")
    assert "<h1>Sextortion</h1>" in en
    assert '<html lang="ar" dir="rtl">' in ar and "<h1>الابتزاز الجنسي</h1>" in ar
    index = read(bundled_site, "ar/topics/index.html")
    for label in ("الاستدراج", "الإبلاغ", "القانون", "التربية الإعلامية"):
        assert label in index
    assert 'href="/ar/topics/grooming/"' in index


@pytest.mark.parametrize("lang, label", [("en", "Games and game chat"),
                                         ("ar", "الألعاب ودردشة الألعاب")])
def test_a_material_page_links_its_topics(bundled_site, read, lang, label):
    page = read(bundled_site, f"{lang}/materials/game-chat-goes-private/index.html")
    link = re.search(rf'<a href="/{lang}/topics/gaming/"[^>]*>([^<]+)</a>', page)
    assert link and link.group(1) == label
    assert f'href="/{lang}/topics/grooming/"' in page


def test_material_pages_carry_the_library_facets_as_search_filters(bundled_site, read):
    page = read(bundled_site, "en/materials/someone-asks-for-a-photo/index.html")
    filters = re.findall(r'data-pagefind-filter="([^"]+)"[^>]*>([^<]*)<', page)
    assert ("Audience", "Children and young people") in filters
    assert ("Topic", "Sharing images") in filters
    assert ("Format:Leaflets", "") in filters and ("Language:English", "") in filters
    assert ("Age:Ages 8-10", "") in filters
    ar = read(bundled_site, "ar/materials/someone-asks-for-a-photo/index.html")
    assert 'data-pagefind-filter="الموضوع">مشاركة الصور<' in ar


def _with_topics(content: Path, name: str, topics: str) -> Path:
    path = content / "materials" / "parents" / name
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^Topics: .*$", f"Topics: {topics}", text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")
    return path


def test_an_unknown_topic_stops_the_build_at_its_line(tmp_path, make_content, build):
    from safeonline.core.problems import BuildFailed

    content = make_content(tmp_path, "basic")
    _with_topics(content, "game-chat.en.md", "gaming, chat-apps")
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as it was", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(content, output)
    lines = [str(p) for p in failed.value.problems.errors]
    assert lines == [(
        "content/materials/parents/game-chat.en.md:6: error: unknown topic 'chat-apps' (use one "
        "to three of: grooming, sextortion, image-sharing, privacy-settings, gaming, reporting, "
        "the-law, trusted-adults, responding, school-policy, media-literacy; topics are set in "
        "pelicanconf.py)")]
    assert (output / "index.html").read_text(encoding="utf-8") == "the site as it was"


def test_topics_are_required_few_and_the_same_in_every_language(tmp_path, make_content, root):
    from safeonline.core.settings import load_settings
    from safeonline.plugins.contract import check_content

    content = make_content(tmp_path, "basic")
    settings = load_settings(root / "pelicanconf.py", PATH=str(content))
    _with_topics(content, "game-chat.ar.md", "grooming")
    lines = [str(p) for p in check_content(settings, root=tmp_path).errors]
    assert lines == [("content/materials/parents/game-chat.ar.md:7: error: this translation's "
                      "'Topics' differs from game-chat.en.md (use the same topics in every "
                      "language)")]
    _with_topics(content, "game-chat.ar.md", "gaming")
    _with_topics(content, "game-chat.en.md", "gaming, grooming, reporting, the-law")
    lines = [str(p) for p in check_content(settings, root=tmp_path).errors]
    assert any(line.startswith("content/materials/parents/game-chat.en.md:6: error: 4 topics "
                               "listed (keep the 3 that fit best") for line in lines), lines
    path = content / "materials" / "parents" / "game-chat.en.md"
    path.write_text(re.sub(r"^Topics: .*\n", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE),
                    encoding="utf-8")
    lines = [str(p) for p in check_content(settings, root=tmp_path).errors]
    assert ("content/materials/parents/game-chat.en.md:1: error: 'Topics' is missing (add a "
            "line 'Topics: grooming, sextortion' to the header)") in lines


def test_a_topic_key_that_cannot_be_an_address_stops_the_check(tmp_path, make_content, root):
    from safeonline.core.settings import load_settings
    from safeonline.plugins.contract import check_content

    content = make_content(tmp_path, "basic")
    settings = load_settings(root / "pelicanconf.py", PATH=str(content))
    settings["TOPICS"] = {**settings["TOPICS"], "Online Games": "Online games", "chat": ""}
    lines = [str(p) for p in check_content(settings, root=tmp_path).errors]
    assert ("pelicanconf.py: error: TOPICS key 'Online Games' is not a slug (use lower-case "
            "letters, digits and hyphens, e.g. 'the-law')") in lines
    assert any(line.startswith("pelicanconf.py: error: TOPICS['chat'] must be a label")
               for line in lines), lines
