"""Social cards: a 1200×630 PNG per material and language for og:image, drawn with Pillow."""

from .plugin import register

__all__ = ["register"]
