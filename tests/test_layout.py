"""A newcomer's view of the code: one installed package, layers that import one way.

These hold the promises of docs/architecture.md: `safeonline` imports from any
folder (it is installed, not found through path edits), import-linter's
contracts in pyproject.toml hold (core <- plugins <- commands <- bench, no
cycles), no module has outgrown one concern, tests share their helpers as
pytest fixtures rather than by importing conftest.py, and `-m "not browser"`
leaves out every test needing Chromium or Java.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "safeonline"


def test_the_package_imports_from_any_folder(tmp_path):
    code = "import safeonline.commands.build, safeonline.plugins.leaflets; print(safeonline.__file__)"
    probe = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert probe.returncode == 0, probe.stderr
    assert Path(probe.stdout.strip()) == PACKAGE / "__init__.py"


def test_the_layer_contracts_hold():
    lint = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "Layers: core <- plugins <- commands <- bench KEPT" in lint.stdout
    assert "No import cycle between two packages at any depth KEPT" in lint.stdout


def test_nothing_edits_the_import_path():
    tracked = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    edits = [name for name in tracked
             if re.search(r"sys\.path\.(insert|append)|PYTHONPATH",
                          (ROOT / name).read_text(encoding="utf-8"))
             and name != "tests/test_layout.py"]
    assert edits == []
    pytest_config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    assert "pythonpath" not in pytest_config["ini_options"]


def test_no_module_has_outgrown_one_concern():
    """docs/architecture.md: modules in the package stay under 400 lines (data aside)."""
    sizes = {path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in sorted(PACKAGE.rglob("*.py"))}
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_tests_reach_the_harness_through_fixtures_not_imports():
    """conftest.py is pytest's to load: `from conftest import` works only while tests/ is
    on the import path, and bypasses fixture scopes and the session's shared caches."""
    imports = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0
                     else [alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [])
            if any(name.split(".")[0] == "conftest" for name in names):
                imports.setdefault(path.relative_to(ROOT).as_posix(), []).append(node.lineno)
    assert imports == {}


def _collected(marks: str) -> set[str]:
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist",
                          "-p", "no:cacheprovider", "-m", marks], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return {line for line in run.stdout.splitlines() if "::" in line}


def test_one_marker_leaves_out_chromium_and_java():
    """The light machine has neither: `java` tests are in the `browser` tier (conftest.py)."""
    java = _collected("java")
    assert "tests/test_reader_site.py::test_the_nu_html_checker_finds_no_errors" in java
    assert java <= _collected("browser")
    assert java & _collected("not browser") == set()
