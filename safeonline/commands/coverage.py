"""`invoke coverage`: the clause matrix straight from the content files, without a build.

A command, not part of the resolution plugin: it runs the content check (the
contract plugin) to read each header exactly as a build would, then hands the
records to the resolution plugin's matrix. Plugins never import each other in a
circle; only a command may use both.
"""

from __future__ import annotations

from pathlib import Path

from safeonline.core.problems import ProblemList
from safeonline.plugins.contract.check import check_file, content_files
from safeonline.plugins.contract.translations import check_translations
from safeonline.plugins.resolution.coverage import Coverage, compute_coverage, from_records


def coverage_from_content(settings: dict) -> tuple[Coverage, ProblemList]:
    """The matrix straight from the content files' headers and `[[ID]]`s (no build).

    Reuses the content check, so a material counts here exactly when the build
    would publish it; the check's problems come back for the caller to show.
    """
    content = Path(settings["PATH"])
    problems = ProblemList(root=content.resolve().parent)
    records = [record for path in content_files(content, settings["ARTICLE_PATHS"])
               if (record := check_file(path, settings, problems, material=True))]
    # Marks each stale translation's record, as the build marks its page.
    check_translations(records, problems, "material", settings.get("DEFAULT_LANG", "en"))
    return compute_coverage(from_records(records, settings), settings), problems
