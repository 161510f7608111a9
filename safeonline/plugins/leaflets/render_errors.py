"""A leaflet that could not be made, reported as one line naming the material.

A worker's exception text is written for programmers: ReportLab adds a line
naming the object that failed, with its memory address and the absolute path
of the file it read (`identity=[ImageReader@0x7f... filename='/home/...']`).
An editor gets one line instead, with the file named relative to the project
like every other problem; the full traceback travels with the problem as its
`detail`, which `invoke build --debug` prints under the line.
"""

from __future__ import annotations

import re
from pathlib import Path

from safeonline.core.problems import ProblemList

from .runner import RenderError

# ReportLab's annotation of an error in a file it read (reportlab.lib.utils.ImageReader).
IDENTITY_RE = re.compile(r"identity=\[\w+@0x[0-9a-fA-F]+ filename='(?P<path>[^']*)'\]\s*")
ADDRESS_RE = re.compile(r"\s*(?:@| at )0x[0-9a-fA-F]+")
FIX = ("if it names a file, check that the file opens in an image viewer; otherwise "
       "report a bug with what 'invoke build --debug' prints")


def one_line_reason(error: str, root: Path) -> str:
    """`error` on one line, without memory addresses, files named relative to `root`."""

    def named(match: re.Match) -> str:
        path = Path(match["path"])
        if path.is_absolute() and path.is_relative_to(root):
            path = path.relative_to(root)
        return f"{path}: "

    text = IDENTITY_RE.sub(named, error)
    text = ADDRESS_RE.sub("", text)
    return " ".join(text.split())


def report_render_errors(errors: list[RenderError], problems: ProblemList, root: Path) -> None:
    """One error per material whose leaflet (or pack) failed; A4 and Letter say it once."""
    reported: set[tuple[str, str]] = set()
    for error in errors:
        job = error.job
        what = "leaflet" if job.kind == "leaflet" else f"pack {job.output}"
        message = f"{what} could not be made: {one_line_reason(str(error), root)}"
        for spec in job.materials[:1] if job.kind == "leaflet" else job.materials:
            if (spec.source, message) not in reported:
                reported.add((spec.source, message))
                problems.error(spec.source, None, message, FIX, detail=error.traceback)
