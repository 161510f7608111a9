"""Safe Online Press: Pelican plugins, leaflet and card renderers, and the build around them.

Layers import one way (pyproject.toml, `[tool.importlinter]`):
`core` (problems, typed settings, clause ids, files, stages) ← `plugins` (one
Pelican plugin per concern, named in PLUGINS by dotted name) ← `commands`
(build, publish, preview, scaffold, progress) ← `bench` ← `tasks.py`.
"""
