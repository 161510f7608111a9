"""An educator prints on a black-and-white copier, or folds a booklet.

Every leaflet also comes in black and white (drawn in grays: text 100 %
black, each audience's band its own gray) and as an A5 booklet imposed two-up
on A4 (half-Letter on Letter) that folds into reading order, bound on the
right in Arabic. The `leaflets` fixture has parents' (English and Arabic),
teachers' and children's materials.
"""

from __future__ import annotations

import re
import runpy
import subprocess
from itertools import combinations
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from safeonline.plugins.leaflets.booklet import saddle_order
from safeonline.plugins.leaflets.palette import (
    BOX_TINT,
    MIN_SEPARATION,
    MIN_TEXT_CONTRAST,
    band_grays,
    contrast,
)

A4_LANDSCAPE = (841.89, 595.28)
LETTER_LANDSCAPE = (792.0, 612.0)
MATERIALS = (("en", "game-chat"), ("ar", "game-chat"), ("en", "photo-request"),
             ("en", "awkward-layout"))


@pytest.fixture(scope="module")
def site(tmp_path_factory, build, make_content) -> Path:
    tmp = tmp_path_factory.mktemp("editions")
    build(make_content(tmp, "leaflets"), tmp / "output",
          LEAFLETS={"cache_dir": str(tmp / "cache"), "workers": 2})
    return tmp / "output"


def test_the_four_audiences_get_grays_a_copier_keeps_apart(root):
    audiences = runpy.run_path(str(root / "pelicanconf.py"))["AUDIENCES"]
    grays = band_grays({name: a["colour"] for name, a in audiences.items()})
    assert sorted(grays) == sorted(audiences)
    areas = {**{f"band {a}": g for a, g in grays.items()}, "box": BOX_TINT, "paper": 1.0}
    for (name, level), (other, level2) in combinations(areas.items(), 2):
        assert contrast(level, level2) >= MIN_SEPARATION, (name, other)
    for name, level in areas.items():  # black text on every band, box and the paper
        assert contrast(0.0, level) >= MIN_TEXT_CONTRAST, name
    # The darkest colour gets the darkest gray (parents' blue), the lightest the lightest.
    assert min(grays, key=grays.get) == "parents"


def _fills_when_showing_text(reader: PdfReader) -> tuple[set, set]:
    """(fill colours in force at each text-showing operator, every colour operator
    used), over every page and form of the PDF."""
    streams = [page.get_contents() for page in reader.pages]
    for page in reader.pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                streams.append(ContentStream(xobject, reader))
    text_fills, colour_ops = set(), set()
    for stream in streams:
        fill, saved = ("g", (0.0,)), []
        for operands, op in stream.operations:
            op = op.decode()
            if op == "q":
                saved.append(fill)
            elif op == "Q":
                fill = saved.pop()
            elif op in ("g", "rg", "k", "sc", "scn"):
                fill = (op, tuple(round(float(v), 3) for v in operands))
            if op in ("g", "G", "rg", "RG", "k", "K", "sc", "SC", "scn", "SCN", "cs", "CS"):
                colour_ops.add((op, tuple(round(float(v), 3) if not isinstance(v, str)
                                          else v for v in operands)))
            elif op in ("Tj", "TJ", "'", '"'):
                text_fills.add(fill)
    return text_fills, colour_ops


@pytest.mark.parametrize("lang, slug", MATERIALS)
def test_black_and_white_edition_has_black_text_and_no_colour(site, lang, slug):
    bw = PdfReader(site / f"leaflets/{lang}/{slug}-a4-bw.pdf")
    colour = PdfReader(site / f"leaflets/{lang}/{slug}-a4.pdf")
    assert len(bw.pages) == len(colour.pages)  # the same layout, in grays
    text_fills, colour_ops = _fills_when_showing_text(bw)
    assert text_fills == {("k", (0.0, 0.0, 0.0, 1.0))}  # every word 100 % black, K only
    assert {op for op, _ in colour_ops} <= {"k", "K"}
    assert all(values[:3] == (0, 0, 0) for _, values in colour_ops)  # no C, M or Y
    # The colour leaflet, read the same way, is in colour: the check can fail.
    colour_fills, _ = _fills_when_showing_text(colour)
    assert any(op == "rg" and len(set(v)) > 1 for op, v in colour_fills)
    for page in bw.pages:  # pictures too: the game-chat leaflet has one
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                assert xobject["/ColorSpace"] == "/DeviceGray"


@pytest.mark.poppler
def test_each_audience_band_prints_its_own_gray(site, root, tmp_path):
    audiences = runpy.run_path(str(root / "pelicanconf.py"))["AUDIENCES"]
    grays = band_grays({name: a["colour"] for name, a in audiences.items()})
    seen = {}
    for audience, slug in (("parents", "game-chat"), ("children", "photo-request"),
                           ("teachers", "awkward-layout")):
        out = tmp_path / audience
        subprocess.run(["pdftoppm", "-r", "20", "-gray", "-f", "1", "-l", "1",
                        str(site / f"leaflets/en/{slug}-a4-bw.pdf"), str(out)], check=True)
        pgm = next(tmp_path.glob(f"{audience}*.pgm")).read_bytes()
        width = int(pgm.split()[1])
        header = len(b" ".join(pgm.split()[:4])) + 1
        band_row = pgm[header + 3 * width: header + 4 * width]  # ~4 mm down: in the band
        seen[audience] = band_row[width - 3]  # at the outer edge: no text there
        assert abs(seen[audience] / 255 - grays[audience]) < 0.02, audience
    assert len(set(seen.values())) == 3 and all(v < 250 for v in seen.values())


@pytest.mark.poppler
@pytest.mark.zbar
@pytest.mark.parametrize("name", ["photo-request-a4-bw", "photo-request-letter-bw",
                                  "photo-request-a4-booklet", "photo-request-letter-booklet"])
def test_qr_code_of_each_edition_opens_the_public_page(site, tmp_path, name):
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(site / f"leaflets/en/{name}.pdf"),
                    str(tmp_path / "p")], check=True)
    # zbarimg exits 4 when an image (a page without the help box) holds no code.
    found = subprocess.run(["zbarimg", "-q", "--raw", *map(str, sorted(tmp_path.glob("*.png")))],
                           check=False, capture_output=True, text=True).stdout.split()
    assert found == ["https://safeonline.example.org/en/materials/photo-request/"]


def test_saddle_stitch_order_for_eight_pages():
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_order(8, rtl=True) == [(1, 8), (7, 2), (3, 6), (5, 4)]
    with pytest.raises(ValueError):
        saddle_order(6)


def _half_page_numbers(pdf: Path, sheet: tuple[float, float]) -> list[tuple[int, int]]:
    """The printed page number ("Page 3 of 8") in the left and right half of each side;
    0 for a blank half."""
    width, height = sheet
    sides = []
    for side in range(1, len(PdfReader(pdf).pages) + 1):
        halves = []
        for x in (0, width / 2):
            text = subprocess.run(
                ["pdftotext", "-f", str(side), "-l", str(side), "-x", str(int(x) + 1),
                 "-y", "0", "-W", str(int(width / 2) - 2), "-H", str(int(height)),
                 str(pdf), "-"], check=True, capture_output=True, text=True).stdout
            numbers = re.findall(r"(?:Page|الصفحة)\s*(\d+)\s*(?:of|من)\s*(\d+)",
                                 re.sub(r"[\u200e\u200f\u202a-\u202e]", "", text))
            assert len(numbers) <= 1, text
            halves.append(int(numbers[0][0]) if numbers else 0)
            assert numbers or not text.strip(), f"{pdf.name} side {side}: unnumbered text"
        sides.append(tuple(halves))
    return sides


def _folded(sides: list[tuple[int, int]], rtl: bool) -> list[int]:
    """The pages in the order a reader turns them, once the printed sheets are
    stacked, folded in the middle and opened from the front cover.

    Sheet s's front is side 2s, its back 2s+1 (turned over on its short edge:
    the back of the front's right half is the back's left half). Reading in
    from the cover, each sheet gives its front's outer half (right in a
    left-bound booklet) then the back's half behind it; past the middle, from
    the innermost sheet out, the back's other half then the front's.
    """
    first, second = (0, 1) if rtl else (1, 0)  # index of the half read first on a front
    fronts, backs = sides[0::2], sides[1::2]
    going_in = [p for front, back in zip(fronts, backs, strict=True)
                for p in (front[first], back[second])]
    coming_out = [p for front, back in reversed(list(zip(fronts, backs, strict=True)))
                  for p in (back[first], front[second])]
    return going_in + coming_out


@pytest.mark.poppler
@pytest.mark.parametrize("lang, slug", MATERIALS)
@pytest.mark.parametrize("paper, sheet", [("a4", A4_LANDSCAPE), ("letter", LETTER_LANDSCAPE)])
def test_booklet_folds_into_reading_order(site, lang, slug, paper, sheet, pdf_text):
    pdf = site / f"leaflets/{lang}/{slug}-{paper}-booklet.pdf"
    reader = PdfReader(pdf)
    assert {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in reader.pages} == {sheet}
    sides = _half_page_numbers(pdf, sheet)
    total = 2 * len(sides)
    assert total % 4 == 0
    pages = max(max(side) for side in sides)  # the leaflet's own pages: the rest is blank
    assert total - 4 < pages <= total
    rtl = lang == "ar"
    expected = list(range(1, pages + 1)) + [0] * (total - pages)
    assert _folded(sides, rtl) == expected
    # The front cover is the outer half of the first side: right in English, left in Arabic.
    cover = sides[0][0 if rtl else 1]
    assert cover == 1
    assert pdfinfo_title(pdf) == pdfinfo_title(site / f"leaflets/{lang}/{slug}-a4.pdf")
    assert reader.trailer["/Root"]["/Lang"] == lang


def pdfinfo_title(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return re.search(r"^Title:\s*(.*)$", info, re.MULTILINE).group(1)


def test_library_and_material_pages_offer_every_edition_with_pages_and_size(site, read):
    html = read(site, "en/leaflets/index.html")
    for lang, slug in MATERIALS:
        for paper in ("a4", "letter"):
            for suffix in ("", "-bw", "-booklet"):
                url = f"/leaflets/{lang}/{slug}-{paper}{suffix}.pdf"
                assert (site / url.lstrip("/")).is_file()
                assert f'href="{url}"' in html, url
        page = read(site, f"{lang}/materials/{slug}/index.html")
        links = re.findall(r'href="(/leaflets/[^"]+\.pdf)"', page)
        assert links == [f"/leaflets/{lang}/{slug}-{paper}{suffix}.pdf"
                         for paper in ("a4", "letter") for suffix in ("", "-bw", "-booklet")]
    for pack in ("pack-parents-a4", "pack-parents-letter-bw"):
        assert f'href="/leaflets/en/{pack}.pdf"' in html
    assert "Download black-and-white pack (A4, PDF)" in html
    assert "Download booklet (US Letter, PDF)" in html
    pages = len(PdfReader(site / "leaflets/en/game-chat-a4-booklet.pdf").pages) * 2
    size = round((site / "leaflets/en/game-chat-a4-booklet.pdf").stat().st_size / 1024)
    booklet = re.search(r'href="/leaflets/en/game-chat-a4-booklet\.pdf".*?</small>', html,
                        re.DOTALL).group(0)
    assert f"{pages} pages · {size} kB" in booklet
    assert "flipping on the short edge" in booklet
    material = read(site, "en/materials/game-chat/index.html")
    assert "Download black-and-white leaflet (A4, PDF)" in material
    assert re.search(r"\d+ pages? · \d+ kB", material)
    arabic = read(site, "ar/materials/game-chat/index.html")
    assert "تنزيل الكتيّب" in arabic and "بالأبيض والأسود" in arabic


def test_editions_can_be_turned_off_and_on_again_from_the_cache(tmp_path, site, build,
                                                               make_content):
    content = make_content(tmp_path, "leaflets")
    cache = str(tmp_path / "cache")
    plain = build(content, tmp_path / "plain",
                  LEAFLETS={"cache_dir": cache, "grayscale": False, "booklets": False})
    made = sorted(p.name for p in (tmp_path / "plain/leaflets/en").glob("*.pdf"))
    assert made and not [name for name in made if "-bw" in name or "-booklet" in name]
    assert plain.stages["leaflets"]["counts"] == {"rendered": 16, "cached": 0}
    # Turned on, only the editions are made; the colour leaflets and packs are reused.
    full = build(content, tmp_path / "full", LEAFLETS={"cache_dir": cache})
    assert full.stages["leaflets"]["counts"] == {"rendered": 24, "cached": 16}
    for pdf in sorted((site / "leaflets").rglob("*.pdf")):  # as a build with them from scratch
        assert (tmp_path / "full" / pdf.relative_to(site)).read_bytes() == pdf.read_bytes(), pdf
