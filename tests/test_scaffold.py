"""``aspcore new-plugin`` creates a package whose own tests pass straight away, and the page
"Writing a plugin" says what it makes and runs as written.

Installing a new package and running its README's commands needs an environment of its own:
``plugins/test_new_plugin.py`` does that, in the one ``make test`` builds for the plugins.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import aspcore
from aspcore.cli import app
from aspcore.plugins import Plugins
from aspcore.scaffold import create_plugin
from hooks_support import blocks, page

PAGE = "plugins/writing-a-plugin.md"


def code(language: str) -> list[str]:
    """The page's code blocks in ``language`` (``""``: the blocks without one)."""
    return [block.code for block in blocks(page(PAGE), language)]


def test_new_plugin_package_tests_pass(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new-plugin", "northshire", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    target = tmp_path / "aspcore-northshire"
    # the hint is a command to copy: into the package, install with the test extra, test
    assert f"next: cd {target} && pip install -e '.[test]' && pytest" in result.output
    assert (target / "pyproject.toml").read_text().count('northshire = "aspcore_northshire"') == 1
    env = {**os.environ, "PYTHONPATH": str(target / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target / "tests")],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout


def test_the_page_lists_what_the_scaffold_makes(tmp_path: Path) -> None:
    target = create_plugin("northshire", tmp_path)
    made = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    (listing,) = code("")
    assert {line.split()[0] for line in listing.splitlines() if line.strip()} == made
    readme = (target / "README.md").read_text(encoding="utf-8")
    (commands,) = [block.code for block in blocks(readme, "bash")]
    shown = code("bash")[1]  # the page runs the README's commands, from the package's folder
    assert [c.split("#")[0].strip() for c in commands.splitlines()] == [
        c.split("#")[0].strip() for c in shown.splitlines()[1:]
    ]


def test_the_pages_python_runs(
    aspcore_evaluate: Callable[..., aspcore.Evaluation],
    aspcore_plugins: Callable[..., Plugins],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plugin_code, test_code = code("python")
    plugin = types.ModuleType("aspcore_northshire")
    exec(compile(plugin_code, PAGE, "exec"), plugin.__dict__)
    monkeypatch.setitem(sys.modules, "aspcore_northshire", plugin)
    tests: dict[str, object] = {}
    exec(compile(test_code, PAGE, "exec"), tests)
    test_rule = tests["test_rule_flags_an_action_without_owner"]
    test_measure = tests["test_an_indicator_uses_the_p90_measure"]
    assert callable(test_rule) and callable(test_measure)
    test_rule(aspcore_evaluate)
    test_measure(aspcore_plugins)


def test_new_plugin_refuses_bad_names_and_existing_folders(tmp_path: Path) -> None:
    with pytest.raises(aspcore.InputFileError, match="lower-case letters"):
        create_plugin("Bad Name!", tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["new-plugin", "x1", "--dir", str(tmp_path)]).exit_code == 0
    again = runner.invoke(app, ["new-plugin", "x1", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.stderr
