"""`invoke check`: `ORGANISATION` is complete, and content names only its fields."""

from __future__ import annotations

from pathlib import Path

from safeonline.core.problems import ProblemList
from safeonline.plugins.contract.check import content_files

from .config import organisation_settings
from .fields import FIELDS, PLACEHOLDER_RE


def check_site(settings: dict, problems: ProblemList) -> None:
    organisation_settings(settings)  # a mistake stops the check as `pelicanconf.py: error:`
    content = Path(settings["PATH"])
    for path in content_files(content, settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"]):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the contract reports the file as not UTF-8
        for number, line in enumerate(text.splitlines(), 1):
            for match in PLACEHOLDER_RE.finditer(line):
                if match.group(1) not in FIELDS:
                    problems.error(path, number, f"unknown placeholder '{match.group(0)}'",
                                   "use " + ", ".join(f"{{organisation.{f}}}" for f in FIELDS))
