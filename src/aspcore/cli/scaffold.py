"""``aspcore new-plugin NAME``: create a plugin package ready to install and test."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from aspcore.cli.app import app, friendly, out
from aspcore.scaffold import create_plugin


@app.command("new-plugin")
@friendly
def new_plugin(
    name: Annotated[str, typer.Argument(help="Plugin name, e.g. 'northshire'.", metavar="NAME")],
    directory: Annotated[
        Path, typer.Option("--dir", help="Folder to create the package in.", metavar="PATH")
    ] = Path("."),
) -> None:
    """Create aspcore-NAME: a rule, a ruleset, a measure, an example plan, tests and a README."""
    target = create_plugin(name, directory)
    out.print(f"created {target}")
    out.print(f"next: cd {shlex.quote(str(target))} && pip install -e '.[test]' && pytest")
