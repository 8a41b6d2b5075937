"""Published NRM tables: the breakdown by exploitation type, sex and age, and headline totals.

A table is found by its header row and may have a block of facts above it, one per row, written
``Edition: 2017 annual (revised)`` in one cell or as a label and a value in two cells::

    NRM referrals by exploitation type, Scotland 2017        <- a title: ignored
    Area: Scotland
    Period: 2017
    Edition: 2017 annual (first published)
    Type | Adult       | Minor       | Total                 <- a header over one or two rows
         | Male Female | Male Female |
    Domestic servitude | 1 | 4 | 1 | 3 | 9

* a **breakdown** table has a type column (``Type``, ``Exploitation type``) and the
  ``nrm-breakdown`` schema's count columns (``Male adult`` or ``Adult`` over ``Male``, ...);
* a **headline** table has ``Area``, ``Period``, ``Edition`` and ``Referrals`` columns, one row
  per published figure (UK 2017: 5,145 first published, 5,142 revised).

Labels and headers are those of the ``nrm-totals`` and ``nrm-breakdown`` schemas (with their
aliases: ``Publication`` for ``Edition``, ...).  The area, period and edition not given in the
file come from the adapter's options.  Findings (``plugin="nrm"``): ``NRM-001`` (info) a sheet
without an NRM table is skipped; ``NRM-002`` (error) a table without an edition or a readable
period is not mapped; ``NRM-003`` (error) a row of a type the NRM does not publish is kept with
the type as written, so that the Total row is still checked against every row, and the schema
refuses it at ingest; ``NRM-004`` (error) a count that is not a whole number is left blank, so
that the sums needing it are not checked rather than reported as wrong (a headline figure that
is not a count is not mapped); ``NRM-005`` (info) a row without counts (a note) is skipped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aspcore import PeriodError, parse_period
from aspcore.adapters import Grid, header_keys
from aspcore.io.tables import normalise_header
from aspcore.io.values import is_blank, parse_number, text_or_none
from aspcore.model import Severity
from aspcore.schemas import get_schema
from aspcore.schemas.nrm import BREAKDOWN_PARTS
from aspcore.schemas.vocabularies import VOCABULARIES

__all__ = ["COUNT_COLUMNS", "PLACE", "read_grids", "read_table_grid"]

#: What the facts above a table may say: the ``nrm-totals`` columns saying where it belongs.
PLACE = ("area", "period", "edition")
_FACT = re.compile(r"^\s*([A-Za-z ]+?)\s*:\s*(.+?)\s*$")
_HEADLINE = {*PLACE, "referrals"}
_PLUGIN = "nrm"


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a workbook, or the one table of a CSV file, as grids."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        import openpyxl

        book = openpyxl.load_workbook(path, data_only=True)
        grids = []
        for sheet in book.worksheets:
            cells = [list(r) for r in sheet.iter_rows(values_only=True)]
            for merged in sheet.merged_cells.ranges:
                value = cells[merged.min_row - 1][merged.min_col - 1]
                for r in range(merged.min_row, merged.max_row + 1):
                    for c in range(merged.min_col, merged.max_col + 1):
                        cells[r - 1][c - 1] = value
            grids.append(Grid(path.name, sheet.title, cells, _PLUGIN))
        return grids
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    return [Grid(path.name, None, rows, _PLUGIN)]


def _texts(row: list[Any]) -> list[str]:
    return [normalise_header(c) for c in row if isinstance(c, str) and c.strip()]


def _numeric(row: list[Any]) -> bool:
    return any(
        isinstance(c, int | float) or (isinstance(c, str) and re.fullmatch(r"[\d,]+", c.strip()))
        for c in row
    )


def _facts(rows: list[list[Any]], labels: Mapping[str, str]) -> dict[str, str]:
    """Area, period and edition from the rows above a table (``labels``: the schema's keys)."""
    found: dict[str, str] = {}
    for row in rows:
        cells = [c for c in row if not is_blank(c)]
        pairs = []
        if len(cells) == 1 and isinstance(cells[0], str) and (match := _FACT.match(cells[0])):
            pairs.append((match.group(1), match.group(2)))
        elif len(cells) >= 2 and isinstance(cells[0], str):
            pairs.append((cells[0].rstrip(":"), str(text_or_none(cells[1]))))
        for label, value in pairs:
            fact = labels.get(normalise_header(label))
            if fact in PLACE:
                found.setdefault(fact, value)
    return found


def read_table_grid(
    grid: Grid, defaults: Mapping[str, str | None]
) -> tuple[str, list[dict[str, Any]]] | None:
    """``("nrm-breakdown" | "nrm-totals", rows)`` from one grid, or ``None`` without a table."""
    keys = header_keys(get_schema("nrm-breakdown"))
    headline = header_keys(get_schema("nrm-totals"))
    for index, row in enumerate(grid.cells):
        texts = set(_texts(row))
        if {headline.get(t) for t in texts} >= _HEADLINE:
            return "nrm-totals", _headline(grid, index, headline, defaults)
        if any(keys.get(t) == "exploitation_type" for t in texts) and "total" in texts:
            return "nrm-breakdown", _breakdown(grid, index, keys, headline, defaults)
    grid.report(
        "NRM-001",
        "no NRM table (a header with Type and Total, or Area, Period, "
        "Edition and Referrals) here; skipped",
        Severity.INFO,
    )
    return None


def _place(grid: Grid, facts: Mapping[str, str | None], rows: range) -> dict[str, Any] | None:
    """The area, period label and edition of a table, or ``None`` (reported) when unusable."""
    problem = None
    try:
        period = parse_period(str(facts["period"])).label if facts.get("period") else None
    except PeriodError as exc:
        period, problem = None, str(exc)
    if not facts.get("edition"):
        problem = "the table has no edition (first published or revised)"
    elif period is None:
        problem = problem or "the table has no period"
    if problem is not None:
        grid.report(
            "NRM-002",
            f"{problem}, so rows {rows.start}-{rows.stop - 1} are not mapped",
            Severity.ERROR,
            evidence={"rows": len(rows)},
            suggestion="Write 'Edition: ...' and 'Period: ...' above the table, or pass "
            "--adapter-option edition=... / period=...",
        )
        return None
    return {"area": facts.get("area"), "period": period, "edition": facts["edition"]}


def _headline(
    grid: Grid, header: int, keys: Mapping[str, str], defaults: Mapping[str, str | None]
) -> list[dict[str, Any]]:
    names = [keys.get(normalise_header(str(c))) for c in grid.cells[header]]
    out = []
    for index in range(header + 1, len(grid.cells)):
        cells = dict(zip(names, grid.cells[index], strict=False))
        if all(is_blank(v) for v in cells.values()):
            continue
        number = index + 1
        facts = {k: text_or_none(cells.get(k)) or defaults.get(k) for k in PLACE}
        place = _place(grid, facts, range(number, number + 1))
        try:
            total = _whole(cells.get("referrals"))
        except ValueError as exc:
            grid.report("NRM-004", f"row {number} is not mapped: {exc}", Severity.ERROR, number)
            continue
        if place is not None:
            out.append(place | {"referrals": total} | grid.provenance(number))
    return out


def _breakdown(
    grid: Grid,
    header: int,
    keys: Mapping[str, str],
    labels: Mapping[str, str],
    defaults: Mapping[str, str | None],
) -> list[dict[str, Any]]:
    rows = grid.cells
    height = 2 if header + 1 < len(rows) and not _numeric(rows[header + 1]) else 1
    width = max(len(r) for r in rows[header : header + height])
    columns: dict[int, str] = {}
    for position in range(width):
        parts: list[str] = []
        for r in rows[header : header + height]:
            text = str(r[position]).strip() if position < len(r) and r[position] else ""
            if text and text not in parts:
                parts.append(text)
        name = keys.get(normalise_header(" ".join(parts)))
        if name in _TABLE_COLUMNS and name not in columns.values():
            columns[position] = name
    first = header + height
    found = _facts(rows[:header], labels)
    facts = {k: found.get(k) or defaults.get(k) for k in PLACE}
    place = _place(grid, facts, range(first + 1, len(rows) + 1))
    if place is None:
        return []
    vocab = VOCABULARIES["nrm-table-row"]
    counts = [c for c in columns.values() if c != "exploitation_type"]
    out = []
    for index in range(first, len(rows)):
        number = index + 1
        cells = {n: rows[index][p] if p < len(rows[index]) else None for p, n in columns.items()}
        if all(is_blank(cells.get(c)) for c in counts):
            if not all(is_blank(v) for v in cells.values()):
                grid.report(
                    "NRM-005",
                    f"row {number} has no counts (a note?); skipped",
                    Severity.INFO,
                    number,
                )
            continue
        written = text_or_none(cells.get("exploitation_type"))
        kind = vocab.canonical(written)
        if kind is None:
            what = (
                f"'{written}' is not an exploitation type the NRM publishes"
                if written
                else ("the row has counts but no exploitation type")
            )
            grid.report(
                "NRM-003",
                f"row {number}: {what}; kept as written so that the Total row is checked "
                "against every row, and refused at ingest",
                Severity.ERROR,
                number,
            )
        values = {c: _count(grid, number, c, cells.get(c)) for c in counts}
        row = {"exploitation_type": kind or written} | values
        out.append(place | row | grid.provenance(number))
    return out


def _count(grid: Grid, row: int, column: str, value: object) -> int | None:
    """A count cell as a whole number; one that is not a count is reported and left blank."""
    try:
        return _whole(value)
    except ValueError as exc:
        label = column.replace("_", " ")
        grid.report(
            "NRM-004",
            f"row {row}, {label}: {exc}; the cell is left blank, so the row's Total and the "
            f"{label} Total row are not checked against it",
            Severity.ERROR,
            row,
            label,
        )
        return None


def _whole(value: object) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if float(number) != int(number) or number < 0:
        raise ValueError(f"{number} is not a count (a whole number, zero or more)")
    return int(number)


#: The part and total columns of the breakdown, in the published order.
COUNT_COLUMNS = (*BREAKDOWN_PARTS, "total")
_TABLE_COLUMNS = ("exploitation_type", *COUNT_COLUMNS)
