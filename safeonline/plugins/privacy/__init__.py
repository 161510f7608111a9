"""Privacy and safety: one Content-Security-Policy, CSP-safe audience colours, no third parties."""

from .plugin import register

__all__ = ["register"]
