"""``compute_indicators``: a plan's computed indicators over named datasets, as of a date.

The heavy work runs where the data is: every indicator over a dataset is one native query (see
:mod:`~aspcore.indicators.query`); on polars all of a dataset's indicators run as one query.
Only the aggregated rows, one per indicator, period and breakdown, come back to Python, where
values are divided and rounded, and (when publishing) protected by disclosure control
(:mod:`~aspcore.indicators.publication`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import narwhals as nw

from aspcore.errors import require_date
from aspcore.indicators.datasets import Dataset
from aspcore.indicators.definition import TOTAL, ComputeSpec, parse_compute
from aspcore.indicators.errors import ComputeError
from aspcore.indicators.frames import collect
from aspcore.indicators.measures import measure_registry
from aspcore.indicators.params import FAMILY, IndicatorParams
from aspcore.indicators.quality import check_events
from aspcore.indicators.query import aggregate, by_column
from aspcore.indicators.result import IndicatorResult, IndicatorRow, period_of_label
from aspcore.model import Finding, Plan, Severity
from aspcore.plugins import Plugins, manager_or_default
from aspcore.rules import Ruleset, resolve_ruleset

__all__ = ["compute_indicators", "params_for"]

Cell = dict[str, Any]


def params_for(ruleset: str | Path | Ruleset | None, plugins: Plugins) -> IndicatorParams:
    """The ``[params.indicators]`` of a ruleset (name, path or object; ``None`` the default)."""
    resolved = resolve_ruleset(ruleset, plugins)
    return IndicatorParams.from_mapping(resolved.params.get(FAMILY, {}), source=resolved.label)


def compute_indicators(
    plan: Plan,
    data: Mapping[str, Any],
    *,
    as_of: dt.date,
    publish: bool = False,
    ruleset: str | Path | Ruleset | None = None,
    plugins: Plugins | None = None,
    params: IndicatorParams | None = None,
    check_data: bool = True,
) -> IndicatorResult:
    """Compute every indicator of ``plan`` that has a ``compute`` block.

    ``data`` maps dataset names (what ``compute: from:`` names) to frames of any backend
    narwhals reads.  Rows dated after ``as_of`` are left out.  With ``publish`` small counts
    are suppressed (see :mod:`~aspcore.indicators.disclosure`).  Parameters come from
    ``params`` or else the ruleset's ``[params.indicators]``.  Definitions or data that cannot
    be used become findings, never exceptions; ``check_data=False`` skips the data-quality
    checks (``IND-002`` to ``IND-007``).  A plugin that fails (one registering measures) is
    recorded in ``plugins.failures``, where the evaluation of the plan reports it, not among
    the result's findings, which are about the plan's blocks and the data.
    """
    require_date(as_of, ComputeError)
    plugins = manager_or_default(plugins)
    params = params if params is not None else params_for(ruleset, plugins)
    measures = measure_registry(plugins)
    findings: list[Finding] = []
    specs: list[ComputeSpec] = []
    for indicator in plan.indicators:
        spec, problems = parse_compute(indicator, measures, params)
        findings += problems
        if spec is not None:
            specs.append(spec)
    datasets: dict[str, Dataset] = {}
    runnable: list[ComputeSpec] = []
    for spec in specs:
        if spec.dataset not in data:
            findings.append(_problem(spec, _no_dataset(spec, data)))
            continue
        if spec.dataset not in datasets:
            try:
                datasets[spec.dataset] = Dataset(
                    spec.dataset, data[spec.dataset], as_of=as_of, params=params
                )
            except ComputeError as exc:
                findings.append(_problem(spec, str(exc)))
                continue
        runnable.append(spec)
    cells: list[Cell] = []
    for name, dataset in datasets.items():
        over = [s for s in runnable if s.dataset == name]
        got, problems = _run(over, dataset)
        cells += got
        findings += problems
        if check_data:
            findings += _checked(dataset, _read_as_dates(over, params))
    rows = _rows(cells, runnable, params)
    findings += _partial_periods(rows, as_of)
    result = IndicatorResult(
        rows=tuple(rows),
        findings=tuple(findings),
        as_of=as_of,
        min_count=params.min_count,
        specs=tuple(runnable),
    )
    return result.publish() if publish else result


def _no_dataset(spec: ComputeSpec, data: Mapping[str, Any]) -> str:
    given = ", ".join(sorted(data)) or "none"
    return f"no dataset named {spec.dataset!r} was given (datasets: {given})"


def _problem(spec: ComputeSpec, message: str) -> Finding:
    return Finding(
        rule="IND-001",
        subject=spec.indicator,
        subject_kind="indicator",
        severity=Severity.ERROR,
        message=f"indicator {spec.indicator}: {message}; it is not computed",
        evidence={"dataset": spec.dataset, "view": spec.view},
        suggestion="See docs/indicators.md for the compute block.",
    )


def _dates_read(spec: ComputeSpec, params: IndicatorParams) -> dict[str, bool]:
    """The dataset's own columns ``spec`` reads as dates, each with whether it places rows in
    periods.  A view's columns are derived from the events' date column; an events block reads
    its ``period`` and the columns of its ``days_between``, where a blank is a duration that has
    not ended yet rather than a row that cannot be placed."""
    if spec.view != "events":
        return {params.date: True}
    during = [c for _name, side in spec.sides for c in side.measure.date_columns]
    return {spec.period: True, **{c: False for c in during if c != spec.period}}


def _read_as_dates(specs: Sequence[ComputeSpec], params: IndicatorParams) -> dict[str, bool]:
    """Every column ``specs`` read as dates, placing rows in periods if any of them does so."""
    places: dict[str, bool] = {}
    for spec in specs:
        for column, placing in _dates_read(spec, params).items():
            places[column] = places.get(column, False) or placing
    return places


def _backend_failure(spec: ComputeSpec, dataset: Dataset, exc: Exception) -> Finding:
    # The backend's own message may quote values from the data, so only its type is kept.
    dates = ", ".join(_dates_read(spec, dataset.params))
    return _problem(
        spec,
        f"{dataset.implementation.name.lower()} could not compute it over dataset "
        f"{dataset.name!r} ({type(exc).__name__}); check that the date column(s) {dates} hold "
        "dates or YYYY-MM-DD text and that measured columns hold numbers",
    )


def _run(specs: Sequence[ComputeSpec], dataset: Dataset) -> tuple[list[Cell], list[Finding]]:
    """Aggregated cells of every indicator over one dataset.

    On polars the indicators run as one query, whose optimiser computes their shared parts
    once.  Other engines run one query per indicator: DuckDB's relations inline every shared
    part anyway, and bind each step of a query again, which grows with the query's size.
    """
    width = max((len(spec.by) for spec in specs), default=0)
    problems: list[Finding] = []
    built: list[tuple[ComputeSpec, Any]] = []
    for spec in specs:
        try:
            built.append((spec, aggregate(spec, dataset, width)))
        except ComputeError as exc:
            problems.append(_problem(spec, str(exc)))
        except Exception as exc:  # an eager backend fails while building
            problems.append(_backend_failure(spec, dataset, exc))
    if not built:
        return [], problems
    if dataset.implementation.is_polars():
        try:
            frames = [frame for _spec, frame in built]
            return collect(nw.concat(frames)).rows(named=True), problems
        except Exception:  # find which indicator the backend could not compute
            pass
    cells: list[Cell] = []
    for spec, frame in built:
        try:
            cells += collect(frame).rows(named=True)
        except Exception as exc:
            problems.append(_backend_failure(spec, dataset, exc))
    return cells, problems


def _partial_periods(rows: Sequence[IndicatorRow], as_of: dt.date) -> list[Finding]:
    """``IND-008``: an indicator's period that ends after ``as_of`` holds part of its days."""
    partial = dict.fromkeys(
        (row.indicator, row.period) for row in rows if period_of_label(row.period).end > as_of
    )
    out = []
    for indicator, label in partial:
        period = period_of_label(label)
        covered = (as_of - period.start).days + 1
        length = (period.end - period.start).days + 1
        out.append(
            Finding(
                rule="IND-008",
                subject=indicator,
                subject_kind="indicator",
                severity=Severity.INFO,
                message=f"indicator {indicator}: period {label} runs to {period.end}, after the "
                f"as-of date {as_of}, so its values cover {covered} of its {length} days",
                evidence={
                    "period": label,
                    "start": period.start,
                    "end": period.end,
                    "as_of": as_of,
                    "days": covered,
                    "of": length,
                },
                suggestion="Compare it with a whole period only once the period is over, or "
                "compute as of the period's end.",
            )
        )
    return out


def _checked(dataset: Dataset, dates: Mapping[str, bool]) -> list[Finding]:
    try:
        return check_events(dataset, dates)
    except ComputeError as exc:
        message = str(exc)
    except Exception as exc:
        message = f"{type(exc).__name__} while checking the data"
    return [
        Finding(
            rule="IND-001",
            subject=dataset.name,
            subject_kind="dataset",
            severity=Severity.WARNING,
            message=f"dataset {dataset.name}: the data-quality checks could not run: {message}",
            evidence={"dataset": dataset.name},
        )
    ]


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _rounded(value: float | None, digits: int, whole: bool) -> float | None:
    if value is None:
        return None
    return round(value) if whole else round(value, digits)


def _row(spec: ComputeSpec, cell: Cell, params: IndicatorParams) -> IndicatorRow:
    sides: dict[str, float | None] = {}
    records: dict[str, int | None] = {}
    for name, side in spec.sides:
        counts = side.measure.measure.counts
        value = _number(cell[name])
        sides[name] = _rounded(0.0 if counts and value is None else value, params.digits, counts)
        found = _number(cell[f"{name}_n"])
        records[name] = 0 if found is None else int(found)
    numerator, denominator = sides["numerator"], sides.get("denominator")
    reason = None
    if spec.denominator is not None and denominator is None:
        reason = "no rows for the denominator"
    elif spec.denominator is not None and denominator == 0:
        reason = "denominator is zero"
    elif numerator is None:
        reason = "no rows for the numerator"
    value = None
    if reason is None:
        assert numerator is not None
        value = numerator * spec.factor / (denominator if denominator is not None else 1)
    return IndicatorRow(
        indicator=spec.indicator,
        period=str(cell["period"]),
        by=tuple((column, str(cell[by_column(i)])) for i, column in enumerate(spec.by)),
        value=_rounded(value, params.digits, False),
        numerator=numerator,
        denominator=denominator,
        reason=reason,
        numerator_records=records["numerator"],
        denominator_records=records.get("denominator"),
    )


def _rows(
    cells: list[Cell], specs: Sequence[ComputeSpec], params: IndicatorParams
) -> list[IndicatorRow]:
    by_id = {spec.indicator: spec for spec in specs}
    rows = [_row(by_id[cell["indicator"]], cell, params) for cell in cells]
    order = {spec.indicator: i for i, spec in enumerate(specs)}

    def sort_key(row: IndicatorRow) -> tuple[Any, ...]:
        period = period_of_label(row.period)
        values = tuple((value != TOTAL, value) for _column, value in row.by)
        return (order[row.indicator], period.start, period.end, values)

    return sorted(rows, key=sort_key)
