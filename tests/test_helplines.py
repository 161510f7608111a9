"""Help where the reader lives: a sourced helpline directory, and a deployment's own countries
first on its leaflets and help page.

Stories: an editor makes each mistake the directory can hold and reads one
line per mistake, pointing at the key to fix, while the site already built
stays as it was; a deployment for the UK sets HELPLINES["countries"] = ["GB"]
and its leaflets and help page put the UK's services first.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

DATA = "content/data/helplines.toml"


@pytest.fixture()
def helpline_content(tmp_path, make_content, fixtures_dir):
    """`helpline_content(toml)`: the basic content with tests/fixtures/helplines/TOML."""

    def content(toml: str) -> Path:
        folder = make_content(tmp_path, "basic")
        shutil.copy(fixtures_dir / "helplines" / toml, folder / "data" / "helplines.toml")
        return folder

    return content


@pytest.fixture()
def check_helplines(root):
    """`check_helplines(content, **HELPLINES)`: what `invoke check` finds."""
    from safeonline.core.settings import load_settings
    from safeonline.plugins.contract import check_content

    def check(content: Path, **helplines):
        settings = load_settings(root / "pelicanconf.py", PATH=str(content),
                                 OUTPUT_PATH=str(content.parent / "out"))
        settings["HELPLINES"] = {**settings.get("HELPLINES", {}), **helplines}
        return check_content(settings)

    return check


def test_each_mistake_in_the_directory_is_one_line_at_its_key(tmp_path, check_helplines, helpline_content):
    problems = check_helplines(helpline_content("bad.toml"))
    lines = [str(p) for p in problems.sorted() if p.path == DATA]
    assert lines == [
        (f"{DATA}:3: error: 'UK' is not an ISO 3166-1 country code "
        '(use a two-letter ISO 3166-1 code such as GB, JO or EG, or "international")'),
        (f"{DATA}:17: error: source 'http://example.org/helpline' is not an https:// address "
        "(give the https address of the page where you checked the details)"),
        (f"{DATA}:18: error: 'verified_on = 2026-11-01' is not a date "
        "(write it without quotes as YYYY-MM-DD, e.g. verified_on = 2026-11-23)"),
        (f"{DATA}:20: error: this helpline has no 'source' "
        '(add source = "https://...", the page where you checked its details)'),
        (f"{DATA}:20: error: this helpline has no 'verified_on' "
        "(add verified_on = YYYY-MM-DD, the day you checked it against its source)"),
        (f"{DATA}:28: error: 'country' is now 'countries', a list "
        '(write countries = ["GB"], or countries = ["international"] for a service open to '
        "every country)"),
    ]


def test_a_country_the_directory_does_not_serve_is_refused(tmp_path, check_helplines, helpline_content):
    problems = check_helplines(helpline_content("good.toml"), countries=["GB", "JO", "gb"])
    assert [str(p) for p in problems.errors] == [
        ("pelicanconf.py:0: error: HELPLINES['countries'] names JO (Jordan), but no helpline "
        'serves it (add a [[helpline]] with countries = ["JO"] to content/data/helplines.toml, '
        "or remove JO)"),
        ("pelicanconf.py:0: error: HELPLINES['countries']: 'gb' is not an ISO 3166-1 country "
        'code (write it in capitals: "GB")'),
    ]


def test_a_typo_in_the_helplines_setting_is_reported_by_name(tmp_path, check_helplines, helpline_content):
    from safeonline.core.settings import SettingsError

    with pytest.raises(SettingsError) as failed:
        check_helplines(helpline_content("good.toml"), country=["GB"])
    assert failed.value.problems.as_text() == (
        "pelicanconf.py: error: HELPLINES has no key 'country' (did you mean 'countries'?)")


def test_an_entry_checked_over_a_year_ago_is_a_warning(tmp_path, check_helplines, helpline_content):
    content = helpline_content("good.toml")
    toml = content / "data" / "helplines.toml"
    toml.write_text(toml.read_text().replace("verified_on = 2026-11-01", "verified_on = 2020-01-31", 1))
    problems = check_helplines(content)
    assert not problems.errors
    [warning] = [p for p in problems.warnings if p.path == DATA]
    assert warning.line == 1
    assert warning.message.startswith("'Childline' was last verified on 2020-01-31 (")
    assert warning.message.endswith(" days ago, more than 365)")


def test_a_broken_directory_stops_the_build_and_keeps_the_site(tmp_path, fixtures_dir, build, read, helpline_content):
    from safeonline.core.problems import BuildFailed

    content = helpline_content("good.toml")
    build(content, tmp_path / "out")
    before = read(tmp_path / "out", "en/help/index.html")
    shutil.copy(fixtures_dir / "helplines" / "bad.toml", content / "data" / "helplines.toml")
    with pytest.raises(BuildFailed) as failed:
        build(content, tmp_path / "out")
    assert f"{DATA}:3: error: 'UK' is not an ISO 3166-1 country code" in (
        failed.value.problems.as_text())
    assert read(tmp_path / "out", "en/help/index.html") == before


@pytest.fixture(scope="module")
def uk_site(tmp_path_factory, root, build, make_content) -> Path:
    """The bundled directory, deployed for readers in the UK."""
    tmp = tmp_path_factory.mktemp("uk")
    content = make_content(tmp, "basic")
    build(content, tmp / "output", HELPLINES={"countries": ["GB"]})
    return tmp / "output"


def test_a_uk_deployment_prints_uk_services_first_on_its_leaflets(uk_site, pdf_text):
    leaflet = next((uk_site / "leaflets" / "en").glob("*-a4.pdf"))
    text = " ".join(pdf_text(leaflet).split())
    box = text[text.index("Where to get help"):]
    assert box.index("Childline: 0800 1111") < box.index("Take It Down (NCMEC): takeitdown.ncmec.org")
    assert box.index("Take It Down (NCMEC)") < box.index("INHOPE: find a reporting hotline")


def test_the_help_page_jumps_to_each_country_the_deployments_first(uk_site, read):
    en = read(uk_site, "en/help/index.html")
    start = en.index('<nav class="help-countries"')
    nav = en[start:en.index("</nav>", start)]
    links = re.findall(r'<a href="#country-([a-z]+)">([^<]+)</a>', nav)
    assert links == [("gb", "United Kingdom"), ("international", "Every country"),
                     ("ca", "Canada")]
    for code, name in links:
        assert f'<h2 id="country-{code}-heading">{name}</h2>' in en
    assert '<li class="home"><a href="#country-gb">' in nav
    ar = read(uk_site, "ar/help/index.html")
    assert re.findall(r'<a href="#country-([a-z]+)">([^<]+)</a>', ar) == [
        ("gb", "المملكة المتحدة"), ("international", "لكل البلدان"), ("ca", "كندا")]
    # Every entry links the page it was checked on; a text-message service says how.
    assert ('<a href="https://learning.nspcc.org.uk/services/childline" rel="noreferrer">'
            "Checked on 2026-12-01</a>") in en
    assert '<a href="sms:686868"><bdi dir="ltr">686868</bdi></a>' in en


def test_without_countries_leaflets_list_only_the_international_services(bundled_site, pdf_text):
    text = " ".join(pdf_text(bundled_site / "leaflets/en/first-phone-together-a4.pdf").split())
    assert "Take It Down (NCMEC): takeitdown.ncmec.org" in text
    assert "Childline" not in text
