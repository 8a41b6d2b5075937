"""Indicators over 10M case events: aspcore's ``compute_indicators`` against hand-written polars.

Three indicators from the guide's Table 3, by quarter and two disaggregations (sex, age group),
with the totals rows disclosure control needs (each breakdown on its own and overall): a count
of events, a count of distinct people, and a proportion (distinct people receiving legal advice
over distinct people identified).  The hand-written polars computes the same table, and the
benchmark checks that both give the same cells before timing them.  Target: aspcore at least 0.7
of the speed of the hand-written polars, both without the data-quality checks (which the
hand-written side does not do); aspcore with its checks is timed too.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import numpy as np
from harness import measure, run_isolated

__all__ = ["case_events", "handwritten", "run"]

AS_OF = dt.date(2021, 4, 1)
BY = ["sex", "age_group"]
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
            "numerator": {"measure": "count()"},
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
            "numerator": {"where": "event == 'identified'", "measure": "count_distinct(person_id)"},
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


def handwritten(events: Any) -> dict[tuple[str, str, str, str], float | None]:
    """The three indicators' values by (indicator, quarter, sex, age group), totals as ``all``."""
    import polars as pl

    month = pl.col("date").dt.month()
    year = pl.col("date").dt.year() - (month < 4).cast(pl.Int32)
    next_year = ((year + 1) % 100).cast(pl.String).str.zfill(2)
    quarter = pl.format("{}-{} Q{}", year, next_year, (month + 8) % 12 // 3 + 1)
    lazy = events.lazy().filter(pl.col("date") <= AS_OF).with_columns(quarter=quarter)

    def side(rows: Any, value: Any) -> Any:
        """``value`` per quarter and breakdown, and per quarter with each breakdown totalled."""
        parts = [
            rows.group_by("quarter", *kept)
            .agg(value.alias("value"))
            .with_columns(**{c: pl.lit("all") for c in BY if c not in kept})
            .select("quarter", *BY, "value")
            for size in range(len(BY), -1, -1)
            for kept in itertools.combinations(BY, size)
        ]
        return pl.concat(parts)

    identified = lazy.filter(pl.col("event") == "identified")
    advised = lazy.filter(pl.col("event") == "legal_advice")
    people = pl.col("person_id").n_unique()
    count = side(lazy, pl.len()).with_columns(indicator=pl.lit("E1"))
    found = side(identified, people)
    proportion = (
        found.join(side(advised, people), on=["quarter", *BY], how="full", coalesce=True)
        .with_columns(
            value=(pl.col("value_right").fill_null(0) / pl.col("value") * 100).round(6),
            indicator=pl.lit("E3"),
        )
        .drop("value_right")
    )
    columns = ["indicator", "quarter", *BY, "value"]
    frames = pl.collect_all(
        [
            count.select(columns),
            found.with_columns(indicator=pl.lit("E2")).select(columns),
            proportion.select(columns),
        ]
    )
    return {(i, q, s, a): v for frame in frames for i, q, s, a, v in frame.iter_rows()}


def _aspcore_cells(result: Any) -> dict[tuple[str, str, str, str], float | None]:
    return {
        (row.indicator, row.period, dict(row.by)["sex"], dict(row.by)["age_group"]): row.value
        for row in result.rows
    }


def differing(ours: dict[Any, Any], theirs: dict[Any, Any]) -> int:
    """Cells present on one side only, or whose values differ by more than rounding."""
    keys = ours.keys() | theirs.keys()
    return sum(
        1
        for key in keys
        if key not in ours
        or key not in theirs
        or (ours[key] is None) != (theirs[key] is None)
        or (ours[key] is not None and abs(ours[key] - theirs[key]) > 1e-6)
    )


def _plan() -> Any:
    import aspcore

    return aspcore.plan_from_mapping(
        {"partnership": "Benchmark", "year": "2018-19", "indicators": INDICATORS}
    )


def _handwritten(rows: int, repeat: int) -> dict[str, Any]:
    events = case_events(rows)
    cells = handwritten(events)
    return {
        **measure(lambda: handwritten(events), repeat),
        "cells": len(cells),
        "input_mib": round(events.estimated_size() / 2**20, 1),
    }


def _aspcore(rows: int, repeat: int, check_data: bool) -> dict[str, Any]:
    from aspcore.indicators import compute_indicators

    events, plan = case_events(rows), _plan()

    def run() -> Any:
        return compute_indicators(plan, {"events": events}, as_of=AS_OF, check_data=check_data)

    result = run()
    return {
        **measure(run, repeat),
        "cells": len(result.rows),
        "findings": [f.message for f in result.findings],
        "cells_differing_from_handwritten": differing(_aspcore_cells(result), handwritten(events)),
        "input_mib": round(events.estimated_size() / 2**20, 1),
    }


def run(rows: int, repeat: int) -> dict[str, Any]:
    """Both sides over ``rows`` events, checked cell for cell, and the speed ratio."""
    out: dict[str, Any] = {
        "rows": rows,
        "handwritten_polars": run_isolated(_handwritten, rows, repeat),
        "aspcore": run_isolated(_aspcore, rows, repeat, False),
        "aspcore_with_data_checks": run_isolated(_aspcore, rows, repeat, True),
    }
    ours, hand = out["aspcore"].get("seconds"), out["handwritten_polars"].get("seconds")
    if ours and hand:
        out["speed_vs_handwritten"] = round(hand / ours, 3)
    return out
