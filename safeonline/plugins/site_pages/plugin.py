"""The site's own pages: home, audience hubs and the resolution, in every language.

Registered signals (the whole list): `article_generator_finalized` and
`page_generator_finalized` collect every material and page across languages
into the shared context; `get_generators` adds `SitePagesGenerator`;
`finalized` copies the bundled fonts and brand files into the theme output;
`generator_init` lets every generator's Jinja environment share the run's
compiled templates (templates.py), so each template is compiled once a build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pelican import signals

from .generator import SitePagesGenerator
from .model import collect_materials, collect_pages
from .templates import share_compiled_templates


def get_generators(pelican):
    return SitePagesGenerator


def copy_assets(pelican) -> None:
    """Brand files and the font licence are shared with leaflets and cards, so they live in assets/.

    The fonts themselves reach the site split by script (the webfonts plugin).
    """
    assets = Path(pelican.settings["ASSETS_PATH"])
    theme_out = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
    for sub, patterns in (("fonts", ("OFL.txt",)), ("brand", ("*.svg", "*.png"))):
        target = theme_out / sub
        target.mkdir(parents=True, exist_ok=True)
        for pattern in patterns:
            for src in sorted((assets / sub).glob(pattern)):
                shutil.copyfile(src, target / src.name)


def register() -> None:
    signals.article_generator_finalized.connect(collect_materials)
    signals.page_generator_finalized.connect(collect_pages)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(copy_assets)
    signals.generator_init.connect(share_compiled_templates)
