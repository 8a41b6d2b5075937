"""``aspcore indicators`` and ``aspcore pseudonymise``: computed indicators and survivor data.

``indicators`` exits 0 when every computed indicator was computed (data warnings allowed), 1 when
one could not be (an ``IND-001`` error), an adapter left rows unmapped or a plugin failed
(``PLUGIN-001``), 2 for unusable input (or a plugin failure with ``--strict``).
``pseudonymise`` exits 0 when it wrote the file, 2 when it could not (no key: no output).
"""

from __future__ import annotations

import csv
import enum
import io
import json
from pathlib import Path
from typing import Annotated

import attrs
import typer
from rich.table import Table

from aspcore.cli.app import (
    AdapterOption,
    FromOption,
    StrictOption,
    app,
    err,
    finding_line,
    friendly,
    out,
    parse_as_of,
    print_table,
    write_json,
)
from aspcore.cli.datasets import DEFAULT_STORE_PATH, DataOption, DataStoreOption, open_datasets
from aspcore.errors import InputFileError
from aspcore.indicators import (
    DEFAULT_KEY_ENV,
    IndicatorResult,
    compute_indicators,
    pseudonymise_file,
)
from aspcore.io import load_plan
from aspcore.io.cell_text import csv_text
from aspcore.model import Severity
from aspcore.plugins import get_plugins


class IndicatorFormat(enum.StrEnum):
    """Output formats of ``indicators``."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


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
    print_table(table)
    for finding in result.findings:
        out.print(finding_line(finding))


def _csv_text(result: IndicatorResult) -> str:
    """The rows as CSV; text that a spreadsheet would run as a formula gets a ``'`` first."""
    buffer = io.StringIO()
    rows = result.to_dicts()
    columns = list(rows[0]) if rows else ["indicator", "period", "value"]
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_text(column) for column in columns])
    writer.writerows([csv_text(row[column]) for column in columns] for row in rows)
    return buffer.getvalue()


@app.command()
@friendly
def indicators(
    plan: Annotated[
        Path, typer.Argument(help="Plan file whose indicators have compute blocks.", metavar="PLAN")
    ],
    data: DataOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Compute as of this date (default: today).", metavar="TEXT"),
    ] = None,
    publish: Annotated[
        bool, typer.Option("--publish", help="Suppress small counts for publication.")
    ] = False,
    output: Annotated[IndicatorFormat, typer.Option("--format", help="Output format.")] = (
        IndicatorFormat.TEXT
    ),
    ruleset: Annotated[
        str | None, typer.Option("--ruleset", help="Ruleset name or TOML path.", metavar="TEXT")
    ] = None,
    store: DataStoreOption = DEFAULT_STORE_PATH,
    source: FromOption = None,
    adapter_option: AdapterOption = None,
    strict: StrictOption = False,
) -> None:
    """Compute a plan's indicators from case data: one row per period and breakdown.

    The data come from ``--data`` files or store tables, from a case-system export read by an
    adapter (``--from ADAPTER:PATH``), or both; rows the adapter could not map are findings.
    """
    if not data and source is None:
        raise InputFileError("give case data: --data NAME=FILE and/or --from ADAPTER:PATH")
    day = parse_as_of(as_of)
    plugins = get_plugins(strict=strict)
    loaded = load_plan(plan)
    with open_datasets(
        data, store, source=source, options=adapter_option, plugins=plugins
    ) as datasets:
        computed = compute_indicators(
            loaded, datasets.frames, as_of=day, publish=publish, ruleset=ruleset, plugins=plugins
        )
    # The plugins' failures are the manager's, not the computation's: listed once, with the rest.
    findings = datasets.findings + computed.findings + tuple(plugins.failures)
    result = attrs.evolve(computed, findings=findings)
    if output == IndicatorFormat.JSON:
        write_json(result.to_json())
    elif output == IndicatorFormat.CSV:
        typer.echo(_csv_text(result), nl=False)
        for finding in result.findings:  # the CSV holds rows only; findings go beside it
            err.print(finding_line(finding))
    else:
        _print_text(result)
    failed = any(f.severity == Severity.ERROR for f in result.findings)
    raise typer.Exit(1 if failed else 0)


@app.command()
@friendly
def pseudonymise(
    file: Annotated[Path, typer.Argument(help="CSV file holding identifiers.", metavar="FILE")],
    columns: Annotated[
        list[str],
        typer.Option(
            "--columns", help="Identifier column(s), comma-separated or repeated.", metavar="TEXT"
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="CSV file to write.", metavar="PATH")
    ],
    key_env: Annotated[
        str,
        typer.Option(
            "--key-env", help="Environment variable holding the secret key.", metavar="TEXT"
        ),
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
