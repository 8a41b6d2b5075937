"""Write the example quarterly return workbook: ``python -m aspcore_returns_xlsx.example OUT``.

The workbook is what a partnership's data team receives for 2018-19 Q2 from three agencies of
the Northshire example plan (indicators I1 to I7): one sheet per agency with a title, a header
block (agency, period, completed by) and a table of indicator values, plus a notes sheet.
Values are typed as Excel would hold them; one is written with a thousands separator.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

__all__ = ["SHEETS", "write_example"]

#: Sheet → (agency, completed by, rows).  A row is (indicator, description, value, comment,
#: period); the period is ``None`` when it is the header block's.  The provider reports its
#: monthly indicators (I5, I6) for the quarter's last month, so its table has a Period column.
Row = tuple[str, str, object, str | None, str | None]
SHEETS: dict[str, tuple[str, str, list[Row]]] = {
    "Police": (
        "Northshire Police",
        "Police analyst",
        [
            ("I1", "Frontline professionals attending training", 55, None, None),
            ("I2", "Reports of modern slavery from professionals and the public", 11, None, None),
            ("I3", "Victims identified in joint operations", 7, "Two joint operations", None),
            ("I4", "Offences identified by partner agencies", 3, None, None),
        ],
    ),
    "Council": (
        "Northshire Council",
        "Community safety officer",
        [
            (
                "I1",
                "Frontline professionals attending training",
                "1,040",
                "Includes the September business conference",
                None,
            ),
            ("I2", "Reports of modern slavery from professionals and the public", 4, None, None),
        ],
    ),
    "Pre-NRM provider": (
        "Pre-NRM support provider",
        "Contract manager",
        [
            ("I5", "Service users supported", 6, None, "2018-09"),
            ("I6", "Volunteers", 4, "Two more in training", "2018-09"),
            ("I7", "Percentage of service users who feel supported", 78, None, "2018-19 Q2"),
        ],
    ),
}


def write_example(path: Path, period: str = "2018-19 Q2") -> Path:
    """Write the example workbook to ``path`` and return it."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["How to complete this return"])
    notes.append(["Fill in one sheet per agency; leave a value blank if it is not known."])
    for title, (agency, by, rows) in SHEETS.items():
        sheet = book.create_sheet(title)
        sheet.append(["Northshire Modern Slavery Partnership: quarterly return"])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([])
        sheet.append(["Agency:", agency])
        sheet.append(["Period:", period])
        sheet.append(["Completed by:", by])
        sheet.append([])
        dated = any(row[4] for row in rows)
        sheet.append(
            ["Indicator", "Description", "Value", "Comment"] + (["Period"] if dated else [])
        )
        for *cells, row_period in rows:
            sheet.append(cells + ([row_period] if dated else []))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "northshire-2018-19-q2.xlsx")
    print(f"wrote {write_example(target)}")
