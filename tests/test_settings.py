"""Typed settings: a site's editor makes a typo in pelicanconf.py and is told exactly what to fix.

Each namespaced setting (LEAFLETS, CARDS, ...) is declared once, in the plugin
that reads it; the build types it once and every reader gets the same frozen
value. The two CLI tests run the real `invoke build` on a copy of the project
whose pelicanconf.py has the mistake.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _project_with(root: Path, tmp_path: Path, replace: str, by: str) -> Path:
    """The project `root` in `tmp_path`, its pelicanconf.py edited as an editor would."""
    project = tmp_path / "project"
    project.mkdir()
    conf = (root / "pelicanconf.py").read_text(encoding="utf-8")
    assert replace in conf
    (project / "pelicanconf.py").write_text(conf.replace(replace, by), encoding="utf-8")
    (project / "tasks.py").write_text((root / "tasks.py").read_text(encoding="utf-8"))
    for folder in ("themes", "assets", "scaffolds"):
        (project / folder).symlink_to(root / folder)
    return project


def _build(project: Path, content: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "--search-root", str(project), "build",
         "--content", str(content), "--output", str(output)],
        capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize("replace, by, message", [
    ('LEAFLETS = {"cache_dir"', 'LEAFLETS = {"worker": 2, "cache_dir"',
     "pelicanconf.py: error: LEAFLETS has no key 'worker' (did you mean 'workers'?)"),
    ('CARDS = {"cache_dir"', 'CARDS = {"workers": "2", "cache_dir"',
     ("pelicanconf.py: error: CARDS['workers'] must be a whole number, not str '2' "
      "(workers: processes drawing cards; 0: one per core; 1: in the build's own "
      "process, never a worker)")),
], ids=["unknown key", "wrong type"])
def test_a_settings_mistake_stops_the_build_naming_the_key(tmp_path, replace, by, message,
                                                           root, make_content):
    project = _project_with(root, tmp_path, replace, by)
    content = make_content(tmp_path, "basic")
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site")
    run = _build(project, content, output)
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == message
    assert "Traceback" not in run.stderr + run.stdout
    assert f"Build failed: 1 error(s); {output} was left as it was." in run.stderr
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text() == "previous site"


def test_every_reader_gets_one_typed_value_with_the_declared_defaults(root):
    from safeonline.core.settings import load_settings
    from safeonline.plugins.leaflets.config import LeafletSettings, leaflet_settings

    settings = load_settings(root / "pelicanconf.py")
    conf = leaflet_settings(settings)
    assert isinstance(conf, LeafletSettings)
    assert leaflet_settings(settings) is conf  # built once, kept in the settings mapping
    assert settings["LEAFLETS"] is conf
    assert conf.formats == ("A4", "LETTER")  # lists in pelicanconf.py become tuples
    assert (conf.body_size, conf.children_body_size, conf.workers) == (10.5, 13.0, 0)
    assert conf.cache_dir == str(root / ".cache" / "leaflets")  # the site's own choice
    with pytest.raises(AttributeError):
        conf.workers = 4  # frozen: no reader can change it under another


def test_a_relative_cache_folder_is_the_projects_and_a_missing_setting_takes_the_defaults():
    from safeonline.plugins.cards.config import card_settings
    from safeonline.plugins.resolution.config import coverage_settings

    settings = {"PATH": "/srv/site/content", "CARDS": {"cache_dir": ".cache/cards"}}
    assert card_settings(settings).cache_dir == "/srv/site/.cache/cards"
    assert coverage_settings(settings).clause_url == "{lang}/resolution/{anchor}/"


@pytest.mark.parametrize("given, message", [
    ({"LEAFLETS": ["A4"]},
     ("pelicanconf.py: error: LEAFLETS must be a dict, not list "
      "(write LEAFLETS = {'key': value, ...})")),
    ({"LEAFLETS": {"formats": ["A5"]}},
     ("pelicanconf.py: error: LEAFLETS['formats'] must list paper sizes from A4, LETTER "
      "(it is ['A5']) (formats: paper sizes, each a PDF per material)")),
    ({"LEAFLETS": {"shared_layout": "yes"}},
     "pelicanconf.py: error: LEAFLETS['shared_layout'] must be True or False, not str 'yes'"),
    ({"LEAFLETS": {"colour": "red"}},
     ("pelicanconf.py: error: LEAFLETS has no key 'colour' (LEAFLETS has 'formats', "
      "'output_dir', 'cache_dir', 'workers', 'executor', 'body_size', 'children_body_size', "
      "'body_floor', 'children_body_floor', 'large_type_audiences', 'thumbnail_width', "
      "'shared_layout', 'grayscale', 'booklets')")),
    ({"PUBLISH": {"keep": 0}},
     ("publishconf.py: error: PUBLISH['keep'] must be 1 or more (it is 0) "
      "(keep: releases kept on the host, the live one and the one `invoke rollback` "
      "returns to always among them)")),
])
def test_each_mistake_says_what_was_expected(given, message):
    from safeonline.commands.config import publish_settings
    from safeonline.core.settings import SettingsError
    from safeonline.plugins.leaflets.config import leaflet_settings

    read = publish_settings if "PUBLISH" in given else leaflet_settings
    with pytest.raises(SettingsError) as failed:
        read(given)
    assert failed.value.problems.as_text().startswith(message)
