"""Latin-script names inside right-to-left text, marked up for screen readers and bidi."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A run of Latin-script words (a service's name such as "Take It Down" in Arabic text).
LATIN_RUN_RE = re.compile(r"[A-Za-z][A-Za-z0-9.'’&-]*(?:[ ]+[A-Za-z0-9][A-Za-z0-9.'’&-]*)*")


def mark_latin(text: str, lang: str, languages: dict, latin_lang: str = "en") -> Markup:
    """Escape `text`; in a right-to-left language, wrap Latin-script runs in
    `<span lang="en" dir="ltr">` so screen readers switch voice and bidi keeps them whole.

    The directory's Arabic texts name services by their English names
    ("Childline", "Take It Down"); WCAG 3.1.2 asks for the language of such parts.
    """
    if languages.get(lang, {}).get("dir") != "rtl":
        return escape(text)
    out, last = [], 0
    for match in LATIN_RUN_RE.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup('<span lang="{}" dir="ltr">{}</span>').format(latin_lang,
                                                                       match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
