"""Stored returns read as a plan's observations, so a plan is rated from what agencies sent.

:func:`with_returns` reads the store's tables of every schema a reader is registered for
(``indicator-return`` built in, others through plugins' ``aspcore_register_return_readers``)
and of every schema an indicator reads a column of (``from_return``), and gives the plan with
those observations added.  Each observation keeps its provenance (agency, ingest, file, row);
an observation without an agency takes the agency the file was ingested for.

Nothing is chosen silently.  Each of these is a finding on the plan, and the rows stay in the
store:

* ``RETURN-002`` (warning): a return reports an indicator the plan does not have;
* ``RETURN-003`` (warning): a value for a period outside the plan's year (not rated);
* ``RETURN-004`` (warning): a plan observation and a stored one for the same indicator, months
  and agency disagree; the stored return is used, and both values are in the evidence;
* ``RETURN-005`` (info): a later ingest replaces a value of an earlier one (a corrected return);
* ``RETURN-006`` (warning): the store holds no table of a schema the plan reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from aspcore.isolation import ESCAPES
from aspcore.model import Finding, Observation, Plan, Severity
from aspcore.monitoring.readers import (
    HOOK,
    ReturnReader,
    column_observations,
    registered_readers,
)
from aspcore.plugins import Plugins, manager_or_default

__all__ = ["RETURN_FINDINGS", "with_returns"]

#: The findings of reading returns: code → (title, severity), as ``docs/running-your-quarter.md``
#: lists them.
RETURN_FINDINGS: dict[str, tuple[str, Severity]] = {
    "RETURN-002": ("Returns report only the plan's indicators", Severity.WARNING),
    "RETURN-003": ("Returned periods fall in the plan's year", Severity.WARNING),
    "RETURN-004": ("Plan and returns agree", Severity.WARNING),
    "RETURN-005": ("A corrected return replaces the earlier value", Severity.INFO),
    "RETURN-006": ("The store holds the returns the plan reads", Severity.WARNING),
}
_Key = tuple[str, dt.date, dt.date, str | None]


def _finding(
    code: str, subject: str, message: str, evidence: Mapping[str, object], suggestion: str = ""
) -> Finding:
    return Finding(
        rule=code,
        subject=subject,
        subject_kind="plan",
        severity=RETURN_FINDINGS[code][1],
        message=message,
        evidence=dict(evidence),
        suggestion=suggestion,
        plugin="aspcore.monitoring",
    )


def _key(obs: Observation) -> _Key:
    return (obs.indicator, obs.period.start, obs.period.end, obs.agency)


def _present(value: object) -> object:
    """A stored cell, with the missing values of a frame (NaN, NaT) as ``None``."""
    return None if value is None or value != value else value


def _provenance(schema: str, row: Mapping[str, Any]) -> dict[str, object]:
    row_number = _present(row.get("source_row"))
    return {
        "schema": schema,
        "agency": _present(row.get("source_agency")),
        "ingest": int(row["ingest_id"]),
        "file": _present(row.get("source_file")),
        "row": None if row_number is None else int(str(row_number)),
        "sha256": _present(row.get("source_sha256")),
    }


def _schema_columns(plugins: Plugins, schema: str) -> tuple[str | None, str | None]:
    """The period column and the agency column (if any) of a schema, for column readers."""
    from aspcore.schemas.registry import schema_registry

    spec = schema_registry(plugins).get(schema)
    if spec is None:
        return None, None
    period = next((c.name for c in spec.columns if c.dtype == "period"), None)
    agency = next(
        (c.name for c in spec.columns if c.name in ("agency", "provider", "organisation")), None
    )
    return period, agency


class _Reading:
    """The observations and findings gathered from one store."""

    def __init__(self, plan: Plan, plugins: Plugins) -> None:
        self.plan = plan
        self.plugins = plugins
        self.indicators = {i.id for i in plan.indicators}
        self.kept: dict[_Key, Observation] = {}
        self.findings: list[Finding] = []
        self.unknown: dict[tuple[str, str], list[int | None]] = {}
        self.outside: dict[tuple[str, str], list[int | None]] = {}
        #: each schema's period and agency columns, looked up once
        self.columns: dict[str, tuple[str | None, str | None]] = {}

    def row(self, schema: str, row: Mapping[str, Any], reader: ReturnReader | None) -> None:
        """Read one stored row through ``reader`` (or the column reader) and keep its values."""
        if reader is not None:
            try:
                found: Iterable[Observation] = list(reader.read(self.plan, row))
            except ESCAPES as exc:  # sys.exit() in a reader included
                self.plugins.report_failure(reader.plugin or "unknown plugin", HOOK, exc)
                return
        else:
            if schema not in self.columns:
                self.columns[schema] = _schema_columns(self.plugins, schema)
            period, agency = self.columns[schema]
            found = column_observations(self.plan, schema, period, agency, row) if period else []
        provenance = _provenance(schema, row)
        for obs in found:
            given = obs.agency or provenance["agency"]
            self.keep(
                attrs.evolve(
                    obs, agency=given if isinstance(given, str) else None, provenance=provenance
                )
            )

    def keep(self, obs: Observation) -> None:
        """Keep a stored observation, unless it is unknown, out of the year or superseded."""
        file = str(obs.provenance.get("file"))
        row = obs.provenance.get("row")
        row_number = row if isinstance(row, int) else None
        if obs.indicator not in self.indicators:
            self.unknown.setdefault((file, obs.indicator), []).append(row_number)
            return
        year = self.plan.year
        if year is not None and not (year.start <= obs.period.start <= obs.period.end <= year.end):
            self.outside.setdefault((file, obs.period.label), []).append(row_number)
            return
        key = _key(obs)
        earlier = self.kept.get(key)
        if earlier is not None and earlier.value != obs.value:
            self.findings.append(
                _finding(
                    "RETURN-005",
                    obs.id,
                    f"{obs.id}: {file} (ingest {obs.provenance.get('ingest')}) replaces "
                    f"{earlier.provenance.get('file')} (ingest "
                    f"{earlier.provenance.get('ingest')}): {_shown(earlier)} → {_shown(obs)}",
                    {"earlier": dict(earlier.provenance), "later": dict(obs.provenance)},
                )
            )
        self.kept[key] = obs

    def report_rows(self) -> None:
        """The findings for rows that were left out, one per file and indicator or period."""
        for (file, indicator), rows in sorted(self.unknown.items()):
            self.findings.append(
                _finding(
                    "RETURN-002",
                    file,
                    f"{file} reports indicator {indicator!r}, which is not in the plan "
                    f"({_rows(rows)}); kept in the store, not rated",
                    {"file": file, "indicator": indicator, "rows": rows},
                    "Correct the indicator id in the return, or add the indicator to the plan",
                )
            )
        year = self.plan.year.label if self.plan.year else ""
        for (file, period), rows in sorted(self.outside.items()):
            self.findings.append(
                _finding(
                    "RETURN-003",
                    file,
                    f"{file} reports values for {period}, outside the plan's year {year} "
                    f"({_rows(rows)}); kept in the store, not rated",
                    {"file": file, "period": period, "plan_year": year, "rows": rows},
                    "Check the period written in the return",
                )
            )

    def merge(self) -> Plan:
        """The plan with the stored observations; a plan value they contradict is reported."""
        own: list[Observation] = []
        returned: dict[tuple[str, dt.date, dt.date], list[Observation]] = {}
        for kept in self.kept.values():
            returned.setdefault(_key(kept)[:3], []).append(kept)
        for obs in self.plan.observations:
            stored = self.kept.get(_key(obs))
            if stored is None and obs.agency is None and _key(obs)[:3] in returned:
                # The partnership's own figure for a period the agencies' returns cover: the
                # returns replace it, and say so unless they add up to it (or average it).
                stored = _combined(returned[_key(obs)[:3]], obs)
            if stored is None:
                own.append(obs)
            elif stored.value != obs.value or stored.text != obs.text:
                self.findings.append(
                    _finding(
                        "RETURN-004",
                        obs.id,
                        f"{obs.id}: the plan says {_shown(obs)} (line {obs.line}) but "
                        f"{stored.provenance.get('file')} row {stored.provenance.get('row')} "
                        f"says {_shown(stored)}; the return's value is used",
                        {"plan": _shown(obs), "plan_line": obs.line, **stored.provenance},
                        "Remove the value from the plan, or correct the return and ingest it",
                    )
                )
        stored_obs = sorted(self.kept.values(), key=lambda o: (o.indicator, o.period, o.agency))
        return attrs.evolve(
            self.plan,
            observations=(*own, *stored_obs),
            issues=(*self.plan.issues, *self.findings),
        )


def _combined(returned: list[Observation], obs: Observation) -> Observation:
    """The agencies' returns for ``obs``'s indicator and months as one figure: their sum, or
    their mean when that is what ``obs`` says (percentages are averaged)."""
    values = [o.value for o in returned if o.value is not None]
    total = sum(values) if values else None
    mean = total / len(values) if total is not None else None
    first = returned[0]
    value = mean if obs.value is not None and obs.value == mean else total
    return attrs.evolve(first, value=value, agency=None)


def _shown(obs: Observation) -> str:
    if obs.value is not None:
        return f"{obs.value:g}"
    return "text" if obs.text is not None else "no value"


def _rows(rows: list[int | None]) -> str:
    numbers = sorted(r for r in rows if r is not None)
    shown = ", ".join(str(r) for r in numbers[:10]) + (" ..." if len(numbers) > 10 else "")
    return f"row {shown}" if len(numbers) == 1 else f"{len(rows)} rows: {shown}"


def _records(frame: Any) -> list[dict[str, Any]]:
    """A stored table's rows as mappings of column name to value."""
    return [dict(zip(frame.columns, values, strict=True)) for values in frame.itertuples(False)]


def with_returns(plan: Plan, store: str | Path, *, plugins: Plugins | None = None) -> Plan:
    """``plan`` with the values of the returns held in ``store`` as observations.

    See the module docstring for what is read and what is reported.  A store that does not
    exist or cannot be opened raises :class:`~aspcore.errors.InputFileError`.
    """
    from aspcore.store import Store

    plugins = manager_or_default(plugins)
    readers = registered_readers(plugins)
    columns = {i.from_return.schema for i in plan.indicators if i.from_return is not None}
    reading = _Reading(plan, plugins)
    with Store(store, read_only=True) as opened:
        tables = {row[0] for row in opened.con.execute("SHOW TABLES").fetchall()}
        for schema in sorted(set(readers) | columns):
            table = schema.replace("-", "_")
            if table not in tables:
                if schema in columns or schema == "indicator-return":
                    name = Path(store).name
                    reading.findings.append(
                        _finding(
                            "RETURN-006",
                            name,
                            f"{name}: the store holds no {schema} returns (no table {table}); "
                            "nothing was read from it",
                            {"store": name, "schema": schema, "table": table},
                            f"Ingest the {schema} returns: aspcore ingest FILE --schema {schema}",
                        )
                    )
                continue
            reader = readers.get(schema)
            for row in _records(opened.rows(table)):
                if reader is not None:
                    reading.row(schema, row, reader)
                if schema in columns:
                    reading.row(schema, row, None)
    reading.report_rows()
    return reading.merge()
