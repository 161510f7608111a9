"""CARDS settings (pelicanconf.py) with their defaults, checked once per build."""

from __future__ import annotations

from pathlib import Path

from safeonline.core.settings import namespaced

DEFAULTS = {
    "output_dir": "cards",
    "cache_dir": ".cache/cards",
    "size": [1200, 630],
    "font": "NotoSans",
    "workers": 0,  # 0: one per core
    # zlib level for the PNGs (see pelicanconf.py for the measured trade-off).
    "compress_level": 3,
}


class CardSettingsError(ValueError):
    """CARDS in the settings is not usable; the message says which key and why."""


def card_settings(settings: dict) -> dict:
    conf = namespaced(settings, "CARDS", DEFAULTS, CardSettingsError)
    if not isinstance(conf["workers"], int) or conf["workers"] < 0:
        raise CardSettingsError("cards: CARDS['workers'] must be 0 (one per core) or more")
    level = conf["compress_level"]
    if not isinstance(level, int) or not 0 <= level <= 9:
        raise CardSettingsError("cards: CARDS['compress_level'] must be 0 to 9 (zlib levels)")
    size = conf["size"]
    if len(size) != 2 or not all(isinstance(v, int) and 200 <= v <= 4000 for v in size):
        raise CardSettingsError("cards: CARDS['size'] must be [width, height] in pixels")
    conf["size"] = (size[0], size[1])
    cache = Path(str(conf["cache_dir"]))
    if not cache.is_absolute():  # relative to the project, not the working directory
        cache = Path(settings.get("PATH", ".")).resolve().parent / cache
    conf["cache_dir"] = str(cache)
    return conf
