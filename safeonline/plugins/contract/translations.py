"""Across files: one slug per language, translations that agree, and stale translations.

A translation may carry `Translation-Of: en 3f9a0c1b2d4e`: the language of its
source and a hash of the source's title, summary and text when it was
translated (`invoke translate` writes the line). When the source changes, its
hash changes and `invoke check` says which translations to revisit.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from safeonline.core.problems import ProblemList

from .header import Header

AGREE = ("audience", "topics", "clauses", "age")


def source_hash(text: str, header: Header) -> str:
    """Hash of what a translator translates; dates, slugs and whitespace do not count."""
    body = text.splitlines()[header.body_start - 1:]
    parts = [header.values.get("title", ""), header.values.get("summary", ""),
             *(line.rstrip() for line in body)]
    return hashlib.sha256("\n".join(parts).strip().encode("utf-8")).hexdigest()[:12]


def _agree(key: str, value):
    return set(value) if key in ("clauses", "topics") else value


def check_translations(records: list[dict], problems: ProblemList, kind: str,
                       default_lang: str = "en") -> None:
    """Translations are compared with the default language's version (else the first)."""
    by_slug: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for rec in records:
        if "slug" in rec and "lang" in rec:
            by_slug[rec["slug"]][rec["lang"]].append(rec)
    for slug, langs in by_slug.items():
        for lang, recs in langs.items():
            for dup in recs[1:]:
                problems.error(dup["path"], dup["line"]("slug"),
                               f"another {kind} in '{lang}' already has the slug '{slug}' "
                               f"({recs[0]['path'].name})",
                               "give one of them a different 'Slug:'")
        first = [recs[0] for recs in langs.values()]
        for rec in first:
            check_stale(rec, langs, problems)
        if kind != "material":
            continue
        source = langs[default_lang][0] if default_lang in langs else first[0]
        for rec in first:
            for key in AGREE:
                if rec is not source and key in rec and key in source and (
                        _agree(key, rec[key]) != _agree(key, source[key])):
                    problems.error(rec["path"], rec["line"](key),
                                   f"this translation's '{key.capitalize()}' differs from "
                                   f"{source['path'].name}",
                                   f"use the same {key} in every language")


def check_stale(rec: dict, langs: dict[str, list[dict]], problems: ProblemList) -> None:
    if "translation_of" not in rec:
        return
    lang, declared = rec["translation_of"]
    line = rec["line"]("translation-of")
    if lang not in langs:
        problems.error(rec["path"], line, f"there is no '{lang}' material with the slug "
                       f"'{rec['slug']}' to translate from",
                       "fix the 'Slug:' or the language in 'Translation-Of:'")
        return
    source = langs[lang][0]
    if source["source_hash"] != declared:
        problems.warning(rec["path"], line,
                         f"{source['path'].name} has changed since this translation was made",
                         f"bring the translation up to date, then set 'Translation-Of: {lang} "
                         f"{source['source_hash']}'")
