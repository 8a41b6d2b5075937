"""``aspcore history`` and ``aspcore changes``: the evaluations kept by ``check --record``.

Both read a store; a store that does not exist or has recorded no evaluation, a ``--from`` or
``--to`` that names nothing, or nothing earlier to compare with, is one paragraph and exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from aspcore.cli.app import app, friendly, out, print_table, write_json
from aspcore.cli.check import OutputFormat
from aspcore.errors import InputFileError
from aspcore.model import Finding

if TYPE_CHECKING:
    from aspcore.store import Changes, Store

__all__ = ["history_store"]

_Store = Annotated[
    Path, typer.Argument(help="DuckDB store the evaluations were recorded in.", metavar="STORE")
]
_Format = Annotated[OutputFormat, typer.Option("--format", help="text or json.")]


def history_store(path: Path) -> Store:
    """The store at ``path``, read-only; a missing file says how evaluations are recorded."""
    from aspcore.store import Store  # imported here: the store brings DuckDB

    if not path.exists():
        raise InputFileError(
            f"{path}: no such store; record an evaluation in it with "
            f"`aspcore check PLAN --record {path}`"
        )
    return Store(path, read_only=True)


@app.command("history")
@friendly
def history_command(store: _Store, output: _Format = OutputFormat.TEXT) -> None:
    """List the evaluations recorded in a store (``check --record``), in recording order."""
    from aspcore.store import history

    with history_store(store) as opened:
        recorded = history(opened)
    if output == OutputFormat.JSON:
        data = {"evaluations": [r.to_dict() for r in recorded]}
        write_json(json.dumps(data, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"evaluations recorded in {store}")
    for column in ("Id", "Plan", "As of", "Ruleset", "Recorded at (UTC)"):
        table.add_column(column, overflow="fold")
    for r in recorded:
        table.add_row(
            str(r.id), r.plan, r.as_of.isoformat(), r.ruleset, f"{r.recorded_at:%Y-%m-%d %H:%M}"
        )
    print_table(table)


def _findings_table(title: str, findings: tuple[Finding, ...]) -> Table:
    table = Table(title=title)
    for column in ("Severity", "Rule", "Subject", "Message"):
        table.add_column(column, overflow="fold")
    for f in findings:
        table.add_row(f.severity.value, f.rule, f.subject, f.message)
    return table


def _print_changes(found: Changes) -> None:
    before, after, diff = found.before, found.after, found.diff
    out.print(
        Text.assemble(
            (after.plan, "bold"),
            f": evaluation {before.id} (as of {before.as_of}) to evaluation {after.id} "
            f"(as of {after.as_of})",
        )
    )
    if diff.statuses:
        table = Table(title="RAG colours that moved")
        for column in ("Kind", "Subject", "Period", "From", "To"):
            table.add_column(column, overflow="fold")
        for c in diff.statuses:
            table.add_row(
                c.kind,
                c.subject,
                c.period or "",
                c.before.value if c.before else "none",
                c.after.value if c.after else "none",
            )
        print_table(table)
    for title, findings in (
        ("New findings", diff.new_findings),
        ("Resolved findings", diff.resolved_findings),
    ):
        if findings:
            print_table(_findings_table(title, findings))
    out.print(
        f"{len(diff.statuses)} colour(s) moved, {len(diff.new_findings)} new finding(s), "
        f"{len(diff.resolved_findings)} resolved."
    )


@app.command("changes")
@friendly
def changes_command(
    store: _Store,
    from_ref: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Earlier evaluation: its id, or an as-of date YYYY-MM-DD (default: the one "
            "recorded before --to).",
            metavar="TEXT",
        ),
    ] = None,
    to_ref: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Later evaluation: its id or as-of date (default: the latest recorded).",
            metavar="TEXT",
        ),
    ] = None,
    output: _Format = OutputFormat.TEXT,
) -> None:
    """What changed between two recorded evaluations: RAG colours that moved, findings new and
    resolved (by default the last two of the same plan)."""
    from aspcore.store import changes

    with history_store(store) as opened:
        found = changes(opened, from_ref, to_ref)
    if output == OutputFormat.JSON:
        write_json(json.dumps(found.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_changes(found)
