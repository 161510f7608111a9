"""English and Arabic everywhere: an Arabic reader meets no English interface string,
every page links its other language versions, and a third language is configuration."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from safeonline.core.problems import BuildFailed, ProblemList
from safeonline.core.settings import load_settings
from safeonline.plugins.i18n.check import check_catalogs, compile_catalogs
from safeonline.plugins.i18n.extract import extract_catalog
from safeonline.plugins.i18n.update import update_catalog, write_template

SITE = "https://safeonline.example.org"
HOW = ("wrap it in _() in the template, run 'invoke i18n-extract i18n-update' and translate it "
       "in themes/safeonline/translations/ar/LC_MESSAGES/messages.po")
# Latin tokens an Arabic page may show: clause ids, file formats, the licence's name.
LATIN_ALLOWED = re.compile(r"^(?:(?:OP|PP)\d+|PDF|A4|CC|BY|\d[\d.]*)$")
CONTENT_CLASSES = frozenset({"body", "clause-text"})
# Attributes a reader meets: labels, tooltips, and strings our scripts show (search UI).
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-pagefind-filter",
              "data-filter", "data-search-label")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class ChromeText(HTMLParser):
    """What a reader of the page's language sees of the interface: text and labels,
    minus the editors' own text (`.body`), the resolution's (`.clause-text`) and
    fragments marked as another language. (Summaries fill meta descriptions: content.)"""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        # (tag, inside editors' text, inside another language): a `lang` of the page's
        # own language inside an English fragment counts again; editors' text never does.
        self.stack: list[tuple[str, bool, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and (self.stack[-1][1] or self.stack[-1][2])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        content, other = self.stack[-1][1:] if self.stack else (False, False)
        content = content or bool(CONTENT_CLASSES & set((attrs.get("class") or "").split()))
        if tag != "html" and attrs.get("lang"):
            other = attrs["lang"] != self.lang
        if not (content or other):
            self.parts.extend(attrs[a] for a in ATTRIBUTES if attrs.get(a))
        if tag not in VOID:
            self.stack.append((tag, content, other))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.parts.append(data)

    @classmethod
    def of(cls, html: str, lang: str) -> str:
        parser = cls(lang)
        parser.feed(html)
        return "\n".join(parser.parts)


def _fragments(msgid) -> list[str]:
    """The literal English pieces of a msgid, around its %(placeholders)s."""
    ids = msgid if isinstance(msgid, tuple | list) else [msgid]
    pieces = [p.strip(" .,:;()?!") for m in ids for p in re.split(r"%\(\w+\)[sd]", m)]
    return [p for p in pieces if re.search(r"[a-z]{3}", p)]


def _pages(site: Path, lang: str) -> list[Path]:
    return sorted((site / lang).rglob("*.html"))


@pytest.mark.parametrize("site_name", ["basic_site", "bundled_site"])
def test_an_arabic_reader_meets_no_english_interface_string(site_name, request, root, read):
    site = request.getfixturevalue(site_name)
    settings = load_settings(root / "pelicanconf.py")
    msgids = [m.id for m in extract_catalog(settings, root) if m.id]
    pages = _pages(site, "ar")
    kinds = {p.relative_to(site / "ar").parts[0] for p in pages}
    assert {"index.html", "parents", "materials", "resolution", "about"} <= kinds
    for page in pages:
        chrome = ChromeText.of(page.read_text(encoding="utf-8"), "ar")
        assert re.search(r"[\u0600-\u06ff]{3}", chrome), page
        for msgid in msgids:
            for fragment in _fragments(msgid):
                assert fragment not in chrome, f"{page}: untranslated '{fragment}' ({HOW})"
        latin = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9.]*", chrome)
                 if not LATIN_ALLOWED.match(w)]
        assert not latin, f"{page}: English in the interface: {latin} ({HOW})"
    subtitle = "مواد توعوية بشأن الاستغلال والاعتداء الجنسيين للأطفال عبر الإنترنت"
    assert f'<meta name="description" content="{subtitle}">' in read(site, "ar/index.html")


def test_every_interface_string_has_an_arabic_translation(root):
    """What `invoke i18n-compile` checks: no missing, empty or fuzzy entry."""
    settings = load_settings(root / "pelicanconf.py")
    problems = ProblemList(root=root)
    compile_catalogs(settings, problems, root=root)
    assert not problems.items, problems.as_text()


def test_pages_declare_their_language_and_direction(basic_site, read):
    for lang, direction in (("en", "ltr"), ("ar", "rtl")):
        for page in _pages(basic_site, lang):
            assert f'<html lang="{lang}" dir="{direction}">' in read(basic_site, str(
                page.relative_to(basic_site))), page
    assert '<html lang="en" dir="ltr">' in read(basic_site, "index.html")


def test_a_translated_material_links_its_other_language(basic_site, read):
    en = read(basic_site, "en/materials/game-chat/index.html")
    ar = read(basic_site, "ar/materials/game-chat/index.html")
    for html in (en, ar):
        assert f'<link rel="alternate" hreflang="en" href="{SITE}/en/materials/game-chat/">' in html
        assert f'<link rel="alternate" hreflang="ar" href="{SITE}/ar/materials/game-chat/">' in html
        assert (f'<link rel="alternate" hreflang="x-default" '
                f'href="{SITE}/en/materials/game-chat/">') in html
    assert ('<a href="/ar/materials/game-chat/" lang="ar" dir="rtl" hreflang="ar">العربية</a>'
            in en)
    assert '<a href="/en/materials/game-chat/" lang="en" dir="ltr" hreflang="en">English</a>' in ar
    assert '<span aria-current="true" lang="ar" dir="rtl">العربية</span>' in ar


def test_a_material_without_translation_says_so_in_that_language(basic_site, read):
    html = read(basic_site, "en/materials/photo-request/index.html")
    assert "/ar/materials/photo-request/" not in html
    assert 'hreflang="ar"' not in html.split("</head>")[0]
    assert ('<span class="unavailable" lang="ar" dir="rtl">العربية '
            '<small>(لم تُترجم بعد)</small></span>') in html
    # ... and the Arabic home is still one click away, on every page.
    assert '<a href="/ar/" lang="ar" dir="rtl" hreflang="ar">العربية</a>' in html


def test_home_pages_switch_between_languages(root, basic_site, read):
    en, ar = read(basic_site, "en/index.html"), read(basic_site, "ar/index.html")
    assert '<a href="/ar/" lang="ar" dir="rtl" hreflang="ar">العربية</a>' in en
    assert '<a href="/en/" lang="en" dir="ltr" hreflang="en">English</a>' in ar
    assert f'<link rel="alternate" hreflang="x-default" href="{SITE}/en/">' in ar


def test_age_bands_read_in_words_in_arabic_not_as_a_reversed_range(basic_site, bundled_site, read):
    assert '<h2 id="age-8-10">Ages 8-10</h2>' in read(basic_site, "en/children/index.html")
    # "الأعمار 8-10" would display as "10-8": Arabic letters make the digits Arabic numbers.
    assert '<h2 id="age-8-10">الأعمار من 8 إلى 10</h2>' in read(bundled_site,
                                                              "ar/children/index.html")


def test_arabic_resolution_keeps_english_anchors_and_ltr_clause_ids(basic_site, read):
    html = read(basic_site, "ar/resolution/index.html")
    assert '<li id="op10" class="clause priority">' in html
    assert '<a class="clause-id" href="/ar/resolution/op10/" dir="ltr">OP10</a>' in html
    assert "فقرات المنطوق" in html and "فقرات الديباجة" in html
    material = read(basic_site, "ar/materials/game-chat/index.html")
    assert ('<a href="/ar/resolution/op10/">الفقرة 10 من المنطوق (<bdi dir="ltr">OP10</bdi>)'
            '</a>') in material


def test_stylesheet_mirrors_with_logical_properties_only(basic_site, root, read):
    css = (root / "themes/safeonline/static/css/site.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:"
                          r"|float\s*:\s*(?:left|right)|text-align\s*:\s*(?:left|right)", css)
    assert not physical
    fonts = read(basic_site, "theme/css/fonts.css")  # the Arabic font's Arabic letters
    assert ('font-family: "Noto Sans Arabic"; font-weight: 400; font-style: normal; '
            'font-display: swap;\n  src: url("../fonts/NotoSansArabic-Regular.arabic.woff2")'
            ) in fonts


# --- A third language is configuration -------------------------------------------------

FRENCH = {"name": "Français", "dir": "ltr", "font": "NotoSans"}


def _theme_with(root: Path, tmp: Path, fixture_translations: Path | None) -> Path:
    theme = tmp / "theme"
    shutil.copytree(root / "themes" / "safeonline", theme)
    if fixture_translations:
        shutil.copytree(fixture_translations, theme / "translations", dirs_exist_ok=True)
    return theme


def _languages(root: Path, **extra) -> dict:
    settings = load_settings(root / "pelicanconf.py")
    return {**settings["LANGUAGES"], **extra}


@pytest.fixture(scope="session")
def trilingual(tmp_path_factory, fixtures_dir, build, make_content, root):
    """English, Arabic and French, with French added in the settings only."""
    tmp = tmp_path_factory.mktemp("trilingual")
    theme = _theme_with(root, tmp, fixtures_dir / "trilingual" / "translations")
    content = make_content(tmp, "trilingual/content")
    report = build(content, tmp / "output", THEME=str(theme), LANGUAGES=_languages(root, fr=FRENCH))
    return tmp / "output", report


def test_french_pages_come_from_configuration_and_a_catalog(trilingual, read):
    site, _ = trilingual
    home = read(site, "fr/index.html")
    assert '<html lang="fr" dir="ltr">' in home
    assert "Choisissez qui vous êtes" in home and "Parents et aidants" in home
    for code, name in (("en", "English"), ("ar", "العربية")):
        assert f'<a href="/{code}/" lang="{code}"' in home and name in home
    material = read(site, "fr/materials/game-chat/index.html")
    for code in ("en", "ar", "fr"):
        assert (f'<link rel="alternate" hreflang="{code}" '
                f'href="{SITE}/{code}/materials/game-chat/">') in material
    assert 'href="/fr/materials/game-chat/" lang="fr" dir="ltr" hreflang="fr">Français</a>' in \
        read(site, "ar/materials/game-chat/index.html")
    lesson = read(site, "en/materials/lesson/index.html")
    assert '<span class="unavailable" lang="fr" dir="ltr">Français <small>(pas encore traduit)' \
        in lesson


def test_french_resolution_falls_back_to_english_marked_as_english(trilingual, read):
    site, _ = trilingual
    html = read(site, "fr/resolution/index.html")
    assert "elle est affichée en English" in html
    assert '<h2 id="operative-heading">Dispositif</h2>' in html
    assert re.search(r'<p class="clause-text" lang="en" dir="ltr"><em>Urges</em> those parliaments', html)
    assert '<li id="op10" class="clause priority">' in html
    material = read(site, "fr/materials/game-chat/index.html")
    assert re.search(r'<blockquote id="cite-op10">\s*<p class="clause-text" lang="en" dir="ltr">', material)
    assert "Paragraphe 10 du dispositif" in material
    # Arabic has its own data: nothing marked as another language there.
    assert 'lang="en" dir="ltr"><em>' not in read(site, "ar/resolution/index.html")


def test_build_warns_about_a_missing_french_translation(trilingual, read):
    site, report = trilingual
    warnings = [str(p) for p in report.problems.warnings]
    assert any("fr/LC_MESSAGES/messages.po" in w and "'Lawmakers' has no translation for 'fr'"
               in w for w in warnings), warnings
    assert "Lawmakers" in read(site, "fr/index.html")  # shown in English meanwhile


def test_adding_a_language_creates_its_catalog_and_compile_insists_on_it(tmp_path, root):
    theme = _theme_with(root, tmp_path, None)
    settings = load_settings(root / "pelicanconf.py", THEME=str(theme),
                             LANGUAGES=_languages(root, de={"name": "Deutsch", "dir": "ltr"}))
    path, count, _ = write_template(settings, root)
    assert path == theme / "translations" / "messages.pot" and count > 30
    problems = ProblemList(root=tmp_path)
    check_catalogs(settings, problems, root=root)
    assert [p.message for p in problems.items if "'de'" in p.message]  # a warning: no catalog
    assert not problems.errors
    result = update_catalog(settings, "de")
    assert result.created and result.untranslated == count
    assert 'msgid "Teachers"' in result.path.read_text()
    problems = ProblemList(root=tmp_path)
    compile_catalogs(settings, problems, root=root)
    assert len([p for p in problems.errors if "de/LC_MESSAGES" in p.path]) == count
    assert not update_catalog(settings, "de").changed  # idempotent: git stays clean


def test_a_broken_catalog_stops_the_build_with_its_line(tmp_path, build, make_content, root):
    theme = _theme_with(root, tmp_path, None)
    po = theme / "translations/ar/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "الفقرة %(num)d من المنطوق"',
                               'msgstr "الفقرة %(number)d من المنطوق"'), encoding="utf-8")
    content = make_content(tmp_path, "basic")
    with pytest.raises(BuildFailed) as failed:
        build(content, tmp_path / "output", THEME=str(theme))
    message = failed.value.problems.as_text()
    line = text[:text.index('msgid "Operative paragraph %(num)d"')].count("\n") + 1
    assert (f"messages.po:{line}: error: the translation of 'Operative paragraph %(num)d' "
            "does not match its placeholders") in message
    assert not (tmp_path / "output").exists()


def test_a_mistyped_language_entry_is_reported_not_a_traceback(tmp_path, build, make_content, root):
    content = make_content(tmp_path, "basic")
    langs = _languages(root, fr={"name": "Français", "dir": "left"})
    with pytest.raises(BuildFailed) as failed:
        build(content, tmp_path / "output", LANGUAGES=langs)
    assert ("pelicanconf.py:0: error: LANGUAGES['fr']['dir'] is 'left' (use 'ltr' or 'rtl')"
            in failed.value.problems.as_text())


AR_CATALOG = Path("themes/safeonline/translations/ar/LC_MESSAGES/messages.po")


def test_i18n_compile_refuses_fuzzy_empty_and_unparsable_entries(tmp_path, project_copy,
                                                                  invoke):
    """A translator's three mistakes, each named at its line by `invoke i18n-compile`."""
    project = project_copy(tmp_path / "project")
    catalog = project / AR_CATALOG
    good = catalog.read_text(encoding="utf-8")
    lines = good.splitlines()  # 1-based line numbers of the two msgids
    operative = lines.index('msgid "Operative paragraphs"') + 1
    packs = lines.index('msgid "Audience packs"') + 1
    catalog.write_text(good.replace(
        'msgid "Operative paragraphs"', '#, fuzzy\nmsgid "Operative paragraphs"').replace(
        'msgid "Audience packs"\nmsgstr "حزم الفئات"', 'msgid "Audience packs"\nmsgstr ""'),
        encoding="utf-8")
    run = invoke("i18n-compile", "--output", str(tmp_path / "mo"), project=project)
    assert run.returncode == 1
    # Each at its msgid, one line further down below the inserted '#, fuzzy'.
    assert run.stderr.splitlines() == [
        (f"{AR_CATALOG}:{operative + 1}: error: the translation of 'Operative paragraphs' is "
         "marked fuzzy, so it is not used (check it, then delete the '#, fuzzy' line above it)"),
        (f"{AR_CATALOG}:{packs + 1}: error: 'Audience packs' has no translation for 'ar' "
         "(write the translation in its msgstr line(s))")]
    assert not (tmp_path / "mo").exists()

    catalog.write_text(good.replace('msgid "Audience packs"\n', 'msgid "Audience packs"\n'
                                    'this line is not gettext\n'), encoding="utf-8")
    run = invoke("i18n-compile", project=project)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        (f"{AR_CATALOG}:{packs + 1}: error: this catalog does not parse: Unknown or "
         "misformatted keyword ('this line is not gettext') (fix the line; each entry needs a "
         "quoted msgid and msgstr)")]


def test_i18n_compile_writes_mo_files_a_gettext_tool_reads(tmp_path, project_copy, invoke):
    import gettext

    project = project_copy(tmp_path / "project")
    run = invoke("i18n-compile", "--output", str(tmp_path / "mo"), project=project)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "Catalogs complete: ar. Wrote 1 .mo file(s).\n"
    assert sorted(p.relative_to(tmp_path / "mo") for p in (tmp_path / "mo").rglob("*.*")) == [
        Path("ar/LC_MESSAGES/messages.mo")]
    arabic = gettext.translation("messages", str(tmp_path / "mo"), languages=["ar"])
    assert arabic.gettext("Audience packs") == "حزم الفئات"
    run = invoke("i18n-compile", project=project)  # without --output: a check, nothing written
    assert run.stdout == "Catalogs complete: ar.\n"
    assert not list(project.rglob("*.mo"))
