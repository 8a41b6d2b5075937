"""Validate return files: one file, or several with one aggregated report.

A file that cannot be read (missing, empty, not CSV/XLSX, a sheet that does not exist, over the
size limit) gives a report marked *unusable* with the reason, rather than an exception, so that a
batch of files is always reported in full.  An unknown schema name or an unreadable plan is a
mistake in the call, not in the return, and raises :class:`~aspcore.errors.AspcoreError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from aspcore.errors import InputFileError
from aspcore.io.tables import DEFAULT_MAX_BYTES, Table, read_table
from aspcore.model import Plan
from aspcore.schemas.factory import for_plan
from aspcore.schemas.prepare import Prepared
from aspcore.schemas.problems import ReportSet, ValidationReport
from aspcore.schemas.spec import SchemaSpec
from aspcore.schemas.validate import resolve_schema, validate_table

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["Checked", "check_file", "check_table", "validate_file", "validate_files"]


@attrs.frozen
class Checked:
    """A return read and validated: the report, and (when readable) the prepared table."""

    spec: SchemaSpec
    report: ValidationReport
    prepared: Prepared | None


def _plan(plan: Plan | str | Path | None) -> Plan | None:
    if plan is None or isinstance(plan, Plan):
        return plan
    from aspcore.io import load_plan

    return load_plan(plan)


def check_file(
    path: str | Path,
    schema: SchemaSpec | str,
    *,
    plan: Plan | str | Path | None = None,
    sheet: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    plugins: Plugins | None = None,
) -> Checked:
    """Read and validate one file, keeping the prepared table for ingestion."""
    spec = resolve_schema(schema, plugins)
    loaded = _plan(plan)
    if loaded is not None:
        spec = for_plan(spec, loaded)
    try:
        about_people = any(column.personal for column in spec.columns)
        table = read_table(
            Path(path), sheet=sheet, max_bytes=max_bytes, quote_headers=not about_people
        )
    except InputFileError as exc:
        report = ValidationReport(
            schema=spec.name, rows=0, file=str(path), sheet=sheet, unusable=str(exc)
        )
        return Checked(spec, report, None)
    report, prepared = check_table(table, spec)
    return Checked(spec, report, prepared)


def check_table(table: Table, spec: SchemaSpec) -> tuple[ValidationReport, Prepared]:
    """Validate a table already read (from a file or an adapter) against ``spec``: see
    :func:`~aspcore.schemas.validate.validate_table`."""
    return validate_table(table, spec)


def validate_file(
    path: str | Path,
    schema: SchemaSpec | str,
    *,
    plan: Plan | str | Path | None = None,
    sheet: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    plugins: Plugins | None = None,
) -> ValidationReport:
    """Check one CSV or XLSX return against ``schema`` and report every problem at once.

    ``plan`` (a Plan or a plan file) adds the checks that need it: indicator ids that must
    exist, periods that must fit each indicator's frequency and the plan year, units.
    ``sheet`` picks a workbook's sheet (default the first).  ``report.exit_code`` is ``0``
    valid, ``1`` invalid, ``2`` unusable.
    """
    return check_file(
        path, schema, plan=plan, sheet=sheet, max_bytes=max_bytes, plugins=plugins
    ).report


def validate_files(
    paths: Iterable[str | Path],
    schema: SchemaSpec | str,
    *,
    plan: Plan | str | Path | None = None,
    sheet: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    plugins: Plugins | None = None,
) -> ReportSet:
    """Check several returns against the same schema; one report with totals over all."""
    spec = resolve_schema(schema, plugins)
    loaded = _plan(plan)
    return ReportSet(
        tuple(
            validate_file(path, spec, plan=loaded, sheet=sheet, max_bytes=max_bytes)
            for path in paths
        )
    )
