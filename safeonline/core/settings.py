"""Pelican settings for our tasks and tests, read from pelicanconf.py/publishconf.py."""

from __future__ import annotations

from pathlib import Path

from pelican.settings import read_settings


def load_settings(config: str | Path = "pelicanconf.py", **overrides) -> dict:
    """Settings with paths made absolute relative to the config file's folder.

    Tests point `PATH` at a fixture content folder and `OUTPUT_PATH` at a
    temporary one; everything else comes from the config file.
    """
    config = Path(config).resolve()
    settings = read_settings(str(config), override=overrides or None)
    base = config.parent
    for key in ("PATH", "OUTPUT_PATH"):
        path = Path(settings[key])
        settings[key] = str(path if path.is_absolute() else (base / path).resolve())
    return settings


def namespaced(settings: dict, name: str, defaults: dict, error: type[Exception]) -> dict:
    """`settings[name]` (a plugin's settings dict) merged over `defaults`.

    An unknown key is almost always a typo (`worker` for `workers`) that would
    otherwise be ignored silently, so it stops the build, naming the known keys.
    """
    given = dict(settings.get(name) or {})
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise error(f"{name.lower()}: invalid {name!r} key {unknown[0]!r} "
                    f"(known: {', '.join(defaults)})")
    return {**defaults, **given}
