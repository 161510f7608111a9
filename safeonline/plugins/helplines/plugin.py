"""The helpline directory in the site.

Registered signals (the whole list): `initialized` types HELPLINES (config.py);
`generator_init` puts `helplines` (a list
of `Helpline`, for the help page and the leaflets' help box) into the shared
context; `get_generators` adds `HelpPageGenerator`, which writes `<lang>/help/`, the
deployment's countries (`HELPLINES["countries"]`) first.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.generators import Generator

from safeonline.core.problems import ProblemList
from safeonline.plugins.site_pages.generator import write_in_every_language

from .config import helpline_settings, type_settings
from .countries import INTERNATIONAL, by_country, country_name, language_name
from .latin import mark_latin
from .model import load_helplines

log = logging.getLogger(__name__)


def add_to_context(generator) -> None:
    languages = generator.settings["LANGUAGES"]
    default = generator.settings["DEFAULT_LANG"]
    generator.env.globals.update(helpline_country=country_name, helpline_language=language_name,
                                 HELPLINES_INTERNATIONAL=INTERNATIONAL)
    generator.env.filters["mark_latin"] = lambda text, lang: mark_latin(
        text, lang, languages, default)
    if "helplines" in generator.context:
        return
    problems = ProblemList()
    generator.context["helplines"] = load_helplines(generator.settings, problems)
    for problem in problems.errors:  # `invoke build` has stopped on these already
        log.error("helplines: %s", problem)


class HelpPageGenerator(Generator):
    def generate_context(self) -> None:
        """The data was read at generator_init; nothing else to read."""

    def generate_output(self, writer) -> None:
        countries = helpline_settings(self.settings).countries
        write_in_every_language(
            self, writer, "help/", "help",
            lambda lang: {"helpline_groups": by_country(self.context["helplines"], lang,
                                                        first=countries),
                          "helpline_home": countries})


def get_generators(pelican):
    return HelpPageGenerator


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.generator_init.connect(add_to_context)
    signals.get_generators.connect(get_generators)
