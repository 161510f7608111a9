"""The theme's fonts, split by script, with the CSS that names each part.

Registered signals (the whole list): `initialized` types WEBFONTS (config.py)
and hands the fonts the cache lacks to the render pool, to split while Pelican
reads the content; `finalized` writes every font in
`assets/fonts/*.woff2` as one file per script into the theme's `fonts/`, and
`css/fonts.css` with an `@font-face` per file (linked from base.html before
site.css). An English material page then loads Noto Sans's Latin glyphs and
the few Arabic letters of its language switcher, not the whole of each font
(docs/site.md, "Fonts and licences").
"""

from __future__ import annotations

import shutil
import weakref
from pathlib import Path

from pelican import signals

from safeonline.core.problems import BuildFailed, ProblemList
from safeonline.core.render_pool import Failed, RenderPool, pool_size
from safeonline.core.stages import stage

from .config import type_settings, webfont_settings
from .css import font_face
from .split import is_split, split_font

FONTS_PER_WORKER = 2  # a worker costs ~0.4 s to start; a font takes 2-4 s to split


_splitting: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Pelican -> its splits


def start_splitting(pelican) -> None:
    """On `initialized`: the fonts the cache lacks go to the render pool at once, a font
    per task, so they split while Pelican reads the content (a fresh clone: ~20 s of
    CPU for the six bundled fonts, which used to come after everything else)."""
    settings = pelican.settings
    cache = Path(webfont_settings(settings).cache_dir)
    sources = sorted((Path(settings["ASSETS_PATH"]) / "fonts").glob("*.woff2"))
    missing = [source for source in sources if not is_split(source, cache)]
    pool = RenderPool(pool_size(0, len(missing), FONTS_PER_WORKER))
    for source in missing:
        pool.submit(source, split_font, source, cache)
    _splitting[pelican] = pool


def finish_splitting(pool: RenderPool) -> None:
    """Wait for the splits; a font that could not be split is one error naming it."""
    problems = ProblemList()
    for source, result in pool:
        if isinstance(result, Failed):
            problems.error(source, None, f"webfonts: the font could not be split "
                           f"({result.error})", "restore the font file from git",
                           detail=result.traceback)
    if problems.errors:
        raise BuildFailed(problems)


def write_fonts(pelican) -> None:
    settings = pelican.settings
    cache = Path(webfont_settings(settings).cache_dir)
    static = Path(pelican.output_path) / settings["THEME_STATIC_DIR"]
    (static / "fonts").mkdir(parents=True, exist_ok=True)
    sources = sorted((Path(settings["ASSETS_PATH"]) / "fonts").glob("*.woff2"))
    if pelican not in _splitting:  # `initialized` was not sent (a plugin test)
        start_splitting(pelican)
    with stage("webfonts", items=len(sources)):
        finish_splitting(_splitting.pop(pelican))
    rules = []
    for source in sources:
        folder, parts = split_font(source, cache)
        for part in parts:
            shutil.copyfile(folder / part.filename, static / "fonts" / part.filename)
            rules.append(font_face(source.stem, part, f"../fonts/{part.filename}"))
    (static / "css").mkdir(parents=True, exist_ok=True)
    (static / "css" / "fonts.css").write_text(
        "/* Written by the webfonts plugin: one file per font and script. */\n"
        + "".join(rules), encoding="utf-8")


def initialize(pelican) -> None:
    type_settings(pelican)
    start_splitting(pelican)


def register() -> None:
    signals.initialized.connect(initialize)
    signals.finalized.connect(write_fonts)
