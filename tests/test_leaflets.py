"""An educator prints leaflets: what the PDFs say, in what order, on what paper.

The `leaflets` fixture has a parents' material in English and Arabic (lists,
a table, a quote, an image, clause references both as the resolution
extension's links and as literal `[[OP16]]`), a children's material, and a
teachers' material built to break layouts (a nine-column table, words longer
than a line, a long URL, a very wide and a very tall image).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


@pytest.fixture(scope="session")
def leaflet_site(tmp_path_factory, build, make_content) -> tuple[Path, object]:
    tmp = tmp_path_factory.mktemp("leaflets")
    content = make_content(tmp, "leaflets")
    report = build(content, tmp / "output",
                   LEAFLETS={"cache_dir": str(tmp / "cache"), "workers": 2})
    return tmp / "output", report


@pytest.fixture(scope="session")
def site(leaflet_site) -> Path:
    return leaflet_site[0]


def squash(text: str) -> str:
    """Compare text as characters in order: NFKC, no whitespace or bidi marks.

    poppler moves a space across neutral punctuation where the direction
    changes (see safeonline/plugins/leaflets/rtl/), so spaces are not compared.
    """
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u0640]", "", text)


def page_sizes(pdf: Path) -> set[tuple[float, float]]:
    return {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in PdfReader(pdf).pages}


def test_every_material_has_an_a4_and_a_letter_leaflet_linked_from_its_page(site, read):
    for lang, slug in (("en", "game-chat"), ("ar", "game-chat"), ("en", "photo-request"),
                       ("en", "awkward-layout")):
        assert page_sizes(site / f"leaflets/{lang}/{slug}-a4.pdf") == {A4}
        assert page_sizes(site / f"leaflets/{lang}/{slug}-letter.pdf") == {LETTER}
        html = read(site, f"{lang}/materials/{slug}/index.html")
        assert f'href="/leaflets/{lang}/{slug}-a4.pdf"' in html
        assert f'href="/leaflets/{lang}/{slug}-letter.pdf"' in html


def test_english_leaflet_reads_in_order_with_notes_quoting_the_clauses(site, pdf_text):
    text = pdf_text(site / "leaflets/en/game-chat-a4.pdf")
    flat = " ".join(text.split())
    order = ["Parents and carers", "When a game chat turns private",
             "What to do when someone your child met in a game asks to talk privately.",
             "Some people use games to build trust with children",
             "Signs to look for", "Gifts in the game", "especially about photos",
             "What you can do", "Ask your child which games they play.",
             "Ask calmly who sent them", "Children are never to blame.",
             "A parent and child looking at a tablet together",  # alt text as caption
             "What the resolution says",
             "1. Operative paragraph 10 (OP10)",
             "Further urges parliaments to promote media literacy for children, parents",
             "2. Operative paragraph 16 (OP16)",
             "Where to get help", "It is never the child's fault.",
             "Read online: safeonline.example.org/en/materials/game-chat"]
    positions = [flat.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    # Literal [[OP10]] and the clause-ref link both became note numbers, each
    # hugging its word so that it cannot wrap away from it.
    assert "[[" not in flat and "private app1." in flat
    assert re.search(r"never their fault ?2", flat)
    # Links are printed where they go; the site's own links as public addresses.
    assert "help page (safeonline.example.org/en/help)" in flat
    assert re.search(r"Page 1 of \d", flat) and "Updated November 20, 2026" in flat
    assert "Text CC BY 4.0" in flat


@pytest.mark.poppler
def test_children_leaflet_shows_the_age_band_in_larger_type(site, pdf_text):
    def body_height(pdf: Path, word: str) -> float:
        bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        m = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + word + "<", bbox)
        return float(m.group(2)) - float(m.group(1))

    child = site / "leaflets/en/photo-request-a4.pdf"
    assert "Ages 8-10" in pdf_text(child)
    assert body_height(child, "someone") > 1.15 * body_height(
        site / "leaflets/en/game-chat-a4.pdf", "people")


def test_every_font_is_embedded_and_bundled(site):
    for pdf in sorted((site / "leaflets").rglob("*.pdf")):
        lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                               text=True).stdout.splitlines()[2:]
        assert lines, pdf
        for line in lines:
            # "-Text0": the Arabic text layer's own copy of the font (rtl/glyph_codes.py)
            assert re.search(r"\+NotoSans(Arabic)?-\w+(-Text\d+)? +TrueType .* yes yes yes",
                             line), line


@pytest.mark.poppler
@pytest.mark.zbar
def test_qr_code_opens_the_public_page(site, tmp_path):
    pdf = site / "leaflets/en/photo-request-a4.pdf"
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    found = subprocess.run(["zbarimg", "-q", "--raw", *map(str, sorted(tmp_path.glob("*.png")))],
                           check=True, capture_output=True, text=True).stdout.split()
    assert found == ["https://safeonline.example.org/en/materials/photo-request/"]


@pytest.mark.poppler
def test_arabic_leaflet_extracts_in_logical_order_and_is_right_aligned(site, pdf_text):
    pdf = site / "leaflets/ar/game-chat-a4.pdf"
    text = squash(pdf_text(pdf))
    source = (Path(__file__).parent / "fixtures/leaflets/materials/parents/game-chat.ar.md"
              ).read_text(encoding="utf-8")
    title = re.search(r"^Title: (.*)$", source, re.MULTILINE).group(1)
    # The sentence ends "... أو WhatsApp." and poppler moves that full stop to the
    # other side of "WhatsApp" (neutral punctuation at a change of direction;
    # Chromium's own PDFs show the same), so the end is checked apart.
    sentence = "يستخدم بعض الأشخاص الألعاب لبناء الثقة مع الأطفال، ثم يطلبون الانتقال إلى " \
               "تطبيق خاص عبر Discord أو"
    for expected in (title, sentence, "اسأل طفلك عن الألعاب التي يلعبها.",
                     "لا يقع اللوم على الطفل أبدًا"):
        assert squash(expected) in text, expected
    assert text.index(squash(title)) < text.index(squash(sentence))
    assert text.index(squash(sentence)) + len(squash(sentence)) + 2 >= text.index("WhatsApp")
    # Lines end at the right margin, not the left (-bbox lists a word's letters
    # in visual order).
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    m = re.search(r'xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">' + "يستخدم"[::-1] + "<", bbox)
    assert float(m.group(1)) > A4[0] - 17 * 72 / 25.4 - 3


@pytest.mark.poppler
def test_a4_and_letter_are_one_layout_cut_to_each_paper(site, tmp_path, pdf_text):
    """The same pages and words on both papers; the band reaches every edge, the
    footer sits on the page (LEAFLETS["shared_layout"], on by default)."""
    from PIL import Image

    band = (0x1F, 0x5F, 0x99)  # the parents' colour
    for lang in ("en", "ar"):
        a4, letter = (site / f"leaflets/{lang}/game-chat-{paper}.pdf" for paper in ("a4", "letter"))
        assert pdf_text(a4) == pdf_text(letter)
        for pdf, (_width, height) in ((a4, A4), (letter, LETTER)):
            subprocess.run(["pdftoppm", "-r", "36", "-f", "1", "-l", "1", "-png", str(pdf),
                            str(tmp_path / pdf.stem)], check=True)
            image = Image.open(next(tmp_path.glob(f"{pdf.stem}*.png"))).convert("RGB")
            for x, y in ((0, 0), (image.width - 1, 0), (0, 30), (image.width - 1, 30)):
                assert all(abs(a - b) < 12 for a, b in
                           zip(image.getpixel((x, y)), band, strict=True)), (pdf.name, x, y)
            assert image.getpixel((image.width // 2, image.height - 2)) == (255, 255, 255)
            bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                                  check=True, capture_output=True, text=True).stdout
            last = max(float(m) for m in re.findall(r'yMax="([\d.]+)"', bbox))
            assert height - 100 < last < height - 10, (pdf.name, last)  # the footer


def test_awkward_layout_still_prints_every_word(site, pdf_text):
    text = squash(pdf_text(site / "leaflets/en/awkward-layout-a4.pdf"))
    source = (Path(__file__).parent / "fixtures/leaflets/materials/teachers/"
              "awkward-layout.en.md").read_text(encoding="utf-8").split("\n\n", 1)[1]
    source = re.sub(r"!\[[^]]*\]\([^)]*\)", "", source)  # the image line: checked below
    words = set(re.findall(r"[A-Za-z][\w:/.\-]+", source))
    missing = [w for w in words if squash(w.rstrip(".")) not in text]
    assert not missing
    assert "A very tall diagram of the reporting steps" in pdf_text(
        site / "leaflets/en/awkward-layout-a4.pdf")


def page_texts(pdf_text, pdf: Path) -> list[str]:
    """Each page's text on one line, as pdftotext reads it."""
    count = len(PdfReader(pdf).pages)
    return [" ".join(pdf_text(pdf, "-f", str(n), "-l", str(n)).split())
            for n in range(1, count + 1)]


def top_outline(reader: PdfReader) -> list[tuple[str, int, list]]:
    """(title, 1-based page, children) for each top-level bookmark."""
    entries: list[tuple[str, int, list]] = []
    for item in reader.outline:
        if isinstance(item, list):
            title, page, _ = entries[-1]
            entries[-1] = (title, page, [(c.title, reader.get_destination_page_number(c) + 1)
                                         for c in item if not isinstance(c, list)])
        else:
            entries.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return entries


def test_pack_has_cover_contents_and_each_leaflet_as_printed(site, pdf_text):
    pdf = site / "leaflets/en/pack-parents-a4.pdf"
    reader = PdfReader(pdf)
    outline = top_outline(reader)
    assert [title for title, _, _ in outline] == [
        "Parents and carers", "Contents", "When a game chat turns private"]
    pages = page_texts(pdf_text, pdf)
    assert "Printable leaflets" in pages[0] and "Where to get help" in pages[0]
    assert "Leaflets in this pack: 1" in pages[0]
    toc = re.search(r"Contents When a game chat turns private (\d+)", pages[1])
    assert toc, pages[1]
    start = int(toc.group(1))
    # The material's page: its pack page number (top corner), then its own leaflet.
    assert pages[start - 1].startswith(
        f"{start} Parents and carers Safe Online Press Accessible version of this leaflet: "
        "safeonline.example.org/en/materials/game-chat When a game chat turns private")
    # Its pages are its leaflet's, each with the pack page number added.
    leaflet = page_texts(pdf_text, site / "leaflets/en/game-chat-a4.pdf")
    assert len(pages) == start - 1 + len(leaflet)
    for number, (packed, alone) in enumerate(zip(pages[start - 1:], leaflet, strict=True),
                                             start):
        assert packed == f"{number} {alone}"
    assert "Page 1 of 2" in pages[start - 1] and f"Page 2 of {len(pages)}" in pages[1]
    # Bookmarks: the material opens its first page and holds the leaflet's own.
    _title, page, children = outline[2]
    assert page == start
    assert ("What you can do", start) in children
    assert ("Where to get help", len(pages)) in children
    assert reader.metadata.title == "Parents and carers"
    assert reader.metadata.author == "Safe Online Press"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert page_sizes(pdf) == {A4}
    assert page_sizes(site / "leaflets/en/pack-parents-letter.pdf") == {LETTER}


@pytest.mark.poppler
@pytest.mark.zbar
def test_pack_cover_code_opens_the_audience_page(site, tmp_path):
    pdf = site / "leaflets/en/pack-children-a4.pdf"
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp_path / "p")], check=True)
    found = subprocess.run(["zbarimg", "-q", "--raw", *map(str, tmp_path.glob("*.png"))],
                           check=True, capture_output=True, text=True).stdout.split()
    assert found == ["https://safeonline.example.org/en/children/"]


def test_arabic_pack_reads_in_logical_order(site, pdf_text):
    text = squash(pdf_text(site / "leaflets/ar/pack-parents-a4.pdf"))
    sentence = "يستخدم بعض الأشخاص الألعاب لبناء الثقة مع الأطفال، ثم يطلبون الانتقال إلى"
    for expected in ("الآباء والأمهات ومقدّمو الرعاية", "المحتويات",
                     "عندما تتحول دردشة اللعبة إلى محادثة خاصة", sentence):
        assert squash(expected) in text, expected
    assert text.index(squash("المحتويات")) < text.index(squash(sentence))


def letters(text: str) -> str:
    return re.sub(r"[\u064b-\u0652]", "", squash(text))


def material_titles(audience: str, lang: str) -> list[str]:
    """The bundled materials' titles for an audience, as the Markdown gives them."""
    folder = Path(__file__).resolve().parents[1] / "content/materials" / audience
    title = re.compile(r"^Title: (.*)$", re.MULTILINE)
    return sorted(title.search(path.read_text(encoding="utf-8")).group(1)
                  for path in folder.glob(f"*.{lang}.md"))


def leaflets_of(site: Path, lang: str, audience: str, pack: Path) -> list[Path]:
    paper = pack.stem.split("-", 2)[2]  # "a4", or "a4-bw": a pack holds its own edition
    folder = Path(__file__).resolve().parents[1] / "content/materials" / audience
    return [site / f"leaflets/{lang}/{path.name.split('.')[0]}-{paper}.pdf"
            for path in folder.glob(f"*.{lang}.md")]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_contents_numbers_and_links_open_each_material(bundled_site, lang, pdf_text):
    """Every contents entry: its printed number, its link and its bookmark all
    open the page where that material's leaflet starts, in both languages."""
    for pdf in sorted((bundled_site / f"leaflets/{lang}").glob("pack-*.pdf")):
        audience = pdf.name.split("-")[1]
        reader = PdfReader(pdf)
        pages = page_texts(pdf_text, pdf)
        titles = material_titles(audience, lang)
        bookmarks = {squash(t): page for t, page, _ in top_outline(reader)[2:]}
        assert sorted(bookmarks) == sorted(squash(t) for t in titles), pdf.name
        contents = [n for n, text in enumerate(pages, 1) if 1 < n < min(bookmarks.values())]
        assert contents == [2], pdf.name  # a few entries fit one page
        page_numbers = {page.indirect_reference.idnum: n
                        for n, page in enumerate(reader.pages, 1)}
        annots = [a.get_object() for a in reader.pages[1]["/Annots"]]
        links = [(annot["/Rect"][1], page_numbers[annot["/Dest"][0].idnum])
                 for annot in annots if "/Dest" in annot]
        # Top to bottom; a title over two lines (or two runs of RTL text) has two.
        links = list(dict.fromkeys(page for _, page in sorted(links, reverse=True)))
        starts = [bookmarks[squash(t)] for t in titles]
        assert links == sorted(starts), pdf.name
        # The printed numbers, top to bottom: the numbers on the rows of the
        # linked titles (not the pack page number in the band, nor the footer).
        rows = [(float(a["/Rect"][1]), float(a["/Rect"][3])) for a in annots if "/Dest" in a]
        top = float(reader.pages[1].mediabox.top)
        bbox = pdf_text(pdf, "-bbox", "-f", "2", "-l", "2")
        printed = [(float(y0), int(word)) for y0, y1, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(\d+)<', bbox)
            if any(top - float(y1) < high and top - float(y0) > low for low, high in rows)]
        assert [n for _, n in sorted(printed)] == sorted(starts), pdf.name
        # Without Arabic vowel marks: the text layer may put a shadda after the
        # next letter ("تحّول" for "تحوّل"), as in the leaflets themselves.
        toc = letters(pages[1])
        by_start = [t for _, t in sorted(zip(starts, titles, strict=True))]
        assert [toc.index(letters(t)) for t in by_start] == sorted(
            toc.index(letters(t)) for t in by_start), pdf.name
        for title, start in zip(titles, starts, strict=True):
            # The page shows the material's title, and the same number in its corner.
            assert letters(title) in letters(pages[start - 1]), (pdf.name, title)
            corner = re.sub(r"[\u202a-\u202e]", "", pages[start - 1]).split()[0]
            assert corner == str(start), (pdf.name, start)
        # Each leaflet whole: the pack is its front pages and every member's pages.
        assert len(pages) == 2 + sum(len(PdfReader(leaflet).pages) for leaflet in
                                     leaflets_of(bundled_site, lang, audience, pdf))


def test_library_page_lists_every_leaflet_with_thumbnail_and_pages(site, read):
    html = read(site, "en/leaflets/index.html")
    # Packs come first: one per audience and language that has leaflets, in both paper
    # sizes, before the lists by audience.
    packs = re.findall(r'href="(/leaflets/[a-z]+/pack-[^"]+)"', html)
    assert packs == [f"/leaflets/{lang}/pack-{audience}-{size}{edition}.pdf"
                     for lang, audience in (("en", "parents"), ("ar", "parents"),
                                            ("en", "teachers"), ("en", "children"))
                     for size in ("a4", "letter") for edition in ("", "-bw")]
    assert html.count("Download pack (A4, PDF)") == 4
    assert html.count("Download pack (US Letter, PDF)") == 4
    assert html.index('<h2 id="packs">Audience packs</h2>') < html.index("Download pack") \
        < html.index('<h2 id="leaflets-parents">')
    for lang, slug in (("en", "game-chat"), ("ar", "game-chat"), ("en", "photo-request")):
        assert f'href="/leaflets/{lang}/{slug}-a4.pdf"' in html
        assert f'src="/leaflets/{lang}/{slug}-a4.png"' in html
        thumb = site / f"leaflets/{lang}/{slug}-a4.png"
        assert thumb.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert thumb.stat().st_size < 40_000
    assert html.index('href="/leaflets/en/pack-parents-a4.pdf"') < html.index(
        'href="/leaflets/en/game-chat-a4.pdf"')
    assert "Ages 8-10" in html and "US Letter" in html and re.search(r"\d pages?", html)
    assert 'href="/en/leaflets/"' in read(site, "en/index.html")  # site navigation
    hub = read(site, "en/parents/index.html")
    assert 'href="/leaflets/en/pack-parents-a4.pdf"' in hub


def test_two_clean_builds_give_identical_pdfs(site, tmp_path, build, make_content):
    content = make_content(tmp_path, "leaflets")
    build(content, tmp_path / "output", LEAFLETS={"cache_dir": str(tmp_path / "cache")})
    first = sorted((site / "leaflets").rglob("*.*"))
    second = sorted((tmp_path / "output/leaflets").rglob("*.*"))
    assert [p.relative_to(site) for p in first] == [
        p.relative_to(tmp_path / "output") for p in second]
    assert any(p.name.startswith("pack-") for p in first)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_editing_one_material_rerenders_only_its_leaflets_and_pack(tmp_path, leaflet_site, build, make_content, pdf_text):
    _, cold = leaflet_site
    # 4 materials × 2 papers × 3 editions (colour, black and white, booklet), and
    # 4 packs × 2 papers × 2 editions (colour, black and white).
    assert cold.stages["leaflets"]["counts"] == {"rendered": 40, "cached": 0}
    content = make_content(tmp_path, "leaflets")
    cache = tmp_path / "cache"
    shutil.copytree(Path(leaflet_site[0]).parent / "cache", cache)
    again = build(content, tmp_path / "out1", LEAFLETS={"cache_dir": str(cache)})
    assert again.stages["leaflets"]["counts"] == {"rendered": 0, "cached": 40}
    child = content / "materials/children/photo-request.en.md"
    child.write_text(child.read_text().replace("you can say no", "you can always say no"))
    edited = build(content, tmp_path / "out2", LEAFLETS={"cache_dir": str(cache)})
    # Its leaflets (two papers × three editions) and the children's pack (two papers ×
    # colour and black and white); the other materials' editions come from the cache.
    assert edited.stages["leaflets"]["counts"] == {"rendered": 10, "cached": 30}
    for name in ("pack-children-a4", "pack-children-letter-bw", "photo-request-a4-booklet",
                 "photo-request-letter-bw"):
        text = " ".join(pdf_text(tmp_path / f"out2/leaflets/en/{name}.pdf").split())
        assert "you can always say no" in text, name
    for name in ("game-chat-a4-bw", "game-chat-a4-booklet", "pack-parents-a4-bw"):
        assert (tmp_path / f"out2/leaflets/en/{name}.pdf").read_bytes() == (
            tmp_path / f"out1/leaflets/en/{name}.pdf").read_bytes()


def test_missing_image_stops_the_build_naming_the_file_and_line(tmp_path, build, make_content):
    from safeonline.core.problems import BuildFailed

    content = make_content(tmp_path, "leaflets_bad")
    (tmp_path / "output").mkdir()
    (tmp_path / "output/keep.txt").write_text("previous site")
    with pytest.raises(BuildFailed) as failed:
        build(content, tmp_path / "output")
    message = failed.value.problems.as_text()
    assert re.search(r"broken-image\.en\.md:10: error: .*not-there\.png", message), message
    assert (tmp_path / "output/keep.txt").read_text() == "previous site"
    assert not (tmp_path / "output/leaflets").exists()


def test_a_typo_in_the_leaflets_setting_is_reported_by_name(tmp_path, build, make_content):
    from safeonline.core.problems import BuildFailed

    content = make_content(tmp_path, "leaflets")
    with pytest.raises(BuildFailed) as failed:
        build(content, tmp_path / "output", LEAFLETS={"worker": 2})
    assert failed.value.problems.as_text() == (
        "pelicanconf.py: error: LEAFLETS has no key 'worker' (did you mean 'workers'?)")


def test_help_box_lists_the_international_helplines_in_the_leaflets_language(bundled_site, pdf_text):
    english = " ".join(pdf_text(bundled_site / "leaflets/en/first-phone-together-a4.pdf").split())
    assert "Take It Down (NCMEC): takeitdown.ncmec.org" in english
    assert "INHOPE: find a reporting hotline: inhope.org/EN" in english
    arabic = pdf_text(bundled_site / "leaflets/ar/first-phone-together-a4.pdf")
    assert squash("المركز الوطني للأطفال المفقودين والمستغلين") in squash(arabic)


@pytest.mark.poppler
def test_each_paper_can_have_its_own_layout(tmp_path, site, build, make_content, pdf_text):
    """`LEAFLETS["shared_layout"] = False`: A4 is laid out for A4, so its footer
    sits lower than on the shared layout cut to A4; packs follow their members."""
    content = make_content(tmp_path, "leaflets")
    build(content, tmp_path / "output",
          LEAFLETS={"cache_dir": str(tmp_path / "cache"), "workers": 1, "shared_layout": False})
    own = tmp_path / "output"

    def footer_top(pdf: Path) -> float:
        bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        return max(float(m) for m in re.findall(r'yMax="([\d.]+)"', bbox))

    def body(pdf: Path, paper_height: float) -> str:
        """The text between the running head and the footer rule (15 mm over the bottom
        of the paper the layout was made for): with more room, fewer pages. Bullets are
        drawn apart from their items, so pdftotext may read them out of place."""
        top, footer = 45, 15 * 72 / 25.4
        return squash(pdf_text(pdf, "-x", "0", "-y", str(top), "-W", "700", "-H",
                               str(int(paper_height - footer - top)))).replace("•", "")

    for lang in ("en", "ar"):
        a4 = f"leaflets/{lang}/game-chat-a4.pdf"
        assert page_sizes(own / a4) == {A4}
        assert page_sizes(own / f"leaflets/{lang}/game-chat-letter.pdf") == {LETTER}
        assert body(own / a4, A4[1]) == body(site / a4, LETTER[1])
        assert footer_top(own / a4) > footer_top(site / a4) + 30  # ~17 mm lower
        assert page_sizes(own / f"leaflets/{lang}/pack-parents-a4.pdf") == {A4}
        assert page_sizes(own / f"leaflets/{lang}/pack-parents-letter.pdf") == {LETTER}


def test_pack_copies_member_objects_renumbering_references_only(tmp_path):
    """Member objects are copied as bytes: only real references are renumbered,
    never digits inside a string that happen to read like one."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    from safeonline.plugins.leaflets.pack import Copier, PdfStream

    buffer = BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(100, 700, "one page")
    canvas.linkURL("https://example.org/a(1 0 R)", (90, 690, 200, 710))
    canvas.showPage()
    canvas.save()
    reader = PdfReader(BytesIO(buffer.getvalue()))
    with open(tmp_path / "out.pdf", "wb") as fh:
        out = PdfStream(fh)
        for _ in range(40):  # so that new numbers differ from the old ones
            out.reserve()
        copier = Copier(out, reader)
        annot = copier._raw(reader.pages[0].get("/Annots")[0])
        fonts = copier._raw(reader.pages[0]["/Resources"].raw_get("/Font"))
    assert b"(https://example.org/a\\(1 0 R\\))" in annot
    # The font dictionary's reference now names an object of the new file.
    assert re.fullmatch(rb"<<\s*/F1 (\d+) 0 R\s*>>", fonts), fonts
    assert int(re.search(rb"(\d+) 0 R", fonts).group(1)) > 40
    # The content stream is copied byte for byte, its length as it was.
    contents = reader.pages[0].get("/Contents")
    raw = copier._raw(contents)
    assert raw.endswith(reader.pages[0]["/Contents"].get_object()._data + b"\nendstream")


def test_an_image_shared_by_materials_is_checked_once_and_reported_in_each(tmp_path,
                                                                           monkeypatch, root):
    """Planning checks each image file once per build, but every material that
    uses a bad one is told so at its own line (the editor fixes them all)."""
    from types import SimpleNamespace

    from PIL import Image

    from safeonline.core.problems import ProblemList
    from safeonline.core.settings import load_settings
    from safeonline.plugins.leaflets import specs

    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    Image.new("RGB", (40, 20), "teal").save(content / "images/good.png")
    (content / "images/bad.png").write_bytes(b"this is not a picture")
    materials = []
    for name, blank_lines in (("first", 1), ("second", 4)):
        source = content / f"{name}.en.md"
        source.write_text("Title: T\n" + "\n" * blank_lines
                          + "![A](images/good.png) ![B](images/bad.png)\n")
        html = ('<p><img alt="A" src="/images/good.png"> '
                '<IMG alt="B" src="/images/bad.png"></p>')
        materials.append((SimpleNamespace(source_path=str(source)), html))
    checked = []
    real_check = specs.check_image
    monkeypatch.setattr(specs, "check_image", lambda path: checked.append(path.name)
                        or real_check(path))
    planner = specs.Planner(load_settings(root / "pelicanconf.py", PATH=str(content)), {})
    problems = ProblemList()
    found = [planner.resolve_images(material, html, problems) for material, html in materials]

    assert sorted(checked) == ["bad.png", "good.png"]
    good = (content / "images/good.png").resolve()
    assert [[(src, Path(file)) for src, file, _sha in images] for images in found] == \
        [[("/images/good.png", good)]] * 2
    assert found[0][0][2] == found[1][0][2] != ""
    errors = problems.as_text().splitlines()
    assert len(errors) == 2, errors
    assert re.match(r".*first\.en\.md:3: error: /images/bad\.png: image cannot be read", errors[0])
    assert re.match(r".*second\.en\.md:6: error: /images/bad\.png: image cannot be read",
                    errors[1])
    assert specs._image_srcs("<p>No picture here, only text about <em>images</em>.</p>") == []


def test_a_material_page_is_written_as_soon_as_its_own_leaflets_are(tmp_path, build,
                                                                    make_content):
    """Leaflets render while Pelican writes pages: each material's page waits for its own
    (it shows their page counts and sizes), not for every leaflet of the site. Rendered
    in the build's own process (`workers: 1`), one job after another, the first page is
    written when only the first material's leaflets exist."""
    from pelican import signals

    content = make_content(tmp_path, "basic")
    cache = tmp_path / "leaflets"
    seen: list[int] = []

    def written(path, context=None) -> None:
        if "/materials/" in path and not seen:
            seen.append(len(list(cache.glob("*/*.pdf"))))

    with signals.content_written.connected_to(written):
        report = build(content, tmp_path / "output",
                       LEAFLETS={"cache_dir": str(cache), "workers": 1})
    pdfs = len(list(cache.glob("*/*.pdf")))
    per_material = 6  # A4 and Letter, in colour, black and white, and as a booklet
    assert report.counts["pages"] > 0 and pdfs > 2 * per_material
    assert seen == [per_material]


def test_a_pdf_removed_from_the_cache_is_rendered_again_though_its_index_names_it(
        tmp_path, build, make_content):
    """The cache keeps the page counts of the last build's PDFs in one index file: a
    shortcut only, so a PDF gone from the cache is rendered again, not taken on trust."""
    content = make_content(tmp_path, "basic")
    cache = tmp_path / "leaflets"
    settings = {"LEAFLETS": {"cache_dir": str(cache), "workers": 1}}
    first = build(content, tmp_path / "one", **settings)
    assert (cache / "index.json").is_file()
    gone = min(cache.glob("*/*.pdf"))
    gone.unlink()
    again = build(content, tmp_path / "two", **settings)
    assert again.stages["leaflets"]["counts"]["rendered"] == 1
    assert gone.is_file()
    assert sorted(p.name for p in (tmp_path / "two" / "leaflets").rglob("*.pdf")) == sorted(
        p.name for p in first.output.joinpath("leaflets").rglob("*.pdf"))
