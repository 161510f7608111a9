"""Interface translations: gettext catalogs for templates, settings and leaflets."""


def register() -> None:
    """Pelican's entry point. The import is here, not at the top, so that a render worker
    reaching `catalogs` (leaflet strings) does not also import Pelican."""
    from .plugin import register as connect_signals

    connect_signals()


__all__ = ["register"]
