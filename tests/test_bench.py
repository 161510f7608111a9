"""`invoke bench`: a developer measures the build on a synthetic corpus.

The bench itself is exercised end to end on a tiny corpus so it cannot rot;
no assertion is on how long anything took (speed is for the bench to report).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from safeonline.bench.corpus import edit_one, make_corpus
from safeonline.bench.table import EXPECTED_STAGES
from safeonline.core.settings import load_settings
from safeonline.core.stages import StageClock, running, stage
from safeonline.plugins.contract import check_content


@pytest.fixture(scope="session")
def bench_run(tmp_path_factory, root) -> tuple[dict, str]:
    """`invoke bench --materials 4`, run once as a developer would."""
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "figures.json"
    proc = subprocess.run(
        [sys.executable, "-m", "invoke", "bench", "--materials", "4", "--json", str(out)],
        cwd=root, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text(encoding="utf-8")), proc.stdout


def test_corpus_is_seeded_realistic_and_valid(tmp_path, root):
    settings = load_settings(root / "pelicanconf.py")
    one = make_corpus(tmp_path / "one", 8, settings, seed=7)
    two = make_corpus(tmp_path / "two", 8, settings, seed=7)
    files = sorted(p.relative_to(one.content) for p in one.content.rglob("*.md"))
    assert files == sorted(p.relative_to(two.content) for p in two.content.rglob("*.md"))
    assert all((one.content / f).read_bytes() == (two.content / f).read_bytes() for f in files)

    materials = list((one.content / "materials").rglob("*.md"))
    assert one.files == len(materials) == 16
    text = "\n".join(p.read_text(encoding="utf-8") for p in materials)
    for audience in settings["AUDIENCES"]:
        assert f"Audience: {audience}" in text
    for lang in settings["LANGUAGES"]:
        assert f"Lang: {lang}" in text
    for construct in ("\n## ", "\n- ", "\n1. ", "|---|", "![", "[[", "Age: "):
        assert construct in text, construct
    assert "ماذا" in text or "لماذا" in text  # Arabic text, not English in an Arabic file
    assert (one.content / "pages").is_dir() and (one.content / "resolution").is_dir()

    problems = check_content(load_settings(root / "pelicanconf.py", PATH=str(one.content)))
    assert problems.errors == [], problems.as_text()

    before = one.edit_target.read_text(encoding="utf-8")
    edit_one(one)
    assert one.edit_target.read_text(encoding="utf-8").startswith(before)


def test_a_plugin_stage_is_reported_and_taken_out_of_the_phase_it_ran_in():
    clock = StageClock()
    with running(clock):
        clock.open("pages")
        with stage("leaflets", items=3) as timing:
            timing.counts["rendered"] = 2
            sum(range(200_000))
        clock.close("pages")
    assert list(clock.stages) == ["pages", "leaflets"]
    assert clock.stages["leaflets"].items == 3
    assert clock.stages["leaflets"].counts == {"rendered": 2}
    assert clock.stages["leaflets"].seconds > 0
    with stage("outside a build") as timing:  # no clock: nothing recorded, nothing breaks
        pass
    assert "outside a build" not in clock.stages


def test_bench_prints_every_stage_against_plain_pelican(bench_run):
    figures, table = bench_run
    assert "plain Pelican" in table and "Goals" in table
    builds = figures["builds"]
    rows = {line.split("  ")[0]: line for line in table.splitlines()}
    for name, label in EXPECTED_STAGES:  # each stage measured, or said to be absent
        assert label in rows
        assert ("absent" in rows[label]) == (name not in builds["cold"]["stages"])
    assert list(builds) == ["cold", "warm", "edit", "title", "plain"]
    # Nothing changed: the build sees it from its inputs and does nothing else.
    assert list(builds["warm"]["stages"]) == ["unchanged"]
    for name in ("cold", "edit", "title"):
        stages = builds[name]["stages"]
        assert {"check", "read", "pages", "swap"} <= set(stages)
        assert stages["read"]["items"] >= figures["files"] == 4 * len(figures["languages"])
        assert stages["pages"]["items"] <= builds[name]["outputs"][".html"]
        assert builds[name]["memory"]["maxrss_self"] > 0
    assert builds["plain"]["stages"]["pelican"]["items"] > 0
    summary = figures["summary"]
    assert summary["warm_rerendered"] == 0
    # A cold build renders every leaflet and card; the edit re-renders a few of them.
    cold, edit = builds["cold"]["rendered"], builds["edit"]["rendered"]
    assert cold["leaflets"][".pdf"] > 0 and cold["cards"][".png"] > 0
    assert summary["cold_rerendered"] == sum(
        n for cache in cold.values() for suffix, n in cache.items() if suffix in (".pdf", ".png"))
    # A sentence added to one body changes that material's leaflet in A4 and Letter in
    # three editions (colour, black and white, booklet: 6 PDFs) and its audience's pack
    # in A4 and Letter in colour and black and white (4 PDFs), and the colour A4
    # thumbnails of the leaflet and the pack; and the zips that hold the leaflet (its
    # audience's and all leaflets', per paper). Social cards show only the title, so
    # they stay cached. The cache's index of page counts is written again (one .json
    # beside each PDF's own).
    assert edit["leaflets"] == {".pdf": 10, ".png": 2, ".json": 11, ".zip": 4}
    assert "cards" not in edit
    assert summary["edit_rerendered"] == 12 < summary["cold_rerendered"]
    # A body edit renders its own page (and the library's, which show its PDFs'
    # sizes); a title edit every page whose lists show it, and its social card.
    edit_pages = builds["edit"]["stages"]["pages"]["counts"]
    title_pages = builds["title"]["stages"]["pages"]["counts"]
    assert 0 < edit_pages["rendered"] < title_pages["rendered"]
    assert builds["title"]["rendered"]["cards"] == {".png": 1}
    assert set(summary["goals"]) == {"cold", "warm", "edit", "title", "pages", "memory"}
    assert "warm rebuild, nothing changed <= 0.2x" in table
    assert figures["summary"]["page_ratio"] > 0
