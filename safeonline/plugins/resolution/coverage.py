"""Which materials cite which clause: the one computation behind the coverage page,
the clause pages and `invoke coverage`.

A material "cites" a clause when it lists it in `Clauses:` or references it as
`[[ID]]` in its text (the content check warns when the two disagree). Materials
reach this module as `MaterialRef`s, made either from Pelican's parsed articles
(during a build) or from the content check's records (`invoke coverage`, which
reads headers only and needs no build), so both give the same matrix.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from safeonline.core import clause_ids
from safeonline.core.settings import SettingsError

from .clauses import Clause, Resolution, load_resolutions, plain_text
from .config import coverage_settings

logger = logging.getLogger(__name__)

# What the Markdown extension writes for `[[OP10]]` (see clause_refs.py).
INLINE_REF_RE = re.compile(r'<(?:a|span)\b[^>]*\bclass="clause-ref"[^>]*\bdata-clause="('
                           + clause_ids.ID_PATTERN + ')"')


@dataclass(frozen=True)
class MaterialRef:
    """One language version of one material, as far as coverage is concerned."""

    slug: str
    lang: str
    audience: str
    title: str
    url: str  # site path without a leading slash: `en/materials/game-chat/`
    clauses: tuple[str, ...]  # declared and inline, in first-cited order
    source: str = ""  # content file, relative to the content folder
    stale: str = ""  # a translation older than its original: the original's language


@dataclass
class Coverage:
    """The matrix: clause × audience × language → materials."""

    clauses: list[Clause]  # default-language clauses, operative first
    audiences: list[str]
    languages: list[str]
    priority: list[str]
    materials: list[MaterialRef]
    cells: dict[tuple[str, str, str], list[MaterialRef]] = field(default_factory=dict)

    def cell(self, cid: str, audience: str, lang: str) -> list[MaterialRef]:
        return self.cells.get((cid, audience, lang), [])

    def cell_count(self, cid: str, audience: str) -> int:
        """Distinct materials (any language) for a clause and an audience."""
        return len({m.slug for lang in self.languages for m in self.cell(cid, audience, lang)})

    def row(self, cid: str, lang: str) -> list[MaterialRef]:
        return [m for a in self.audiences for m in self.cell(cid, a, lang)]

    def cell_counts(self, cid: str, audience: str | None = None) -> list[tuple[str, int]]:
        """[(lang, materials)] for the languages that have any: one cell (or a row total)."""
        counts = [(lang, len(self.cell(cid, audience, lang)) if audience
                   else len(self.row(cid, lang))) for lang in self.languages]
        return [(lang, n) for lang, n in counts if n]

    def material_counts(self, audience: str | None = None) -> list[tuple[str, int]]:
        """[(lang, materials)] for every language: an audience's (or all) materials."""
        return [(lang, sum(1 for m in self.materials if m.lang == lang
                           and (audience is None or m.audience == audience)))
                for lang in self.languages]

    def citing(self, cid: str) -> dict[str, list[list[MaterialRef]]]:
        """audience → materials citing `cid`, each as its language versions (clause pages)."""
        grouped: dict[str, list[list[MaterialRef]]] = {}
        for audience in self.audiences:
            by_slug: dict[str, list[MaterialRef]] = {}
            for lang in self.languages:
                for m in self.cell(cid, audience, lang):
                    by_slug.setdefault(m.slug, []).append(m)
            grouped[audience] = [by_slug[s] for s in sorted(by_slug)]
        return grouped

    def audience_materials(self, audience: str, lang: str) -> list[MaterialRef]:
        return [m for m in self.materials if m.audience == audience and m.lang == lang]

    def covered(self, audience: str | None = None) -> list[str]:
        """Clause ids with at least one material (for `audience`, or any audience)."""
        audiences = [audience] if audience else self.audiences
        return [c.id for c in self.clauses
                if any(self.cell(c.id, a, lang) for a in audiences for lang in self.languages)]

    def stale(self) -> list[MaterialRef]:
        """Translations whose original changed after they were made (to bring up to date)."""
        return [m for m in self.materials if m.stale]

    def gaps(self) -> dict[str, list]:
        """What editors should write next (the `invoke coverage` gaps report)."""
        covered = set(self.covered())
        by_slug: dict[str, dict[str, MaterialRef]] = defaultdict(dict)
        for m in self.materials:
            by_slug[m.slug][m.lang] = m
        untranslated = []
        for slug in sorted(by_slug):
            versions = by_slug[slug]
            missing = [lang for lang in self.languages if lang not in versions]
            if missing:
                have = [versions[lang] for lang in self.languages if lang in versions]
                untranslated.append({"slug": slug, "audience": have[0].audience,
                                     "source": have[0].source,
                                     "languages": [m.lang for m in have], "missing": missing})
        return {
            "uncited_clauses": [c.id for c in self.clauses if c.id not in covered],
            "priority_audiences": [
                {"clause": cid, "audience": a}
                for cid in self.priority for a in self.audiences
                if not any(self.cell(cid, a, lang) for lang in self.languages)],
            "untranslated_materials": untranslated,
            "stale_translations": [{"slug": m.slug, "lang": m.lang, "audience": m.audience,
                                    "source": m.source, "original": m.stale}
                                   for m in self.stale()],
        }


def check_priority_clauses(settings: dict) -> None:
    """PRIORITY_CLAUSES must name clauses the resolution has (checked once, at start)."""
    default = load_resolutions(settings)[settings["DEFAULT_LANG"]]
    bad = [c for c in settings.get("PRIORITY_CLAUSES", []) if c not in default.clauses]
    if bad:
        raise SettingsError("pelicanconf.py", f"PRIORITY_CLAUSES names unknown clause(s) "
                            f"{', '.join(bad)}", f"the resolution has {default.describe_ids()}")


def compute_coverage(materials: Iterable[MaterialRef], settings: dict) -> Coverage:
    resolutions = load_resolutions(settings)
    default = resolutions[settings["DEFAULT_LANG"]]
    clauses = sorted(default.clauses.values(), key=lambda c: c.sort_key)
    materials = sorted(materials, key=lambda m: (m.audience, m.slug, m.lang))
    cov = Coverage(clauses=clauses, audiences=list(settings["AUDIENCES"]),
                   languages=list(settings["LANGUAGES"]),
                   priority=[c for c in settings.get("PRIORITY_CLAUSES", [])
                             if c in default.clauses],
                   materials=materials)
    for m in materials:
        for cid in m.clauses:
            if cid in default.clauses:
                cov.cells.setdefault((cid, m.audience, m.lang), []).append(m)
    return cov


def _merge(declared: Iterable[str], inline: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for cid in [*declared, *inline]:
        if cid not in seen:
            seen.append(cid)
    return tuple(seen)


def from_articles(articles: Iterable, content_path: str) -> list[MaterialRef]:
    """MaterialRefs from Pelican's parsed materials (during a build)."""
    root = Path(content_path).resolve()
    refs = []
    for a in articles:
        inline = INLINE_REF_RE.findall(a._content or "")
        try:
            source = str(Path(a.source_path).resolve().relative_to(root))
        except ValueError:
            source = str(a.source_path)
        refs.append(MaterialRef(slug=a.slug, lang=a.lang, audience=a.audience,
                                title=a.title, url=a.url,
                                clauses=_merge(a.clause_ids, inline), source=source,
                                stale=a.stale.lang if getattr(a, "stale", None) else ""))
    return refs


def from_records(records: Iterable[dict], settings: dict) -> list[MaterialRef]:
    """MaterialRefs from the content check's records (no build needed).

    Files with errors in the keys coverage needs, and drafts, are left out: the
    check reports them.
    """
    root = Path(settings["PATH"]).resolve()
    refs = []
    for rec in records:
        if rec.get("status", "published") != "published":
            continue
        if not all(k in rec for k in ("slug", "lang", "audience", "clauses")):
            continue
        fields = {"slug": rec["slug"], "lang": rec["lang"], "audience": rec["audience"],
                  "date": rec.get("date"), "category": rec["audience"]}
        try:
            url = settings["ARTICLE_URL"].format(**fields)
        except (KeyError, IndexError, AttributeError, ValueError):
            url = f"{rec['lang']}/materials/{rec['slug']}/"
        try:
            source = str(Path(rec["path"]).resolve().relative_to(root))
        except ValueError:
            source = str(rec["path"])
        refs.append(MaterialRef(slug=rec["slug"], lang=rec["lang"], audience=rec["audience"],
                                title=rec.get("title", rec["slug"]), url=url,
                                clauses=_merge(rec["clauses"], rec.get("refs", [])),
                                source=source, stale=rec["stale"]["lang"] if "stale" in rec else ""))
    return refs


# ---- exports -------------------------------------------------------------------------

def as_data(cov: Coverage, resolutions: dict[str, Resolution], settings: dict) -> dict:
    """needs.json-like export: every clause with its text per language and its materials."""
    site = settings.get("PUBLIC_SITEURL", "").rstrip("/")
    clause_url = coverage_settings(settings).clause_url
    clauses = []
    for c in cov.clauses:
        clauses.append({
            "id": c.id, "kind": c.kind, "number": c.number, "anchor": c.anchor,
            "priority": c.id in cov.priority,
            "text": {lang: plain_text(resolutions[lang].clauses[c.id].text)
                     for lang in cov.languages},
            "url": {lang: f"{site}/{clause_url.format(lang=lang, anchor=c.anchor)}"
                    for lang in cov.languages},
            "materials": [{"slug": m.slug, "title": m.title, "audience": m.audience,
                           "lang": m.lang, "url": f"{site}/{m.url}", "source": m.source}
                          for a in cov.audiences for lang in cov.languages
                          for m in cov.cell(c.id, a, lang)],
        })
    return {
        "resolution": resolutions[settings["DEFAULT_LANG"]].title,
        "languages": cov.languages,
        "audiences": cov.audiences,
        "priority_clauses": cov.priority,
        "clauses": clauses,
        "totals": {a: {lang: len(cov.audience_materials(a, lang)) for lang in cov.languages}
                   for a in cov.audiences},
        "gaps": cov.gaps(),
    }


def as_json(cov: Coverage, resolutions: dict[str, Resolution], settings: dict, *,
            compact: bool = False) -> str:
    """Indented for a person at a terminal; compact for the published file (it grows
    with every material: about 1 MB per 1,000 materials per language when indented)."""
    data = as_data(cov, resolutions, settings)
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_csv(cov: Coverage) -> str:
    """The matrix, one row per clause, one column per audience and language."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["clause", "kind", "priority",
                     *[f"{a}:{lang}" for a in cov.audiences for lang in cov.languages],
                     *[f"all:{lang}" for lang in cov.languages]])
    for c in cov.clauses:
        writer.writerow([c.id, c.kind, "yes" if c.id in cov.priority else "",
                         *[len(cov.cell(c.id, a, lang))
                           for a in cov.audiences for lang in cov.languages],
                         *[len(cov.row(c.id, lang)) for lang in cov.languages]])
    return buf.getvalue()


def _cell_text(counts: dict[str, int]) -> str:
    shown = [f"{lang} {n}" for lang, n in counts.items() if n]
    return " · ".join(shown) if shown else "—"


def as_text(cov: Coverage, labels: dict[str, str]) -> str:
    """A terminal table, then the gaps: what `invoke coverage` prints."""
    heads = ["Clause", *[labels.get(a, a) for a in cov.audiences], "All"]
    rows = []
    for c in cov.clauses:
        mark = " *" if c.id in cov.priority else ""
        rows.append([c.id + mark,
                     *[_cell_text({lang: len(cov.cell(c.id, a, lang)) for lang in cov.languages})
                       for a in cov.audiences],
                     _cell_text({lang: len(cov.row(c.id, lang)) for lang in cov.languages})])
    rows.append(["Covered", *[f"{len(cov.covered(a))}/{len(cov.clauses)}" for a in cov.audiences],
                 f"{len(cov.covered())}/{len(cov.clauses)}"])
    rows.append(["Materials",
                 *[_cell_text({lang: len(cov.audience_materials(a, lang))
                               for lang in cov.languages}) for a in cov.audiences],
                 _cell_text({lang: sum(1 for m in cov.materials if m.lang == lang)
                             for lang in cov.languages})])
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(heads), line(["-" * w for w in widths])]
    out += [line(r) for r in rows[:-2]]
    out += [line(["-" * w for w in widths]), *[line(r) for r in rows[-2:]]]
    out.append("")
    out.append("Cells: materials per language (— none). "
               f"* priority clause ({', '.join(cov.priority)}).")
    out.append("")
    out += gaps_text(cov, labels)
    return "\n".join(out) + "\n"


def gaps_text(cov: Coverage, labels: dict[str, str]) -> list[str]:
    gaps = cov.gaps()
    out = ["Gaps"]
    uncited = gaps["uncited_clauses"]
    out.append(f"  Clauses no material cites ({len(uncited)}): "
               + (", ".join(uncited) if uncited else "none"))
    missing = gaps["priority_audiences"]
    out.append(f"  Priority clauses without a material for an audience ({len(missing)}):"
               + ("" if missing else " none"))
    for gap in missing:
        out.append(f"    {gap['clause']}: {labels.get(gap['audience'], gap['audience'])}")
    untranslated = gaps["untranslated_materials"]
    out.append(f"  Materials missing a translation ({len(untranslated)}):"
               + ("" if untranslated else " none"))
    for gap in untranslated:
        out.append(f"    {gap['source']}: no {', '.join(gap['missing'])} version "
                   f"(slug '{gap['slug']}')")
    stale = gaps["stale_translations"]
    out.append(f"  Translations older than their original ({len(stale)}):"
               + ("" if stale else " none"))
    for gap in stale:
        out.append(f"    {gap['source']}: the '{gap['original']}' original has changed since "
                   "it was translated")
    return out
