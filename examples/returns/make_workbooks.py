"""Write the XLSX example returns from the CSV ones, the way partner agencies' workbooks look.

Run from the repository root: ``python examples/returns/make_workbooks.py``.  Numbers become
number cells, dates date cells, and some workbooks carry what real ones do: the Scotland 2017
NRM table has a title row and a two-row merged header on a sheet named for it (with a notes
sheet beside it), a case-events date is an Excel serial number, the pre-NRM months are dates,
and the bad NRM table's totals are formulas whose results were never saved.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?\d+\.\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _cell(text: str) -> Any:
    """A CSV cell as Excel would hold it: numbers and ISO dates typed, the rest as text."""
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if _DATE.match(text):
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            return text  # an impossible date stays text, as Excel would keep it
    return text or None


def _rows(name: str) -> list[list[str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def _plain(ws: Worksheet, rows: list[list[str]]) -> None:
    for row in rows:
        ws.append([_cell(c) for c in row])


def _scotland(ws: Worksheet, rows: list[list[str]]) -> None:
    ws.title = "Scotland 2017"
    ws.append(["Key figures for Scotland 2017: NRM referrals by exploitation type"])
    ws.merge_cells("A1:F1")
    ws.append(["Type", "Adult", None, "Minor", None, "Total"])
    ws.append([None, "Male", "Female", "Male", "Female", None])
    for merged in ("A2:A3", "B2:C2", "D2:E2", "F2:F3"):
        ws.merge_cells(merged)
    for row in rows[1:]:
        ws.append([_cell(c) for c in row])
    notes = ws.parent.create_sheet("Notes")
    notes.append(["Source: Scotland Trafficking and Exploitation Strategy, first annual report"])


def _formula_totals(ws: Worksheet, rows: list[list[str]]) -> None:
    _plain(ws, rows)
    for number in range(2, len(rows) + 1):
        ws.cell(number, 6).value = f"=SUM(B{number}:E{number})"


def _monthly(ws: Worksheet, rows: list[list[str]]) -> None:
    ws.append(rows[0])
    for row in rows[1:]:
        year, month = (int(x) for x in row[0].split("-"))
        money = [float(c.replace("£", "").replace(",", "")) for c in row[-2:]]
        ws.append([dt.datetime(year, month, 1), *(_cell(c) for c in row[1:-2]), *money])
        ws.cell(ws.max_row, 1).number_format = "mmm yyyy"


def _serial_date(ws: Worksheet, rows: list[list[str]]) -> None:
    _plain(ws, rows)
    cell = ws.cell(5, 3)
    cell.value = (dt.date(2018, 8, 14) - dt.date(1899, 12, 30)).days
    cell.number_format = "General"


WORKBOOKS: dict[str, tuple[str, Callable[[Worksheet, list[list[str]]], None]]] = {
    "indicator-return-good.xlsx": ("indicator-return-good.csv", _plain),
    "indicator-return-bad.xlsx": ("indicator-return-bad.csv", _plain),
    "action-plan-good.xlsx": ("action-plan-good.csv", _plain),
    "action-plan-bad.xlsx": ("action-plan-bad.csv", _plain),
    "nrm-breakdown-scotland-2017.xlsx": ("nrm-breakdown-scotland-2017.csv", _scotland),
    "nrm-breakdown-bad.xlsx": ("nrm-breakdown-bad.csv", _formula_totals),
    "nrm-referrals-good.xlsx": ("nrm-referrals-good.csv", _plain),
    "nrm-referrals-bad.xlsx": ("nrm-referrals-bad.csv", _plain),
    "nrm-totals-uk-2017.xlsx": ("nrm-totals-uk-2017.csv", _plain),
    "nrm-totals-bad.xlsx": ("nrm-totals-bad.csv", _plain),
    "pre-nrm-monitoring-good.xlsx": ("pre-nrm-monitoring-good.csv", _monthly),
    "pre-nrm-monitoring-bad.xlsx": ("pre-nrm-monitoring-bad.csv", _plain),
    "case-events-good.xlsx": ("case-events-good.csv", _serial_date),
    "case-events-bad.xlsx": ("case-events-bad.csv", _plain),
}


def build(target: Path = HERE) -> list[Path]:
    """Write every workbook into ``target``; return their paths."""
    written = []
    for name, (source, fill) in WORKBOOKS.items():
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Return"
        fill(sheet, _rows(source))
        book.save(target / name)
        written.append(target / name)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(HERE.parent.parent))
