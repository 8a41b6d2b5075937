"""The backends the indicator tests run on, and how a polars frame becomes each one's frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd
import polars as pl

#: Turns a polars frame into another backend's frame.
Convert = Callable[[pl.DataFrame], Any]


def _duckdb(frame: pl.DataFrame) -> Any:
    connection = duckdb.connect()
    connection.register("events_arrow", frame.to_arrow())
    connection.execute("CREATE TABLE events AS SELECT * FROM events_arrow")
    return connection.table("events")


def _pandas_text_dates(frame: pl.DataFrame) -> pd.DataFrame:
    return frame.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d")).to_pandas()


#: Every single-machine backend: how a polars frame becomes its frame.
LOCAL_BACKENDS: dict[str, Convert] = {
    "polars": lambda frame: frame,
    "polars-lazy": lambda frame: frame.lazy(),
    "pandas": lambda frame: frame.to_pandas(),
    "pandas-text-dates": _pandas_text_dates,
    "pyarrow": lambda frame: frame.to_arrow(),
    "duckdb": _duckdb,
}
