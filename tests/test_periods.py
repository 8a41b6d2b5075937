"""Financial and calendar periods: examples from the guide and properties over all dates."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from aspcore.errors import PeriodError
from aspcore.periods import (
    Period,
    calendar_quarter,
    financial_quarter,
    financial_year,
    month,
    parse_period,
    period_of,
    periods_between,
)

dates = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2098, 12, 31))
makers = st.sampled_from(
    [
        financial_year,
        financial_quarter,
        calendar_quarter,
        month,
        lambda d: period_of(d, "annual", calendar=True),
    ]
)


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2016-17", "2016-17", dt.date(2016, 4, 1), dt.date(2017, 3, 31)),
        ("2018/19", "2018-19", dt.date(2018, 4, 1), dt.date(2019, 3, 31)),
        ("FY2018-2019", "2018-19", dt.date(2018, 4, 1), dt.date(2019, 3, 31)),
        ("2018-19 Q2", "2018-19 Q2", dt.date(2018, 7, 1), dt.date(2018, 9, 30)),
        ("Q2 2018/19", "2018-19 Q2", dt.date(2018, 7, 1), dt.date(2018, 9, 30)),
        ("2018-19 Q4", "2018-19 Q4", dt.date(2019, 1, 1), dt.date(2019, 3, 31)),
        ("2018 Q3", "2018 Q3", dt.date(2018, 7, 1), dt.date(2018, 9, 30)),
        ("q1 2019", "2019 Q1", dt.date(2019, 1, 1), dt.date(2019, 3, 31)),
        ("2018", "2018", dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
        ("2018-07", "2018-07", dt.date(2018, 7, 1), dt.date(2018, 7, 31)),
        ("Feb 2020", "2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
    ],
)
def test_period_labels(text: str, label: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("text", ["2018-20", "Q5 2018", "2018-13", "someday", "", "0000-01"])
def test_unreadable_periods_raise_period_error(text: str) -> None:
    with pytest.raises(PeriodError, match=r"period|financial year"):
        parse_period(text)


def _ambiguous_month(period: Period) -> bool:
    """``2000-01`` to ``2011-12`` read as financial years: partnership years win the tie."""
    year = period.start.year
    return period.kind == "month" and period.start.month == (year + 1) % 100


def test_ambiguous_labels_read_as_financial_years() -> None:
    assert parse_period("2011-12").kind == "financial-year"
    assert parse_period("December 2011").label == "2011-12"
    assert parse_period("2018-07").kind == "month"


def test_previous_and_last_year() -> None:
    q = parse_period("2018-19 Q1")
    assert q.previous().label == "2017-18 Q4"
    assert q.same_period_last_year().label == "2017-18 Q1"
    assert parse_period("2018-07").same_period_last_year().label == "2017-07"


def test_periods_between_quarters_of_a_year() -> None:
    year = parse_period("2018-19")
    labels = [p.label for p in periods_between(year.start, year.end, "quarterly")]
    assert labels == ["2018-19 Q1", "2018-19 Q2", "2018-19 Q3", "2018-19 Q4"]
    assert [p.label for p in periods_between(year.start, year.end, "quarterly", calendar=True)] == [
        "2018 Q2",
        "2018 Q3",
        "2018 Q4",
        "2019 Q1",
    ]


def test_unknown_frequency_is_refused() -> None:
    with pytest.raises(PeriodError, match="fortnightly"):
        period_of(dt.date(2018, 1, 1), "fortnightly")


@given(dates, makers)
def test_period_contains_its_day_and_round_trips(day: dt.date, make: object) -> None:
    period: Period = make(day)  # type: ignore[operator]
    assert period.contains(day)
    assume(not _ambiguous_month(period))
    assert parse_period(period.label) == period
    assert period.next().previous() == period
    assert period.previous().end + dt.timedelta(days=1) == period.start


@given(dates)
def test_quarters_tile_the_financial_year(day: dt.date) -> None:
    year = financial_year(day)
    quarters = periods_between(year.start, year.end, "quarterly")
    assert len(quarters) == 4
    assert quarters[0].start == year.start and quarters[-1].end == year.end
    for before, after in itertools.pairwise(quarters):
        assert before.end + dt.timedelta(days=1) == after.start


@given(dates, makers)
def test_same_period_last_year_is_one_year_earlier(day: dt.date, make: object) -> None:
    period: Period = make(day)  # type: ignore[operator]
    last = period.same_period_last_year()
    assert last.kind == period.kind
    assert (last.start.year, last.start.month) == (period.start.year - 1, period.start.month)
