"""`invoke check` for `TOPICS`: keys become addresses (`/en/topics/<key>/`) and are
written in every language's files, so they must be plain slugs; labels are msgids."""

from __future__ import annotations

import re

from safeonline.core.problems import ProblemList

SETTINGS_FILE = "pelicanconf.py"  # settings carry no line numbers: the file alone
KEY_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def check_site(settings: dict, problems: ProblemList) -> None:
    topics = settings.get("TOPICS")
    if not isinstance(topics, dict) or not topics:
        problems.error(SETTINGS_FILE, None, "TOPICS must be a dict of topic key -> label",
                       "e.g. TOPICS = {\"grooming\": \"Grooming\"}")
        return
    for key, label in topics.items():
        if not isinstance(key, str) or not KEY_RE.fullmatch(key):
            problems.error(SETTINGS_FILE, None, f"TOPICS key {key!r} is not a slug",
                           "use lower-case letters, digits and hyphens, e.g. 'the-law'")
        if not isinstance(label, str) or not label.strip():
            problems.error(SETTINGS_FILE, None, f"TOPICS[{key!r}] must be a label (text)",
                           "e.g. \"The law\"; translate it in the theme's catalogs")
