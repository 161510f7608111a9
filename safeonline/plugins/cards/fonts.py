"""Fonts for the cards, from assets/fonts only.

Noto Sans Arabic has no Latin letters, and an Arabic title may hold a Latin
name ("Take It Down"). Pillow draws a line with one font, so for right-to-left
languages the language's font and the Latin one are merged with fontTools
into one file (cached by the fonts' content hash): libraqm then shapes the
Arabic, orders the mixed-direction runs and finds every glyph. A cold build
merges in the render pool from its start (`start_merging`, ~1.5 s of CPU
that used to hold up the pages).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PIL import features

from safeonline.core.files import written_whole
from safeonline.core.render_pool import RenderPool

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


# Merges handed to the render pool when the build starts (`start_merging`), by merged file.
_in_flight: dict[Path, RenderPool] = {}


def _fonts_for(settings: dict, conf, lang: str, weight: str) -> tuple[Path, Path, Path | None]:
    """(the language's font, the Latin font, the merged file, or None if no merge is needed)."""
    info = settings["LANGUAGES"][lang]
    latin = font_file(settings, conf.font, weight)
    own = font_file(settings, info.get("font", conf.font), weight)
    if own == latin:
        return own, latin, None
    merged = Path(conf.cache_dir) / "fonts" / f"{own.stem}+{latin.stem}-{digest(own, latin)}.ttf"
    return own, latin, merged


def merge_fonts(own: str, latin: str, merged: str) -> None:
    """Task: the two fonts as one file (~1.5 s of CPU, fontTools)."""
    from fontTools.merge import Merger, Options

    Path(merged).parent.mkdir(parents=True, exist_ok=True)
    log.info("cards: merging %s and %s (once; cached)", Path(own).name, Path(latin).name)
    font = Merger(options=Options(drop_tables=["vhea", "vmtx"])).merge([own, latin])
    with written_whole(Path(merged)) as tmp:
        font.save(str(tmp))


def start_merging(settings: dict, conf, weight: str = "Bold") -> None:
    """When the build starts: the merges the cache lacks go to the render pool, so they
    are done while Pelican reads the content, not in the way of the pages. A font that
    is missing is left for `card_font` to report."""
    todo = []
    for lang in settings["LANGUAGES"]:
        try:
            own, latin, merged = _fonts_for(settings, conf, lang, weight)
        except CardFontError:
            continue
        if merged is not None and not merged.exists() and merged not in _in_flight:
            todo.append((own, latin, merged))
    if todo and conf.workers != 1:  # 1: everything in the build's process
        pool = RenderPool(2)  # the shared workers: the leaflets will want them anyway
        for own, latin, merged in todo:
            pool.submit(merged, merge_fonts, str(own), str(latin), str(merged))
            _in_flight[merged] = pool


def card_font(settings: dict, conf, lang: str, weight: str = "Bold") -> Path:
    """The font file that draws `lang` (merged with the Latin font when it lacks Latin).

    `conf` is the typed CARDS (config.CardSettings).
    """
    info = settings["LANGUAGES"][lang]
    own, latin, merged = _fonts_for(settings, conf, lang, weight)
    if merged is None:
        return latin
    if info.get("dir") == "rtl" and not features.check("raqm"):
        raise CardFontError(
            "cards: Pillow has no libraqm, so it cannot shape right-to-left text "
            "(install the system package libfribidi0, which Pillow's raqm needs)")
    pending = _in_flight.pop(merged, None)
    if pending is not None and not merged.exists():
        for _ in pending:  # the merge started with the build: wait for it
            pass
    if not merged.exists():  # never started, or it failed: here, so an error shows as such
        merge_fonts(str(own), str(latin), str(merged))
    return merged
