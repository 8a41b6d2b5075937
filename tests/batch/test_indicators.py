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
from batch_frames import LOCAL_BACKENDS, SPARK_WARNING, Convert, to_polars
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspcore import evaluate, plan_from_mapping
from aspcore.batch import indicator_status
from aspcore.errors import RulesetError
from aspcore.rag import BUILTIN_SCHEMES
from aspcore.rules import Ruleset

SCHEMA = {
    "id": pl.String,
    "actual": pl.Float64,
    "target": pl.Float64,
    "polarity": pl.String,
    "last_year": pl.Float64,
    "unit": pl.String,
    "shortfall": pl.String,
}
SCHEMES = ["belfast", "havering", "camms", "belfast-points"]
#: Belfast's bands over percentage points, for partnerships that mean points.
OWN_SCHEMES = {"belfast-points": {**BUILTIN_SCHEMES["belfast"], "shortfall": "points"}}
# Values with at most six decimals (the engine rounds combined values to six), values on the
# published schemes' bounds (76 against 80 is 5% short), and values beyond LIMIT, which both
# engines rate by the shortfall rounded to six places.
values = st.one_of(
    st.sampled_from([0.0, 2.97, 3.0, 9.0, 10.2, 95.0, 100.0, 110.0, -5.0, 76.0, 80.0, 75.9]),
    st.integers(-100_000, 1_000_000).map(lambda n: n / 100),
    st.integers(-(10**8), 10**8).map(lambda n: n / 10**6),
    st.sampled_from([4_503_599_628.0, 9_007_199_255.0, -1e12, 3e15]),
)
# Percentages, with values on Belfast's bounds in points and relatively (79 against 80).
percents = st.one_of(
    st.sampled_from([0.0, 75.0, 74.99, 76.0, 78.99, 79.0, 80.0, 81.0, 100.0]),
    st.integers(0, 10_000).map(lambda n: n / 100),
)
counts = st.fixed_dictionaries(
    {
        "actual": st.none() | values,
        "target": st.none() | st.just(0.0) | values,
        "polarity": st.sampled_from([None, "higher", "lower", "Lower", "down"]),
        "last_year": st.none() | values,
        "unit": st.sampled_from([None, "number", "count"]),
        "shortfall": st.sampled_from([None, "relative", "points"]),
    }
)
percentages = st.fixed_dictionaries(
    {
        "actual": st.none() | percents,
        "target": st.none() | st.just(0.0) | percents,
        "polarity": st.sampled_from([None, "higher", "lower"]),
        "last_year": st.none() | percents,
        "unit": st.sampled_from(["percent", "Percent", "%"]),
        "shortfall": st.sampled_from([None, "relative", "points", "Points", "pts"]),
    }
)
rows = counts | percentages
tables = st.lists(rows, min_size=1, max_size=30).map(
    lambda items: [{"id": f"K{i}", **row} for i, row in enumerate(items)]
)


def engine(table: list[dict[str, Any]], scheme: str) -> dict[str, Any]:
    """The engine's RAG-010 status for 2019-20 Q1 of each row's indicator."""
    indicators, observations = [], []
    for row in table:
        indicator: dict[str, Any] = {
            "id": row["id"],
            "name": row["id"],
            "unit": row["unit"] or "number",
        }
        for field in ("polarity", "shortfall"):
            if row[field]:
                indicator[field] = row[field]
        if row["target"] is not None:
            indicator["target"] = {"value": row["target"]}
        indicators.append(indicator)
        observations.append(
            {"indicator": row["id"], "period": "2019-20 Q1", "value": row["actual"]}
        )
        if row["last_year"] is not None:
            observations.append(
                {"indicator": row["id"], "period": "2018-19 Q1", "value": row["last_year"]}
            )
    plan = plan_from_mapping(
        {"partnership": "Test", "indicators": indicators, "observations": observations}
    )
    result = evaluate(plan, as_of=dt.date(2020, 1, 1), ruleset=ruleset(scheme))
    return {
        s.subject: s
        for s in result.statuses
        if s.rule == "RAG-010" and s.kind == "indicator-period" and s.period == "2019-20 Q1"
    }


def ruleset(scheme: str) -> Ruleset:
    return Ruleset(
        name="t", version="1", params={"rag": {"scheme": scheme, "schemes": OWN_SCHEMES}}
    )


def check(convert: Convert, table: list[dict[str, Any]], scheme: str) -> None:
    frame = convert(pl.DataFrame(table, schema=SCHEMA))
    got = to_polars(indicator_status(frame, ruleset=ruleset(scheme))).sort("id")
    expected = engine(table, scheme)
    for row in got.iter_rows(named=True):
        status = expected[row["id"]]
        assert row["rag"] == status.rag.value
        if row["rag"] == "grey":
            continue
        assert status.reason.endswith(" " + row["rag_reason"])
        assert row["shortfall_pct"] == status.evidence["shortfall_pct"]
        assert row["vs_last_year"] == status.evidence["vs_last_year"].value


@settings(max_examples=60, deadline=None)
@given(table=tables, scheme=st.sampled_from(SCHEMES))
def test_batch_equals_engine(table: list[dict[str, Any]], scheme: str) -> None:
    check(LOCAL_BACKENDS["polars"], table, scheme)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables, scheme=st.sampled_from(SCHEMES))
def test_batch_equals_engine_on_every_local_backend(
    table: list[dict[str, Any]], scheme: str
) -> None:
    for convert in LOCAL_BACKENDS.values():
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
