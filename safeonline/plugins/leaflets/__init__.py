"""Printable leaflets (PDF) per material, language and paper size, and audience packs."""


def register() -> None:
    """Pelican's entry point. The import is here, not at the top, so that a render worker,
    which imports this package to reach `runner`, does not also import Pelican."""
    from .plugin import register as connect_signals

    connect_signals()


__all__ = ["register"]
