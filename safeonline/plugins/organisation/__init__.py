"""Who publishes the site: `ORGANISATION` named wherever content writes `{organisation.email}`."""

from .plugin import register

__all__ = ["register"]
