"""A build is a pure function of the repository: two clean builds give the same bytes.

Each build is the editor's `invoke build` in its own new process, in its own copy
of the project (so its own output/ and .cache/ folders, at a different path), with
a different hash seed: anything that depends on set or dict-of-set order, on the
time, on the folder the project sits in or on what a cache held shows up as a
differing file.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path


def _files(output: Path) -> dict[str, bytes]:
    """Every file the build writes, the search index included (its filter and meta files
    are put in a fixed order after Pagefind: safeonline/plugins/search/stable.py)."""
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file()}


def test_two_clean_builds_in_two_processes_are_byte_for_byte_the_same(
        tmp_path, project_copy, invoke):
    outputs = []
    for seed in ("1", "2"):
        project = project_copy(tmp_path / f"project-{seed}", "leaflets")
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        run = invoke("build", env={**env, "PYTHONHASHSEED": seed}, project=project)
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith(f"Built {project / 'output'}: materials ar 1, en 3; ")
        assert (project / ".cache" / "leaflets").is_dir()  # its own caches, not ours
        outputs.append(project / "output")
    first, second = (_files(output) for output in outputs)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []
    # What was compared: pages, leaflets and their thumbnails, packs, social cards.
    kinds = Counter(Path(name).suffix for name in first)
    # 4 materials × 2 papers × 3 editions, 4 packs × 2 papers × 2 editions.
    assert kinds[".html"] > 50 and kinds[".pdf"] == 40 and kinds[".png"] > 8
    assert kinds[".pf_meta"] == 2 and kinds[".pf_filter"] >= 2 and kinds[".pf_fragment"] > 8
    assert "leaflets/ar/game-chat-a4-booklet.pdf" in first
    assert "leaflets/en/pack-parents-letter-bw.pdf" in first
    assert {name for name in first if name.startswith("cards/")} == {
        "cards/en/site.png", "cards/ar/site.png", *(
            f"cards/{lang}/materials/{slug}.png" for lang, slug in
            (("en", "game-chat"), ("ar", "game-chat"), ("en", "photo-request"),
             ("en", "awkward-layout")))}
    assert "leaflets/ar/pack-parents-a4.pdf" in first
