"""Two builds of one site at once: `invoke serve` rebuilding while an editor runs `invoke build`.

The second build waits for the first and says so; both succeed, one after the
other. A build that was killed leaves its lock with its process and its staging
folder behind: neither blocks the next build.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from filelock import FileLock


def _build_process(root, content, output) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "invoke", "--search-root", str(root), "build",
                             "--content", str(content), "--output", str(output)],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_build_waits_for_the_first_and_says_for_whom(tmp_path, root, make_content):
    content = make_content(tmp_path, "basic")
    output = tmp_path / "output"
    lock = FileLock(tmp_path / ".output.lock")
    lock.acquire()  # a build that is running: this test, as far as the next build can tell
    (tmp_path / ".output.lock.pid").write_text(f"{os.getpid()}\n")
    waiting = _build_process(root, content, output)
    try:
        message = waiting.stderr.readline()
        assert message == (f"another build of this site is running (pid {os.getpid()}); "
                           "waiting for it…\n")
        time.sleep(0.5)  # it really waits: nothing is built while the lock is held
        assert waiting.poll() is None and not output.exists()
    finally:
        lock.release()
    out, err = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, err
    assert out.startswith(f"Built {output}: materials ar 1, en 4; ")
    assert not (tmp_path / ".output.lock.pid").exists()


def test_two_builds_started_together_both_succeed(tmp_path, root, make_content):
    content = make_content(tmp_path, "basic")
    output = tmp_path / "output"
    first, second = (_build_process(root, content, output) for _ in range(2))
    results = [proc.communicate(timeout=600) for proc in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], results
    assert (output / "en" / "materials" / "game-chat" / "index.html").exists()
    assert not (tmp_path / ".output.staging").exists()


def test_a_killed_builds_leftovers_never_block_the_next(tmp_path, root, make_content, invoke):
    content = make_content(tmp_path, "basic")
    output = tmp_path / "output"
    (tmp_path / ".output.staging" / "en").mkdir(parents=True)  # half a site, left by a kill
    (tmp_path / ".output.staging" / "en" / "index.html").write_text("half")
    (tmp_path / ".output.lock").write_text("")  # its lock file, no longer held by anyone
    (tmp_path / ".output.lock.pid").write_text("999999\n")
    run = invoke("build", "--content", str(content), "--output", str(output))
    assert run.returncode == 0, run.stderr
    assert "waiting" not in run.stderr
    assert (output / "en" / "index.html").read_text() != "half"
    assert not (tmp_path / ".output.staging").exists()
