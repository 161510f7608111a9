"""Leaflets and cards rendered on a Dask cluster are the files this machine renders.

A real cluster (a `LocalCluster` of two worker processes, sharing this
virtualenv as a cluster's workers must share the `safeonline` package)
renders a small site; its leaflets/ and cards/ are compared byte for byte
with a build on this machine's own workers. The workers send the files back:
the cache is written by the build, here. A scheduler that cannot be reached,
or a missing `distributed` package, is one `pelicanconf.py: error:` line.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest


def _settings_with(tmp_path: Path, name: str, executor: str) -> dict:
    """LEAFLETS and CARDS as pelicanconf.py has them, with a cache of this build's own."""
    from safeonline.core.settings import load_settings

    base = load_settings(Path(__file__).parents[1] / "pelicanconf.py")
    return {key: {**base[key], "cache_dir": str(tmp_path / "caches" / name / key.lower()),
                  "executor": executor} for key in ("LEAFLETS", "CARDS")}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_dask_cluster_renders_the_same_leaflets_and_cards_as_this_machine(
        tmp_path, make_content, build):
    from distributed import LocalCluster

    content = make_content(tmp_path, "basic")
    here = build(content, tmp_path / "here", **_settings_with(tmp_path, "here", ""))
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        there = build(content, tmp_path / "there",
                      **_settings_with(tmp_path, "there", cluster.scheduler_address))
        # Every task the render pool sends is `_run_task(...)` (Dask drops the underscore).
        ran = cluster.scheduler.task_prefixes.get("run_task")
        ran_on_cluster = ran.state_counts["memory"] if ran is not None else 0
    for report in (here, there):  # nothing came from a cache: both rendered everything
        assert report.stages["leaflets"]["counts"]["cached"] == 0
        assert report.stages["cards"]["counts"]["cached"] == 0
    # A task is one leaflet's layout (its papers) or a pack, or a chunk of cards.
    assert ran_on_cluster >= there.stages["leaflets"]["counts"]["rendered"] // 2 + 1
    for folder in ("leaflets", "cards"):
        made_here, made_there = _files(tmp_path / "here" / folder), \
            _files(tmp_path / "there" / folder)
        assert made_here and list(made_here) == list(made_there)
        different = [name for name in made_here if made_here[name] != made_there[name]]
        assert different == [], different
    # The build machine's cache holds what the cluster made, as a local build's does.
    caches = tmp_path / "caches"
    assert _files(caches / "here" / "leaflets") == _files(caches / "there" / "leaflets")
    # (A card's key includes the digest of a font merged per cache, whose file carries
    # its time of making: compare the cached pictures, not their names.)
    assert sorted(p.read_bytes() for p in (caches / "here" / "cards").rglob("*.png")) == \
        sorted(p.read_bytes() for p in (caches / "there" / "cards").rglob("*.png"))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_naming_the_setting(tmp_path, project_copy,
                                                                 invoke):
    project = project_copy(tmp_path / "project", "basic")
    address = f"tcp://127.0.0.1:{_closed_port()}"
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8")
                    + f'\nLEAFLETS = {{**LEAFLETS, "executor": "{address}"}}\n',
                    encoding="utf-8")
    run = invoke("build", project=project, timeout=300)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert (f"pelicanconf.py: error: LEAFLETS['executor']: cannot reach the Dask scheduler "
            f"at {address} (") in run.stderr
    assert not (project / "output").exists()


def test_without_the_distributed_package_the_setting_says_what_to_install(monkeypatch):
    import sys

    from safeonline.core.settings import SettingsError, build
    from safeonline.plugins.leaflets.config import LeafletSettings

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    with pytest.raises(SettingsError) as wrong:
        build(LeafletSettings, {"executor": "tcp://builds.example:8786"})
    assert wrong.value.problems.as_text().startswith(
        "pelicanconf.py: error: LEAFLETS['executor'] needs the optional 'distributed' "
        "package, which is not installed (pip install -e '.[distributed]'")
    with pytest.raises(SettingsError) as wrong:
        build(LeafletSettings, {"executor": "builds.example:8786"})
    assert "must be '' (this machine) or a Dask scheduler address" in \
        wrong.value.problems.as_text()
