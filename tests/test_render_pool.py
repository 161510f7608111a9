"""The render pool leaflets and cards share: fresh workers, one way to report a dead one.

The build holds every parsed page when leaflets and cards are made; a worker
must start fresh (spawned), not as a copy of the build. A worker killed
mid-build (out of memory) is one clear error, never a hang. Helpers here are
module-level so spawned workers can import them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from safeonline.core import render_pool

PARENT_ONLY = "set by the test in the build's process"


def _what_a_worker_sees(n: int) -> tuple[int, str | None]:
    return n * n, getattr(render_pool, "PARENT_STATE", None)


class _KillsItsWorker:
    """Ends the worker process unpickling it, as the kernel's OOM killer would."""

    def __reduce__(self):
        return os._exit, (3,)


def _identity(value):
    return value


def _pid(_n: int) -> int:
    time.sleep(0.1)  # long enough for every worker to get a task
    return os.getpid()


@pytest.fixture(autouse=True)
def _one_build_each():
    """Each test is a build of its own: the shared workers end with it."""
    from safeonline.core import executors

    with executors.one_build():
        yield


@pytest.mark.parametrize("workers", [1, 2])
def test_every_task_comes_back_once_and_workers_start_fresh(monkeypatch, workers):
    from safeonline.core.render_pool import RenderPool

    monkeypatch.setattr(render_pool, "PARENT_STATE", PARENT_ONLY, raising=False)
    with RenderPool(workers) as pool:
        for n in range(6):
            pool.submit(n, _what_a_worker_sees, n)
        results = dict(pool)
    squares = {n: n * n for n in range(6)}
    assert {n: square for n, (square, _) in results.items()} == squares
    seen = {state for _, state in results.values()}
    # In the build's own process (workers=1) the state is there; a spawned worker has none.
    assert seen == ({PARENT_ONLY} if workers == 1 else {None})


def test_a_task_submitted_while_results_arrive_is_waited_for():
    from safeonline.core.render_pool import RenderPool

    with RenderPool(2) as pool:
        pool.submit("first", _identity, 1)
        seen = []
        for tag, result in pool:
            seen.append((tag, result))
            if tag == "first":
                pool.submit("second", _identity, result + 1)
    assert seen == [("first", 1), ("second", 2)]


def test_a_worker_that_dies_is_one_build_error_not_a_hang():
    from safeonline.core.problems import ProblemList
    from safeonline.core.render_pool import Failed, RenderPool, dead_worker_problem

    with RenderPool(2) as pool:
        pool.submit("killer", _identity, _KillsItsWorker())
        for n in range(3):
            pool.submit(n, _identity, n)
        results = dict(pool)
    killed = results["killer"]
    assert isinstance(killed, Failed) and killed.died and "BrokenProcessPool" in killed.error
    problems = ProblemList()
    dead_worker_problem(problems, "leaflets", "LEAFLETS", killed.error, 4)
    assert problems.as_text() == (
        f"(build): error: leaflets: a worker process stopped ({killed.error}); "
        "4 leaflets were not made (build again; if it happens again, set "
        "LEAFLETS['workers'] to 1)")


def test_an_error_in_a_task_is_that_tasks_alone():
    from safeonline.core.render_pool import Failed, RenderPool

    with RenderPool(1) as pool:
        pool.submit("bad", int, "not a number")
        pool.submit("good", int, "7")
        results = dict(pool)
    assert results == {"bad": Failed("ValueError: invalid literal for int() with base 10: "
                                     "'not a number'"), "good": 7}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failed_task_brings_its_traceback_back_as_text(workers):
    """In this process or a spawned worker, the traceback is the one where the task raised."""
    from safeonline.core.render_pool import Failed, RenderPool

    with RenderPool(workers) as pool:
        pool.submit("bad", int, "not a number")
        pool.submit("good", int, "7")
        results = dict(pool)
    failed = results["bad"]
    assert isinstance(failed, Failed) and not failed.died
    lines = failed.traceback.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "in _run_task" in failed.traceback
    assert lines[-1] == "ValueError: invalid literal for int() with base 10: 'not a number'"
    assert results["good"] == 7


def test_the_cache_version_is_the_renderers_code(tmp_path: Path):
    from safeonline.core.render_pool import code_digest

    package = tmp_path / "renderer"
    (package / "shapes").mkdir(parents=True)
    (package / "draw.py").write_text("COLOUR = 'blue'\n")
    (package / "shapes" / "box.py").write_text("WIDTH = 1\n")
    first = code_digest(package)
    assert code_digest(package) == first
    (package / "shapes" / "box.py").write_text("WIDTH = 2\n")  # a module in a subpackage
    assert code_digest(package) != first


def test_the_workers_are_shared_by_batches_and_kept_warm_between_builds():
    from safeonline.core import executors
    from safeonline.core.render_pool import RenderPool

    def worker_pids() -> set[int]:
        with RenderPool(2) as pool:
            for n in range(8):
                pool.submit(n, _pid, n)
            return {pid for _, pid in pool}

    with executors.kept_warm():
        with executors.one_build():  # a preview's first build
            first = worker_pids()
            assert worker_pids() <= first  # leaflets, then cards: the same workers
        with executors.one_build():  # the next save
            assert worker_pids() <= first
            # Warm workers are worth using even for one small task.
            with RenderPool(1) as pool:
                pool.submit("small", _pid, 0)
                assert dict(pool)["small"] in first
    assert os.getpid() not in first and not executors.is_running()  # ended with the preview
    assert worker_pids().isdisjoint(first)  # a cold build starts its own


def test_any_concurrent_futures_executor_can_run_the_tasks():
    from concurrent.futures import ThreadPoolExecutor

    from safeonline.core.render_pool import Failed, RenderPool

    with ThreadPoolExecutor(2) as threads, RenderPool(1, threads) as pool:
        assert not pool.shares_files  # tasks must send their files back
        pool.submit("good", int, "7")
        pool.submit("bad", int, "x")
        results = dict(pool)
    assert results["good"] == 7
    assert isinstance(results["bad"], Failed) and not results["bad"].died


def test_cards_are_rendering_while_pelican_writes_the_pages(tmp_path, make_content, build):
    """A cold build hands the social cards to the workers before the first page is
    written, and takes them back after the last article page. (Leaflets are back
    before it: every material's page lists its PDFs' page counts and sizes.)"""
    from pelican import signals

    from safeonline.core import executors

    out_while_writing: list[int] = []

    def page_written(path, context=None) -> None:
        if "/materials/" in str(path):
            out_while_writing.append(executors.tasks_out())

    content = make_content(tmp_path, "basic")
    with signals.content_written.connected_to(page_written):
        report = build(content, tmp_path / "output",
                       LEAFLETS={"cache_dir": str(tmp_path / "leaflets"), "workers": 2},
                       CARDS={"cache_dir": str(tmp_path / "cards"), "workers": 2})
    assert report.stages["leaflets"]["counts"]["rendered"] > 0
    assert out_while_writing and min(out_while_writing) > 0  # every material page
    assert executors.tasks_out() == 0
    pdfs = sorted((tmp_path / "output" / "leaflets").rglob("*.pdf"))
    assert len(pdfs) == report.stages["leaflets"]["items"]
