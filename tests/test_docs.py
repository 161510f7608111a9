"""A newcomer reads the README and follows its links into docs/.

The README stays a short front page (the issue asks for at most 10 KB) with
the two quick-start commands CI runs; every link between the Markdown files
lands on a file that exists and, when it names a section, on that heading.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+?)\s*$", re.MULTILINE)


def _prose(path: Path) -> str:
    """The text outside fenced blocks and code spans, where links and headings live."""
    return CODE_SPAN.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))


def _anchor(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_anchor(h) for h in HEADING.findall(_prose(path))}


def test_readme_is_a_short_front_page_with_the_two_quick_start_commands():
    readme = ROOT / "README.md"
    assert readme.stat().st_size <= 10_240
    text = readme.read_text(encoding="utf-8")
    quick_start = text.split("## Quick start\n", 1)[1].split("\n## ", 1)[0]
    assert FENCE.findall(quick_start) == ["```sh\n./run build\n./run test\n```"]
    assert "./run test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_link_between_the_docs_lands_on_a_file_and_heading():
    broken = []
    for path in DOCS:
        for target in LINK.findall(_prose(path)):
            if re.match(r"[a-z]+:", target):
                continue  # another site (https:, mailto:): not ours to check
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            if not dest.is_file():
                broken.append(f"{path.relative_to(ROOT)}: {target}: no file {file_part}")
            elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
                broken.append(f"{path.relative_to(ROOT)}: {target}: no heading #{anchor}")
    assert broken == []


def test_the_docs_index_lists_every_document():
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    listed = set(LINK.findall(index))
    assert {p.name for p in (ROOT / "docs").glob("*.md") if p.name != "index.md"} <= listed
