"""Frames moved between polars and pandas through Python values, for comparing backends.

``pl.DataFrame.to_pandas`` and ``pl.from_pandas`` need pyarrow, which neither aspcore nor this
plugin installs; a user's pandas frames do not need it either.
"""

from __future__ import annotations

import pandas as pd
import polars as pl


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """``frame`` as pandas, dates as ``datetime64`` as pandas users hold them."""
    out = pd.DataFrame(frame.to_dict(as_series=False))
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            out[name] = pd.to_datetime(out[name])
    return out


def from_pandas(frame: pd.DataFrame) -> pl.DataFrame:
    """``frame`` as polars, pandas' missing values (NaN, NaT, NA) as nulls."""
    return pl.DataFrame(frame.astype(object).where(frame.notna(), None).to_dict(orient="list"))
