"""A named dataset as the computation sees it: any narwhals frame, its dates read, its views.

The frame stays where it is (pandas, polars eager or lazy, a DuckDB relation, a PySpark
DataFrame): everything here adds to its query.  Text dates (``YYYY-MM-DD``) are parsed in place
(text that is no date reads as null, and the data checks count it), rows dated after ``as_of``
or not dated at all are left out of every period, and the whole-journey
views are built once per shape and reused by every indicator that asks for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import narwhals as nw

from aspcore.indicators import journeys
from aspcore.indicators import period_keys as pk
from aspcore.indicators.errors import ComputeError
from aspcore.indicators.frames import Frame, collect, distinct
from aspcore.indicators.params import IndicatorParams
from aspcore.model import PathwayStage
from aspcore.model.vocab import parse_vocab
from aspcore.periods import PeriodKind

__all__ = ["Dataset", "open_dataset"]


def open_dataset(name: str, native: object) -> Frame:
    """``native`` as a narwhals frame; anything else raises :class:`ComputeError`.

    A pyarrow table is read through polars, without copying (both hold Arrow memory): Arrow's
    own compute functions have only an approximate median and no ordered windows.  An eager
    polars frame is read lazily (free in polars), so that every indicator over it runs as one
    optimised query instead of one pass over the data per step.
    """
    if isinstance(native, nw.DataFrame | nw.LazyFrame):
        frame: Frame = native
    else:
        try:
            frame = nw.from_native(native)
        except TypeError:
            raise ComputeError(
                f"dataset {name!r}: expected a data frame (pandas, polars, DuckDB, PySpark or "
                f"narwhals), found {type(native).__name__}"
            ) from None
    if frame.implementation.is_pyarrow():
        import polars as pl

        table = pl.from_arrow(frame.to_native())
        assert isinstance(table, pl.DataFrame)  # a table, not a single array, was read
        frame = nw.from_native(table, eager_only=True)
    if isinstance(frame, nw.DataFrame) and frame.implementation.is_polars():
        return frame.lazy()
    return frame


class Dataset:
    """One named dataset, opened for computing indicators as of a date."""

    def __init__(
        self, name: str, native: object, *, as_of: dt.date, params: IndicatorParams
    ) -> None:
        self.name = name
        self.frame = open_dataset(name, native)
        self.schema: Mapping[str, Any] = self.frame.collect_schema()
        self.implementation = self.frame.implementation
        self.as_of = as_of
        self.params = params
        self._stages: dict[str, str | None] | None = None
        self._views: dict[tuple[object, ...], Frame] = {}

    @property
    def columns(self) -> tuple[str, ...]:
        """The frame's columns, in order."""
        return tuple(self.schema)

    def has(self, *names: str) -> bool:
        """Whether the frame has every one of these columns."""
        return all(name in self.schema for name in names)

    def date(self, column: str) -> nw.Expr:
        """``column`` as dates: text parsed, and text that is no date read as null (the data
        checks count what it held that was not a date)."""
        return pk.to_date(nw.col(column), self.schema[column], self.implementation)

    def _dated_type(self, column: str) -> Any:
        dtype = self.schema[column]
        if dtype == nw.String:
            return nw.Datetime if self.implementation.is_pandas_like() else nw.Date
        return dtype

    def on_or_before_as_of(self, column: str, dates: nw.Expr | None = None) -> nw.Expr:
        """Rows whose parsed ``column`` (``dates``, by default the column as it is in the frame
        being filtered) is on or before ``as_of``: null counts as false."""
        value = nw.col(column) if dates is None else dates
        if self._dated_type(column) == nw.Date:
            inside = value <= nw.lit(self.as_of, nw.Date)
        else:
            midnight = dt.datetime.combine(self.as_of + dt.timedelta(days=1), dt.time())
            inside = value < nw.lit(midnight)
        return inside.fill_null(False)

    def parsed(self, *columns: str) -> Frame:
        """The frame with these columns read as dates."""
        if not columns:
            return self.frame
        return self.frame.with_columns(**{c: self.date(c) for c in dict.fromkeys(columns)})

    def dated(self, column: str, *also: str) -> Frame:
        """Rows dated (by ``column``) up to ``as_of``, with ``column`` and ``also`` parsed."""
        return self.parsed(column, *also).filter(self.on_or_before_as_of(column))

    def stages(self) -> dict[str, str | None]:
        """Each stage text in the data → the pathway stage it names (``None`` if unknown)."""
        if self._stages is None:
            column = self.params.stage
            found = distinct(self.frame.with_columns(nw.col(column).cast(nw.String)), column)
            values = collect(found).get_column(column).to_list()
            self._stages = {
                str(v): (stage.value if (stage := parse_vocab(PathwayStage, v)) else None)
                for v in values
                if v is not None and v == v  # NaN is pandas' missing value
            }
        return self._stages

    def view(self, view: str, *, kind: PeriodKind, by: tuple[str, ...]) -> Frame:
        """The rows an indicator computes over: the events, or a whole-journey view."""
        key = (view, kind if view == "journey_periods" else None, by)
        if key not in self._views:
            self._views[key] = self._build(view, kind, by)
        return self._views[key]

    def _build(self, view: str, kind: PeriodKind, by: tuple[str, ...]) -> Frame:
        events = self.journey_events(by)
        stages = self.stages() if self.has(self.params.stage) else {}
        people = journeys.people(events, params=self.params, as_of=self.as_of, by=by, stages=stages)
        if view == "journeys":
            return people
        return journeys.periods(
            events, people, params=self.params, as_of=self.as_of, kind=kind, by=by
        )

    def journey_events(self, by: tuple[str, ...]) -> Frame:
        """The events journeys are built from: the columns they need, dated up to ``as_of``."""
        p = self.params
        needed = [p.person, p.event, p.date, *([p.stage] if self.has(p.stage) else []), *by]
        missing = [c for c in dict.fromkeys(needed) if c not in self.schema]
        if missing:
            raise ComputeError(
                f"dataset {self.name!r} has no column(s) {', '.join(missing)}, which "
                f"whole-journey views need; its columns are: {', '.join(self.columns)}"
            )
        return self.dated(p.date).select(list(dict.fromkeys(needed)))
