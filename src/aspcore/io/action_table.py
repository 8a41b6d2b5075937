"""Load an action plan straight from the spreadsheet it already lives in.

Headers are matched case- and space-insensitively, with the spellings partnerships use
(Derbyshire MSP: ``Action | Owner | Timescale | RAG Status``; optional ``ID, Objective, Status,
Progress, Start, Due``).  A header such as ``Action 2016-17`` also gives the plan year.
"""

from __future__ import annotations

import re
from pathlib import Path

from aspcore.errors import InputFileError
from aspcore.io.plan_reader import plan_from_mapping
from aspcore.io.tables import Table, normalise_header, read_table
from aspcore.model import Plan

__all__ = ["HEADER_ALIASES", "load_action_table", "plan_from_table"]

#: Spreadsheet headers (normalised) and the plan field each one fills.
HEADER_ALIASES: dict[str, str] = {
    "id": "id",
    "ref": "id",
    "no": "id",
    "action": "statement",
    "actions": "statement",
    "action/task/activity": "statement",
    "task": "statement",
    "owner": "owner",
    "lead": "owner",
    "responsible": "owner",
    "timescale": "timescale",
    "timescales": "timescale",
    "timeframe": "timescale",
    "deadline": "due",
    "due": "due",
    "due date": "due",
    "start": "start",
    "start date": "start",
    "rag": "rag",
    "rag status": "rag",
    "status": "status",
    "progress": "progress",
    "progress %": "progress",
    "% complete": "progress",
    "objective": "objective",
    "corrective action": "corrective_action",
}
_YEAR_IN_HEADER = re.compile(r"^action\s+(\d{4}\s*[-/]\s*\d{2,4})$")


def plan_from_table(table: Table, *, partnership: str | None = None) -> Plan:
    """Build a Plan whose actions are the table's rows (ids default to ``A<row>``)."""
    columns: dict[str, str] = {}
    year: str | None = None
    for header in table.headers:
        key = normalise_header(header)
        match = _YEAR_IN_HEADER.match(key)
        if match:
            year = match.group(1).replace(" ", "")
            key = "action"
        field = HEADER_ALIASES.get(key)
        if field is not None and field not in columns.values():
            columns[header] = field
    if "statement" not in columns.values():
        raise InputFileError(
            f"{table.path}: expected an action plan with an 'Action' column; found columns: "
            f"{', '.join(table.headers)}"
        )
    actions = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        item = {field: row.get(header) for header, field in columns.items()}
        if not str(item.get("id") or "").strip():
            item["id"] = f"A{number}"
        actions.append(item)
    data = {
        "partnership": partnership or Path(table.path).stem,
        "year": year,
        "actions": actions,
    }
    return plan_from_mapping(data, source=table.path)


def load_action_table(
    path: Path, *, partnership: str | None = None, sheet: str | None = None
) -> Plan:
    """Read a CSV or XLSX action plan file into a Plan."""
    return plan_from_table(read_table(path, sheet=sheet), partnership=partnership)
