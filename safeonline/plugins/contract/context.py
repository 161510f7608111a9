"""What one file's checks share: where the file is, its header, and where to report.

Its own module because every check module takes it, and the rules
(`rules.py`) use the body scans (`body.py`), which take it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from safeonline.core.problems import ProblemList

from .header import Header


@dataclass
class Context:
    path: Path
    header: Header
    settings: dict
    clause_ids: list[str]
    id_range: str
    problems: ProblemList
    record: dict = field(default_factory=dict)
    # What body.py derives from this file's text (masked lines, link targets), kept
    # so the body checks share one scan of the body instead of one scan each.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def line(self, key: str) -> int:
        return self.header.line(key)

    def error(self, key: str, message: str, fix: str = "") -> None:
        self.problems.error(self.path, self.line(key), message, fix)

    def warning(self, key: str, message: str, fix: str = "") -> None:
        self.problems.warning(self.path, self.line(key), message, fix)
