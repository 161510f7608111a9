"""Pelican's `Key: value` metadata header, parsed with line numbers.

Python-Markdown's meta extension (which Pelican uses) silently turns a broken
header line into body text; editors then get "missing title" far from the real
mistake. Parsing the header ourselves, with the same rules, lets every message
point at the line that is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The same patterns as markdown.extensions.meta, so we agree with Pelican.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass
class Header:
    values: dict[str, str] = field(default_factory=dict)  # lower-case key -> value
    lines: dict[str, int] = field(default_factory=dict)  # lower-case key -> line number
    names: dict[str, str] = field(default_factory=dict)  # lower-case key -> key as written
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    # The first line after the header that looks like a header line gone wrong.
    broken_line: tuple[int, str] | None = None
    body_start: int = 1  # 1-based line number where the body begins

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


def _looks_like_header(line: str) -> bool:
    """A body line that an editor probably meant as metadata (`Title Foo`, `Age 8-10`)."""
    word = line.split(" ", 1)[0].rstrip(":;=")
    return bool(word) and word[0].isupper() and word.isalpha() and len(line) < 200


def parse_header(text: str) -> Header:
    header = Header()
    lines = text.splitlines()
    i = 0
    if lines and BEGIN_RE.match(lines[0]):
        i = 1
    key = None
    while i < len(lines):
        line = lines[i]
        if line.strip() == "" or END_RE.match(line):
            i += 1
            break
        m = META_RE.match(line)
        if m:
            key = m.group("key").lower()
            if key in header.values:
                header.duplicates.append((key, i + 1))
            header.values[key] = m.group("value").strip()
            header.lines[key] = i + 1
            header.names[key] = m.group("key")
        elif key and META_MORE_RE.match(line):
            header.values[key] += " " + line.strip()
        else:
            if _looks_like_header(line):
                header.broken_line = (i + 1, line)
            break
        i += 1
    header.body_start = i + 1
    return header
