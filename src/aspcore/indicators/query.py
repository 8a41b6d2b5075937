"""One native query per computed indicator: filter, group by period and breakdown, aggregate.

For an indicator the query keeps the rows dated on or before ``as_of``, places each in a period
by an integer key (:mod:`~aspcore.indicators.period_keys`), and for the numerator and the
denominator filters by ``where`` and aggregates the measure per period and breakdown, and per
period and every subset of the breakdown (the totals, where the breakdown value is
:data:`~aspcore.indicators.definition.TOTAL`).  Every period and breakdown that holds any row
gets a result row, so a period in which nothing matched says 0 rather than nothing.

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
from aspcore.indicators.datasets import Dataset, Frame
from aspcore.indicators.definition import TOTAL, ComputeSpec, Side
from aspcore.indicators.errors import ComputeError
from aspcore.indicators.journeys import PERIOD_KEY
from aspcore.indicators.measures import VALUE

__all__ = ["NOT_RECORDED", "SIDES", "aggregate", "by_column", "frame_for"]

#: The breakdown value of rows whose breakdown column is blank.
NOT_RECORDED = "not recorded"
#: The two sides of an indicator.
SIDES = ("numerator", "denominator")


def by_column(index: int) -> str:
    """The name of the ``index``-th breakdown column of the shared result shape."""
    return f"by_{index}"


def frame_for(spec: ComputeSpec, dataset: Dataset) -> tuple[Frame, nw.Expr]:
    """The rows ``spec`` computes over and the expression of each row's period key.

    Raises :class:`ComputeError` when a column it reads is missing or of the wrong type.
    """
    if spec.view == "events":
        dates = [c for _n, s in spec.sides for c in s.measure.date_columns if dataset.has(c)]
        _check_columns(spec, dataset.schema, dataset.name)
        frame = dataset.dated(spec.period, *dates)
    else:
        frame = dataset.view(spec.view, kind=spec.kind, by=spec.by)
        schema = frame.collect_schema()
        _check_columns(spec, schema, f"{dataset.name} ({spec.view})")
        if spec.view == "journey_periods":
            return frame, nw.col(PERIOD_KEY)
        frame = frame.filter(~nw.col(spec.period).is_null())
    return frame, pk.period_key(pk.month_number(nw.col(spec.period)), spec.kind)


def _check_columns(spec: ComputeSpec, schema: Any, where: str) -> None:
    missing = sorted(spec.columns - set(schema))
    if missing:
        hints = []
        for name in missing:
            close = difflib.get_close_matches(name, list(schema), n=1)
            hints.append(f"{name} (did you mean {close[0]}?)" if close else name)
        raise ComputeError(
            f"{where} has no column(s) {', '.join(hints)}; its columns are: {', '.join(schema)}"
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
    """The indicator's aggregated rows in the shared shape with ``width`` breakdown columns."""
    frame, key = frame_for(spec, dataset)
    by = list(spec.by)
    base = frame.with_columns(
        **{PERIOD_KEY: key.cast(nw.Int64)},
        **{c: nw.col(c).cast(nw.String).fill_null(NOT_RECORDED) for c in by},
    )
    subsets = _subsets(by, spec.totals)
    fine = base.select(PERIOD_KEY, *by).unique()
    # Every frame here has the dataset's own kind (eager or lazy), as concat and join need.
    keys: list[Any] = [
        _with_totals(fine.select(PERIOD_KEY, *s).unique(), s, by, []) for s in subsets
    ]
    joined = nw.concat(keys)
    for name, side in spec.sides:
        groups: list[Any] = [
            _with_totals(_group(base, side, s, name, dataset), s, by, [name, f"{name}_n"])
            for s in subsets
        ]
        side_rows: Any = nw.concat(groups)
        joined = joined.join(side_rows, on=[PERIOD_KEY, *by], how="left")
    result: Frame = joined.select(
        nw.lit(spec.indicator, nw.String).alias("indicator"),
        pk.label(nw.col(PERIOD_KEY), spec.kind).alias("period"),
        *(
            (nw.col(by[i]) if i < len(by) else nw.lit(None, nw.String)).alias(by_column(i))
            for i in range(width)
        ),
        *(column for name in SIDES for column in _side_columns(spec, name)),
    )
    return result


def _side_columns(spec: ComputeSpec, name: str) -> tuple[nw.Expr, nw.Expr]:
    present = any(n == name for n, _s in spec.sides)
    value = nw.col(name) if present else nw.lit(None)
    rows = nw.col(f"{name}_n") if present else nw.lit(None)
    return value.cast(nw.Float64).alias(name), rows.cast(nw.Int64).alias(f"{name}_n")


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
    totals = {c: nw.lit(TOTAL, nw.String) for c in by if c not in subset}
    if totals:
        frame = frame.with_columns(**totals)
    return frame.select(PERIOD_KEY, *by, *extra)


def _group(base: Frame, side: Side, subset: list[str], name: str, dataset: Dataset) -> Frame:
    """One side's measure over the rows it keeps, per period and ``subset`` of the breakdown."""
    rows = base
    mask = None
    if side.where is not None:
        mask = side.where.to_narwhals(truthy=True, as_of=dataset.as_of)
    values = side.measure.values()
    if values is not None:
        rows = rows.with_columns(**{VALUE: values})
        present = ~nw.col(VALUE).is_null()
        mask = present if mask is None else mask & present
    if mask is not None:
        rows = rows.filter(mask)
    return rows.group_by(PERIOD_KEY, *subset).agg(
        side.measure.aggregate().alias(name), nw.len().alias(f"{name}_n")
    )
