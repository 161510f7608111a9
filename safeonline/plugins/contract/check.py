"""`invoke check`: read every content file as text and report what breaks the contract.

Nothing is built: reading headers and scanning bodies is cheap, so the build
runs this first and refuses to start when there is any error.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path

from safeonline.core.problems import ProblemList
from safeonline.core.stages import count
from safeonline.plugins.i18n.check import check_catalogs
from safeonline.plugins.resolution.clauses import ResolutionDataError, load_resolutions

from .check_cache import open_cache
from .header import parse_header
from .html_safety import check_html
from .images import check_image_files, check_images
from .lessons import check_lesson
from .links import check_links
from .placeholders import check_placeholders
from .reading_level import check_reading_level
from .rules import MATERIAL_RULES, PAGE_RULES, Context, check_clause_refs, check_header
from .translations import check_translations, source_hash

# Checks of one file's text, in order: (ctx, text) -> None.
BodyCheck = Callable[[Context, str], None]
BODY_CHECKS: list[BodyCheck] = [check_clause_refs, check_links, check_images, check_html,
                                check_reading_level, check_placeholders, check_lesson]
# Checks of the whole content folder, after every file: (settings, records, problems) -> None.
TreeCheck = Callable[[dict, list[dict], ProblemList], None]
TREE_CHECKS: list[TreeCheck] = [check_image_files]


def content_files(root: Path, sub: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for folder in sub:
        files.extend(p for p in (root / folder).rglob("*.md") if p.is_file())
    return sorted(files)


def _read(path: Path, problems: ProblemList) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.error(path, 1, f"the file is not UTF-8 text ({exc.reason})",
                       "save it as UTF-8 in your editor")
    except OSError as exc:
        problems.error(path, 1, f"cannot read the file ({exc.strerror})", "check permissions")
    return None


def check_file(path: Path, settings: dict, problems: ProblemList, *, material: bool) -> dict:
    """Check one file; return what it declares (for the cross-file checks)."""
    text = _read(path, problems)
    if text is None:
        return {}
    resolutions = load_resolutions(settings)
    default = resolutions[settings.get("DEFAULT_LANG", "en")]
    ctx = Context(path=path, header=parse_header(text), settings=settings,
                  clause_ids=list(default.clauses), id_range=default.describe_ids(),
                  problems=problems, record={"path": path})
    check_header(ctx, MATERIAL_RULES if material else PAGE_RULES)
    for body_check in BODY_CHECKS:
        body_check(ctx, text)
    ctx.derived.clear()  # the record keeps `ctx` (for `line`); not its body scans
    ctx.record["line"] = ctx.line
    ctx.record["source_hash"] = source_hash(text, ctx.header)
    return ctx.record


def check_content(settings: dict, root: Path | None = None) -> ProblemList:
    content = Path(settings["PATH"])
    problems = ProblemList(root=root or content.resolve().parent)
    try:
        load_resolutions(settings)
    except ResolutionDataError as exc:
        # Every clause check needs the data: report it once and stop here.
        problems.error(exc.path, exc.line, exc.message,
                       "restore content/resolution/<lang>.toml (one [[clause]] per paragraph)")
        return problems
    cache = open_cache(settings, problems.root)
    materials = [cache.check(check_file, p, settings, problems, material=True)
                 for p in content_files(content, settings["ARTICLE_PATHS"])]
    pages = [cache.check(check_file, p, settings, problems, material=False)
             for p in content_files(content, settings["PAGE_PATHS"])]
    cache.save()
    count("check", "checked", cache.checked)
    count("check", "reused", cache.reused)
    default = settings.get("DEFAULT_LANG", "en")
    check_translations([m for m in materials if m], problems, "material", default)
    check_translations([p for p in pages if p], problems, "page", default)
    for tree_check in TREE_CHECKS:
        tree_check(settings, materials + pages, problems)
    check_catalogs(settings, problems, root=root)  # interface strings: warnings only
    for site_check in plugin_checks(settings):
        site_check(settings, problems)
    return problems


def plugin_checks(settings: dict) -> list[Callable[[dict, ProblemList], None]]:
    """`check_site(settings, problems)` of every enabled plugin that has a `check` module.

    Checks live with what they check (the helpline directory's in
    safeonline/plugins/helplines/check.py); enabling a plugin in PLUGINS enables its check.
    """
    found = []
    for name in settings.get("PLUGINS", []):
        name = name if isinstance(name, str) else name.__name__
        try:
            spec = importlib.util.find_spec(f"{name}.check")
        except ModuleNotFoundError:
            spec = None
        if spec is None:
            continue
        check = getattr(importlib.import_module(f"{name}.check"), "check_site", None)
        if check is not None:
            found.append(check)
    return found
