"""A package made by ``aspcore new-plugin`` installs, and its README's commands run as written.

``make test`` runs this in the plugins' own environment (``.venv-plugins``), never in the main
suite: it installs the new package into the environment running it, with pip as a new user
would, and uninstalls it afterwards.  Each command of the README's ``bash`` block runs in the
package's folder with this environment's programs first on the ``PATH``; afterwards
``aspcore plugins`` must list the new plugin, loaded without error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from aspcore.cli import app

NAME = "trial"


def shell(command: str | list[str], folder: Path) -> str:
    """Run ``command`` in ``folder`` with this environment's programs; its output, or fail."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    run = subprocess.run(
        command,
        shell=isinstance(command, str),
        cwd=folder,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, f"{command}\n{run.stdout}\n{run.stderr}"
    return run.stdout


def test_a_new_plugin_installs_and_its_readme_runs(tmp_path: Path) -> None:
    created = CliRunner().invoke(app, ["new-plugin", NAME, "--dir", str(tmp_path)])
    assert created.exit_code == 0, created.output
    package = tmp_path / f"aspcore-{NAME}"
    readme = (package / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands[0].startswith("pip install") and len(commands) == 5
    try:
        outputs = [shell(command, package) for command in commands]
        listed = json.loads(shell(["aspcore", "plugins", "--format", "json"], package))
        assert [p["error"] for p in listed if p["name"] == NAME] == [None]
        assert "3 passed" in outputs[1]
        assert "TRIAL-001" in outputs[3] and "TRIAL-002" in outputs[3]
        assert "W1" in outputs[4] and "10" in outputs[4]  # the 90th percentile of 1 to 11 days
    finally:
        shell(
            [sys.executable, "-m", "pip", "uninstall", "--quiet", "-y", f"aspcore-{NAME}"], tmp_path
        )
