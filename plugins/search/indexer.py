"""Index the built site with Pagefind (the bundled binary of PyPI `pagefind[extended]`).

Runs on the staging folder before it is swapped in, so a failed index leaves
the previous site in place. Pagefind splits the index by each page's
`<html lang>`, reads `data-pagefind-body` (what to index) and
`data-pagefind-filter` (the audience filter), and writes its UI assets
(`pagefind-ui.js`, `.css`) next to the index: nothing is fetched from another
host. The extended binary is the one that segments and stems Arabic.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from contract import ProblemList

SUMMARY_RE = re.compile(r"Indexed (\d+) pages?")


def index_site(site: Path, settings: dict, problems: ProblemList) -> int:
    """Write the index into `site/<bundle_dir>`; return the number of pages indexed."""
    options = settings["SEARCH"]
    command = [sys.executable, "-m", "pagefind", "--site", str(site),
               "--output-subdir", options["bundle_dir"]]
    try:
        run = subprocess.run(command, check=False, capture_output=True, text=True,
                             timeout=options.get("timeout", 120))
    except (OSError, subprocess.TimeoutExpired) as exc:
        problems.error("(search)", 0, f"Pagefind could not index the site: {exc}",
                       "check that pagefind[extended] is installed (pip install -e .)")
        return 0
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
        problems.error("(search)", 0, f"Pagefind failed: {detail[0]}",
                       "run 'python -m pagefind --site output' to see the full message")
        return 0
    found = SUMMARY_RE.findall(run.stdout)
    pages = int(found[-1]) if found else 0
    if pages == 0:
        problems.error("(search)", 0, "Pagefind indexed no pages",
                       "pages to index carry data-pagefind-body in the theme's templates")
    return pages
