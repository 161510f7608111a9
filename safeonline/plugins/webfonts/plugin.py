"""The theme's fonts, split by script, with the CSS that names each part.

Registered signals (the whole list): `initialized` types WEBFONTS (config.py);
`finalized` writes every font in
`assets/fonts/*.woff2` as one file per script into the theme's `fonts/`, and
`css/fonts.css` with an `@font-face` per file (linked from base.html before
site.css). An English material page then loads Noto Sans's Latin glyphs and
the few Arabic letters of its language switcher, not the whole of each font
(docs/site.md, "Fonts and licences").
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pelican import signals

from safeonline.core.problems import BuildFailed, ProblemList
from safeonline.core.render_pool import Failed, RenderPool, pool_size
from safeonline.core.stages import stage

from .config import type_settings, webfont_settings
from .css import font_face
from .split import is_split, split_font

FONTS_PER_WORKER = 2  # a worker costs ~0.4 s to start; a font takes 2-4 s to split


def split_missing(sources: list[Path], cache: Path) -> None:
    """Split the fonts the cache lacks, a font per task, in spawned workers when several
    are missing (a fresh clone: ~20 s of CPU for the six bundled fonts)."""
    missing = [source for source in sources if not is_split(source, cache)]
    problems = ProblemList()
    with RenderPool(pool_size(0, len(missing), FONTS_PER_WORKER)) as pool:
        for source in missing:
            pool.submit(source, split_font, source, cache)
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
    with stage("webfonts", items=len(sources)):
        split_missing(sources, cache)
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


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.finalized.connect(write_fonts)
