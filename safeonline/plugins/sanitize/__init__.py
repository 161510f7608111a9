"""Every page's HTML cleaned with nh3 against the `SANITIZE` allowlist."""

from .plugin import register

__all__ = ["register"]
