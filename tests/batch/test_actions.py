"""The batch action rule gives the per-plan engine's answers, row for row, on every backend.

The shared strategies (:mod:`strategies`) write tables of actions with every kind of value a
host system holds: status and RAG text in any spelling (and unknown words), missing and
reversed dates, progress with many decimals, outside 0-100 or NaN.  Each table is read as a
plan and evaluated by :func:`aspcore.evaluate`, and run through
:func:`aspcore.batch.action_status` on a backend drawn for it (and on every backend); the
colour, the reason (word for word) and its code, the expected progress, the shortfall, the days
to due, the RAG-002 verdict and the RAG-003 request for confirmation must all be the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspcore import evaluate, plan_from_mapping
from aspcore.batch import action_status
from aspcore.rules import Ruleset
from frames import BATCH_BACKENDS, SPARK_WARNING, Convert, to_polars
from strategies import (
    ACTION_SCHEMA,
    AS_OF,
    action_plan,
    action_tables,
    frames,
    rag_rulesets,
)


def engine(rows: list[dict[str, Any]], as_of: dt.date, ruleset: Ruleset | None) -> pl.DataFrame:
    """What the per-plan engine says about each row, as the batch API's columns."""
    plan = plan_from_mapping(action_plan(rows))
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
                "rag_reason_code": evidence["reason_code"],
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
    "rag_reason_code": pl.String,
    "expected_progress": pl.Float64,
    "shortfall": pl.Float64,
    "days_to_due": pl.Float64,
    "rag_agrees": pl.Boolean,
    "rag_from_report": pl.Boolean,
}


def batch(
    convert: Convert, rows: list[dict[str, Any]], as_of: dt.date, ruleset: Any
) -> pl.DataFrame:
    """What the batch API says of ``rows`` as ``convert`` makes them a frame."""
    return batch_of(convert(pl.DataFrame(rows, schema=ACTION_SCHEMA)), as_of, ruleset)


def batch_of(frame: Any, as_of: dt.date, ruleset: Any) -> pl.DataFrame:
    """What the batch API says of ``frame``, read back into polars in the engine's column
    order."""
    result = to_polars(action_status(frame, as_of=as_of, ruleset=ruleset))
    return result.select(list(RESULT_SCHEMA)).cast(RESULT_SCHEMA).sort("id")  # type: ignore[arg-type]


def assert_same(expected: pl.DataFrame, got: pl.DataFrame) -> None:
    """Row for row equality, with a readable first difference."""
    expected = expected.sort("id")
    assert got.columns == expected.columns
    for want, have in zip(expected.iter_rows(named=True), got.iter_rows(named=True), strict=True):
        assert have == want


@settings(max_examples=80)
@given(
    rows=action_tables(),
    as_of=st.dates(dt.date(2017, 1, 1), dt.date(2020, 12, 31)),
    ruleset=rag_rulesets,
    data=st.data(),
)
def test_batch_equals_engine(
    rows: list[dict[str, Any]], as_of: dt.date, ruleset: Ruleset | None, data: st.DataObject
) -> None:
    _backend, frame = data.draw(frames(rows, ACTION_SCHEMA, BATCH_BACKENDS))
    assert_same(engine(rows, as_of, ruleset), batch_of(frame, as_of, ruleset))


@settings(max_examples=4, suppress_health_check=[HealthCheck.too_slow])
@given(rows=action_tables(min_size=20, max_size=60), ruleset=rag_rulesets)
def test_batch_equals_engine_on_every_local_backend(
    rows: list[dict[str, Any]], ruleset: Ruleset | None
) -> None:
    expected = engine(rows, AS_OF, ruleset)
    for convert in BATCH_BACKENDS.values():
        assert_same(expected, batch(convert, rows, AS_OF, ruleset))


@pytest.mark.spark
@pytest.mark.filterwarnings(SPARK_WARNING)
@settings(max_examples=1, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=action_tables(min_size=150, max_size=150), ruleset=rag_rulesets)
def test_batch_equals_engine_on_spark(
    to_spark: Convert, rows: list[dict[str, Any]], ruleset: Ruleset | None
) -> None:
    assert_same(engine(rows, AS_OF, ruleset), batch(to_spark, rows, AS_OF, ruleset))


@settings(max_examples=25)
@given(rows=action_tables(), ruleset=rag_rulesets)
def test_colour_only_gives_the_colours_and_codes_of_the_full_result(
    rows: list[dict[str, Any]], ruleset: Ruleset | None
) -> None:
    """``numbers=False`` leaves out the shown numbers, never changes a colour."""
    frame = pl.DataFrame(rows, schema=ACTION_SCHEMA)
    full = action_status(frame, as_of=AS_OF, ruleset=ruleset)
    colour = action_status(frame, as_of=AS_OF, ruleset=ruleset, reasons=False, numbers=False)
    assert not {"rag_reason", "expected_progress", "shortfall"} & set(colour.columns)
    kept = ["id", "rag", "rag_reason_code", "days_to_due"]
    assert colour.select(kept).equals(full.select(kept))


def test_reasons_need_their_numbers() -> None:
    frame = pl.DataFrame({"status": ["complete"], "due": [AS_OF]})
    with pytest.raises(ValueError, match="reasons=True needs numbers=True"):
        action_status(frame, as_of=AS_OF, numbers=False)
