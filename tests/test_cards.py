"""Social cards: drawn in parallel, the same bytes every time, errors naming the material.

A reader sharing a material sees its card as the preview: it must show the
whole design (band, title, footer) in both languages, and an editor whose
title cannot be drawn must be told which file to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops

LONG_EN = ("What the law says about grooming online, how schools can report it quickly and "
           "safely, and what parents, carers and teachers can do together every single day")
LONG_AR = ("ما يقوله القانون عن الاستدراج عبر الإنترنت وكيف يمكن للمدارس الإبلاغ عنه بسرعة "
           "وأمان إلى السلطات المختصة وما يمكن للآباء والمعلمين فعله معا كل يوم")


@pytest.fixture()
def card_setup(root, card_cache):
    """`card_setup(**cards)`: the project's settings and checked CARDS options."""
    from safeonline.core.settings import load_settings
    from safeonline.plugins.cards.config import card_settings

    def setup(**cards):
        settings = load_settings(root / "pelicanconf.py")
        settings["CARDS"] = {**settings["CARDS"], "cache_dir": str(card_cache), **cards}
        return settings, card_settings(settings)

    return setup


def _text(lang: str, title: str):
    from safeonline.plugins.cards.draw import CardText

    if lang == "ar":
        return CardText(title, "الآباء ومقدمو الرعاية", "منصة النشر الآمن", "ar", "rtl")
    return CardText(title, "Parents and carers", "Safe Online Press", "en", "ltr")


def _jobs(card_setup, count: int) -> list:
    """`count` different cards, alternating English and Arabic, as the build plans them."""
    from safeonline.plugins.cards.fonts import card_font, digest
    from safeonline.plugins.cards.runner import DrawJob, card_key, renderer_version

    settings, conf = card_setup()
    logo = Path(settings["ASSETS_PATH"]) / "brand" / "logo.svg"
    version = renderer_version()
    jobs = []
    for i in range(count):
        lang = "ar" if i % 2 else "en"
        font = card_font(settings, conf, lang)
        text = _text(lang, f"{LONG_AR if lang == 'ar' else LONG_EN} {i}"[i * 7:])
        colour = ["#1f5f99", "#2e7d4f", "#8a4baf", "#a34a1c"][i % 4]
        jobs.append(DrawJob(card_key(version, text, colour, conf.size, digest(font, logo),
                                     conf.compress_level),
                            text, conf.size, colour, str(font)))
    return jobs


def _draw(card_setup, jobs, cache: Path, workers: int):
    """Draw into `cache`; with workers > 1, in the pool even for a few cards."""
    from safeonline.plugins.cards import runner

    settings, conf = card_setup(workers=workers, cache_dir=str(cache))
    per_worker = runner.CARDS_PER_WORKER
    runner.CARDS_PER_WORKER = 1
    try:
        return runner.draw_missing(jobs, conf, Path(settings["ASSETS_PATH"]) / "brand" / "logo.svg")
    finally:
        runner.CARDS_PER_WORKER = per_worker


def test_a_rebuild_from_an_empty_cache_gives_the_same_card_bytes(basic_site, tmp_path, build, make_content, card_cache, root, card_setup):
    content = make_content(tmp_path, "basic")
    cards = {"cache_dir": str(tmp_path / "empty"), "workers": 1}
    build(content, tmp_path / "out", CARDS=cards)
    first = sorted(p.relative_to(basic_site) for p in (basic_site / "cards").rglob("*.png"))
    again = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out" / "cards").rglob("*.png"))
    assert first == again  # every material's card in both languages, and the site cards
    assert {"cards/en/site.png", "cards/ar/site.png"} <= {str(p) for p in first}
    assert any(str(p).startswith("cards/ar/materials/") for p in first)
    for path in first:
        assert (basic_site / path).read_bytes() == (tmp_path / "out" / path).read_bytes(), path


def test_the_pool_draws_the_same_bytes_as_one_process(tmp_path, card_setup):
    jobs = _jobs(card_setup, 12)
    pooled = _draw(card_setup, jobs, tmp_path / "pooled", workers=2)
    alone = _draw(card_setup, jobs, tmp_path / "alone", workers=1)
    assert (pooled.drawn, alone.drawn, pooled.failed, alone.failed) == (12, 12, {}, {})
    from safeonline.core.render_pool import ContentCache

    pooled_cache, alone_cache = ContentCache(tmp_path / "pooled"), ContentCache(tmp_path / "alone")
    for job in jobs:
        assert (pooled_cache.path(job.key, ".png").read_bytes()
                == alone_cache.path(job.key, ".png").read_bytes())
    again = _draw(card_setup, jobs, tmp_path / "pooled", workers=2)
    assert (again.drawn, again.reused) == (0, 12)  # cached: nothing drawn twice
    assert not list((tmp_path / "pooled").rglob("*.part"))


def test_a_worker_is_started_only_for_enough_cards(monkeypatch):
    from safeonline.plugins.cards.runner import pool_size

    monkeypatch.setattr("os.cpu_count", lambda: 64)
    assert pool_size(0, 2) == 1  # an edit rebuild: drawn in the build's process
    assert pool_size(0, 47) == 1 and pool_size(0, 48) == 2
    assert pool_size(0, 2002) == 64 and pool_size(2, 2002) == 2
    assert pool_size(1, 2002) == 1


def test_one_card_failing_in_a_worker_does_not_stop_the_others(tmp_path, card_setup):
    from dataclasses import replace

    jobs = _jobs(card_setup, 10)
    jobs[3] = replace(jobs[3], key="broken", font=str(tmp_path / "no-such-font.ttf"))
    stats = _draw(card_setup, jobs, tmp_path / "cache", workers=2)
    assert stats.drawn == 9
    assert list(stats.failed) == ["broken"] and "OSError" in stats.failed["broken"]


class _KillsItsWorker:
    """A job that ends the worker process unpickling it, as the kernel's OOM killer would."""

    key = "killer"

    def __reduce__(self):
        import os

        return os._exit, (3,)


def test_a_worker_that_dies_is_one_error_not_a_hang(tmp_path, card_setup):
    jobs = _jobs(card_setup, 9)
    stats = _draw(card_setup, [*jobs, _KillsItsWorker()], tmp_path / "cache", workers=2)
    assert stats.died is not None and "BrokenProcessPool" in stats.died
    assert "killer" in stats.failed
    assert stats.drawn + len(stats.failed) == 10


def test_a_card_that_cannot_be_drawn_names_the_material(tmp_path, monkeypatch, build, make_content, card_cache, root, card_setup):
    from safeonline.core.problems import BuildFailed
    from safeonline.plugins.cards.draw import Painter

    content = make_content(tmp_path, "basic")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("previous site")
    render = Painter.render

    def fails_on_one_title(self, card, **kwargs):
        if card.title == "When a game chat turns private":
            raise ValueError("no glyph for this title")
        return render(self, card, **kwargs)

    monkeypatch.setattr(Painter, "render", fails_on_one_title)
    cards = {"cache_dir": str(tmp_path / "cache"), "workers": 1}
    with pytest.raises(BuildFailed) as failed:
        build(content, tmp_path / "output", CARDS=cards)
    assert failed.value.problems.as_text() == (
        "content/materials/parents/game-chat.en.md:1: error: card "
        "cards/en/materials/game-chat.png could not be drawn: "
        "ValueError: no glyph for this title (check the Title line; if it looks right, "
        "report this with 'invoke build --debug')")
    assert (tmp_path / "output" / "index.html").read_text() == "previous site"


def test_a_missing_font_fails_with_a_clear_error(tmp_path, card_cache, root, card_setup):
    from dataclasses import replace

    from safeonline.core.problems import BuildFailed
    from safeonline.plugins.cards.plugin import _card, draw_cards

    settings, conf = card_setup()
    assets = tmp_path / "assets"
    shutil.copytree(Path(settings["ASSETS_PATH"]), assets)
    (assets / "fonts" / "NotoSansArabic-Bold.ttf").unlink()
    settings["ASSETS_PATH"] = str(assets)
    settings["CARDS"] = replace(conf, cache_dir=str(tmp_path / "cache"))  # a typed value
    cards = [_card(conf, "cards/ar/site.png", _text("ar", "عنوان"), "#1f5f99")]
    with pytest.raises(BuildFailed) as failed:
        draw_cards(settings, cards, tmp_path / "out")
    message = failed.value.problems.as_text()
    assert "NotoSansArabic-Bold.ttf:0: error: cards: font " in message
    assert "is missing (fonts come from assets/fonts/) (restore the font file from git)" in message


def _ink(image: Image.Image, box: tuple[int, int, int, int]):
    """Bounding box of anything not white inside `box` (in card coordinates), or None."""
    region = image.crop(box)
    bbox = ImageChops.difference(region, Image.new("RGB", region.size, "white")).getbbox()
    return bbox and (bbox[0] + box[0], bbox[1] + box[1], bbox[2] + box[0], bbox[3] + box[1])


@pytest.mark.parametrize("lang, title", [("en", LONG_EN), ("ar", LONG_AR),
                                         ("en", LONG_EN * 3), ("ar", LONG_AR * 3)])
def test_a_long_title_stays_above_the_footer_and_on_its_side(lang, title, card_cache, root, card_setup):
    from safeonline.plugins.cards.draw import (
        FOOTER,
        FOOTER_GAP,
        MARGIN,
        TITLE_TOP,
        Painter,
        fit_title,
    )
    from safeonline.plugins.cards.logo import draw_logo

    settings, conf = card_setup()
    from safeonline.plugins.cards.fonts import card_font

    font = card_font(settings, conf, lang)
    card = _text(lang, title)
    width, height = conf.size
    image = Painter(draw_logo(Path(settings["ASSETS_PATH"]) / "brand" / "logo.svg", 72)).render(
        card, size=(width, height), colour="#1f5f99", font_path=font)
    footer_top = height - FOOTER
    assert _ink(image, (0, footer_top - FOOTER_GAP, width, footer_top - 1)) is None
    ink = _ink(image, (0, TITLE_TOP - 20, width, footer_top - 1))
    assert ink is not None
    if lang == "ar":  # right-aligned at the margin, as Arabic reads
        assert abs(ink[2] - (width - MARGIN)) <= 6 and ink[0] >= MARGIN - 6
    else:
        assert abs(ink[0] - MARGIN) <= 6 and ink[2] <= width - MARGIN + 6
    _, lines = fit_title(card, str(font), width - 2 * MARGIN,
                         height - FOOTER - FOOTER_GAP - TITLE_TOP, max_lines=4)
    assert 2 <= len(lines) <= 4
    # Too long even at the smallest size: the lines that fit, ending with an ellipsis.
    assert lines[-1].endswith("…") == (len(title) > len(LONG_EN) * 2)


def test_card_settings_are_checked():
    from safeonline.core.settings import SettingsError
    from safeonline.plugins.cards.config import card_settings

    def problem(cards: dict) -> str:
        with pytest.raises(SettingsError) as failed:
            card_settings({"CARDS": cards})
        return failed.value.problems.as_text()

    assert problem({"workers": -1}) == (
        "pelicanconf.py: error: CARDS['workers'] must be 0 (one per core) or more (it is -1) "
        "(workers: processes drawing cards; 0: one per core; 1: in the build's own process, "
        "never a worker)")
    assert problem({"compress_level": 11}).startswith(
        "pelicanconf.py: error: CARDS['compress_level'] must be 0 to 9 (it is 11) (")
    assert problem({"size": [1200]}).startswith(
        "pelicanconf.py: error: CARDS['size'] must be a list of 2 (a whole number, "
        "a whole number), not list [1200] (")
    assert problem({"worker": 2}) == (
        "pelicanconf.py: error: CARDS has no key 'worker' (did you mean 'workers'?)")
