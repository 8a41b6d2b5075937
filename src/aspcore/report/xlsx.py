"""Render a report as an XLSX workbook, laid out as partnerships keep their action plans.

The first sheet is the action plan (Action, Owner, Timescale, RAG Status, with the RAG cell filled
in its colour and spelt out), then one sheet per other table of the report (Indicators, Risks,
Findings, ...), a Changes sheet when the report has a "Changes since" section, and an About sheet
with the as-of date, ruleset, aspcore version and disclosure.
Every text cell is a string, never a formula, whatever the plan's text begins with
(:func:`_append`).
The workbook's created and modified properties and every zip entry's timestamp are the as-of
date, so the same report gives the same bytes and opens in Excel and LibreOffice alike.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from aspcore.io.cell_text import sheet_text, starts_like_formula
from aspcore.report.colours import INK, PAPER, pair_for, rag_word
from aspcore.report.model import Bullets, Cell, ReportModel, Section, Table

__all__ = ["render_xlsx"]

_SHEET_NAMES = {
    "actions": "Action plan",
    "indicators": "Indicators",
    "risks": "Risks",
    "findings": "Findings",
    "smart": "SMART",
    "coverage": "Coverage",
    "figures": "Figures",
    "logframe": "LogFrame",
    "evidence": "Evidence",
}
#: The action plan's columns in the order partnerships keep them; the rest follow.
_ACTION_ORDER = ("Action", "Owner", "Timescale", "RAG Status", "Why", "ID")
_WIDTHS = {
    "Action": 60,
    "Why": 50,
    "Risk": 45,
    "Finding": 60,
    "Suggestion": 50,
    "Indicator": 45,
    "Mitigation": 30,
    "Owner": 28,
    "Objectives": 50,
}
_HEAD_FILL = PatternFill("solid", fgColor=INK.lstrip("#"))
_HEAD_FONT = Font(bold=True, color=PAPER.lstrip("#"))


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _append(ws: Worksheet, values: Sequence[object]) -> None:
    """Add a row whose text cells are strings, never formulas (see :mod:`aspcore.io.cell_text`).

    openpyxl reads text beginning with ``=`` as a formula and ``#N/A`` as an error; every text
    cell is set back to a string, and one that starts like a formula gets Excel's quote prefix,
    so it stays text when edited.  Characters a workbook cannot hold are replaced
    (:func:`~aspcore.io.cell_text.sheet_text`).  Numbers and dates keep their types.
    """
    values = [sheet_text(value) if isinstance(value, str) else value for value in values]
    ws.append(values)
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            cell = ws.cell(ws.max_row, column)
            cell.data_type = "s"
            if starts_like_formula(value):
                cell.quotePrefix = True


def _sheet_name(table: Table, used: set[str]) -> str:
    base = (_SHEET_NAMES.get(table.name) or table.title)[:28]
    for char in "[]:*?/\\":
        base = base.replace(char, " ")
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def _ordered(table: Table) -> tuple[list[str], list[list[Cell]]]:
    columns = list(table.columns)
    if table.name != "actions":
        return columns, [list(row) for row in table.rows]
    order = [columns.index(c) for c in _ACTION_ORDER if c in columns]
    order += [i for i in range(len(columns)) if i not in order]
    return [columns[i] for i in order], [[row[i] for i in order] for row in table.rows]


def _write_table(wb: Workbook, table: Table, used: set[str]) -> None:
    ws = wb.create_sheet(_sheet_name(table, used))
    columns, rows = _ordered(table)
    _append(ws, columns or [table.title])
    for cell in ws[1]:
        cell.fill, cell.font = _HEAD_FILL, _HEAD_FONT
    if not rows:
        _append(ws, [table.empty])
    for row in rows:
        _append(ws, [c.value if c.value is not None else _word(c) for c in row])
        for target, source in zip(ws[ws.max_row], row, strict=True):
            target.alignment = Alignment(wrap_text=True, vertical="top")
            if source.rated or source.rag:
                pair = pair_for(source.rag)
                target.fill = PatternFill("solid", fgColor=_hex(pair.background))
                target.font = Font(bold=True, color=_hex(pair.text))
    for index, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 16)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    _print_setup(ws)
    if table.note:
        _append(ws, [])
        _append(ws, [table.note])


def _print_setup(ws: Worksheet) -> None:
    """Print a table as a board member reads it: landscape, as wide as the page, the header row
    repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _write_changes(wb: Workbook, section: Section, used: set[str]) -> None:
    """The "Changes since" section as a sheet: one row per item, under its group's heading."""
    ws = wb.create_sheet(_sheet_name(Table("Changes", (), ()), used))
    _append(ws, [section.title, "Item", "RAG Status"])
    for cell in ws[1]:
        cell.fill, cell.font = _HEAD_FILL, _HEAD_FONT
    for bullets in (b for b in section.blocks if isinstance(b, Bullets)):
        if not bullets.count:
            _append(ws, [bullets.empty])
        for group in bullets.groups:
            for item in group.items:
                rated = item.rated or item.rag is not None
                _append(ws, [group.heading, item.text, rag_word(item.rag) if rated else ""])
                ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
                if rated:
                    pair = pair_for(item.rag)
                    target = ws.cell(ws.max_row, 3)
                    target.fill = PatternFill("solid", fgColor=_hex(pair.background))
                    target.font = Font(bold=True, color=_hex(pair.text))
    for column, width in (("A", 28), ("B", 90), ("C", 16)):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"


def _word(cell: Cell) -> str:
    if cell.rated or cell.rag:
        return rag_word(cell.rag)
    return "Not rated" if cell.text == "not rated" else cell.text


def _about(wb: Workbook, report: ReportModel) -> None:
    ws = wb.create_sheet("About")
    rows = [
        ("Partnership", report.partnership),
        ("Report", report.title),
        ("Plan year", report.year or "—"),
        ("As of", report.as_of),
        ("Ruleset", report.ruleset_name),
        ("Ruleset version", report.ruleset_version),
        ("aspcore version", report.aspcore_version),
        ("Disclosure", report.disclosure),
        ("Overall", rag_word(report.headline.overall) if report.headline.rated else "Not rated"),
        ("Why", report.headline.reason),
        *report.headline.figures,
    ]
    for label, value in rows:
        _append(ws, [label, value])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    ws["B4"].number_format = "yyyy-mm-dd"


def _stable_zip(data: bytes, when: dt.date) -> bytes:
    """Rewrite a zip with every entry stamped ``when``, so the bytes do not depend on the clock."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def render_xlsx(report: ReportModel) -> bytes:
    """The report as XLSX bytes: the action plan first, then the other tables, then About."""
    wb = Workbook()
    wb.remove(wb.active)
    tables = [b for s in report.sections for b in s.blocks if isinstance(b, Table)]
    tables.sort(key=lambda t: t.name != "actions")
    used: set[str] = set()
    for table in tables:
        _write_table(wb, table, used)
    for section in report.sections:
        if section.id == "changes":
            _write_changes(wb, section, used)
    _about(wb, report)
    stamp = dt.datetime(report.as_of.year, report.as_of.month, report.as_of.day)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = wb.properties.lastModifiedBy = "aspcore"
    wb.properties.title = f"{report.title}: {report.partnership}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _stable_zip(buffer.getvalue(), report.as_of)
