"""Small helpers for frames of any backend: the frame type, distinct rows, collecting, and
numbering the rows a finding is about."""

from __future__ import annotations

from typing import Any

import narwhals as nw

__all__ = ["SOURCE_ROW", "Frame", "collect", "distinct", "first_rows"]

#: A narwhals frame, eager or lazy.
Frame = nw.DataFrame[Any] | nw.LazyFrame[Any]
#: The column in which a store table keeps each row's row number in the file it came from.
SOURCE_ROW = "source_row"
_POSITION = "_aspcore_position"


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


def first_rows(frame: Frame, condition: nw.Expr, limit: int = 5) -> list[int] | None:
    """Row numbers of the first ``limit`` rows meeting ``condition``, as a spreadsheet shows
    the file (the header is row 1, so the first row of data is row 2).

    A store table is numbered by its :data:`SOURCE_ROW`; pandas and polars frames by position.
    DuckDB relations and PySpark frames keep no row order, so without a :data:`SOURCE_ROW`
    their rows cannot be numbered: ``None``.
    """
    schema = frame.collect_schema()
    if SOURCE_ROW in schema:
        numbered, column, offset = frame, SOURCE_ROW, 0
    elif isinstance(frame, nw.DataFrame):
        numbered, column, offset = frame.with_row_index(_POSITION), _POSITION, 2
    elif frame.implementation.is_polars():
        native = frame.to_native().with_row_index(_POSITION)
        numbered, column, offset = nw.from_native(native), _POSITION, 2
    else:
        return None
    found = collect(numbered.filter(condition).select(column).sort(column).head(limit))
    return [int(number) + offset for number in found.get_column(column).to_list()]
