"""``aspcore report PLAN -o OUT``: evaluate a plan and write a report a board can read."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from aspcore.cli.app import app, friendly, out, parse_as_of
from aspcore.io import load_plan
from aspcore.plugins import get_plugins
from aspcore.report import write_report
from aspcore.rules import evaluate


class Kind(enum.StrEnum):
    """Report kinds."""

    BOARD = "board"
    ANNUAL = "annual"
    LOGFRAME = "logframe"
    EXCEPTIONS = "exceptions"


@app.command()
@friendly
def report(
    plan: Annotated[Path, typer.Argument(help="Plan file: YAML, or an action plan CSV/XLSX.")],
    output: Annotated[
        list[Path],
        typer.Option("-o", "--output", help="Report file(s): .html, .xlsx, .md or .json."),
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Evaluation date, YYYY-MM-DD (default: today).")
    ] = None,
    ruleset: Annotated[
        str | None, typer.Option("--ruleset", help="Ruleset name or TOML path.")
    ] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="Which report.")] = Kind.BOARD,
    unpublished: Annotated[
        bool,
        typer.Option("--unpublished", help="Show small counts (not for publication)."),
    ] = False,
) -> None:
    """Write a board, annual, LogFrame or exceptions report of a plan."""
    day = parse_as_of(as_of)
    plugins = get_plugins()
    loaded = load_plan(plan)
    evaluation = evaluate(loaded, as_of=day, ruleset=ruleset, plugins=plugins)
    for target in output:
        written = write_report(
            evaluation,
            loaded,
            target,
            kind.value,
            published=not unpublished,
            plugins=plugins,
        )
        out.print(f"report written: {written}")
