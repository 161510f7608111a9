"""Drafts: `Status: draft` keeps a material or page off the site entirely."""

from .plugin import register

__all__ = ["register"]
