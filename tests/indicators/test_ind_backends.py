"""The same indicators on every backend: identical rows, published or not, identical findings."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

import attrs
import polars as pl
import pytest
from ind_reference import EVENTS

from aspcore.indicators import IndicatorResult, compute_indicators
from aspcore.model import Finding, Plan
from frames import INDICATOR_BACKENDS, Convert

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


def troubled(events: pl.DataFrame) -> pl.DataFrame:
    """A slice of the bundled events with one of every data problem the checks report."""
    text = events.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d"))
    return pl.concat(
        [
            text.head(50),
            text.head(3),  # repeated events
            text.head(2).with_columns(person_id=pl.lit("Jane Smith")),
            text.head(1).with_columns(date=pl.lit("2020-01-01")),  # after as_of
            text.head(1).with_columns(date=pl.lit("2018-02-30")),  # not a date
            text.head(1).with_columns(stage=pl.lit("limbo")),
            text.head(1).with_columns(stage=pl.lit("Mary Jones")),  # shifted in from a name
        ]
    )


def test_bad_rows_give_the_same_findings_everywhere(
    indicator_plan: Plan, events: pl.DataFrame, as_of_2019: dt.date, backend: Convert
) -> None:
    data = troubled(events)
    plan = attrs.evolve(indicator_plan, indicators=indicator_plan.indicators[:2])
    expected = compute_indicators(plan, {"events": data.lazy()}, as_of=as_of_2019)
    result = compute_indicators(plan, {"events": backend(data)}, as_of=as_of_2019)
    assert result.rows == expected.rows
    if backend is INDICATOR_BACKENDS["duckdb"]:  # no row order, so no row numbers
        assert not any("first_rows" in f.evidence for f in result.findings)
        assert counted(result.findings) == counted(expected.findings)
    else:
        assert result.findings == expected.findings
    assert [f.rule for f in result.findings] == [
        "IND-002",
        "IND-003",
        "IND-005",
        "IND-004",
        "IND-006",
    ]


def counted(findings: tuple[Finding, ...]) -> list[tuple[str, str, dict[str, Any]]]:
    """What every engine reports alike: each finding's rule, subject and evidence, without the
    row numbers an engine that keeps no row order cannot give."""
    return [
        (f.rule, f.subject, {k: v for k, v in f.evidence.items() if k != "first_rows"})
        for f in findings
    ]


@pytest.mark.spark
def test_pyspark_gives_identical_results(
    spark: Any,
    indicator_plan: Plan,
    events: pl.DataFrame,
    as_of_2019: dt.date,
    on_polars: dict[bool, IndicatorResult],
    tmp_path: Path,
) -> None:
    """Unpublished values, published values (published in-process: one computation) and the
    data checks' findings, on the session and text data the other Spark tests use."""
    bad = tmp_path / "troubled.csv"
    troubled(events).write_csv(bad)
    plan = attrs.evolve(indicator_plan, indicators=indicator_plan.indicators[:2])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", _SPARK_WARNING, FutureWarning)
        frame = spark.read.csv(str(EVENTS), header=True).cache()
        result = compute_indicators(indicator_plan, {"events": frame}, as_of=as_of_2019)
        checked = compute_indicators(
            plan, {"events": spark.read.csv(str(bad), header=True)}, as_of=as_of_2019
        )
    assert list(result.rows) == list(on_polars[False].rows)
    assert list(result.publish().rows) == list(on_polars[True].rows)
    assert result.findings == ()
    on_duckdb = compute_indicators(
        plan, {"events": INDICATOR_BACKENDS["duckdb"](troubled(events))}, as_of=as_of_2019
    )
    assert checked.rows == on_duckdb.rows and checked.findings == on_duckdb.findings
