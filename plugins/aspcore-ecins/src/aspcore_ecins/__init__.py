"""aspcore adapter ``ecins``: an ECINS-like multi-agency case export as case events and actions.

``aspcore check --from ecins:EXPORT`` checks the export's actions (owners, deadlines, status) as
an action plan; ``aspcore indicators --from ecins:EXPORT`` computes indicators over its case
events; ``aspcore ingest --from ecins:EXPORT`` stores the events as ``case-events``.  EXPORT is a
folder of CSV files or one workbook with a sheet per table.  Which column fills which field is
the mapping's business (``--adapter-option mapping=FILE``; default ``default-mapping.toml``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import aspcore
import attrs
import polars as pl
from aspcore.adapters import Adapter, AdapterData
from aspcore.indicators.pseudonymise import read_key

from aspcore_ecins.convert import EVENT_COLUMNS, Converter
from aspcore_ecins.export import read_tables
from aspcore_ecins.mapping import DEFAULT_MAPPING, ExportMapping, load_mapping
from aspcore_ecins.pseudonyms import Pseudonyms

__all__ = ["ADAPTER", "__version__", "aspcore_register_adapters", "read_data", "read_plan"]

__version__ = "0.1.0"

_PROVENANCE: dict[str, Any] = {
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
}
_EVENTS: dict[str, Any] = dict.fromkeys(EVENT_COLUMNS, pl.String) | {"date": pl.Date}
_ACTIONS: dict[str, Any] = {
    "id": pl.String,
    "statement": pl.String,
    "owner": pl.String,
    "start": pl.Date,
    "due": pl.Date,
    "status": pl.String,
    "progress": pl.Float64,
    "rag": pl.String,
    "timescale": pl.String,
}


def _converter(path: Path, spec: ExportMapping, tables: tuple[str, ...]) -> Converter:
    found, findings = read_tables(path, spec, tables)
    key = read_key(spec.key_env) if os.environ.get(spec.key_env) else None
    converter = Converter(spec, found, Pseudonyms(key))
    converter.findings[:0] = findings
    return converter


def _frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    full = schema | _PROVENANCE
    return pl.DataFrame([{k: r.get(k) for k in full} for r in rows], schema=full, orient="row")


def read_data(path: Path, mapping: str | None = None) -> AdapterData:
    """The export's ``events`` (case events) and ``actions``, and every row not mapped."""
    spec = load_mapping(Path(mapping) if mapping else DEFAULT_MAPPING)
    converter = _converter(path, spec, tuple(spec.tables))
    events = converter.events()
    actions = converter.actions()
    return AdapterData(
        adapter="ecins",
        source=str(path),
        frames={"events": _frame(events, _EVENTS), "actions": _frame(actions, _ACTIONS)},
        schemas={"events": "case-events"},
        findings=converter.findings,
    )


def read_plan(path: Path, mapping: str | None = None) -> aspcore.Plan:
    """The export's actions as an action plan; unmapped rows are in ``plan.issues``."""
    spec = load_mapping(Path(mapping) if mapping else DEFAULT_MAPPING)
    sections = (spec.agencies, spec.profiles, spec.actions)
    converter = _converter(path, spec, tuple(s.table for s in sections if s is not None))
    converter.profiles()  # learn the person ids, to keep them out of the actions' text
    actions = converter.actions()
    plan = aspcore.plan_from_mapping(
        {
            "partnership": spec.partnership,
            "year": spec.year,
            "actions": [
                {k: v for k, v in a.items() if v is not None and k in _ACTIONS} for a in actions
            ],
        },
        source=str(path),
    )
    return attrs.evolve(plan, issues=(*converter.findings, *plan.issues))


ADAPTER = Adapter(
    name="ecins",
    description="ECINS-like multi-agency case export (folder of CSV files or one workbook): "
    "case events from referrals and decisions, and actions with owners and deadlines",
    data_reader=read_data,
    plan_reader=read_plan,
    options={
        "mapping": "TOML file mapping the export's columns to aspcore fields "
        "(default: the mapping for the documented example export)"
    },
    datasets=("events", "actions"),
)


@aspcore.hookimpl
def aspcore_register_adapters() -> list[Adapter]:
    """The ``ecins`` adapter."""
    return [ADAPTER]
