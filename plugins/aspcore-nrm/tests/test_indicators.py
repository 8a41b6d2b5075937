"""The NRM indicators: checked against a plain computation, and the same on polars and pandas."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from pathlib import Path

import pandas as pd
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

import aspcore_nrm
from aspcore_nrm.indicators import (
    median_days_to_decision,
    positive_reasonable_grounds_share,
    referrals_by_age_group,
    referrals_by_type,
)

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "referrals-synthetic.csv"
TYPES = ["labour", "sexual", "criminal", "domestic-servitude", "organ-harvesting", "unknown"]


def sample() -> pl.DataFrame:
    return aspcore_nrm.read_data(SAMPLE).frames["nrm-referrals"]


def test_referrals_by_type_counts_a_referral_in_each_of_its_types() -> None:
    out = referrals_by_type(sample(), by=["edition"])
    counts = dict(out.select("exploitation_type", "referrals").iter_rows())
    assert counts == {
        "labour": 3,
        "criminal": 2,
        "sexual": 2,
        "domestic-servitude": 1,
        "unknown": 1,
    }


def test_referrals_by_age_group() -> None:
    out = referrals_by_age_group(sample(), by=["edition"])
    assert dict(out.select("age_at_exploitation", "referrals").iter_rows()) == {
        "adult": 6,
        "child": 2,
    }


def test_share_of_positive_reasonable_grounds_decisions() -> None:
    decided = positive_reasonable_grounds_share(sample(), by=["edition"]).row(0, named=True)
    assert (decided["positive"], decided["decisions"], decided["share"]) == (5, 6, 500 / 6)
    every = positive_reasonable_grounds_share(sample(), by=["edition"], decided_only=False)
    assert every.row(0, named=True)["decisions"] == 8  # pending and blank count too


def test_median_days_to_decision() -> None:
    frame = sample()
    rg_to_cg = median_days_to_decision(frame, by=["edition"]).row(0, named=True)
    assert (rg_to_cg["median_days"], rg_to_cg["referrals"]) == (119.0, 4)  # 86 109 | 129 141
    first = median_days_to_decision(
        frame, start="referral_date", end="reasonable_grounds_date", by=["edition"]
    ).row(0, named=True)
    assert (first["median_days"], first["referrals"]) == (3.5, 6)


referral = st.fixed_dictionaries(
    {
        "period": st.sampled_from(["2017 Q1", "2017 Q2"]),
        "edition": st.sampled_from(["first published", "revised"]),
        "exploitation_type": st.lists(
            st.sampled_from(TYPES), min_size=1, max_size=3, unique=True
        ).map(";".join),
        "age_at_exploitation": st.sampled_from(["adult", "child", "unknown"]),
        "reasonable_grounds": st.sampled_from(["positive", "negative", "pending", None]),
        "reasonable_grounds_date": st.dates(dt.date(2017, 1, 1), dt.date(2017, 6, 30)),
        "days": st.one_of(st.none(), st.integers(0, 400)),
    }
)


@settings(max_examples=40, deadline=None)
@given(st.lists(referral, min_size=1, max_size=30))
def test_indicators_match_a_plain_computation_on_polars_and_pandas(rows: list[dict]) -> None:
    for row in rows:
        days = row.pop("days")
        start = row["reasonable_grounds_date"]
        row["conclusive_grounds_date"] = None if days is None else start + dt.timedelta(days)
    polars_frame = pl.DataFrame(
        rows, schema_overrides={"reasonable_grounds": pl.String, "conclusive_grounds_date": pl.Date}
    )
    pandas_frame = polars_frame.to_pandas()
    pandas_frame["reasonable_grounds_date"] = pd.to_datetime(
        pandas_frame["reasonable_grounds_date"]
    )
    pandas_frame["conclusive_grounds_date"] = pd.to_datetime(
        pandas_frame["conclusive_grounds_date"]
    )

    expected_types = Counter(
        (r["period"], r["edition"], t) for r in rows for t in r["exploitation_type"].split(";")
    )
    for frame in (polars_frame, pandas_frame):
        out = (
            pl.from_pandas(referrals_by_type(frame))
            if frame is pandas_frame
            else (referrals_by_type(frame))
        )
        got = {(p, e, t): n for p, e, t, n in out.iter_rows()}
        assert got == dict(expected_types)

    groups = {(r["period"], r["edition"]) for r in rows}
    for key in groups:
        members = [r for r in rows if (r["period"], r["edition"]) == key]
        decided = [r for r in members if r["reasonable_grounds"] in {"positive", "negative"}]
        positive = sum(r["reasonable_grounds"] == "positive" for r in decided)
        durations = [
            (r["conclusive_grounds_date"] - r["reasonable_grounds_date"]).days
            for r in members
            if r["conclusive_grounds_date"] is not None
        ]
        for frame in (polars_frame, pandas_frame):
            shares = positive_reasonable_grounds_share(frame)
            medians = median_days_to_decision(frame)
            if frame is pandas_frame:
                shares, medians = pl.from_pandas(shares), pl.from_pandas(medians)
            share = shares.filter(pl.col("period") == key[0], pl.col("edition") == key[1])
            assert share["decisions"].item() == len(decided)
            assert share["share"].item() == (positive * 100 / len(decided) if decided else None)
            median = medians.filter(pl.col("period") == key[0], pl.col("edition") == key[1])
            if durations:
                assert median["median_days"].item() == statistics.median(durations)
            else:
                assert median.is_empty()
