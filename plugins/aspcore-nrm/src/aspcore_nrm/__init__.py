"""aspcore adapter ``nrm``: published NRM tables and record-level referrals, edition kept.

``aspcore ingest --from nrm:PATH`` stores breakdown tables as ``nrm-breakdown``, headline figures
(and the Total row of each breakdown) as ``nrm-totals`` and referrals as ``nrm-referrals``, each
under the schema of that name; ``aspcore indicators --from nrm:PATH`` hands over the same
datasets.  PATH is a CSV file, a workbook (every
sheet is read) or a folder of them.  Every figure carries its ``edition``, because published
figures are revised a year later (UK 2017: 5,145 first published, 5,142 revised).
The plugin also registers the measures ``positive_decisions(column)`` and ``decisions(column)``
(:mod:`aspcore_nrm.measures`) for plans that compute NRM indicators, as
``examples/nrm-indicators.yaml`` does; :mod:`aspcore_nrm.indicators` has the same indicators as
plain functions over a frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aspcore
import polars as pl
from aspcore import InputFileError
from aspcore.adapters import Adapter, AdapterData
from aspcore.indicators import Measure
from aspcore.io.tables import read_table
from aspcore.model import Finding

from aspcore_nrm.measures import MEASURES
from aspcore_nrm.referrals import is_referrals, read_referrals
from aspcore_nrm.tables import COUNT_COLUMNS, PLACE, read_grids, read_table_grid

__all__ = [
    "ADAPTER",
    "__version__",
    "aspcore_register_adapters",
    "aspcore_register_measures",
    "read_data",
]

__version__ = "0.1.0"

_SUFFIXES = {".csv", ".xlsx", ".xlsm"}
_PROVENANCE: dict[str, Any] = {
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
}
_PLACE: dict[str, Any] = dict.fromkeys(PLACE, pl.String)
BREAKDOWN: dict[str, Any] = (
    _PLACE | {"exploitation_type": pl.String} | dict.fromkeys(COUNT_COLUMNS, pl.Int64) | _PROVENANCE
)
TOTALS: dict[str, Any] = _PLACE | {"referrals": pl.Int64} | _PROVENANCE


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
        if not files:
            raise InputFileError(f"{path}: no CSV or XLSX files in this folder")
        return files
    if path.suffix.lower() not in _SUFFIXES:
        raise InputFileError(f"{path}: expected NRM tables as .csv or .xlsx, or a folder of them")
    return [path]


def _sheets(file: Path) -> list[str | None]:
    if file.suffix.lower() == ".csv":
        return [None]
    import openpyxl

    book = openpyxl.load_workbook(file, read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def read_data(
    path: Path, edition: str | None = None, area: str | None = None, period: str | None = None
) -> AdapterData:
    """Breakdown tables, headline totals and record-level referrals from ``path``."""
    defaults = {"edition": edition, "area": area, "period": period}
    breakdown: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []
    referrals: list[pl.DataFrame] = []
    findings: list[Finding] = []
    for file in _files(path):
        grids = {g.sheet: g for g in read_grids(file)}
        for sheet in _sheets(file):
            try:
                table = read_table(file, sheet=sheet)
            except InputFileError:
                table = None  # not a plain table: maybe a published one with facts above it
            if table is not None and is_referrals(table):
                frame, found = read_referrals(table, edition)
                referrals.append(frame)
                findings.extend(found)
                continue
            grid = grids[sheet]
            read = read_table_grid(grid, defaults)
            findings.extend(grid.findings)
            if read is None:
                continue
            kind, rows = read
            if kind == "nrm-totals":
                totals.extend(rows)
            else:
                breakdown.extend(rows)
                totals.extend(
                    {**r, "referrals": r["total"]}
                    for r in rows
                    if r["exploitation_type"] == "total" and r["total"] is not None
                )
    return AdapterData(
        adapter="nrm",
        source=str(path),
        frames={
            "nrm-breakdown": _frame(breakdown, BREAKDOWN),
            "nrm-totals": _frame(totals, TOTALS),
            "nrm-referrals": pl.concat(referrals, how="diagonal_relaxed")
            if referrals
            else pl.DataFrame(),
        },
        schemas={name: name for name in ("nrm-breakdown", "nrm-totals", "nrm-referrals")},
        findings=findings,
    )


def _frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema, orient="row")


ADAPTER = Adapter(
    name="nrm",
    description="Published NRM statistics: breakdown tables by exploitation type, sex and age, "
    "headline totals, and record-level referrals, each with its edition",
    data_reader=read_data,
    options={
        "edition": "the publication, when the file does not say, e.g. "
        "'2017 annual (first published)' or '2017 annual (revised)'",
        "area": "the area (UK, Scotland, a police force area) when the file does not say",
        "period": "the period (2017, 2017 Q3) when the file does not say",
    },
    datasets=("nrm-breakdown", "nrm-totals", "nrm-referrals"),
)


@aspcore.hookimpl
def aspcore_register_adapters() -> list[Adapter]:
    """The ``nrm`` adapter."""
    return [ADAPTER]


@aspcore.hookimpl
def aspcore_register_measures() -> list[Measure]:
    """The NRM measures: ``positive_decisions(column)`` and ``decisions(column)``."""
    return list(MEASURES)
