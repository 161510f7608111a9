"""Index the built site with Pagefind (the bundled binary of PyPI `pagefind[extended]`).

Runs on the staging folder before it is swapped in, so a failed index leaves
the previous site in place. Pagefind splits the index by each page's
`<html lang>`, reads `data-pagefind-body` (what to index) and
`data-pagefind-filter` (the audience filter), and writes its UI assets
(`pagefind-ui.js`, `.css`) next to the index: nothing is fetched from another
host. The extended binary is the one that segments and stems Arabic.

One Pagefind run per language folder (`<lang>/**/*.html`), not one for the
whole site: Pagefind holds the words and positions of every page it indexes
until it writes the index (measured with 1.5.2 on the bench's material pages:
449 MiB for 2,010 pages in one run; 237 MiB for the 1,005 English and 290 MiB
for the 1,005 Arabic pages run on their own), so the peak follows the largest
language, not the whole site.
Every run writes into the same bundle folder: the index, fragment and filter
files are named by language and content hash, the UI assets are the same
bytes each time, and only `pagefind-entry.json` (the list of languages) is
rewritten by each run, so it is merged here. The search page and its URLs do
not change. SEARCH["exclude_selectors"] are left out of every page's text.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from safeonline.core.problems import ProblemList

from .config import SearchSettings, search_settings

SUMMARY_RE = re.compile(r"Indexed (\d+) pages?")
ENTRY = "pagefind-entry.json"


def index_site(site: Path, settings: dict, problems: ProblemList) -> int:
    """Write the index into `site/<bundle_dir>`; return the number of pages indexed."""
    options = search_settings(settings)
    bundle = site / options.bundle_dir
    languages = [lang for lang in settings["LANGUAGES"] if (site / lang).is_dir()]
    entry: dict = {}
    pages = 0
    for lang in languages:
        run_pages = _run_pagefind(site, options, f"{lang}/**/*.html", problems)
        if run_pages is None:
            return 0
        pages += run_pages
        if run_pages and not _merge_entry(entry, bundle / ENTRY, lang, problems):
            return 0
    if pages == 0:
        problems.error("(search)", 0, "Pagefind indexed no pages",
                       "pages to index carry data-pagefind-body in the theme's templates")
        return 0
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                encoding="utf-8")
    return pages


def _run_pagefind(site: Path, options: SearchSettings, glob: str, problems: ProblemList) -> int | None:
    """Index the pages matching `glob`; None when Pagefind could not run (reported)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site),
               "--output-subdir", options.bundle_dir, "--glob", glob]
    for selector in options.exclude_selectors:
        command += ["--exclude-selectors", selector]
    try:
        run = subprocess.run(command, check=False, capture_output=True, text=True,
                             timeout=options.timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        problems.error("(search)", 0, f"Pagefind could not index the site: {exc}",
                       "check that pagefind[extended] is installed (pip install -e .)")
        return None
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
        problems.error("(search)", 0, f"Pagefind failed: {detail[0]}",
                       f"run 'python -m pagefind --site output --glob \"{glob}\"' "
                       "to see the full message")
        return None
    found = SUMMARY_RE.findall(run.stdout)
    return int(found[-1]) if found else 0


def _merge_entry(entry: dict, path: Path, folder: str, problems: ProblemList) -> bool:
    """Add one run's languages to `entry`; False (reported) if a language was seen before.

    A page whose `<html lang>` is not its folder's language would give that
    language two indexes, and the second would hide the first.
    """
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.error("(search)", 0, f"Pagefind wrote no readable {ENTRY}: {exc}",
                       "run 'python -m pagefind --site output' to see what it did")
        return False
    if not entry:
        entry.update(run, languages={})
    for lang, index in run.get("languages", {}).items():
        if lang in entry["languages"]:
            problems.error("(search)", 0, f"pages in '{lang}' are in more than one language "
                           f"folder (found again under {folder}/)",
                           f"give every page under {folder}/ <html lang=\"{folder}\">")
            return False
        entry["languages"][lang] = index
    known = entry.setdefault("include_characters", [])
    known += [c for c in run.get("include_characters", []) if c not in known]
    return True
