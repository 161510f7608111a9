"""Web fonts split by script, so a page downloads only the glyphs its text can use."""


def register() -> None:
    """Pelican's entry point. The import is here, not at the top, so that a worker
    splitting a font, which imports this package to reach `split`, skips Pelican."""
    from .plugin import register as connect_signals

    connect_signals()


__all__ = ["register"]
