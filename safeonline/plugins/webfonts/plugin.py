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

from .config import type_settings, webfont_settings
from .css import font_face
from .split import split_font


def write_fonts(pelican) -> None:
    settings = pelican.settings
    cache = Path(webfont_settings(settings).cache_dir)
    static = Path(pelican.output_path) / settings["THEME_STATIC_DIR"]
    (static / "fonts").mkdir(parents=True, exist_ok=True)
    rules = []
    for source in sorted((Path(settings["ASSETS_PATH"]) / "fonts").glob("*.woff2")):
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
