"""``aspcore validate``, ``aspcore ingest`` and ``aspcore store summary``: monitoring returns.

Exit codes: validate 0 valid (warnings allowed), 1 invalid, 2 unusable; ingest 0 stored with
nothing quarantined (or already held), 1 rows quarantined or problems of the whole file (a header
and no rows) (or, with ``--from``, rows the adapter could not map or a plugin that failed), 2
unusable (nothing stored).  Schemas come from the
plugins too; a plugin that fails is reported on standard error (among the findings, with
``--from``), and ``--strict`` makes it fatal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import attrs
import typer

from aspcore.cli.app import (
    AdapterOption,
    FromOption,
    StrictOption,
    app,
    err,
    finding_line,
    friendly,
    out,
    print_plugin_failures,
    write_json,
    write_raw,
)
from aspcore.cli.check import OutputFormat
from aspcore.cli.ci_output import CiFormat, Outcome, github_annotations, junit_xml
from aspcore.errors import InputFileError
from aspcore.io import load_plan
from aspcore.model import Severity
from aspcore.paths import DEFAULT_STORE
from aspcore.plugins import Plugins, get_plugins

if TYPE_CHECKING:
    from aspcore.schemas.problems import ValidationReport

store_app = typer.Typer(
    help="Inspect the store of ingested returns.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(store_app, name="store")

_Schema = Annotated[
    str, typer.Option("--schema", help="Schema name (aspcore schema --help).", metavar="TEXT")
]
_Plan = Annotated[
    Path | None,
    typer.Option("--plan", help="Plan whose indicators the return must match.", metavar="PATH"),
]
_Sheet = Annotated[
    str | None, typer.Option("--sheet", help="Workbook sheet (default first).", metavar="TEXT")
]
_Format = Annotated[OutputFormat, typer.Option("--format", help="text or json.")]
_CiFormat = Annotated[
    CiFormat,
    typer.Option(
        "--format", help="text, json, junit (a test report for CI) or github (Actions annotations)."
    ),
]


def _emit(text: str) -> None:
    typer.echo(text)


@app.command()
@friendly
def validate(
    files: Annotated[
        list[Path], typer.Argument(help="Return files, CSV or XLSX.", metavar="FILE...")
    ],
    schema: _Schema,
    plan: _Plan = None,
    sheet: _Sheet = None,
    output: _CiFormat = CiFormat.TEXT,
    strict: StrictOption = False,
) -> None:
    """Check returns and print every problem: file, sheet, row, column, value and why."""
    from aspcore.returns import validate_file, validate_files  # brings pandas and pandera
    from aspcore.schemas.problems import ReportSet

    plugins = get_plugins(strict=strict)
    if len(files) == 1:
        report = validate_file(files[0], schema, plan=plan, sheet=sheet, plugins=plugins)
    else:
        report = validate_files(  # type: ignore[assignment]
            files, schema, plan=plan, sheet=sheet, plugins=plugins
        )
    reports = report.reports if isinstance(report, ReportSet) else (report,)
    if output == CiFormat.JSON:
        write_json(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    elif output == CiFormat.TEXT:
        _emit(report.to_text())
    else:
        _emit_ci(output, "validate", reports)
    print_plugin_failures(plugins)
    raise typer.Exit(report.exit_code)


@app.command()
@friendly
def ingest(
    file: Annotated[
        Path | None, typer.Argument(help="Return file, CSV or XLSX.", metavar="FILE")
    ] = None,
    schema: Annotated[
        str | None,
        typer.Option("--schema", help="Schema name (not needed with --from).", metavar="TEXT"),
    ] = None,
    store: Annotated[
        Path, typer.Option("--store", help="DuckDB store file.", metavar="PATH")
    ] = Path(DEFAULT_STORE),
    plan: _Plan = None,
    agency: Annotated[
        str | None, typer.Option("--agency", help="Agency that sent it.", metavar="TEXT")
    ] = None,
    sheet: _Sheet = None,
    output: _CiFormat = CiFormat.TEXT,
    source: FromOption = None,
    adapter_option: AdapterOption = None,
    strict: StrictOption = False,
) -> None:
    """Validate a return and keep every row: valid rows in the schema's table, the rest in
    quarantine, each with its provenance.  The same file twice adds nothing."""
    from aspcore.returns import ingest_file  # brings pandas, pandera and DuckDB

    plugins = get_plugins(strict=strict)
    if source is not None:
        _ingest_from(source, store, plan, agency, adapter_option or [], output, plugins)
        return
    if file is None or schema is None:
        raise InputFileError("give a return FILE and --schema NAME, or --from ADAPTER:PATH")
    result = ingest_file(
        file, schema, store, plan=plan, agency=agency, sheet=sheet, plugins=plugins
    )
    if output == CiFormat.JSON:
        write_json(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif output == CiFormat.TEXT:
        _emit(result.to_text())
    else:
        _emit_ci(output, "ingest", () if result.report is None else (result.report,))
    print_plugin_failures(plugins)
    raise typer.Exit(result.exit_code)


def _emit_ci(output: CiFormat, command: str, reports: Iterable[ValidationReport]) -> None:
    """Returns' problems as a JUnit report or GitHub annotations: an error fails, a file that
    cannot be read is broken, a return without problems is a passing test case."""
    outcomes: list[Outcome] = []
    passed: list[tuple[str, str]] = []
    for report in reports:
        suite = f"aspcore {command}: {report.file}" + (f" ({report.sheet})" if report.sheet else "")
        if report.unusable is not None:
            broken = Outcome(
                suite=suite,
                name="unusable",
                message=report.unusable,
                level="error",
                fails=True,
                file=report.file,
                code="unusable",
                broken=True,
            )
            outcomes.append(broken)
            continue
        if not report.problems:
            passed.append((suite, f"{report.schema}: {report.rows} row(s), no problems"))
        outcomes += [
            Outcome(
                suite=suite,
                name=f"{problem.code} {problem.where}",
                message=problem.message,
                level=problem.severity.value,
                fails=problem.severity is Severity.ERROR,
                file=problem.file,
                line=problem.row,
                code=problem.code,
            )
            for problem in report.problems
        ]
    if output == CiFormat.JUNIT:
        write_json(junit_xml(outcomes, passed=passed))
    else:
        write_raw(github_annotations(outcomes))


@store_app.command("summary")
@friendly
def store_summary(
    store: Annotated[
        Path, typer.Option("--store", help="DuckDB store file.", metavar="PATH")
    ] = Path(DEFAULT_STORE),
    output: _Format = OutputFormat.TEXT,
) -> None:
    """Show what the store holds: ingests, rows per table, quarantined rows."""
    from aspcore.store import Store, summarise

    with Store(store, read_only=True) as opened:
        summary = summarise(opened)
    if output == OutputFormat.JSON:
        write_json(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        _emit(summary.to_text())


def _ingest_from(
    source: str,
    store: Path,
    plan: Path | None,
    agency: str | None,
    options: list[str],
    output: CiFormat,
    plugins: Plugins,
) -> None:
    from aspcore.adapters import ingest_from

    done = ingest_from(
        source,
        store,
        plugins=plugins,
        options=options,
        plan=load_plan(plan) if plan else None,
        agency=agency,
    )
    done = attrs.evolve(done, findings=done.findings + tuple(plugins.failures))
    if output in (CiFormat.JUNIT, CiFormat.GITHUB):
        _emit_ci(output, "ingest", (r.report for r in done.results if r.report is not None))
        for finding in done.findings:
            err.print(finding_line(finding))
    elif output == CiFormat.JSON:
        data = {
            "ingests": [r.to_dict() for r in done.results],
            "findings": [f.to_dict() for f in done.findings],
        }
        write_json(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for result in done.results:
            _emit(result.to_text())
        for finding in done.findings:
            out.print(finding_line(finding))
    raise typer.Exit(done.exit_code)
