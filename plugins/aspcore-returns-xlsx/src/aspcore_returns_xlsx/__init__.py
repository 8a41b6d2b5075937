"""aspcore adapter ``returns-xlsx``: a quarterly return workbook as indicator observations.

``aspcore ingest --from returns-xlsx:WORKBOOK`` validates and stores the observations as an
``indicator-return`` (one ingest per sheet, so provenance names the agency's sheet and row);
``aspcore indicators --from returns-xlsx:WORKBOOK`` hands them over as the ``observations``
dataset.  See :mod:`aspcore_returns_xlsx.workbook` for the layout it reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aspcore
import polars as pl
from aspcore.adapters import Adapter, AdapterData

from aspcore_returns_xlsx.workbook import (
    DEFAULT_AGENCY_LABELS,
    DEFAULT_PERIOD_LABELS,
    read_workbook,
)

__all__ = ["ADAPTER", "COLUMNS", "__version__", "aspcore_register_adapters", "read_data"]

__version__ = "0.1.0"

#: The ``observations`` dataset's columns: the ``indicator-return`` schema's, then provenance.
COLUMNS: dict[str, Any] = {
    "period": pl.String,
    "indicator": pl.String,
    "agency": pl.String,
    "value": pl.Float64,
    "sex": pl.String,
    "age_group": pl.String,
    "exploitation_type": pl.String,
    "nationality": pl.String,
    "comment": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
}


def _labels(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip()) if text else default


def read_data(
    path: Path, agency_labels: str | None = None, period_labels: str | None = None
) -> AdapterData:
    """The workbook's ``observations`` and every row or sheet that could not be mapped."""
    rows, findings = read_workbook(
        path,
        agency_labels=_labels(agency_labels, DEFAULT_AGENCY_LABELS),
        period_labels=_labels(period_labels, DEFAULT_PERIOD_LABELS),
    )
    frame = pl.DataFrame(
        [{k: r.get(k) for k in COLUMNS} for r in rows], schema=COLUMNS, orient="row"
    )
    return AdapterData(
        adapter="returns-xlsx",
        source=str(path),
        frames={"observations": frame},
        schemas={"observations": "indicator-return"},
        findings=findings,
    )


ADAPTER = Adapter(
    name="returns-xlsx",
    description="A council's quarterly return workbook: one sheet per agency, a header block "
    "with the agency and period above a table of indicator values",
    data_reader=read_data,
    options={
        "agency_labels": "comma-separated header-block labels giving the agency "
        f"(default: {', '.join(DEFAULT_AGENCY_LABELS)})",
        "period_labels": "comma-separated header-block labels giving the period "
        f"(default: {', '.join(DEFAULT_PERIOD_LABELS)})",
    },
    datasets=("observations",),
)


@aspcore.hookimpl
def aspcore_register_adapters() -> list[Adapter]:
    """The ``returns-xlsx`` adapter."""
    return [ADAPTER]
