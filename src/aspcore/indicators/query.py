"""One native query per computed indicator: filter, group by period and breakdown, aggregate.

For an indicator the query keeps the rows dated on or before ``as_of``, places each in a period
by an integer key (:mod:`~aspcore.indicators.period_keys`), and for the numerator and the
denominator filters by ``where`` and aggregates the measure per period and breakdown, and per
period and every subset of the breakdown (the totals, where the breakdown value is
:data:`~aspcore.indicators.definition.TOTAL`).  Every period in which the dataset holds any row
gets a result row for every breakdown value found, so an empty group says 0 rather than nothing.

All indicators over a dataset share one frame shape (``indicator``, ``period``, the breakdown as
``by_0``, ``by_1``..., then each side's value and row count), so they are concatenated and run
as one query per dataset.
"""

from __future__ import annotations

import difflib
import itertools
from typing import Any

import narwhals as nw

from aspcore.indicators import period_keys as pk
from aspcore.indicators.datasets import Dataset
from aspcore.indicators.definition import TOTAL, ComputeSpec, Side
from aspcore.indicators.errors import ComputeError
from aspcore.indicators.frames import Frame, distinct
from aspcore.indicators.journeys import PERIOD_KEY
from aspcore.indicators.measures import VALUE

__all__ = ["NOT_RECORDED", "SIDES", "aggregate", "by_column", "frame_for"]

#: The breakdown value of rows whose breakdown column is blank.
NOT_RECORDED = "not recorded"
#: The two sides of an indicator.
SIDES = ("numerator", "denominator")
_MEASURED = "_aspcore_measured"
_ROWS = "_aspcore_rows"


def by_column(index: int) -> str:
    """The name of the ``index``-th breakdown column of the shared result shape."""
    return f"by_{index}"


def frame_for(spec: ComputeSpec, dataset: Dataset) -> tuple[Frame, nw.Expr, Frame]:
    """The rows ``spec`` computes over, each row's period key, and the frame of those keys.

    The periods are read from the distinct dates (a few hundred), not from every row.  Raises
    :class:`ComputeError` when a column it reads is missing or of the wrong type.
    """
    if spec.view == "journey_periods":
        frame = dataset.view(spec.view, kind=spec.kind, by=spec.by)
        _check_columns(spec, frame.collect_schema(), f"{dataset.name} ({spec.view})")
        return frame, nw.col(PERIOD_KEY), distinct(frame, PERIOD_KEY)
    if spec.view == "events":
        dates = [c for _n, s in spec.sides for c in s.measure.date_columns if dataset.has(c)]
        _check_columns(spec, dataset.schema, dataset.name)
        frame = dataset.dated(spec.period, *dates)
    else:
        frame = dataset.view(spec.view, kind=spec.kind, by=spec.by)
        _check_columns(spec, frame.collect_schema(), f"{dataset.name} ({spec.view})")
        frame = frame.filter(~nw.col(spec.period).is_null())
    key = pk.period_key(pk.month_number(nw.col(spec.period)), spec.kind).cast(nw.Int64)
    periods = distinct(distinct(frame, spec.period).select(key.alias(PERIOD_KEY)), PERIOD_KEY)
    return frame, key, periods


def _check_columns(spec: ComputeSpec, schema: Any, where: str) -> None:
    missing = sorted(spec.columns - set(schema))
    if missing:
        # A view's working columns (the period key) are no names a block can use.
        usable = [name for name in schema if not name.startswith("_aspcore")]
        hints = []
        for name in missing:
            close = difflib.get_close_matches(name, usable, n=1)
            hints.append(f"{name} (did you mean {close[0]}?)" if close else name)
        raise ComputeError(
            f"{where} has no column(s) {', '.join(hints)}; its columns are: {', '.join(usable)}"
        )
    for _name, side in spec.sides:
        measure = side.measure
        if measure.measure.numeric and measure.column is not None:
            dtype = schema[measure.column]
            if not (dtype.is_numeric() or dtype == nw.Boolean):
                raise ComputeError(
                    f"{where}: measure `{measure.text}` needs numbers, but column "
                    f"{measure.column!r} holds {dtype}"
                )


def aggregate(spec: ComputeSpec, dataset: Dataset, width: int) -> Frame:
    """The indicator's aggregated rows in the shared shape with ``width`` breakdown columns.

    Each side is filtered and grouped on its own (so a selective ``where`` reads few rows);
    the result has a row for every period holding any row of the dataset and every breakdown
    value any side found, so an empty group reads 0, not nothing.
    """
    frame, key, periods = frame_for(spec, dataset)
    by = list(spec.by)
    subsets = _subsets(by, spec.totals)
    # Every frame here has the dataset's own kind (eager or lazy), as concat and join need.
    sides: list[tuple[str, Any]] = []
    for name, side in spec.sides:
        kept = _kept(frame, key, by, side, dataset)
        groups: list[Any] = [
            _with_totals(_group(kept, side, s), s, by, [_MEASURED, _ROWS]) for s in subsets
        ]
        named = {_MEASURED: name, _ROWS: f"{name}_n"}
        sides.append((name, nw.concat(groups).rename(named)))
    grid: Any = periods
    if by:
        found: list[Any] = [rows.select(by) for _name, rows in sides]
        if spec.totals:
            found.append(periods.with_columns(**_all(by)).select(by))
        combos: Any = distinct(nw.concat(found), *by)
        grid = periods.join(combos, how="cross")
    for _name, rows in sides:
        grid = grid.join(rows, on=[PERIOD_KEY, *by], how="left")
    result: Frame = grid.select(
        nw.lit(spec.indicator, nw.String).alias("indicator"),
        pk.label(nw.col(PERIOD_KEY), spec.kind).alias("period"),
        *(
            (nw.col(by[i]) if i < len(by) else nw.lit(None, nw.String)).alias(by_column(i))
            for i in range(width)
        ),
        *(column for name in SIDES for column in _side_columns(spec, name)),
    )
    return result


def _all(columns: list[str]) -> dict[str, nw.Expr]:
    return {c: nw.lit(TOTAL, nw.String) for c in columns}


def _side_columns(spec: ComputeSpec, name: str) -> tuple[nw.Expr, nw.Expr]:
    present = any(n == name for n, _s in spec.sides)
    value = nw.col(name) if present else nw.lit(None)
    rows = nw.col(f"{name}_n") if present else nw.lit(None)
    return value.cast(nw.Float64).alias(name), rows.cast(nw.Float64).alias(f"{name}_n")


def _subsets(by: list[str], totals: bool) -> list[list[str]]:
    if not totals:
        return [by]
    return [
        list(chosen)
        for size in range(len(by), -1, -1)
        for chosen in itertools.combinations(by, size)
    ]


def _with_totals(frame: Frame, subset: list[str], by: list[str], extra: list[str]) -> Frame:
    """``frame`` (grouped by ``subset``) with :data:`TOTAL` in the other breakdown columns."""
    totals = _all([c for c in by if c not in subset])
    if totals:
        frame = frame.with_columns(**totals)
    return frame.select(PERIOD_KEY, *by, *extra)


def _kept(frame: Frame, key: nw.Expr, by: list[str], side: Side, dataset: Dataset) -> Frame:
    """The rows a side keeps, with their period key, breakdown and value.

    The side's filter runs first, so the period key and the value are computed only for the
    rows kept; rows whose value is null are then left out.
    """
    rows = frame
    if side.where is not None:
        rows = rows.filter(side.where.to_narwhals(truthy=True, as_of=dataset.as_of))
    values = side.measure.values()
    rows = rows.with_columns(
        **{PERIOD_KEY: key},
        **{c: nw.col(c).cast(nw.String).fill_null(NOT_RECORDED) for c in by},
        **({VALUE: values} if values is not None else {}),
    )
    return rows if values is None else rows.filter(~nw.col(VALUE).is_null())


def _group(rows: Frame, side: Side, subset: list[str]) -> Frame:
    """One side's measure per period and ``subset`` of the breakdown.

    The columns are named the same for every side, so that polars computes a side that two
    indicators share (the same rows, measure and breakdown) only once.
    """
    return rows.group_by(PERIOD_KEY, *subset).agg(
        side.measure.aggregate().alias(_MEASURED), nw.len().alias(_ROWS)
    )
