"""The same indicators on every backend: identical rows, published or not, identical findings."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import attrs
import polars as pl
import pytest
from ind_backends import Convert
from ind_reference import EVENTS

from aspcore.indicators import IndicatorResult, compute_indicators
from aspcore.model import Plan

_SPARK_WARNING = "PySpark does not yet"


@pytest.fixture(scope="module")
def on_polars(
    indicator_plan: Plan, events: pl.DataFrame, as_of_2019: dt.date
) -> dict[bool, IndicatorResult]:
    return {
        publish: compute_indicators(
            indicator_plan, {"events": events.lazy()}, as_of=as_of_2019, publish=publish
        )
        for publish in (False, True)
    }


@pytest.mark.parametrize("publish", [False, True])
def test_every_local_backend_gives_identical_results(
    indicator_plan: Plan,
    events: pl.DataFrame,
    as_of_2019: dt.date,
    backend: Convert,
    on_polars: dict[bool, IndicatorResult],
    publish: bool,
) -> None:
    result = compute_indicators(
        indicator_plan, {"events": backend(events)}, as_of=as_of_2019, publish=publish
    )
    assert result.rows == on_polars[publish].rows
    assert result.findings == on_polars[publish].findings == ()


def test_bad_rows_give_the_same_findings_everywhere(
    indicator_plan: Plan, events: pl.DataFrame, as_of_2019: dt.date, backend: Convert
) -> None:
    troubled = pl.concat(
        [
            events.head(50),
            events.head(3),  # repeated events
            events.head(2).with_columns(person_id=pl.lit("Jane Smith")),
            events.head(1).with_columns(date=pl.lit(dt.date(2020, 1, 1))),
            events.head(1).with_columns(stage=pl.lit("limbo")),
        ]
    )
    plan = attrs.evolve(indicator_plan, indicators=indicator_plan.indicators[:2])
    expected = compute_indicators(plan, {"events": troubled.lazy()}, as_of=as_of_2019)
    result = compute_indicators(plan, {"events": backend(troubled)}, as_of=as_of_2019)
    assert result == expected
    assert sorted(f.rule for f in result.findings) == ["IND-002", "IND-004", "IND-005", "IND-006"]


@pytest.mark.spark
def test_pyspark_gives_identical_results(
    spark: Any,
    indicator_plan: Plan,
    as_of_2019: dt.date,
    on_polars: dict[bool, IndicatorResult],
) -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", _SPARK_WARNING, FutureWarning)
        frame = spark.read.csv(str(EVENTS), header=True).cache()
        result = compute_indicators(
            indicator_plan, {"events": frame}, as_of=as_of_2019, publish=True
        )
    assert list(result.rows) == list(on_polars[True].rows)
    assert result.findings == ()
