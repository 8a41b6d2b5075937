"""Small helpers for frames of any backend: the frame type, distinct rows, collecting."""

from __future__ import annotations

from typing import Any

import narwhals as nw

__all__ = ["Frame", "collect", "distinct"]

#: A narwhals frame, eager or lazy.
Frame = nw.DataFrame[Any] | nw.LazyFrame[Any]


def distinct(frame: Frame, *columns: str) -> Frame:
    """The distinct rows of ``columns``.

    narwhals writes ``unique`` for SQL engines (DuckDB, PySpark) as a window that sorts and
    numbers the rows; there a grouping, one hash aggregation, does the same for less.
    """
    selected = frame.select(*columns)
    if isinstance(frame, nw.DataFrame) or frame.implementation.is_polars():
        return selected.unique()
    count = "_aspcore_rows"
    return selected.group_by(*columns).agg(nw.len().alias(count)).select(*columns)


def collect(frame: Frame) -> nw.DataFrame[Any]:
    """An eager frame: lazy ones are run (by their own engine), eager ones returned."""
    if isinstance(frame, nw.LazyFrame):
        return frame.collect()
    return frame
