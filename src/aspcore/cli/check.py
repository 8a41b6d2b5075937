"""``aspcore check``: evaluate a plan and print findings and statuses (and, with ``--record``,
keep the evaluation in a store)."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from aspcore.cli.app import (
    SEVERITY_STYLE,
    AdapterOption,
    FromOption,
    StrictOption,
    app,
    err,
    friendly,
    out,
    parse_as_of,
    print_table,
    write_json,
    write_raw,
)
from aspcore.cli.ci_output import CiFormat, Outcome, github_annotations, junit_xml
from aspcore.cli.datasets import DataOption, StoreOption, open_datasets
from aspcore.errors import InputFileError
from aspcore.io import load_plan
from aspcore.model import Plan, Severity
from aspcore.plugins import Plugins, get_plugins
from aspcore.rules import Evaluation
from aspcore.session import Session


class OutputFormat(enum.StrEnum):
    """Output formats of ``check``."""

    TEXT = "text"
    JSON = "json"


class FailOn(enum.StrEnum):
    """The severity at which ``check`` exits 1."""

    ERROR = "error"
    WARNING = "warning"
    NEVER = "never"


_RAG_STYLE = {
    "red": "bold white on red",
    "amber": "bold black on dark_orange",
    "green": "bold white on green4",
    "blue": "bold white on blue",
    "grey": "bold black on grey70",
}


def print_evaluation(evaluation: Evaluation) -> None:
    """Print an evaluation for a person: statuses, then findings, then a one-line summary.

    Every text from the plan, its data or a plugin is printed as written (no rich markup).
    """
    out.print(
        Text.assemble(
            (evaluation.plan, "bold"),
            f" {evaluation.year or ''} as of {evaluation.as_of} "
            f"(ruleset {evaluation.ruleset['name']} {evaluation.ruleset['version']})",
        )
    )
    statuses = Table(title="Statuses", show_lines=False, expand=False)
    for column in ("Kind", "Subject", "Period", "RAG", "Why"):
        statuses.add_column(column, overflow="fold")
    for status in evaluation.statuses:
        rag = status.rag.value if status.rag else "none"
        statuses.add_row(
            status.kind,
            status.subject,
            status.period or "",
            Text(f" {rag.upper()} ", style=_RAG_STYLE.get(rag, "")),
            status.reason,
        )
    if evaluation.statuses:
        print_table(statuses)
    findings = Table(title="Findings", expand=False)
    for column in ("Severity", "Rule", "Subject", "Message", "Suggestion"):
        findings.add_column(column, overflow="fold")
    for finding in evaluation.findings:
        severity = finding.severity.value
        findings.add_row(
            Text(severity, style=SEVERITY_STYLE[severity]),
            finding.rule,
            finding.subject,
            finding.message,
            finding.suggestion,
        )
    if evaluation.findings:
        print_table(findings)
    counts = evaluation.summary()["findings"]
    out.print(
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info; "
        f"{len(evaluation.statuses)} status(es)."
    )


def exit_code(evaluation: Evaluation, fail_on: FailOn) -> int:
    """1 when a finding is at or above ``fail_on``, else 0."""
    if fail_on == FailOn.NEVER:
        return 0
    threshold = Severity(fail_on.value).rank
    worst = evaluation.worst_severity()
    return 1 if worst is not None and worst.rank >= threshold else 0


def plan_source(
    plan: Path | None, source: str | None, options: list[str] | None, plugins: Plugins
) -> Plan:
    """The plan from a file, or through an adapter (``--from ADAPTER:PATH``): exactly one."""
    if (plan is None) == (source is None):
        raise InputFileError("give a plan file or --from ADAPTER:PATH (exactly one of them)")
    if source is not None:
        from aspcore.adapters import load_plan_from

        return load_plan_from(source, plugins=plugins, options=options or ())
    assert plan is not None
    return load_plan(plan)


@app.command()
@friendly
def check(
    plan: Annotated[
        Path | None,
        typer.Argument(help="Plan file: YAML, or an action plan CSV/XLSX.", metavar="PLAN"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Evaluation date, YYYY-MM-DD (default: today).", metavar="TEXT"
        ),
    ] = None,
    ruleset: Annotated[
        str | None, typer.Option("--ruleset", help="Ruleset name or TOML path.", metavar="TEXT")
    ] = None,
    output: Annotated[
        CiFormat,
        typer.Option(
            "--format",
            help="text, json, junit (a test report for CI) or github (Actions annotations).",
        ),
    ] = CiFormat.TEXT,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 at findings of this severity or worse.")
    ] = FailOn.ERROR,
    strict: StrictOption = False,
    source: FromOption = None,
    adapter_option: AdapterOption = None,
    data: DataOption = None,
    store: StoreOption = None,
    record: Annotated[
        Path | None,
        typer.Option(
            "--record",
            help="Keep the whole evaluation in this DuckDB store (see aspcore history).",
            metavar="PATH",
        ),
    ] = None,
) -> None:
    """Check a plan: load-level problems, rule findings and RAG statuses.

    With ``--data``, computed indicators are computed from the case data (unpublished: ``check``
    is for the partnership itself) and rated like the plan's observations.  With ``--record``,
    the evaluation is also kept in a store, for ``aspcore history`` and ``aspcore changes``.
    """
    session = Session.open(
        as_of=parse_as_of(as_of), ruleset=ruleset, plugins=get_plugins(strict=strict)
    )
    plugins = session.plugins
    with open_datasets(data, store, plugins=plugins) as datasets:
        evaluation = session.rate(
            plan_source(plan, source, adapter_option, plugins),
            store=store,
            data=datasets.frames,
            data_findings=datasets.findings,
        )
    if output == CiFormat.JSON:
        write_json(evaluation.to_json())
    elif output == CiFormat.TEXT:
        print_evaluation(evaluation)
    else:
        outcomes = finding_outcomes(evaluation, plan, fail_on)
        if output == CiFormat.JUNIT:
            passed = [] if outcomes else [(_suite(evaluation), "no findings")]
            write_json(junit_xml(outcomes, passed=passed))
        else:
            write_raw(github_annotations(outcomes))
    if record is not None:
        ident = record_evaluation_in(record, evaluation, plan, plugins)
        (out if output == CiFormat.TEXT else err).print(
            f"recorded as evaluation {ident} in {record}"
        )
    raise typer.Exit(exit_code(evaluation, fail_on))


def _suite(evaluation: Evaluation) -> str:
    return f"aspcore check: {evaluation.plan}"


def finding_outcomes(evaluation: Evaluation, plan: Path | None, fail_on: FailOn) -> list[Outcome]:
    """Each finding as CI shows it: failing when it is at or above ``fail_on``."""
    threshold = None if fail_on == FailOn.NEVER else Severity(fail_on.value).rank
    return [
        Outcome(
            suite=_suite(evaluation),
            name=f"{finding.rule} {finding.subject}",
            message=finding.message,
            level=finding.severity.value,
            fails=threshold is not None and finding.severity.rank >= threshold,
            file=str(plan) if plan is not None else None,
            line=finding.line,
            code=finding.rule,
        )
        for finding in evaluation.findings
    ]


def record_evaluation_in(
    path: Path, evaluation: Evaluation, plan: Path | None, plugins: Plugins
) -> int:
    """Record ``evaluation`` in the store at ``path`` (created if missing); return its id.

    The plan is identified by the SHA-256 of its file's bytes; a plan read through an adapter
    (no file) by the SHA-256 of the evaluation's plan name (the partnership) in UTF-8.
    """
    from aspcore.returns.ingest import file_sha256
    from aspcore.store import Store, plugin_versions, record_evaluation

    if plan is not None:
        sha256 = file_sha256(plan)
    else:
        sha256 = hashlib.sha256(evaluation.plan.encode("utf-8")).hexdigest()
    with Store(path) as opened:
        recorded = record_evaluation(
            opened,
            evaluation,
            plan_sha256=sha256,
            plugins=plugin_versions(plugins),
            recorded_at=dt.datetime.now(dt.UTC),
        )
    return recorded.id
