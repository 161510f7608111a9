"""Social cards for sharing: og:image per material and language, and one per site language.

Registered signals (the whole list): `initialized` types CARDS (config.py),
reaches CARDS["executor"] if one is set and starts merging the cards' fonts;
`article_generator_finalized` gives every
material a `card` (url, size, alt) and the context `site_cards`, so templates
can write og:image before any image exists; `all_generators_finalized` hands
the cards whose CARDS["cache_dir"] entry is missing (named by a content hash
of text, colour, fonts, logo, size, PNG level, drawing code) to the shared
render pool (`runner.py`, core.render_pool), so they draw while Pelican writes
the pages; `get_generators` adds `CardGenerator`, which waits for them and
copies every card into CARDS["output_dir"]. A card that cannot be drawn fails the build naming its
material's file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from safeonline.core.stages import stage
from safeonline.plugins.i18n.catalogs import gettext_for

from .config import CardSettings, card_settings
from .draw import CardText
from .fonts import CardFontError, card_font, digest, start_merging
from .runner import CardDraw, DrawJob, card_key, copy_out, renderer_version

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Card:
    url: str
    width: int
    height: int
    alt: str
    text: CardText
    colour: str
    source: str = ""  # the material's Markdown file, to name it in errors ("" for site cards)


def _card(conf: CardSettings, path: str, text: CardText, colour: str, source: str = "") -> Card:
    width, height = conf.size
    alt = f"{text.title} · {text.label} · {text.site_name}" if text.label else text.title
    return Card(url=path, width=width, height=height, alt=alt, text=text, colour=colour,
                source=source)


def plan_cards(generator) -> None:
    settings = generator.settings
    conf = card_settings(settings)
    out = conf.output_dir
    cards: list[Card] = []
    for material in generator.articles + generator.translations:
        translate = gettext_for(settings, material.lang)
        audience = settings["AUDIENCES"][material.audience]
        text = CardText(title=material.title, label=translate(audience["label"]),
                        site_name=translate(settings["SITENAME"]), lang=material.lang,
                        direction=settings["LANGUAGES"][material.lang].get("dir", "ltr"))
        material.card = _card(conf, f"{out}/{material.lang}/materials/{material.slug}.png",
                              text, audience["colour"], material.source_path)
        cards.append(material.card)
    site_cards = {}
    for lang, info in settings["LANGUAGES"].items():
        translate = gettext_for(settings, lang)
        text = CardText(title=translate(settings["SITESUBTITLE"]),
                        label=translate(settings["SITENAME"]),
                        site_name=translate(settings["SITENAME"]), lang=lang,
                        direction=info.get("dir", "ltr"))
        site_cards[lang] = _card(conf, f"{out}/{lang}/site.png", text, "#1f5f99")
    generator.context["site_cards"] = site_cards
    generator.context["planned_cards"] = cards + list(site_cards.values())


def _title_line(source: str) -> int:
    """The line of the material's Title (only read when its card failed)."""
    from safeonline.plugins.contract.header import parse_header

    try:
        return parse_header(Path(source).read_text(encoding="utf-8")).line("title")
    except OSError:
        return 1


@dataclass
class Submitted:
    """Cards handed to the render pool, with what reporting needs once they are drawn."""

    settings: dict
    cards: list[Card]
    jobs: list[DrawJob]
    draw: CardDraw


def submit_cards(settings: dict, cards: list[Card]) -> Submitted:
    """Key every card and hand the ones the cache lacks to the render pool."""
    # Imported here, not at the top: pool workers import this package, and the
    # content contract (textstat, nltk) would add ~0.4 s to each worker's start.
    from safeonline.core.problems import BuildFailed, ProblemList

    conf = card_settings(settings)
    problems = ProblemList(root=Path(settings["PATH"]).resolve().parent)
    logo_svg = Path(settings["ASSETS_PATH"]) / "brand" / "logo.svg"
    fonts: dict[str, tuple[str, str]] = {}  # lang -> (font file, digest of font and logo)
    for lang in sorted({card.text.lang for card in cards}):
        try:
            font = card_font(settings, conf, lang)
        except CardFontError as exc:
            problems.error(exc.path, 0, str(exc), "restore the font file from git")
            continue
        fonts[lang] = (str(font), digest(font, logo_svg))  # read each file once per build
    if problems.errors:
        raise BuildFailed(problems)
    version = renderer_version()
    jobs = [DrawJob(card_key(version, card.text, card.colour, (card.width, card.height),
                             fonts[card.text.lang][1], conf.compress_level),
                    card.text, (card.width, card.height), card.colour,
                    fonts[card.text.lang][0]) for card in cards]
    return Submitted(settings, cards, jobs, CardDraw(jobs, conf, logo_svg))


def finish_cards(submitted: Submitted, output: Path) -> dict[str, int]:
    """Wait for the cards, copy every card into `output`; raise BuildFailed on errors."""
    from safeonline.core.problems import BuildFailed, ProblemList
    from safeonline.core.render_pool import dead_worker_problem

    settings, cards, jobs = submitted.settings, submitted.cards, submitted.jobs
    conf = card_settings(settings)
    problems = ProblemList(root=Path(settings["PATH"]).resolve().parent)
    stats = submitted.draw.finish()
    if stats.died:  # not the cards' fault: one message, not one per card
        dead_worker_problem(problems, "cards", "CARDS", stats.died, len(stats.failed))
        raise BuildFailed(problems)
    for card, job in zip(cards, jobs, strict=True):
        error = stats.failed.get(job.key)
        if error is None:
            copy_out(Path(conf.cache_dir), job.key, output / card.url)
        elif card.source:
            problems.error(card.source, _title_line(card.source),
                           f"card {card.url} could not be drawn: {error}",
                           "check the Title line; if it looks right, report this with "
                           "'invoke build --debug'")
        else:
            problems.error("(build)", 0, f"site card {card.url} could not be drawn: {error}",
                           "check SITENAME and SITESUBTITLE and their translations")
    if problems.errors:
        raise BuildFailed(problems)
    log.info("cards: %d drawn, %d from cache (%.1f s)", stats.drawn, stats.reused, stats.seconds)
    return {"rendered": stats.drawn, "cached": stats.reused}


def draw_cards(settings: dict, cards: list[Card], output: Path) -> dict[str, int]:
    """Draw what the cache lacks and copy every card into `output`, in one go."""
    return finish_cards(submit_cards(settings, cards), output)


def start_drawing(generators) -> None:
    """On `all_generators_finalized`: the cards go to the render pool now, to draw while
    Pelican writes the pages; CardGenerator collects them."""
    for generator in generators:
        context = generator.context
        if "planned_cards" in context and "cards_submitted" not in context:
            with stage("cards", items=len(context["planned_cards"])):
                context["cards_submitted"] = submit_cards(generator.settings,
                                                          context["planned_cards"])
            return


class CardGenerator(Generator):
    def generate_context(self) -> None:
        """Cards were planned when the materials were read."""

    def generate_output(self, writer) -> None:
        submitted = self.context.get("cards_submitted")
        if submitted is None:  # no materials were read (or the signal never came)
            submitted = submit_cards(self.settings, self.context.get("planned_cards", []))
        with stage("cards") as timing:  # its own line in timings and the bench
            timing.counts.update(finish_cards(submitted, Path(self.output_path)))


def get_generators(pelican):
    return CardGenerator


def type_settings(pelican) -> None:
    """On `initialized`: CARDS typed (and CARDS["executor"] reached) before any work, so a
    typo or a scheduler that is down stops the build at once."""
    from safeonline.core import executors

    conf = card_settings(pelican.settings)
    executors.reach("CARDS", conf.executor)
    start_merging(pelican.settings, conf)


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.article_generator_finalized.connect(plan_cards)
    signals.all_generators_finalized.connect(start_drawing)
    signals.get_generators.connect(get_generators)
