"""A reader's tour of the built site: home, audience hubs, materials, the resolution."""

import re
import tomllib


def test_home_has_one_entry_per_audience(basic_site, read):
    html = read(basic_site, "en/index.html")
    for audience in ("parents", "teachers", "children", "lawmakers"):
        assert f'href="/en/{audience}/"' in html
    assert "Parents and carers" in html


def test_hub_lists_its_materials_and_children_by_age_band(basic_site, read):
    parents = read(basic_site, "en/parents/index.html")
    assert "When a game chat turns private" in parents
    assert "A media-literacy lesson" not in parents
    children = read(basic_site, "en/children/index.html")
    assert re.search(r'<h2 id="age-8-10">Ages 8-10</h2>', children)
    assert "Someone online asks for a photo" in children


def test_material_page_quotes_its_clauses(basic_site, read):
    html = read(basic_site, "en/materials/game-chat/index.html")
    assert "<h1>When a game chat turns private</h1>" in html
    assert "What the resolution says" in html
    assert "promote media literacy for children, parents and" in html  # OP10, word for word
    assert 'href="/en/resolution/op10/"' in html  # the clause's own page
    assert "<table>" in html and "<ol>" in html


def test_resolution_page_has_all_42_clauses_in_both_languages(basic_site, root, read):
    for lang in ("en", "ar"):
        html = read(basic_site, f"{lang}/resolution/index.html")
        data = tomllib.loads((root / "content/resolution" / f"{lang}.toml").read_text())
        ids = re.findall(r'<li id="((?:pp|op)\d+)"', html)
        assert ids == [f"pp{i}" for i in range(1, 21)] + [f"op{i}" for i in range(1, 23)]
        for clause in data["clause"]:
            assert clause["text"].replace("*", "")[:60] in re.sub(r"</?em>", "", html)


def test_resolution_data_is_complete(root):
    en = tomllib.loads((root / "content/resolution/en.toml").read_text())
    ar = tomllib.loads((root / "content/resolution/ar.toml").read_text())
    assert [c["id"] for c in en["clause"]] == [c["id"] for c in ar["clause"]]
    assert len(en["clause"]) == 42
    assert en["clause"][20]["text"].startswith("*Urges* those parliaments")
    assert ar["clause"][-1]["text"].startswith("تدعو الاتحاد البرلماني الدولي")


def test_arabic_pages_are_right_to_left(basic_site, read):
    html = read(basic_site, "ar/materials/game-chat/index.html")
    assert '<html lang="ar" dir="rtl">' in html
    assert '<html lang="en" dir="ltr">' in read(basic_site, "en/index.html")


def test_no_request_to_another_host(basic_site):
    """Nothing is fetched from elsewhere; links a reader chooses to follow (helplines,
    the quick exit) may point anywhere. The browser tests watch the real requests."""
    from safeonline.plugins.privacy.external import foreign_fetches

    for page in basic_site.rglob("*.html"):
        assert not foreign_fetches(page), page
