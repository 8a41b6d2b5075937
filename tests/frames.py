"""Every kind of frame the suite runs aspcore on, made from one polars frame, and read back.

The batch API and the indicators take any frame narwhals reads; their tests make the same
data into each backend's frame with :data:`BACKENDS` and read every result back into polars
with :func:`to_polars` to compare.  :data:`BATCH_BACKENDS` and :data:`INDICATOR_BACKENDS` name
the single-machine backends each suite runs on (PySpark comes from the ``spark`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import narwhals as nw
import pandas as pd
import polars as pl

#: Turns a polars frame into another backend's frame.
Convert = Callable[[pl.DataFrame], Any]

#: PySpark warns that it does not yet fully support pandas 3; aspcore does not use pandas with
#: Spark, so the warning says nothing about these tests.
SPARK_WARNING = "ignore:PySpark does not yet fully support pandas:FutureWarning"


def _duckdb(frame: pl.DataFrame) -> Any:
    """A table in a connection of its own, as a host's database holds it."""
    connection = duckdb.connect()
    connection.register("frame_arrow", frame.to_arrow())
    connection.execute("CREATE TABLE frame AS SELECT * FROM frame_arrow")
    return connection.table("frame")


def _pandas_text_dates(frame: pl.DataFrame) -> pd.DataFrame:
    """pandas with dates as ISO text, as a CSV read without date parsing gives them."""
    return frame.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d")).to_pandas()


#: Every single-machine backend: how a polars frame becomes its frame.
BACKENDS: dict[str, Convert] = {
    "polars": lambda frame: frame,
    "polars-lazy": lambda frame: frame.lazy(),
    "pandas": lambda frame: frame.to_pandas(),
    "pandas-pyarrow": lambda frame: frame.to_pandas(types_mapper=pd.ArrowDtype),
    "pandas-text-dates": _pandas_text_dates,
    "pyarrow": lambda frame: frame.to_arrow(),
    "duckdb": _duckdb,
}
#: The backends the batch API's tests run on.
BATCH_BACKENDS = {
    name: BACKENDS[name] for name in ("polars", "polars-lazy", "pandas", "pandas-pyarrow", "duckdb")
}
#: The backends the indicators' tests run on (dates as text included: returns are read so).
INDICATOR_BACKENDS = {
    name: BACKENDS[name]
    for name in ("polars", "polars-lazy", "pandas", "pandas-text-dates", "pyarrow", "duckdb")
}


def to_polars(native: Any) -> pl.DataFrame:
    """Any frame aspcore returns, as a polars DataFrame."""
    frame = nw.from_native(native)
    if isinstance(frame, nw.LazyFrame):
        return frame.collect("polars").to_native()
    return frame.to_polars()
