"""Children's English materials: warn when the text reads above the age band.

The grade is textstat's Coleman-Liau index (letters per word, sentences per
100 words). Flesch-Kincaid would need textstat's syllable dictionary, which it
downloads from the internet on first use; a build must never do that. The
limit per band is `CHECKS["reading_grade"]`; texts shorter than
`CHECKS["reading_min_words"]` are skipped because any formula is noise there.

textstat is imported on first use, not with this module: it pulls in NLTK
(a quarter of a second), which a site without English children's materials
never needs.
"""

from __future__ import annotations

import re

from safeonline.core import clause_ids

from .body import masked_body
from .config import check_settings
from .context import Context

MARKUP_RES = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep the text
    (clause_ids.REF_RE, ""),  # clause citations
    (re.compile(r"<[^>]+>"), ""),  # raw HTML tags
    (re.compile(r"^\s*(#+|[-*+]|\d+[.)]|>)\s*"), ""),  # headings, list markers, quotes
    (re.compile(r"[*_`|]"), ""),
]


def plain_sentences(ctx: Context, text: str) -> str:
    """The body as sentences: a heading or list item without a full stop still ends one."""
    out = []
    for line in masked_body(ctx, text):
        for pattern, repl in MARKUP_RES:
            line = pattern.sub(repl, line)
        line = line.strip()
        if line and not re.fullmatch(r"[-:| ]+", line):
            out.append(line if line[-1] in ".!?:;" else line + ".")
    return " ".join(out)


def check_reading_level(ctx: Context, text: str) -> None:
    band = ctx.record.get("age")
    limits = check_settings(ctx.settings)
    if (ctx.record.get("audience") not in ctx.settings.get("AGE_BAND_AUDIENCES", [])
            or ctx.record.get("lang") != "en" or band not in limits.reading_grade):
        return
    import textstat  # see the module docstring

    plain = plain_sentences(ctx, text)
    if textstat.lexicon_count(plain) < limits.reading_min_words:
        return
    grade = textstat.coleman_liau_index(plain)
    limit = limits.reading_grade[band]
    if grade > limit:
        level = f"school grade {grade:.1f}" if grade <= 12 else "adult level (grade 12+)"
        ctx.problems.warning(ctx.path, ctx.header.body_start,
                             f"the text reads at about {level}, above grade {limit:g} "
                             f"for ages {band}",
                             "use shorter sentences and everyday words")
