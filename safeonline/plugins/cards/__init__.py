"""Social cards: a 1200×630 PNG per material and language for og:image, drawn with Pillow."""


def register() -> None:
    """Pelican's entry point. The import is here, not at the top, so that a drawing worker,
    which imports this package to reach `runner`, does not also import Pelican."""
    from .plugin import register as connect_signals

    connect_signals()


__all__ = ["register"]
