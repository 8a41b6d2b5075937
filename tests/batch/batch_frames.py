"""Helpers of the batch tests: every kind of frame the batch API takes, and reading results back.

Each backend turns a polars DataFrame into its own kind of frame, and every result is read back
into polars to compare.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import narwhals as nw
import pandas as pd
import polars as pl

Convert = Callable[[pl.DataFrame], Any]

#: PySpark warns that it does not yet fully support pandas 3; the batch API does not use pandas
#: with Spark, so the warning says nothing about these tests.
SPARK_WARNING = "ignore:PySpark does not yet fully support pandas:FutureWarning"

LOCAL_BACKENDS: dict[str, Convert] = {
    "polars": lambda df: df,
    "polars-lazy": lambda df: df.lazy(),
    "pandas": lambda df: df.to_pandas(),
    "pandas-pyarrow": lambda df: df.to_pandas(types_mapper=pd.ArrowDtype),
    "duckdb": lambda df: duckdb.from_arrow(df.to_arrow()),
}


def to_polars(native: Any) -> pl.DataFrame:
    """Any frame the batch API returns, as a polars DataFrame."""
    frame = nw.from_native(native)
    if isinstance(frame, nw.LazyFrame):
        return frame.collect("polars").to_native()
    return frame.to_polars()
