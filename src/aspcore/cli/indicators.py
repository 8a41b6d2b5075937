"""``aspcore indicators`` and ``aspcore pseudonymise``: computed indicators and survivor data.

``indicators`` exits 0 when every computed indicator was computed (data warnings allowed), 1 when
one could not be (an ``IND-001`` error), 2 for unusable input.  ``pseudonymise`` exits 0 when it
wrote the file, 2 when it could not (no key: no output).
"""

from __future__ import annotations

import contextlib
import csv
import enum
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from aspcore.cli.app import app, friendly, out, parse_as_of, write_json
from aspcore.errors import InputFileError
from aspcore.indicators import (
    DEFAULT_KEY_ENV,
    IndicatorResult,
    compute_indicators,
    pseudonymise_file,
)
from aspcore.io import load_plan
from aspcore.model import Severity
from aspcore.plugins import get_plugins
from aspcore.store import DEFAULT_STORE, Store


class IndicatorFormat(enum.StrEnum):
    """Output formats of ``indicators``."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


_STORE_PREFIX = "store:"


def _frame(text: str, store: Path, stack: contextlib.ExitStack) -> Any:
    """A lazy frame for a CSV or Parquet file, or a table of the store (``store:TABLE``)."""
    import polars as pl

    if text.startswith(_STORE_PREFIX):
        opened = stack.enter_context(Store(store, read_only=True))
        table = text.removeprefix(_STORE_PREFIX)
        tables = {row[0] for row in opened.con.execute("SHOW TABLES").fetchall()}
        if table not in tables:
            raise InputFileError(
                f"{store}: no table {table!r} (tables: {', '.join(sorted(tables)) or 'none'})"
            )
        return opened.con.table(table)
    path = Path(text)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pl.scan_csv(path, try_parse_dates=True)
    if suffix == ".parquet":
        return pl.scan_parquet(path)
    raise InputFileError(f"{path}: expected a .csv or .parquet file, or store:TABLE")


@contextlib.contextmanager
def _datasets(specs: list[str], store: Path) -> Iterator[dict[str, Any]]:
    """``NAME=SOURCE`` options as named frames, kept open while they are used."""
    with contextlib.ExitStack() as stack:
        data: dict[str, Any] = {}
        for spec in specs:
            name, sep, source = spec.partition("=")
            if not sep or not name.strip() or not source.strip():
                raise InputFileError(f"--data {spec!r}: expected NAME=FILE or NAME=store:TABLE")
            data[name.strip()] = _frame(source.strip(), store, stack)
        yield data


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _print_text(result: IndicatorResult) -> None:
    title = f"Indicators as of {result.as_of}" + (" (published)" if result.published else "")
    table = Table(title=title, expand=False)
    for column in ("Indicator", "Period", "Breakdown", "Value", "Numerator", "Denominator", "Note"):
        table.add_column(column, overflow="fold")
    for row in result.rows:
        breakdown = ", ".join(f"{c}={v}" for c, v in row.by)
        table.add_row(
            row.indicator,
            row.period,
            breakdown,
            "[c]" if row.suppressed else _number(row.value),
            _number(row.numerator),
            _number(row.denominator),
            row.reason or "",
        )
    out.print(table)
    for finding in result.findings:
        out.print(f"{finding.severity.value}: {finding.rule} {finding.message}")


def _csv_text(result: IndicatorResult) -> str:
    buffer = io.StringIO()
    rows = result.to_dicts()
    columns = list(rows[0]) if rows else ["indicator", "period", "value"]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@app.command()
@friendly
def indicators(
    plan: Annotated[Path, typer.Argument(help="Plan file whose indicators have compute blocks.")],
    data: Annotated[
        list[str],
        typer.Option("--data", help="NAME=FILE (CSV or Parquet) or NAME=store:TABLE; repeatable."),
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Compute as of this date (default: today).")
    ] = None,
    publish: Annotated[
        bool, typer.Option("--publish", help="Suppress small counts for publication.")
    ] = False,
    output: Annotated[IndicatorFormat, typer.Option("--format", help="Output format.")] = (
        IndicatorFormat.TEXT
    ),
    ruleset: Annotated[
        str | None, typer.Option("--ruleset", help="Ruleset name or TOML path.")
    ] = None,
    store: Annotated[Path, typer.Option("--store", help="DuckDB store for store:TABLE.")] = Path(
        DEFAULT_STORE
    ),
) -> None:
    """Compute a plan's indicators from case data: one row per period and breakdown."""
    day = parse_as_of(as_of)
    loaded = load_plan(plan)
    with _datasets(data, store) as frames:
        result = compute_indicators(
            loaded, frames, as_of=day, publish=publish, ruleset=ruleset, plugins=get_plugins()
        )
    if output == IndicatorFormat.JSON:
        write_json(result.to_json())
    elif output == IndicatorFormat.CSV:
        typer.echo(_csv_text(result), nl=False)
    else:
        _print_text(result)
    failed = any(f.severity == Severity.ERROR for f in result.findings)
    raise typer.Exit(1 if failed else 0)


@app.command()
@friendly
def pseudonymise(
    file: Annotated[Path, typer.Argument(help="CSV file holding identifiers.")],
    columns: Annotated[
        list[str],
        typer.Option("--columns", help="Identifier column(s), comma-separated or repeated."),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="CSV file to write.")],
    key_env: Annotated[
        str, typer.Option("--key-env", help="Environment variable holding the secret key.")
    ] = DEFAULT_KEY_ENV,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Replace identifiers with keyed pseudonyms (HMAC-SHA256): no key, no output."""
    names = [name.strip() for item in columns for name in item.split(",") if name.strip()]
    summary = pseudonymise_file(file, names, output=output, key_env=key_env)
    if as_json:
        write_json(
            json.dumps(
                {
                    "source": summary.source,
                    "output": summary.output,
                    "rows": summary.rows,
                    "distinct": dict(summary.distinct),
                },
                indent=2,
            )
        )
    else:
        out.print(summary.to_text())
