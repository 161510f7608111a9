"""Pelican plugins, one concern each; each package's `register()` connects its signals."""
