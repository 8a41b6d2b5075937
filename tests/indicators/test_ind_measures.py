"""Measures: how they are written, and what each gives (nulls left out) on every backend."""

from __future__ import annotations

import datetime as dt
import statistics

import polars as pl
import pytest

from aspcore import plan_from_mapping
from aspcore.indicators import ComputeError, compute_indicators, parse_measure
from frames import Convert

DAY = dt.date(2018, 5, 1)
#: The end of the quarter the rows fall in: computed as of it, the quarter is complete.
QUARTER_END = dt.date(2018, 6, 30)
HOURS = [3.0, None, 5.0, 10.0, 1.5, None]
PEOPLE = ["p-a", "p-b", "p-a", None, "p-c", "p-c"]
STARTS = [dt.date(2018, 4, 2), dt.date(2018, 4, 3), None, dt.date(2018, 4, 1), DAY, DAY]
ENDS = [dt.date(2018, 4, 12), dt.date(2018, 5, 3), DAY, dt.date(2018, 6, 30), DAY, None]


def frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "person_id": PEOPLE,
            "date": [DAY] * len(PEOPLE),
            "hours": HOURS,
            "start": STARTS,
            "end": ENDS,
        }
    )


def known(values: list[float | None]) -> list[float]:
    return [v for v in values if v is not None]


DURATIONS = [float((e - s).days) for s, e in zip(STARTS, ENDS, strict=True) if s and e]
EXPECTED = {
    "count()": 6,
    "count(hours)": 4,
    "count_distinct(person_id)": 3,
    "sum(hours)": sum(known(HOURS)),
    "mean(hours)": round(statistics.mean(known(HOURS)), 6),
    "median(hours)": statistics.median(known(HOURS)),
    "min(hours)": min(known(HOURS)),
    "max(hours)": max(known(HOURS)),
    "median(days_between(start, end))": statistics.median(DURATIONS),
    "max(days_between(start, end))": max(DURATIONS),
}


def test_every_measure_on_every_backend(backend: Convert) -> None:
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [
                {"id": f"M{i}", "compute": {"from": "d", "numerator": text, "period": "date"}}
                for i, text in enumerate(EXPECTED)
            ],
        }
    )
    result = compute_indicators(plan, {"d": backend(frame())}, as_of=QUARTER_END, check_data=False)
    got = {row.indicator: row.value for row in result.rows}
    assert got == {f"M{i}": value for i, value in enumerate(EXPECTED.values())}
    assert result.findings == ()


@pytest.mark.parametrize(
    ("text", "column", "between"),
    [
        ("count()", None, None),
        ("count_distinct( person_id )", "person_id", None),
        (
            "median(days_between(referral_date, decision_date))",
            None,
            ("referral_date", "decision_date"),
        ),
    ],
)
def test_measures_are_read(text: str, column: str | None, between: tuple[str, str] | None) -> None:
    call = parse_measure(text)
    assert (call.column, call.between) == (column, between)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("count_distinkt(person_id)", "did you mean count_distinct?"),
        ("days_between(a, b)", "wrap it in an aggregation, e.g. median(days_between(a, b))"),
        ("sum()", "sum needs a column"),
        ("sum(a, b)", "takes at most one argument"),
        ("mean(max(a))", "only days_between(start, end) may be used inside"),
        ("median(days_between(a))", "days_between needs two date columns"),
        ("count(person id)", "is not a column name"),
        ("person_id", "is not a call"),
        (42, "is not a call"),
    ],
)
def test_bad_measures_say_what_is_wrong(text: object, says: str) -> None:
    with pytest.raises(ComputeError) as info:
        parse_measure(text)
    assert says in str(info.value)
