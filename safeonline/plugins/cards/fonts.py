"""Fonts for the cards, from assets/fonts only.

Noto Sans Arabic has no Latin letters, and an Arabic title may hold a Latin
name ("Take It Down"). Pillow draws a line with one font, so for right-to-left
languages the language's font and the Latin one are merged with fontTools
into one file (cached by the fonts' content hash): libraqm then shapes the
Arabic, orders the mixed-direction runs and finds every glyph.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PIL import features

from safeonline.core.files import written_whole

log = logging.getLogger(__name__)


class CardFontError(RuntimeError):
    """The fonts or text layout needed for a card are not available; `path` names the file."""

    def __init__(self, message: str, path: Path | str = "(build)"):
        super().__init__(message)
        self.path = path


def font_file(settings: dict, family: str, weight: str = "Bold") -> Path:
    path = Path(settings["ASSETS_PATH"]) / "fonts" / f"{family}-{weight}.ttf"
    if not path.exists():
        raise CardFontError(f"cards: font {path} is missing (fonts come from assets/fonts/)",
                            path)
    return path


def digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def card_font(settings: dict, conf, lang: str, weight: str = "Bold") -> Path:
    """The font file that draws `lang` (merged with the Latin font when it lacks Latin).

    `conf` is the typed CARDS (config.CardSettings).
    """
    info = settings["LANGUAGES"][lang]
    latin = font_file(settings, conf.font, weight)
    own = font_file(settings, info.get("font", conf.font), weight)
    if own == latin:
        return latin
    if info.get("dir") == "rtl" and not features.check("raqm"):
        raise CardFontError(
            "cards: Pillow has no libraqm, so it cannot shape right-to-left text "
            "(install the system package libfribidi0, which Pillow's raqm needs)")
    cache = Path(conf.cache_dir) / "fonts"
    merged = cache / f"{own.stem}+{latin.stem}-{digest(own, latin)}.ttf"
    if not merged.exists():
        from fontTools.merge import Merger, Options

        cache.mkdir(parents=True, exist_ok=True)
        log.info("cards: merging %s and %s (once; cached)", own.name, latin.name)
        font = Merger(options=Options(drop_tables=["vhea", "vmtx"])).merge([str(own), str(latin)])
        with written_whole(merged) as tmp:
            font.save(str(tmp))
    return merged
