"""Helplines: the directory behind every "Get help" link, from content/data/helplines.toml."""

from .model import Helpline, load_helplines
from .plugin import register

__all__ = ["Helpline", "load_helplines", "register"]
