"""Social cards for sharing: og:image per material and language, and one per site language.

Registered signals (the whole list): `article_generator_finalized` gives every
material a `card` (url, size, alt) and the context `site_cards`, so templates
can write og:image before any image exists; `get_generators` adds
`CardGenerator`, which draws the PNGs into CARDS["output_dir"], reusing
CARDS["cache_dir"] entries whose content hash (text, colour, fonts, logo,
size) has not changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from i18n.catalogs import gettext_for
from pelican import signals
from pelican.generators import Generator
from pipeline.stages import stage

from .draw import CardText, render_card
from .fonts import CardFontError, card_font, digest
from .logo import draw_logo

log = logging.getLogger(__name__)
RENDERER = "cards-1"  # bump when draw.py changes what a card looks like


@dataclass(frozen=True)
class Card:
    url: str
    width: int
    height: int
    alt: str
    text: CardText
    colour: str


def _card(settings: dict, path: str, text: CardText, colour: str) -> Card:
    width, height = settings["CARDS"]["size"]
    alt = f"{text.title} · {text.label} · {text.site_name}" if text.label else text.title
    return Card(url=path, width=width, height=height, alt=alt, text=text, colour=colour)


def plan_cards(generator) -> None:
    settings = generator.settings
    out = settings["CARDS"]["output_dir"]
    cards: list[Card] = []
    for material in generator.articles + generator.translations:
        translate = gettext_for(settings, material.lang)
        audience = settings["AUDIENCES"][material.audience]
        text = CardText(title=material.title, label=translate(audience["label"]),
                        site_name=translate(settings["SITENAME"]), lang=material.lang,
                        direction=settings["LANGUAGES"][material.lang].get("dir", "ltr"))
        material.card = _card(settings, f"{out}/{material.lang}/materials/{material.slug}.png",
                              text, audience["colour"])
        cards.append(material.card)
    site_cards = {}
    for lang, info in settings["LANGUAGES"].items():
        translate = gettext_for(settings, lang)
        text = CardText(title=translate(settings["SITESUBTITLE"]),
                        label=translate(settings["SITENAME"]),
                        site_name=translate(settings["SITENAME"]), lang=lang,
                        direction=info.get("dir", "ltr"))
        site_cards[lang] = _card(settings, f"{out}/{lang}/site.png", text, "#1f5f99")
    generator.context["site_cards"] = site_cards
    generator.context["planned_cards"] = cards + list(site_cards.values())


def _key(card: Card, font: Path, logo: Path) -> str:
    data = json.dumps([RENDERER, asdict(card.text), card.colour, card.width, card.height,
                       digest(font, logo)], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def draw_cards(settings: dict, cards: list[Card], output: Path) -> None:
    cache = Path(settings["CARDS"]["cache_dir"])
    cache.mkdir(parents=True, exist_ok=True)
    logo_svg = Path(settings["ASSETS_PATH"]) / "brand" / "logo.svg"
    logo = None
    made = reused = 0
    for card in cards:
        try:
            font = card_font(settings, card.text.lang)
        except CardFontError as exc:
            log.error("%s", exc)
            return
        cached = cache / f"{_key(card, font, logo_svg)}.png"
        if cached.exists():
            reused += 1
        else:
            logo = logo or draw_logo(logo_svg, 72)
            image = render_card(card.text, size=(card.width, card.height), colour=card.colour,
                                font_path=font, logo=logo)
            tmp = cached.with_suffix(".tmp.png")
            image.save(tmp, optimize=True)
            tmp.replace(cached)
            made += 1
        target = output / card.url
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
    log.info("cards: %d drawn, %d from cache", made, reused)


class CardGenerator(Generator):
    def generate_context(self) -> None:
        """Cards were planned when the materials were read."""

    def generate_output(self, writer) -> None:
        cards = self.context.get("planned_cards", [])
        with stage("cards", items=len(cards)):  # its own line in build timings and the bench
            draw_cards(self.settings, cards, Path(self.output_path))


def get_generators(pelican):
    return CardGenerator


def register() -> None:
    signals.article_generator_finalized.connect(plan_cards)
    signals.get_generators.connect(get_generators)
