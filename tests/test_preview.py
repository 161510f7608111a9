"""An editor previews with `invoke serve`: saving a file reloads the page; a mistake shows
on the page and in the terminal while the last good build stays up.

The preview runs for real (watcher, rebuild through `invoke build` in a new
process, HTTP server on a free port) and Chromium looks at it.
"""

from __future__ import annotations

import json
import re
import sys
import time
import urllib.request
from pathlib import Path

import pytest

MATERIAL = "materials/parents/game-chat.en.md"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(condition, timeout: float = 60.0):
    """Rebuilds take a few seconds on a busy machine; wait for the state, not for a time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("the preview did not get there in time")


@pytest.fixture()
def preview(tmp_path, root, make_content, leaflet_cache, card_cache):
    from safeonline.commands.preview import Preview
    from safeonline.commands.warm_build import WarmBuilder

    content = make_content(tmp_path, "basic")
    output = tmp_path / "output"
    # The session's caches, not the project's: an edit made by an earlier run of these
    # tests would otherwise be found rendered already.
    builder = WarmBuilder(root / "pelicanconf.py", {
        "PATH": str(content), "OUTPUT_PATH": str(output),
        "LEAFLETS": {"cache_dir": str(leaflet_cache)}, "CARDS": {"cache_dir": str(card_cache)}})
    messages: list[str] = []
    server = Preview(output, [content], builder, port=0, report=messages.append)
    server.start()
    yield server, content, output, messages
    server.stop()


def status(server) -> dict:
    return json.loads(fetch(server.url + "__preview/status"))


def test_a_broken_save_keeps_the_last_good_build_and_shows_why(preview, browser):
    from playwright.sync_api import expect

    server, content, output, messages = preview
    assert status(server) == {"build": 1, "ok": True, "problems": ""}
    page_url = server.url + "en/materials/game-chat/"
    html = fetch(page_url)
    assert html.count('<script src="/__preview/live.js" defer></script></body>') == 1
    assert "__preview" not in (output / "en/materials/game-chat/index.html").read_text()
    assert "fetch(\"/__preview/status\"" in fetch(server.url + "__preview/live.js")

    material = content / MATERIAL
    good = material.read_text(encoding="utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_url)
        expect(page.locator("h1")).to_have_text("When a game chat turns private")

        material.write_text(good.replace("Audience: parents", "Audience parents"),
                            encoding="utf-8")
        overlay = page.locator("#preview-errors[role=alert]")
        expect(overlay).to_be_visible(timeout=60_000)
        expect(overlay).to_contain_text("The last change did not build")
        expect(overlay).to_contain_text(
            "content/materials/parents/game-chat.en.md:2: error: header line 'Audience parents'")
        expect(page.locator("h1")).to_have_text("When a game chat turns private")
        page.screenshot(path=str(output.parent / "preview-error.png"))
        assert "game-chat.en.md:2: error" in "\n".join(messages)
        assert "Keeping the last good build" in messages[-1]
        # Reloading by hand still shows the last good page (and the overlay again).
        page.reload()
        expect(page.locator("h1")).to_have_text("When a game chat turns private")
        expect(overlay).to_be_visible()

        material.write_text(good.replace("When a game chat turns private",
                                         "When a game chat goes private"), encoding="utf-8")
        expect(page.locator("h1")).to_have_text("When a game chat goes private",
                                                 timeout=60_000)
        expect(overlay).to_have_count(0)
    finally:
        context.close()
    assert all(url.startswith(server.url) for url in requests), requests


def test_a_burst_of_saves_is_one_rebuild_in_the_same_warm_build_process(preview):
    server, content, output, messages = preview
    builder = server.builder
    first_process = builder.pid
    material = content / MATERIAL
    good = material.read_text(encoding="utf-8")
    for n in range(5):  # an editor's "save all", or a formatter touching the file again
        material.write_text(good.replace("When a game chat turns private",
                                         f"When a game chat turns private ({n})"),
                            encoding="utf-8")
        time.sleep(0.05)
    wait_for(lambda: status(server)["build"] == 2)
    time.sleep(3)  # time enough for a second rebuild to have started and finished
    assert status(server)["build"] == 2
    rebuilt = [m for m in messages if "rebuilt in" in m]
    assert len(rebuilt) == 1, messages
    assert re.fullmatch(r"game-chat\.en\.md changed: rebuilt in \d+\.\d s "
                        r"\(\d+ pages, \d+ leaflets, 1 card\)", rebuilt[0]), rebuilt
    page = (output / "en/materials/game-chat/index.html").read_text(encoding="utf-8")
    assert "When a game chat turns private (4)" in page
    # The same process built both times: nothing was imported or started again.
    assert builder.pid == first_process and builder.starts == 1


def test_with_no_good_build_yet_every_page_explains(tmp_path):
    from safeonline.commands.preview import Preview
    from safeonline.commands.warm_build import Outcome

    server = Preview(tmp_path / "output", [],
                     lambda: Outcome(False, "content/x.md:3: error: <oops>"),
                     port=0, report=lambda message: None)
    server.start()
    try:
        with pytest.raises(urllib.error.HTTPError) as failed:
            fetch(server.url + "en/")
        body = failed.value.read().decode()
        assert failed.value.code == 503
        assert "content/x.md:3: error: &lt;oops&gt;" in body
        assert '<script src="/__preview/live.js" defer></script>' in body
    finally:
        server.stop()


def test_a_browser_dropping_a_connection_prints_no_traceback(tmp_path, capsys, caplog):
    """A reload or a closed tab cuts a reply short: the editor's terminal stays quiet;
    anything else that goes wrong answering is one line, never a traceback."""
    from safeonline.commands.preview import Preview
    from safeonline.commands.warm_build import Outcome

    server = Preview(tmp_path / "output", [], lambda: Outcome(True, ""), port=0,
                     report=lambda message: None).server
    try:
        for error in (ConnectionResetError(104, "Connection reset by peer"),
                      BrokenPipeError(32, "Broken pipe"), ValueError("bad range")):
            try:
                raise error
            except Exception:  # noqa: BLE001 - as socketserver calls it, inside the except
                server.handle_error(None, ("127.0.0.1", 50000))
    finally:
        server.server_close()
    assert capsys.readouterr().err == ""
    assert [r.getMessage() for r in caplog.records] == [
        "preview: bad range while answering 127.0.0.1"]


def test_preview_output_is_the_same_site_as_invoke_build(preview):
    server, _, output, _ = preview
    on_disk = (output / "en/index.html").read_bytes()
    served = fetch(server.url + "en/").encode()
    assert served.replace(b'<script src="/__preview/live.js" defer></script>', b"") == on_disk
    assert Path(output / "en/index.html").is_file()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def served_project(tmp_path, project_copy, root):
    """`invoke serve --port N` for real, in a copy of the project; stopped with Ctrl-C."""
    import signal
    import subprocess

    project = project_copy(tmp_path / "project", "basic")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "invoke", "--search-root", str(project),
                             "serve", "--port", str(port)], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield project, f"http://localhost:{port}/", proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _page_or_none(url: str) -> str | None:
    try:
        return fetch(url)
    except OSError:  # not listening yet, or no good build yet (503)
        return None


def test_invoke_serve_honours_port_and_rebuilds_when_a_watched_file_changes(served_project):
    from safeonline.commands.config import preview_settings
    from safeonline.core.settings import load_settings

    project, url, proc = served_project
    assert wait_for(lambda: _page_or_none(url + "en/"), timeout=180)
    built, serving = proc.stdout.readline(), proc.stdout.readline()
    assert built.startswith(f"Built {project / 'output'}: materials ar 1, en 4; ")
    assert serving == f"Previewing on {url} (Ctrl-C to stop); rebuilding when files change.\n"
    # Not only content/: each folder and file in PREVIEW["watch"] (here the theme).
    assert "themes" in preview_settings(load_settings(project / "pelicanconf.py")).watch
    footer = project / "themes" / "safeonline" / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        '{{ _("No cookies, no tracking.") }}', "Nothing is tracked here."), encoding="utf-8")
    assert wait_for(lambda: "Nothing is tracked here." in (_page_or_none(url + "en/") or ""),
                    timeout=180)
    assert "Nothing is tracked here." in (project / "output" / "en" / "index.html").read_text()


def test_invoke_serve_on_a_busy_port_says_which_to_try(tmp_path, project_copy, invoke):
    import socket

    project = project_copy(tmp_path / "project", "basic")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = invoke("serve", "--port", str(port), project=project, timeout=120)
    assert run.returncode == 1
    assert run.stderr.splitlines()[-1].startswith(f"cannot serve on port {port} (")
    assert run.stderr.splitlines()[-1].endswith(f"): try --port {port + 1}")
