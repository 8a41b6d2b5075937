"""``aspcore validate``, ``aspcore ingest`` and ``aspcore store summary``: monitoring returns.

Exit codes: validate 0 valid (warnings allowed), 1 invalid, 2 unusable; ingest 0 stored with
nothing quarantined (or already held), 1 rows quarantined, 2 unusable (nothing stored).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from aspcore.cli.app import app, friendly, write_json
from aspcore.cli.check import OutputFormat
from aspcore.returns import ingest_file, validate_file, validate_files
from aspcore.store import DEFAULT_STORE, Store, summarise

store_app = typer.Typer(help="Inspect the store of ingested returns.", no_args_is_help=True)
app.add_typer(store_app, name="store")

_Schema = Annotated[str, typer.Option("--schema", help="Schema name (aspcore schema --help).")]
_Plan = Annotated[
    Path | None, typer.Option("--plan", help="Plan whose indicators the return must match.")
]
_Sheet = Annotated[str | None, typer.Option("--sheet", help="Workbook sheet (default first).")]
_Format = Annotated[OutputFormat, typer.Option("--format", help="text or json.")]


def _emit(text: str) -> None:
    typer.echo(text)


@app.command()
@friendly
def validate(
    files: Annotated[list[Path], typer.Argument(help="Return files, CSV or XLSX.")],
    schema: _Schema,
    plan: _Plan = None,
    sheet: _Sheet = None,
    output: _Format = OutputFormat.TEXT,
) -> None:
    """Check returns and print every problem: file, sheet, row, column, value and why."""
    if len(files) == 1:
        report = validate_file(files[0], schema, plan=plan, sheet=sheet)
    else:
        report = validate_files(files, schema, plan=plan, sheet=sheet)  # type: ignore[assignment]
    if output == OutputFormat.JSON:
        write_json(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        _emit(report.to_text())
    raise typer.Exit(report.exit_code)


@app.command()
@friendly
def ingest(
    file: Annotated[Path, typer.Argument(help="Return file, CSV or XLSX.")],
    schema: _Schema,
    store: Annotated[Path, typer.Option("--store", help="DuckDB store file.")] = Path(
        DEFAULT_STORE
    ),
    plan: _Plan = None,
    agency: Annotated[str | None, typer.Option("--agency", help="Agency that sent it.")] = None,
    sheet: _Sheet = None,
    output: _Format = OutputFormat.TEXT,
) -> None:
    """Validate a return and keep every row: valid rows in the schema's table, the rest in
    quarantine, each with its provenance.  The same file twice adds nothing."""
    result = ingest_file(file, schema, store, plan=plan, agency=agency, sheet=sheet)
    if output == OutputFormat.JSON:
        write_json(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        _emit(result.to_text())
    raise typer.Exit(result.exit_code)


@store_app.command("summary")
@friendly
def store_summary(
    store: Annotated[Path, typer.Option("--store", help="DuckDB store file.")] = Path(
        DEFAULT_STORE
    ),
    output: _Format = OutputFormat.TEXT,
) -> None:
    """Show what the store holds: ingests, rows per table, quarantined rows."""
    with Store(store, read_only=True) as opened:
        summary = summarise(opened)
    if output == OutputFormat.JSON:
        write_json(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        _emit(summary.to_text())
