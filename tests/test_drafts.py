"""An editor's draft stays off the site until its `Status: draft` line goes.

The README's own workflow, through the real commands: `invoke new` writes a
draft, `invoke build` succeeds with the draft nowhere in `output/` (no page,
leaflet, card, pack, feed, sitemap entry, coverage count or search hit), the
editor finishes the text and removes the draft line, and the material appears.
"""

from __future__ import annotations

import json
from pathlib import Path

SLUG = "draft-from-invoke-new"
TITLE = "Draft from invoke new"
FINISHED_BODY = """\
Someone your child meets online may ask for secrets. It is never the child's fault [[OP10]].

## What it can look like

- A new friend who asks your child to keep the chat secret.
- Gifts or game credit from someone your child has not met.

## How to talk about it

- "Has anyone online asked you to keep a secret from me?"

## Where to get help

Talk to a child helpline. See [Get help](/en/help/).
"""


def mentions(output: Path, *needles: str) -> list[str]:
    """Files whose path or (text) content names any needle."""
    found = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(output).as_posix()
        text = rel
        if path.suffix in {".html", ".xml", ".atom", ".json", ".csv", ".txt", ".js"}:
            text += path.read_text(encoding="utf-8", errors="replace")
        if any(n in text for n in needles):
            found.append(rel)
    return found


def test_a_draft_from_invoke_new_builds_off_the_site_until_it_is_finished(tmp_path, make_content, invoke):
    content = make_content(tmp_path, "basic")
    output = tmp_path / "output"

    new = invoke("new", "--audience", "parents", "--title", TITLE, "--clauses", "OP10",
                 "--topics", "gaming", "--content", str(content))
    assert new.returncode == 0, new.stderr
    draft = content / "materials" / "parents" / f"{SLUG}.en.md"
    assert "Status: draft" in draft.read_text(encoding="utf-8")
    (content / "pages" / "opening-hours.en.md").write_text(
        "Title: Opening hours draft\nSlug: opening-hours\nSummary: When we answer.\n"
        "Status: draft\n\nNot written yet.\n", encoding="utf-8")

    built = invoke("build", "--content", str(content), "--output", str(output))
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert (output / "en" / "materials" / "game-chat" / "index.html").exists()
    assert mentions(output, SLUG, TITLE, "opening-hours", "Opening hours draft") == []
    assert not (output / "drafts").exists()
    coverage = json.loads((output / "coverage.json").read_text(encoding="utf-8"))
    assert SLUG not in json.dumps(coverage)

    header, _, _ = draft.read_text(encoding="utf-8").partition("\n\n")
    finished = "\n".join(line for line in header.splitlines() if line != "Status: draft")
    draft.write_text(finished.replace("TODO: one sentence saying what the reader learns",
                                      "What to do when someone online asks your child for "
                                      "secrets.") + "\n\n" + FINISHED_BODY, encoding="utf-8")

    rebuilt = invoke("build", "--content", str(content), "--output", str(output))
    assert rebuilt.returncode == 0, rebuilt.stderr
    page = output / "en" / "materials" / SLUG / "index.html"
    assert TITLE in page.read_text(encoding="utf-8")
    assert f"/en/materials/{SLUG}/" in (output / "sitemap.xml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (output / "leaflets" / "en").glob(f"{SLUG}-*.pdf")) == sorted(
        f"{SLUG}-{paper}{edition}.pdf" for paper in ("a4", "letter")
        for edition in ("", "-bw", "-booklet"))
    assert SLUG in (output / "coverage.json").read_text(encoding="utf-8")
