"""Index the built site with Pagefind, one bundle per part, each cached by its digest.

Runs on the staging folder before it is swapped in, so a failed index leaves
the previous site in place. Pagefind reads `data-pagefind-body` (what to
index) and `data-pagefind-filter` (the audience filter), and writes its UI
assets next to each index: nothing is fetched from another host. The
extended binary (PyPI `pagefind[extended]`) is the one that segments and
stems Arabic. SEARCH["exclude_selectors"] are left out of every page's text.

The site's index is split into parts (parts.py): one per language, or per
language and audience. Each part is its own Pagefind run over a folder of
hard links to just its pages, so Pagefind's memory follows the largest part
(measured with 1.5.2 on the bench's material pages: 449 MiB for 2,010 pages
in one run; 237 MiB for the 1,005 English and 290 MiB for the 1,005 Arabic
pages on their own). A part's bundle is kept in SEARCH["cache_dir"] under the
digest of everything Pagefind reads for it; a build whose part has the same
digest links the kept bundle into the site instead of running Pagefind, and
an edit re-indexes only its part. The bundles are made byte-stable first
(stable.py), so a cached part and a fresh one are the same bytes.

The site gets `<bundle_dir>/<part>/` per part, `<bundle_dir>/parts.json`
(`{"en": ["en"], ...}`: the parts the search page of each language loads and
merges with Pagefind's `mergeIndex`) and the UI's script and style sheet at
`<bundle_dir>/`, where the search page loads them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from safeonline.core.files import place
from safeonline.core.problems import ProblemList

from .config import SearchSettings, search_settings
from .parts import Part, site_parts
from .stable import ENTRY, stabilize

UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
MANIFEST = "parts.json"
HTML_LANG_RE = re.compile(rb'<html[^>]*\blang="([^"]*)"')


@dataclass
class IndexReport:
    pages: int = 0  # pages in the index, all parts
    indexed: int = 0  # parts Pagefind indexed in this build
    cached: int = 0  # parts taken from the cache


def index_site(site: Path, settings: dict, problems: ProblemList) -> IndexReport:
    """Write every part's bundle into `site/<bundle_dir>`; errors go to `problems`."""
    options = search_settings(settings)
    languages = [lang for lang in settings["LANGUAGES"] if (site / lang).is_dir()]
    parts = site_parts(site, languages, options)
    report = IndexReport()
    if not parts:
        problems.error("(search)", 0, "Pagefind indexed no pages",
                       "pages to index carry data-pagefind-body in the theme's templates")
        return report
    cache = Path(options.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    bundle = site / options.bundle_dir
    for part in parts:
        kept = cache / f"{part.name}-{part.digest[:20]}"
        if (kept / ENTRY).is_file():
            report.cached += 1
        elif _index_part(site, part, options, kept, problems):
            report.indexed += 1
        else:
            return report
        report.pages += json.loads((kept / ENTRY).read_text("utf-8"))[
            "languages"][part.lang]["page_count"]
        _link_tree(kept, bundle / part.name)
    for name in UI_FILES:
        place(bundle / parts[0].name / name, bundle / name)
    manifest = {lang: [p.name for p in parts if p.lang == lang] for lang in languages}
    (bundle / MANIFEST).write_text(json.dumps({k: v for k, v in manifest.items() if v},
                                              separators=(",", ":")), encoding="utf-8")
    _prune(cache, {f"{part.name}-{part.digest[:20]}" for part in parts})
    return report


def _index_part(site: Path, part: Part, options: SearchSettings, kept: Path,
                problems: ProblemList) -> bool:
    """Run Pagefind over `part`'s pages alone and keep its bundle as `kept`."""
    work = kept.with_name(f".{kept.name}.{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        for page in part.pages:
            place(site / page, work / "site" / page)
        if not _run_pagefind(work / "site", work / "bundle", options, part, problems):
            return False
        if not _one_language(site, part, work / "bundle", problems):
            return False
        stabilize(work / "bundle")
        try:
            (work / "bundle").rename(kept)
        except OSError:
            # Another build (of another output: a test run beside `invoke build`) kept
            # this part first: the same digest, and the bundle is byte-stable (stable.py).
            if not kept.is_dir():
                raise
        return True
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_pagefind(pages: Path, out: Path, options: SearchSettings, part: Part,
                  problems: ProblemList) -> bool:
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(out)]
    for selector in options.exclude_selectors:
        command += ["--exclude-selectors", selector]
    try:
        run = subprocess.run(command, check=False, capture_output=True, text=True,
                             timeout=options.timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        problems.error("(search)", 0, f"Pagefind could not index the site: {exc}",
                       "check that pagefind[extended] is installed (pip install -e .)")
        return False
    if run.returncode != 0 or not (out / ENTRY).is_file():
        detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
        problems.error("(search)", 0, f"Pagefind failed on the '{part.name}' pages: {detail[0]}",
                       f"run 'python -m pagefind --site output --glob \"{part.lang}/**/*.html\"' "
                       "to see the full message")
        return False
    return True


def _one_language(site: Path, part: Part, out: Path, problems: ProblemList) -> bool:
    """False (reported) unless Pagefind read every page of `part` as the part's language.

    A page whose `<html lang>` is not its folder's would land in another
    language's index, which that language's search page never loads.
    """
    found = set(json.loads((out / ENTRY).read_text("utf-8"))["languages"])
    if found == {part.lang}:
        return True
    for page in part.pages:
        lang = HTML_LANG_RE.search((site / page).read_bytes())
        if not lang or lang.group(1).decode().lower().split("-")[0] != part.lang:
            problems.error(page.as_posix(), 1, f"this page is in the '{part.lang}' folder but "
                           f"its language is '{lang.group(1).decode() if lang else 'not set'}', "
                           "so the search in its language would not find it",
                           f'give every page under {part.lang}/ <html lang="{part.lang}">')
            return False
    problems.error("(search)", 0, f"Pagefind read the '{part.name}' pages as "
                   f"{', '.join(sorted(found))}, not '{part.lang}'",
                   f'give every page under {part.lang}/ <html lang="{part.lang}">')
    return False


def _link_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file():
            place(path, target / path.relative_to(source))


def _prune(cache: Path, current: set[str]) -> None:
    """Drop kept bundles of this site's parts that no part names any more, and the work
    folders of killed builds. The cache is the project's, shared by every build of it
    (other outputs, other content folders: tests, the bench), so a work folder whose
    build still runs is left alone, and so is a bundle made in the last minutes: another
    build may have just kept it and be copying it out."""
    names = {name.rsplit("-", 1)[0] for name in current}
    recent = time.time() - IN_USE
    for entry in cache.iterdir():
        if entry.name.startswith("."):
            stale = not _running(entry.name.rsplit(".", 1)[-1])
        else:
            stale = (entry.name.rsplit("-", 1)[0] in names and entry.name not in current
                     and entry.stat().st_mtime < recent)
        if stale:
            shutil.rmtree(entry, ignore_errors=True)


IN_USE = 10 * 60  # seconds: a bundle this young may be in use by another build


def _running(pid: str) -> bool:
    """Whether the process that named a work folder `.<part>.<pid>` still runs."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
