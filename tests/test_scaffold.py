"""``aspcore new-plugin`` creates a package whose own tests pass straight away."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import aspcore
from aspcore.cli import app
from aspcore.scaffold import create_plugin


def test_new_plugin_package_tests_pass(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new-plugin", "northshire", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    target = tmp_path / "aspcore-northshire"
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


def test_new_plugin_refuses_bad_names_and_existing_folders(tmp_path: Path) -> None:
    with pytest.raises(aspcore.InputFileError, match="lower-case letters"):
        create_plugin("Bad Name!", tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["new-plugin", "x1", "--dir", str(tmp_path)]).exit_code == 0
    again = runner.invoke(app, ["new-plugin", "x1", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.stderr
