"""Deterministic benchmark data: the same rows for every run and every backend.

Everything is drawn from ``numpy.random.default_rng(seed)``, so a run on another machine
measures the same work.  Values are what host systems hold: canonical and hand-written status
spellings, a few missing dates, progress as whole percentages, halves and some awkward decimals.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

__all__ = ["AS_OF", "actions"]

AS_OF = dt.date(2018, 11, 30)
_EPOCH = dt.date(1970, 1, 1)
_STATUSES = np.array(
    ["in-progress", "in-progress", "not-started", "complete", "cancelled", "In progress", "done"]
)
_COLOURS = np.array(["green", "amber", "red", "blue", "G", "A"])


def actions(rows: int, seed: int = 20181130) -> pl.DataFrame:
    """``rows`` actions: id, status, start, due, progress and a reported RAG."""
    rng = np.random.default_rng(seed)
    as_of = (AS_OF - _EPOCH).days
    start = as_of + rng.integers(-700, 120, rows)
    due = start + rng.integers(-10, 800, rows)
    progress = np.where(
        rng.random(rows) < 0.8,
        rng.integers(0, 101, rows).astype(np.float64),
        np.round(rng.random(rows) * 100, 1),
    )
    frame = pl.DataFrame(
        {
            "id": pl.int_range(0, rows, eager=True).cast(pl.String),
            "status": _STATUSES[rng.integers(0, len(_STATUSES), rows)],
            "start": pl.Series(start, dtype=pl.Int32).cast(pl.Date),
            "due": pl.Series(due, dtype=pl.Int32).cast(pl.Date),
            "progress": progress,
            "rag": _COLOURS[rng.integers(0, len(_COLOURS), rows)],
        }
    )
    missing = rng.random((3, rows)) < 0.03
    return frame.with_columns(
        start=pl.when(pl.Series(missing[0])).then(None).otherwise(pl.col("start")),
        due=pl.when(pl.Series(missing[1])).then(None).otherwise(pl.col("due")),
        progress=pl.when(pl.Series(missing[2])).then(None).otherwise(pl.col("progress")),
    )
