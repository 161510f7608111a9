"""Topic pages: `/<lang>/topics/` and `/<lang>/topics/<topic>/`, from `TOPICS` and `Topics:`.

Registered signals (the whole list): `get_generators` adds `TopicPagesGenerator`.
The contract has already checked every `Topics:` line and typed it as
`material.topics`; here the materials are only grouped and listed.
"""

from __future__ import annotations

from pelican import signals

from .generator import TopicPagesGenerator


def get_generators(pelican):
    return TopicPagesGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
