"""Validating a 1M-row indicator return: aspcore's schema against the same bare pandera schema.

aspcore's ``indicator-return`` schema runs through :func:`aspcore.schemas.validate_frame`
(pandera underneath, plus turning failures into problems with codes and messages).  The bare
schema is written directly in pandera with the same columns, types and checks: period labels
read by the same parser (per distinct value), the same vocabularies, the same one-row-per key.
Target: aspcore's overhead under 30% on a valid return.  Also timed: reporting 100,000
failures (a return with 100k bad rows), and the peak memory of each.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from harness import measure, run_isolated

__all__ = ["indicator_return", "run"]

_SEXES = np.array(["female", "male", "other", None], dtype=object)
_TYPES = np.array(["labour", "sexual", "criminal", "domestic-servitude", "unknown"])
_PERIODS = np.array([f"20{y}-{y + 1} Q{q}" for y in range(15, 25) for q in range(1, 5)])


def indicator_return(rows: int, bad: int = 0, seed: int = 5) -> Any:
    """A pandas indicator return of ``rows`` unique rows, ``bad`` of them with a bad period."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    index = np.arange(rows)
    period = _PERIODS[index % len(_PERIODS)].astype(object)
    if bad:
        period[rng.choice(rows, bad, replace=False)] = "sometime in 2019"
    return pd.DataFrame(
        {
            "period": period,
            "indicator": [f"K{i}" for i in (index // len(_PERIODS)) % 50],
            "agency": [f"Agency {i}" for i in index // (len(_PERIODS) * 50)],
            "value": rng.integers(0, 500, rows).astype(float),
            "sex": _SEXES[index % 4],
            "age_group": np.where(index % 2 == 0, "adult", "child"),
            "exploitation_type": _TYPES[index % 5],
            "nationality": np.where(index % 3 == 0, "UK", "Albania"),
            "comment": None,
        }
    )


def _bare_schema() -> Any:
    import pandera.pandas as pa

    from aspcore.errors import AspcoreError
    from aspcore.periods import parse_period

    def readable(series: Any) -> Any:
        good = set()
        for value in series.dropna().unique():
            try:
                parse_period(str(value))
            except AspcoreError:
                continue
            good.add(value)
        return series.isin(good) | series.isna()

    text = {"nullable": True, "coerce": True, "required": False}
    return pa.DataFrameSchema(
        {
            "period": pa.Column(str, pa.Check(readable, name="unreadable-period"), coerce=True),
            "indicator": pa.Column(str, coerce=True),
            "agency": pa.Column(str, coerce=True),
            "value": pa.Column(float, nullable=True, coerce=True),
            "sex": pa.Column(str, pa.Check.isin(["female", "male", "other"]), **text),
            "age_group": pa.Column(str, **text),
            "exploitation_type": pa.Column(str, pa.Check.isin(list(_TYPES)), **text),
            "nationality": pa.Column(str, **text),
            "comment": pa.Column(str, **text),
        },
        unique=[
            "period",
            "indicator",
            "agency",
            "sex",
            "age_group",
            "exploitation_type",
            "nationality",
        ],
        coerce=True,
    )


def _aspcore(rows: int, bad: int, repeat: int) -> dict[str, Any]:
    from aspcore.schemas import validate_frame

    frame = indicator_return(rows, bad)
    reports: list[Any] = []
    result = measure(lambda: reports.append(validate_frame(frame, "indicator-return")), repeat)
    report = reports[-1]
    errors = sum(1 for p in report.problems if p.severity.value == "error")
    return {
        **result,
        "problems": len(report.problems),
        "errors": errors,
        "valid": report.valid,
        "input_mib": round(frame.memory_usage(deep=True).sum() / 2**20, 1),
    }


def _bare(rows: int, bad: int, repeat: int) -> dict[str, Any]:
    from pandera.errors import SchemaErrors

    frame = indicator_return(rows, bad)
    schema = _bare_schema()
    failures: list[int] = []

    def run() -> None:
        try:
            schema.validate(frame, lazy=True)
            failures.append(0)
        except SchemaErrors as exc:
            failures.append(len(exc.failure_cases))

    result = measure(run, repeat)
    return {
        **result,
        "failure_cases": failures[-1],
        "input_mib": round(frame.memory_usage(deep=True).sum() / 2**20, 1),
    }


def run(rows: int, failures: int, repeat: int) -> dict[str, Any]:
    """A valid return and one with ``failures`` bad rows, through both schemas."""
    valid = {
        "aspcore": run_isolated(_aspcore, rows, 0, repeat),
        "bare_pandera": run_isolated(_bare, rows, 0, repeat),
    }
    ours, bare = valid["aspcore"].get("seconds"), valid["bare_pandera"].get("seconds")
    if ours and bare:
        valid["overhead"] = round(ours / bare - 1, 3)
    failing = {
        "aspcore": run_isolated(_aspcore, rows, failures, 1),
        "bare_pandera": run_isolated(_bare, rows, failures, 1),
    }
    return {"rows": rows, "valid_return": valid, "failures": failures, "failing_return": failing}
