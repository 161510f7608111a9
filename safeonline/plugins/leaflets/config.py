"""The `LEAFLETS` setting: every key with its type and default, checked once at start.

A typo in pelicanconf.py (`"worker": 4`) is reported by name instead of being
silently ignored, as pelican-plugins/sitemap does for `SITEMAP`.
"""

from __future__ import annotations

from pathlib import Path

from safeonline.core.settings import namespaced

from .model import PAPER

DEFAULTS: dict[str, object] = {
    "formats": ["A4", "LETTER"],  # paper sizes, each a PDF per material
    "output_dir": "leaflets",  # under OUTPUT_PATH: leaflets/<lang>/<slug>-a4.pdf
    "cache_dir": ".cache/leaflets",  # rendered PDFs and thumbnails by input hash
    "workers": 0,  # processes rendering in parallel; 0: one per core
    "body_size": 10.5,  # body type size in points
    "children_body_size": 13,  # body type size for the children's audience
    "large_type_audiences": ["children"],
    "thumbnail_width": 240,  # library thumbnails, in pixels
    # Lay each leaflet out once for all `formats` (layout.Geometry): half the
    # rendering time; A4 then keeps 17.6 mm more white under the footer and
    # Letter 3 mm more at each side, so a long leaflet may take one more
    # page. False: each paper its own layout, filled to its margins.
    "shared_layout": True,
}


class LeafletSettingsError(ValueError):
    """LEAFLETS in pelicanconf.py is wrong; the message names the key."""


def leaflet_settings(settings: dict) -> dict:
    conf = namespaced(settings, "LEAFLETS", DEFAULTS, LeafletSettingsError)
    formats = conf["formats"]
    if not formats or any(f not in PAPER for f in formats):
        raise LeafletSettingsError(
            f"leaflets: LEAFLETS['formats'] must list paper sizes from {', '.join(PAPER)}")
    if not isinstance(conf["workers"], int) or conf["workers"] < 0:
        raise LeafletSettingsError("leaflets: LEAFLETS['workers'] must be 0 or more")
    if not isinstance(conf["shared_layout"], bool):
        raise LeafletSettingsError("leaflets: LEAFLETS['shared_layout'] must be True or False")
    for key in ("body_size", "children_body_size"):
        if not isinstance(conf[key], int | float) or not 6 <= conf[key] <= 30:
            raise LeafletSettingsError(f"leaflets: LEAFLETS[{key!r}] must be 6 to 30 points")
    cache = Path(str(conf["cache_dir"]))
    if not cache.is_absolute():  # relative to the project, not the working directory
        cache = Path(settings.get("PATH", ".")).resolve().parent / cache
    conf["cache_dir"] = str(cache)
    return conf
