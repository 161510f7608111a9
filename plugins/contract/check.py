"""`invoke check`: read every content file as text and report what breaks the contract.

Nothing is built: reading headers and scanning bodies is cheap, so the build
runs this first and refuses to start when there is any error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from resolution.clauses import load_resolutions

from .header import parse_header
from .problems import ProblemList
from .rules import MATERIAL_RULES, PAGE_RULES, Context, check_clause_refs, check_header

# Further checks (images, links, HTML) register here: (ctx, text) -> None.
BodyCheck = Callable[[Context, str], None]
BODY_CHECKS: list[BodyCheck] = [check_clause_refs]


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
    ctx.record["line"] = ctx.line
    return ctx.record


def check_translations(records: list[dict], problems: ProblemList, kind: str) -> None:
    by_slug: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for rec in records:
        if "slug" in rec and "lang" in rec:
            by_slug[rec["slug"]][rec["lang"]].append(rec)
    for slug, langs in by_slug.items():
        for lang, recs in langs.items():
            for dup in recs[1:]:
                problems.error(dup["path"], dup["line"]("slug"),
                               f"another {kind} in '{lang}' already has the slug '{slug}' "
                               f"({recs[0]['path']})",
                               "give one of them a different 'Slug:'")
        if kind != "material":
            continue
        first = [recs[0] for recs in langs.values()]
        for rec in first[1:]:
            for key in ("audience", "clauses", "age"):
                if key in rec and key in first[0] and rec[key] != first[0][key]:
                    problems.error(rec["path"], rec["line"](key),
                                   f"this translation's '{key.capitalize()}' differs from "
                                   f"{first[0]['path'].name}",
                                   f"use the same {key} in every language")


def check_content(settings: dict, root: Path | None = None) -> ProblemList:
    content = Path(settings["PATH"])
    problems = ProblemList(root=root or content.resolve().parent)
    materials = [check_file(p, settings, problems, material=True)
                 for p in content_files(content, settings["ARTICLE_PATHS"])]
    pages = [check_file(p, settings, problems, material=False)
             for p in content_files(content, settings["PAGE_PATHS"])]
    check_translations([m for m in materials if m], problems, "material")
    check_translations([p for p in pages if p], problems, "page")
    return problems
