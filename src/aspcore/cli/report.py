"""``aspcore report PLAN -o OUT``: evaluate a plan and write a report a board can read."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from aspcore.cli.app import StrictOption, app, err, finding_line, friendly, out, parse_as_of
from aspcore.cli.datasets import (
    DEFAULT_STORE_PATH,
    DataOption,
    StoreOption,
    open_datasets,
)
from aspcore.cli.history import history_store
from aspcore.io import load_plan
from aspcore.model.codes import PLUGIN_FAILURE
from aspcore.plugins import get_plugins
from aspcore.session import Session


class Kind(enum.StrEnum):
    """Report kinds."""

    BOARD = "board"
    ANNUAL = "annual"
    LOGFRAME = "logframe"
    EXCEPTIONS = "exceptions"


@app.command()
@friendly
def report(
    plan: Annotated[
        Path, typer.Argument(help="Plan file: YAML, or an action plan CSV/XLSX.", metavar="PLAN")
    ],
    output: Annotated[
        list[Path],
        typer.Option(
            "-o", "--output", help="Report file(s): .html, .xlsx, .md or .json.", metavar="PATH"
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Evaluation date, YYYY-MM-DD (default: today).", metavar="TEXT"
        ),
    ] = None,
    ruleset: Annotated[
        str | None, typer.Option("--ruleset", help="Ruleset name or TOML path.", metavar="TEXT")
    ] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="Which report.")] = Kind.BOARD,
    unpublished: Annotated[
        bool,
        typer.Option("--unpublished", help="Show small counts (not for publication)."),
    ] = False,
    data: DataOption = None,
    store: StoreOption = None,
    strict: StrictOption = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Open with the changes since this evaluation recorded in --store: its id, or "
            "an as-of date YYYY-MM-DD.",
            metavar="TEXT",
        ),
    ] = None,
) -> None:
    """Write a board, annual, LogFrame or exceptions report of a plan.

    With ``--data``, the plan's computed indicators are computed from the case data first and
    rated exactly as observations; unless ``--unpublished``, the report hides the values their
    published tables hide, as it hides small typed counts.  With ``--since``, the report opens
    with what changed since an evaluation recorded in ``--store`` (``check --record``).
    """
    # imported here: reports bring openpyxl and jinja2, which other commands do not need
    from aspcore.report import ReportOptions, write_report
    from aspcore.store import find_evaluation

    session = Session.open(
        as_of=parse_as_of(as_of), ruleset=ruleset, plugins=get_plugins(strict=strict)
    )
    plugins = session.plugins
    with open_datasets(data, store, plugins=plugins) as datasets:
        loaded = session.monitored(
            load_plan(plan), store=store, data=datasets.frames, data_findings=datasets.findings
        )
        evaluation = session.evaluate(loaded)
    evaluated = len(plugins.failures)
    options = None
    if since is not None:
        with history_store(store or DEFAULT_STORE_PATH) as opened:
            earlier = find_evaluation(opened, since, plan=evaluation.plan)
        options = ReportOptions(since=earlier)
    for target in output:
        written = write_report(
            evaluation,
            loaded,
            target,
            kind.value,
            published=not unpublished,
            options=options,
            plugins=plugins,
        )
        out.print(f"report written: {written}")
    # The console shows none of the evaluation's findings: name the plugins that failed in it
    # (its notification hook included) and while the report was written (a renderer's hook).
    failed = [f for f in evaluation.findings if f.rule == PLUGIN_FAILURE]
    for finding in failed + plugins.failures[evaluated:]:
        err.print(finding_line(finding))
