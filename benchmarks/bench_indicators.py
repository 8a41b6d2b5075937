"""Indicators over 10M case events: aspcore's ``compute_indicators`` against hand-written polars.

Three indicators from the guide's Table 3, by quarter and two disaggregations (sex, age group):
a count of events, a count of distinct people, and a proportion (distinct people receiving
legal advice over distinct people identified).  Target: aspcore at least 0.7 of the speed of
the hand-written polars.  When :mod:`aspcore.indicators` is not installed the aspcore side is
reported as not run, and the hand-written side is still timed.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import numpy as np
from harness import measure, run_isolated

__all__ = ["case_events", "run"]

_EVENTS = np.array(["identified", "referral", "legal_advice", "accommodation", "training"])
_SEXES = np.array(["female", "male", "other"])
_AGES = np.array(["adult", "child", "unknown"])
INDICATORS = [
    {
        "id": "E1",
        "name": "Events recorded",
        "unit": "count",
        "compute": {
            "from": "events",
            "measure": "count",
            "period": "date",
            "frequency": "quarterly",
            "by": ["sex", "age_group"],
        },
    },
    {
        "id": "E2",
        "name": "People identified",
        "unit": "count",
        "compute": {
            "from": "events",
            "where": "event == 'identified'",
            "measure": "count_distinct(person_id)",
            "period": "date",
            "frequency": "quarterly",
            "by": ["sex", "age_group"],
        },
    },
    {
        "id": "E3",
        "name": "Proportion of identified people who received legal advice",
        "unit": "percent",
        "compute": {
            "from": "events",
            "numerator": {
                "where": "event == 'legal_advice'",
                "measure": "count_distinct(person_id)",
            },
            "denominator": {
                "where": "event == 'identified'",
                "measure": "count_distinct(person_id)",
            },
            "factor": 100,
            "period": "date",
            "frequency": "quarterly",
            "by": ["sex", "age_group"],
        },
    },
]


def case_events(rows: int, seed: int = 6) -> Any:
    """``rows`` pseudonymised events over three financial years (deterministic)."""
    import polars as pl

    rng = np.random.default_rng(seed)
    people = max(1, rows // 8)
    person = rng.integers(0, people, rows)
    return pl.DataFrame(
        {
            "person_id": pl.Series(person).cast(pl.String),
            "event": _EVENTS[rng.integers(0, len(_EVENTS), rows)],
            "date": pl.Series(17622 + rng.integers(0, 1095, rows), dtype=pl.Int32).cast(pl.Date),
            "agency": np.array(["police", "council", "ngo"])[rng.integers(0, 3, rows)],
            "sex": _SEXES[person % 3],
            "age_group": _AGES[(person // 3) % 3],
        }
    )


def _handwritten(rows: int, repeat: int) -> dict[str, Any]:
    import polars as pl

    events = case_events(rows)
    by = ["quarter", "sex", "age_group"]
    # Financial quarters: April-June is Q1 of the year that starts in April.
    month = pl.col("date").dt.month()
    year = pl.col("date").dt.year() - (month < 4).cast(pl.Int32)
    quarter = pl.format("{}-{} Q{}", year, (year + 1) % 100, (month + 8) % 12 // 3 + 1)

    def run() -> object:
        lazy = events.lazy().with_columns(quarter=quarter)
        count = lazy.group_by(by).agg(pl.len().alias("value"))
        identified = (
            lazy.filter(pl.col("event") == "identified")
            .group_by(by)
            .agg(pl.col("person_id").n_unique().alias("denominator"))
        )
        advised = (
            lazy.filter(pl.col("event") == "legal_advice")
            .group_by(by)
            .agg(pl.col("person_id").n_unique().alias("numerator"))
        )
        proportion = identified.join(advised, on=by, how="left").with_columns(
            value=pl.col("numerator").fill_null(0) / pl.col("denominator") * 100
        )
        return pl.collect_all([count, identified, proportion])

    return {**measure(run, repeat), "input_mib": round(events.estimated_size() / 2**20, 1)}


def _aspcore(rows: int, repeat: int) -> dict[str, Any]:
    import aspcore
    from aspcore.indicators import compute_indicators  # type: ignore[import-not-found]

    events = case_events(rows)
    plan = aspcore.plan_from_mapping(
        {"partnership": "Benchmark", "year": "2018-19", "indicators": INDICATORS}
    )
    as_of = dt.date(2021, 4, 1)
    result = measure(lambda: compute_indicators(plan, {"events": events}, as_of=as_of), repeat)
    return {**result, "input_mib": round(events.estimated_size() / 2**20, 1)}


def run(rows: int, repeat: int) -> dict[str, Any]:
    """Both sides over ``rows`` events, and the speed ratio when aspcore's side ran."""
    out: dict[str, Any] = {
        "rows": rows,
        "handwritten_polars": run_isolated(_handwritten, rows, repeat),
    }
    try:
        available = hasattr(importlib.import_module("aspcore.indicators"), "compute_indicators")
    except ImportError:
        available = False
    if not available:
        out["aspcore"] = {"error": "not run: aspcore.indicators.compute_indicators is not there"}
        return out
    out["aspcore"] = run_isolated(_aspcore, rows, repeat)
    ours, hand = out["aspcore"].get("seconds"), out["handwritten_polars"].get("seconds")
    if ours and hand:
        out["speed_vs_handwritten"] = round(hand / ours, 3)
    return out
