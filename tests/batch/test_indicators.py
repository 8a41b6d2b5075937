"""Batch indicator ratings equal the per-plan rule RAG-010, row for row, on every backend.

Each generated row becomes an indicator with a target and polarity (and maybe a unit and a
``shortfall`` measure), an observation for 2019-20 Q1 and (maybe) one for the same quarter a
year before, in a plan evaluated under each built-in scheme and a Belfast variant measuring
percent indicators in percentage points.  The colour, the shortfall, the direction against last
year and the scheme's reason must match the engine's status for 2019-20 Q1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspcore import evaluate, plan_from_mapping
from aspcore.batch import indicator_status
from aspcore.errors import RulesetError
from frames import BATCH_BACKENDS, SPARK_WARNING, Convert, to_polars
from strategies import (
    INDICATOR_SCHEMA,
    INDICATOR_SCHEMES,
    indicator_plan,
    indicator_ruleset,
    indicator_tables,
)


def engine(table: list[dict[str, Any]], scheme: str) -> dict[str, Any]:
    """The engine's RAG-010 status for 2019-20 Q1 of each row's indicator."""
    plan = plan_from_mapping(indicator_plan(table))
    result = evaluate(plan, as_of=dt.date(2020, 1, 1), ruleset=indicator_ruleset(scheme))
    return {
        s.subject: s
        for s in result.statuses
        if s.rule == "RAG-010" and s.kind == "indicator-period" and s.period == "2019-20 Q1"
    }


def check(convert: Convert, table: list[dict[str, Any]], scheme: str) -> None:
    frame = convert(pl.DataFrame(table, schema=INDICATOR_SCHEMA))
    got = to_polars(indicator_status(frame, ruleset=indicator_ruleset(scheme))).sort("id")
    expected = engine(table, scheme)
    for row in got.iter_rows(named=True):
        status = expected[row["id"]]
        assert row["rag"] == status.rag.value
        if row["rag"] == "grey":
            continue
        assert status.reason.endswith(" " + row["rag_reason"])
        assert row["shortfall_pct"] == status.evidence["shortfall_pct"]
        assert row["vs_last_year"] == status.evidence["vs_last_year"].value


@settings(max_examples=60)
@given(table=indicator_tables, scheme=st.sampled_from(INDICATOR_SCHEMES))
def test_batch_equals_engine(table: list[dict[str, Any]], scheme: str) -> None:
    check(BATCH_BACKENDS["polars"], table, scheme)


@settings(max_examples=3, suppress_health_check=[HealthCheck.too_slow])
@given(table=indicator_tables, scheme=st.sampled_from(INDICATOR_SCHEMES))
def test_batch_equals_engine_on_every_local_backend(
    table: list[dict[str, Any]], scheme: str
) -> None:
    for convert in BATCH_BACKENDS.values():
        check(convert, table, scheme)


@pytest.mark.spark
@pytest.mark.filterwarnings(SPARK_WARNING)
def test_batch_equals_engine_on_spark(to_spark: Convert) -> None:
    table = [
        {"id": f"K{i}", "actual": a, "target": t, "polarity": p, "last_year": y}
        | {"unit": "percent" if i > 6 else None, "shortfall": "points" if i > 7 else None}
        for i, (a, t, p, y) in enumerate(
            [
                (2.97, 3.0, "higher", None),
                (40.0, 50.0, "higher", 45.0),
                (40.0, 50.0, "higher", 35.0),
                (12.0, 10.0, "lower", 15.0),
                (None, 10.0, None, None),
                (5.0, 0.0, "lower", 5.0),
                (123456.78, 0.5, "higher", 1.0),
                (79.0, 80.0, "higher", 78.0),
                (79.0, 80.0, "higher", 78.0),
                (68.99, 80.0, "higher", 70.0),
            ]
        )
    ]
    check(to_spark, table, "havering")  # the scheme with the most branches


def test_havering_turns_amber_red_unless_improved() -> None:
    frame = pl.DataFrame(
        {"actual": [40.0, 40.0, 40.0], "target": [50.0] * 3, "last_year": [35.0, 45.0, None]}
    )
    rated = indicator_status(frame, scheme="havering")
    assert rated["rag"].to_list() == ["amber", "red", "red"]
    assert rated["rag_reason"][2].endswith(
        "but red because there is no figure for the same period last year to show an improvement"
    )


@pytest.mark.parametrize(
    ("actual", "rag", "words"),
    [
        (79.0, "green", "is 1 percentage point short of target"),
        (78.99, "amber", "is 1.01 percentage points short of target"),
    ],
)
def test_points_rows_are_rated_in_points(actual: float, rag: str, words: str) -> None:
    """Belfast's "within 1 per cent" read as percentage points: green at exactly 1 point,
    amber at 1.01; ``shortfall_pct`` stays the relative shortfall (1.25 for 79 against 80)."""
    frame = pl.DataFrame(
        {"actual": [actual], "target": [80.0], "unit": ["percent"], "shortfall": ["points"]}
    )
    rated = indicator_status(frame, scheme="belfast")
    assert rated["rag"].to_list() == [rag]
    assert rated["rag_reason"][0].startswith(words)
    assert rated["rag_reason"][0].endswith(
        "under belfast, in percentage points, "
        + (
            "green is a shortfall of 1 or less"
            if rag == "green"
            else "amber is a shortfall of more than 1 and 5 or less"
        )
    )


def test_unknown_scheme_is_a_ruleset_error() -> None:
    with pytest.raises(RulesetError, match="did you mean 'belfast'"):
        indicator_status(pl.DataFrame({"actual": [1.0], "target": [2.0]}), scheme="belfst")
