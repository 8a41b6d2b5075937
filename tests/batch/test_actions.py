"""The batch action rule gives the per-plan engine's answers, row for row, on every backend.

Hypothesis writes tables of actions with every kind of value a host system holds: status and
RAG text in any spelling (and unknown words), missing and reversed dates, progress with many
decimals, outside 0-100 or NaN.  Each table is read as a plan and evaluated by
:func:`aspcore.evaluate`, and run through :func:`aspcore.batch.action_status` on each backend;
the colour, the reason (word for word), the expected progress, the shortfall, the days to due,
the RAG-002 verdict and the RAG-003 request for confirmation must all be the same.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import polars as pl
import pytest
from batch_frames import LOCAL_BACKENDS, SPARK_WARNING, Convert, to_polars
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspcore import evaluate, plan_from_mapping
from aspcore.batch import action_status
from aspcore.rules import Ruleset

SCHEMA = {
    "id": pl.String,
    "status": pl.String,
    "start": pl.Date,
    "due": pl.Date,
    "progress": pl.Float64,
    "rag": pl.String,
}
STATUSES = [
    None, "", "in-progress", "In progress", "in_progress", "  In  Progress ", "ongoing",
    "not-started", "Not started", "complete", "done", "Completed", "cancelled", "withdrawn",
    "bogus",
]  # fmt: skip
COLOURS = [None, "red", "Amber", "G", "green", "blue", "grey", "gray", "yellow", "purple"]
RULESETS: list[Ruleset | None] = [
    None,
    Ruleset(
        name="strict",
        version="1",
        params={
            "rag": {
                "brag": False,
                "amber_shortfall": 0,
                "red_shortfall": 0.5,
                "due_soon_days": 0,
                "due_soon_progress": 100,
            }
        },
    ),
    Ruleset(
        name="odd",
        version="1",
        params={
            "rag": {
                "amber_shortfall": 12.5,
                "red_shortfall": 33.3,
                "due_soon_days": 30,
                "due_soon_progress": 62.5,
            }
        },
    ),
]
AS_OF = dt.date(2018, 11, 30)

progress = st.one_of(
    st.none(),
    st.sampled_from([0.0, 5.0, 12.5, 33.3, 40.0, 75.0, 100.0, 99.99995, -1.0, 101.0, math.nan]),
    st.integers(0, 100).map(float),
    st.floats(1e-6, 100),
    # decimals as plans write them, which meet the thresholds exactly
    st.integers(0, 10_000).map(lambda n: n / 100),
)
days = st.integers(-900, 900)


@st.composite
def action_rows(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """One action as a host system might hold it."""
    start = draw(st.none() | days.map(lambda n: AS_OF + dt.timedelta(days=n)))
    anchor = start or AS_OF
    due = draw(st.none() | st.integers(-60, 900).map(lambda n: anchor + dt.timedelta(days=n)))
    return {
        "id": f"A{index}",
        "status": draw(st.sampled_from(STATUSES)),
        "start": start,
        "due": due,
        "progress": draw(progress),
        "rag": draw(st.sampled_from(COLOURS)),
    }


@st.composite
def tables(draw: st.DrawFn, min_size: int = 1, max_size: int = 25) -> list[dict[str, Any]]:
    """A table of actions with distinct ids."""
    size = draw(st.integers(min_size, max_size))
    return [draw(action_rows(i)) for i in range(size)]


def engine(rows: list[dict[str, Any]], as_of: dt.date, ruleset: Ruleset | None) -> pl.DataFrame:
    """What the per-plan engine says about each row, as the batch API's columns."""
    plan = plan_from_mapping({"partnership": "Test", "actions": rows})
    result = evaluate(plan, as_of=as_of, ruleset=ruleset)
    statuses = {s.subject: s for s in result.statuses if s.rule == "RAG-001"}
    disagree = {f.subject for f in result.findings if f.rule == "RAG-002"}
    to_confirm = {f.subject for f in result.findings if f.rule == "RAG-003"}
    out = []
    for row in rows:
        status = statuses[row["id"]]
        evidence = status.evidence
        reported = plan.actions[int(row["id"][1:])].rag
        days_to_due = evidence["days_to_due"]
        out.append(
            {
                "id": row["id"],
                "rag": status.rag.value if status.rag else None,
                "rag_reason": status.reason,
                "expected_progress": evidence["expected_progress"],
                "shortfall": evidence["shortfall"],
                "days_to_due": None if days_to_due is None else float(days_to_due),  # type: ignore[arg-type]
                "rag_agrees": None
                if reported is None or status.rag is None
                else row["id"] not in disagree,
                "rag_from_report": row["id"] in to_confirm,
            }
        )
    return pl.DataFrame(out, schema=RESULT_SCHEMA)


RESULT_SCHEMA = {
    "id": pl.String,
    "rag": pl.String,
    "rag_reason": pl.String,
    "expected_progress": pl.Float64,
    "shortfall": pl.Float64,
    "days_to_due": pl.Float64,
    "rag_agrees": pl.Boolean,
    "rag_from_report": pl.Boolean,
}


def batch(
    convert: Convert, rows: list[dict[str, Any]], as_of: dt.date, ruleset: Any
) -> pl.DataFrame:
    """What the batch API says, read back into polars in the engine's column order."""
    frame = convert(pl.DataFrame(rows, schema=SCHEMA, orient="row" if not rows else None))
    result = to_polars(action_status(frame, as_of=as_of, ruleset=ruleset))
    return result.select(list(RESULT_SCHEMA)).cast(RESULT_SCHEMA).sort("id")  # type: ignore[arg-type]


def assert_same(expected: pl.DataFrame, got: pl.DataFrame) -> None:
    """Row for row equality, with a readable first difference."""
    expected = expected.sort("id")
    assert got.columns == expected.columns
    for want, have in zip(expected.iter_rows(named=True), got.iter_rows(named=True), strict=True):
        assert have == want


@settings(max_examples=80, deadline=None)
@given(
    rows=tables(),
    as_of=st.dates(dt.date(2017, 1, 1), dt.date(2020, 12, 31)),
    ruleset=st.sampled_from(RULESETS),
)
def test_batch_equals_engine(
    rows: list[dict[str, Any]], as_of: dt.date, ruleset: Ruleset | None
) -> None:
    assert_same(engine(rows, as_of, ruleset), batch(LOCAL_BACKENDS["polars"], rows, as_of, ruleset))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables(min_size=20, max_size=60), ruleset=st.sampled_from(RULESETS))
def test_batch_equals_engine_on_every_local_backend(
    rows: list[dict[str, Any]], ruleset: Ruleset | None
) -> None:
    expected = engine(rows, AS_OF, ruleset)
    for convert in LOCAL_BACKENDS.values():
        assert_same(expected, batch(convert, rows, AS_OF, ruleset))


@pytest.mark.spark
@pytest.mark.filterwarnings(SPARK_WARNING)
@settings(
    max_examples=1, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=tables(min_size=150, max_size=150), ruleset=st.sampled_from(RULESETS))
def test_batch_equals_engine_on_spark(
    to_spark: Convert, rows: list[dict[str, Any]], ruleset: Ruleset | None
) -> None:
    assert_same(engine(rows, AS_OF, ruleset), batch(to_spark, rows, AS_OF, ruleset))
