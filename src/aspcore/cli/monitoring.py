"""``aspcore returns status``: the grid a coordinator chases returns with.

One row per indicator and agency, one column per period of the plan's year; each cell says
whether that return was received, is overdue (and by how many days) or is not yet due, as of
``--as-of``.  With ``--store`` the returns held in the store count as received, exactly as
``check --store`` reads them.  Exit codes: 0 printed, 2 unusable input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from aspcore.cli.app import StrictOption, app, friendly, out, parse_as_of, print_table, write_json
from aspcore.cli.check import OutputFormat
from aspcore.io import load_plan
from aspcore.monitoring import (
    ExpectedReturn,
    ReturnState,
    due_days_param,
    expected_returns,
    with_returns,
)
from aspcore.plugins import get_plugins
from aspcore.rules import resolve_ruleset

returns_app = typer.Typer(
    help="Monitoring returns: which have arrived, which are late.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(returns_app, name="returns")

_STYLE = {
    ReturnState.RECEIVED: "green4",
    ReturnState.OVERDUE: "bold white on red",
    ReturnState.NOT_YET_DUE: "grey50",
}


def _cell(expected: ExpectedReturn) -> Text:
    if expected.state is ReturnState.OVERDUE:
        blank = ", blank" if expected.blank else ""
        words = f"OVERDUE {expected.days_overdue}d{blank}"
    elif expected.state is ReturnState.RECEIVED:
        words = "received"
    else:
        words = f"due {expected.due:%d %b}"
    return Text(words, style=_STYLE[expected.state])


_TITLES = {
    "month": "Monthly returns",
    "financial-quarter": "Quarterly returns",
    "calendar-quarter": "Quarterly returns (calendar quarters)",
    "financial-year": "Annual returns",
    "calendar-year": "Annual returns (calendar years)",
}


def _grids(expected: list[ExpectedReturn]) -> list[Table]:
    """One grid per kind of period (monthly, quarterly, annual), so each reads across."""
    kinds: dict[str, list[ExpectedReturn]] = {}
    for item in expected:
        kinds.setdefault(item.period.kind, []).append(item)
    return [_grid(kinds[kind], _TITLES[kind]) for kind in _TITLES if kind in kinds]


def _grid(expected: list[ExpectedReturn], title: str) -> Table:
    periods = sorted({e.period for e in expected})
    rows: dict[tuple[str, str], dict[str, ExpectedReturn]] = {}
    for item in expected:
        rows.setdefault((item.indicator, item.agency or "any agency"), {})[item.period.label] = item
    table = Table(title=title, expand=False)
    table.add_column("Indicator")
    table.add_column("Agency")
    for period in periods:
        table.add_column(period.label)
    for (indicator, agency), cells in rows.items():
        table.add_row(
            indicator,
            agency,
            *(_cell(cells[p.label]) if p.label in cells else Text("") for p in periods),
        )
    return table


@returns_app.command("status")
@friendly
def status(
    plan: Annotated[Path, typer.Argument(help="Plan file (YAML).", metavar="PLAN")],
    store: Annotated[
        Path | None,
        typer.Option(
            "--store", help="DuckDB store whose returns count as received.", metavar="PATH"
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date, YYYY-MM-DD (default: today).", metavar="TEXT"),
    ] = None,
    ruleset: Annotated[
        str | None,
        typer.Option(
            "--ruleset",
            help="Ruleset whose params.returns.due_days is the default.",
            metavar="TEXT",
        ),
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = (
        OutputFormat.TEXT
    ),
    strict: StrictOption = False,
) -> None:
    """Print, for every indicator, period and agency, whether its return was received, is
    overdue or is not yet due."""
    day = parse_as_of(as_of)
    plugins = get_plugins(strict=strict)
    loaded = load_plan(plan)
    if store is not None:
        loaded = with_returns(loaded, store, plugins=plugins)
    days = due_days_param(resolve_ruleset(ruleset, plugins).params.get("returns", {}))
    expected = expected_returns(loaded, day, days)
    counts = {state.value: sum(e.state is state for e in expected) for state in ReturnState}
    if output == OutputFormat.JSON:
        data = {
            "plan": loaded.partnership,
            "year": loaded.year.label if loaded.year else None,
            "as_of": day.isoformat(),
            "due_days": days,
            "summary": counts,
            "returns": [e.to_dict() for e in expected],
        }
        write_json(json.dumps(data, indent=2, ensure_ascii=False))
        return
    out.print(
        f"{loaded.partnership} {loaded.year or ''}: returns as of {day} "
        f"(due {days} days after each period unless an indicator says otherwise)"
    )
    if not expected:
        out.print("No returns are expected: give the plan a year and its indicators a frequency.")
        return
    for grid in _grids(expected):
        print_table(grid)
    out.print(", ".join(f"{n} {state}" for state, n in counts.items()) + ".")
