"""Pelican's `Key: value` metadata header, parsed with line numbers.

Python-Markdown's meta extension (which Pelican uses) silently turns a broken
header line into body text, and everything after it with it; editors then get
"missing title" far from the real mistake. Parsing the header ourselves, with
the same patterns, lets every message point at the line that is wrong.

We read on past a broken line where Pelican stops: a line such as
`Audience parents` followed by more `Key: value` lines is one mistake, so it
gets one message, and the keys after it are still read and checked. Its key
counts as present (`malformed`), so no rule also says that key is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The same patterns as markdown.extensions.meta, so we agree with Pelican.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")
# The key an editor meant in a line without its colon: `Audience parents`, `Age = 8-10`.
INTENDED_KEY_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z][A-Za-z0-9_-]*)(?=[\s;=.,]|$)")


@dataclass
class Header:
    values: dict[str, str] = field(default_factory=dict)  # lower-case key -> value
    lines: dict[str, int] = field(default_factory=dict)  # lower-case key -> line number
    names: dict[str, str] = field(default_factory=dict)  # lower-case key -> key as written
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    # Lines meant as metadata that are not `Key: value`: (line number, text), in order.
    broken: list[tuple[int, str]] = field(default_factory=list)
    # Lower-case key -> line, for keys given only on a broken line: present, but unreadable.
    malformed: dict[str, int] = field(default_factory=dict)
    body_start: int = 1  # 1-based line number where the body begins

    def line(self, key: str) -> int:
        return self.lines.get(key, self.malformed.get(key, 1))


def _looks_like_header(line: str) -> bool:
    """A body line that an editor probably meant as metadata (`Title Foo`, `Age 8-10`)."""
    word = line.split(" ", 1)[0].rstrip(":;=")
    return bool(word) and word[0].isupper() and word.isalpha() and len(line) < 200


def _header_block(lines: list[str]) -> tuple[int, int]:
    """(first, end): the header is lines[first:end], up to the first blank or `---` line."""
    first = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    end = first
    while end < len(lines) and lines[end].strip() and not END_RE.match(lines[end]):
        end += 1
    return first, end


def _last_key_line(lines: list[str], first: int, end: int) -> int:
    """Index of the block's last `Key: value` line (-1 if none).

    Unreadable lines after it are not a header line gone wrong but the text
    itself, started without the blank line (Pelican reads them as the body).
    """
    for i in range(end - 1, first - 1, -1):
        if META_RE.match(lines[i]):
            return i
    return -1


def parse_header(text: str) -> Header:
    header = Header()
    lines = text.splitlines()
    first, end = _header_block(lines)
    last_key = _last_key_line(lines, first, end)
    key: str | None = None  # the key an indented line continues ("" for a broken line)
    i = first
    while i < end:
        line = lines[i]
        m = META_RE.match(line)
        if m:
            key = m.group("key").lower()
            if key in header.values:
                header.duplicates.append((key, i + 1))
            header.values[key] = m.group("value").strip()
            header.lines[key] = i + 1
            header.names[key] = m.group("key")
        elif key is not None and META_MORE_RE.match(line):
            if key:  # "" continues a broken line: already reported
                header.values[key] += " " + line.strip()
        elif i < last_key:
            # A header line gone wrong, with real header lines after it: report it, read on.
            header.broken.append((i + 1, line))
            intended = INTENDED_KEY_RE.match(line)
            if intended:
                header.malformed.setdefault(intended.group("key").lower(), i + 1)
            key = ""
        else:
            # The text starts here, without the blank line.
            if _looks_like_header(line):
                header.broken.append((i + 1, line))
            header.body_start = i + 1
            return header
        i += 1
    header.body_start = end + 2 if end < len(lines) else end + 1
    return header
