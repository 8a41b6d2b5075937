"""Reading a council's quarterly return workbook: one sheet per agency, a header block, a table.

A return sheet looks like this (labels and order vary; matching ignores case and a trailing
colon)::

    Northshire Modern Slavery Partnership: quarterly return      <- title, ignored
    Agency:   Northshire Police                                  <- header block
    Period:   2018-19 Q2
    Indicator | Description | Value | Comment                    <- the table
    I1        | Frontline professionals trained | 55 |

The table's header row is the first row naming both an indicator and a value column (by the
``indicator-return`` schema's names and aliases); its other known columns (period, agency,
breakdowns, comment) are read too, and a period or agency column overrides the header block row
by row.  Sheets without such a table (notes, instructions) are skipped with an info finding.

Findings (``plugin="returns-xlsx"``):

* ``RETXLSX-001`` (info) a sheet has no return table and is skipped;
* ``RETXLSX-002`` (warning) no agency in the header block: the sheet's name is used;
* ``RETXLSX-003`` (error) no readable period: the sheet's rows are not mapped;
* ``RETXLSX-004`` (error) a row has a value but no indicator: not mapped;
* ``RETXLSX-005`` (error) a value is not a number, or a formula whose result was never saved:
  the row is not mapped;
* ``RETXLSX-006`` (info) columns of the table that are not part of a return are not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
from aspcore import InputFileError, PeriodError, parse_period
from aspcore.adapters import Grid, header_keys
from aspcore.io.tables import normalise_header
from aspcore.io.values import is_blank, parse_date, parse_number, text_or_none
from aspcore.model import Finding, Severity
from aspcore.schemas import get_schema

__all__ = ["DEFAULT_AGENCY_LABELS", "DEFAULT_PERIOD_LABELS", "read_workbook"]

#: Header-block labels that give the agency (compared case-insensitively, colon ignored).
DEFAULT_AGENCY_LABELS = ("agency", "organisation", "organization", "partner", "reporting agency")
#: Header-block labels that give the period.
DEFAULT_PERIOD_LABELS = ("period", "reporting period", "quarter", "return period")

_PLUGIN = "returns-xlsx"


def _label(cell: Any) -> str:
    return normalise_header(str(cell or "").strip().rstrip(":"))


def _filled(row: Iterable[Any]) -> list[Any]:
    return [c for c in row if not is_blank(c)]


@attrs.define
class _Sheet(Grid):
    """One sheet's grid, with the cells (row, column) that hold formulas."""

    formulas: set[tuple[int, int]] = attrs.field(factory=set)

    def header_row(self, keys: dict[str, str]) -> int | None:
        for index, row in enumerate(self.cells):
            names = {keys.get(normalise_header(c)) for c in row if isinstance(c, str)}
            if {"indicator", "value"} <= names:
                return index
        return None

    def block(self, end: int) -> dict[str, Any]:
        """Label → value from the rows above the table (first filled cell, then the next)."""
        found: dict[str, Any] = {}
        for row in self.cells[:end]:
            cells = _filled(row)
            if len(cells) >= 2 and isinstance(cells[0], str):
                found.setdefault(_label(cells[0]), cells[1])
        return found


def _period(value: Any) -> str:
    """A period label read from a cell; a date is refused, as it does not say which period."""
    if hasattr(value, "year") and not isinstance(value, str):
        raise PeriodError(f"{parse_date(value)} is a date, not a period; write e.g. 2018-19 Q2")
    return parse_period(str(text_or_none(value))).label


def _rows(
    sheet: _Sheet, header: int, keys: dict[str, str], agency: str | None, period: str | None
) -> tuple[list[dict[str, Any]], list[int]]:
    """The table's mapped rows, and the row numbers left without a period."""
    columns: dict[int, str] = {}
    ignored = []
    for position, cell in enumerate(sheet.cells[header]):
        name = keys.get(normalise_header(cell)) if not is_blank(cell) else None
        if name is not None and name not in columns.values():
            columns[position] = name
        elif not is_blank(cell):
            ignored.append(str(cell))
    if ignored:
        sheet.report(
            "RETXLSX-006",
            f"columns not part of a return are not read: {', '.join(ignored)}",
            Severity.INFO,
            header + 1,
        )
    out: list[dict[str, Any]] = []
    unplaced: list[int] = []
    for index in range(header + 1, len(sheet.cells)):
        raw = sheet.cells[index]
        number = index + 1
        item = {name: raw[p] if p < len(raw) else None for p, name in columns.items()}
        if all(is_blank(v) for v in item.values()):
            continue
        value_position = next(p for p, n in columns.items() if n == "value")
        item["indicator"] = text_or_none(item.get("indicator"))
        if item["indicator"] is None:
            sheet.report(
                "RETXLSX-004",
                f"row {number} has no indicator; it is not mapped",
                Severity.ERROR,
                number,
                suggestion="Fill in the indicator id",
            )
            continue
        if (number, value_position + 1) in sheet.formulas and is_blank(item["value"]):
            sheet.report(
                "RETXLSX-005",
                f"row {number}: the value is a formula whose result was "
                "never saved; it is not mapped",
                Severity.ERROR,
                number,
                suggestion="Open the workbook in Excel and save it",
            )
            continue
        try:
            value = parse_number(item["value"])
            row_period = _period(item["period"]) if not is_blank(item.get("period")) else period
        except (ValueError, PeriodError) as exc:
            sheet.report(
                "RETXLSX-005", f"row {number} is not mapped: {exc}", Severity.ERROR, number
            )
            continue
        if row_period is None:
            unplaced.append(number)
            continue
        out.append(
            {k: text_or_none(v) for k, v in item.items() if k not in {"value", "period"}}
            | {
                "agency": text_or_none(item.get("agency")) or agency,
                "period": row_period,
                "value": None if value is None else float(value),
            }
            | sheet.provenance(number)
        )
    return out, unplaced


def _read(
    sheet: _Sheet, keys: dict[str, str], agency_labels: set[str], period_labels: set[str]
) -> list[dict[str, Any]] | None:
    header = sheet.header_row(keys)
    if header is None:
        sheet.report(
            "RETXLSX-001",
            f"sheet '{sheet.sheet}' has no table with Indicator and Value columns; skipped",
            Severity.INFO,
        )
        return None
    block = sheet.block(header)
    agency = next((text_or_none(v) for k, v in block.items() if k in agency_labels), None)
    if agency is None:
        agency = sheet.sheet
        sheet.report(
            "RETXLSX-002",
            f"no agency in the header block; the sheet's name '{sheet.sheet}' is used",
            Severity.WARNING,
        )
    raw_period = next((v for k, v in block.items() if k in period_labels), None)
    period = None
    try:
        period = _period(raw_period) if raw_period is not None else None
    except (PeriodError, ValueError) as exc:
        reason = str(exc)
    else:
        reason = "the header block has no period"
    rows, unplaced = _rows(sheet, header, keys, agency, period)
    if unplaced:
        sheet.report(
            "RETXLSX-003",
            f"{reason}, so rows {unplaced[0]}-{unplaced[-1]} ({len(unplaced)}) are not mapped",
            Severity.ERROR,
            suggestion="Write the period above the table, e.g. 'Period: 2018-19 Q2'",
            evidence={"rows": len(unplaced)},
        )
    return rows


def read_workbook(
    path: Path,
    *,
    agency_labels: Iterable[str] = DEFAULT_AGENCY_LABELS,
    period_labels: Iterable[str] = DEFAULT_PERIOD_LABELS,
) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Every return sheet's rows (shaped like ``indicator-return``) and the findings."""
    import openpyxl

    if not path.is_file() or path.suffix.lower() not in {".xlsx", ".xlsm"}:
        raise InputFileError(f"{path}: expected a quarterly return workbook (.xlsx)")
    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputFileError(f"{path}: expected an Excel .xlsx workbook ({exc})") from None
    keys = header_keys(get_schema("indicator-return"))
    labels = ({_label(a) for a in agency_labels}, {_label(p) for p in period_labels})
    rows: list[dict[str, Any]] = []
    findings: list[Finding] = []
    found_any = False
    try:
        for name in values.sheetnames:
            cells = [list(r) for r in values[name].iter_rows(values_only=True)]
            formula_cells = {
                (r, c)
                for r, row in enumerate(formulas[name].iter_rows(values_only=True), start=1)
                for c, cell in enumerate(row, start=1)
                if isinstance(cell, str) and cell.startswith("=")
            }
            sheet = _Sheet(path.name, name, cells, _PLUGIN, formula_cells)
            read = _read(sheet, keys, *labels)
            found_any = found_any or read is not None
            rows.extend(read or [])
            findings.extend(sheet.findings)
    finally:
        values.close()
        formulas.close()
    if not found_any:
        raise InputFileError(
            f"{path}: no sheet has a return table (a header row with Indicator and Value); "
            f"the sheets are: {', '.join(values.sheetnames)}"
        )
    return rows, findings
