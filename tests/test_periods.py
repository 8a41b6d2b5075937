"""Financial and calendar periods: examples from the guide and properties over all dates."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from aspcore.errors import AspcoreError, PeriodError
from aspcore.periods import (
    Period,
    calendar_quarter,
    financial_quarter,
    financial_year,
    month,
    parse_period,
    period_of,
    periods_between,
    today_london,
)

dates = st.dates(min_value=dt.date(1001, 1, 1), max_value=dt.date(8999, 12, 31))
makers: st.SearchStrategy[Callable[[dt.date], Period]] = st.sampled_from(
    [
        financial_year,
        financial_quarter,
        calendar_quarter,
        month,
        lambda day: period_of(day, "annual", calendar=True),
    ]
)
periods = st.builds(lambda make, day: make(day), makers, dates)


@pytest.mark.parametrize(
    ("text", "kind", "label", "start", "end"),
    [
        ("2016-17", "financial-year", "2016-17", "2016-04-01", "2017-03-31"),
        ("2018/19", "financial-year", "2018-19", "2018-04-01", "2019-03-31"),
        ("2018-2019", "financial-year", "2018-19", "2018-04-01", "2019-03-31"),
        ("FY2018-19", "financial-year", "2018-19", "2018-04-01", "2019-03-31"),
        ("1999-00", "financial-year", "1999-00", "1999-04-01", "2000-03-31"),
        ("2018-19 Q1", "financial-quarter", "2018-19 Q1", "2018-04-01", "2018-06-30"),
        ("2018-19 Q2", "financial-quarter", "2018-19 Q2", "2018-07-01", "2018-09-30"),
        ("Q2 2018/19", "financial-quarter", "2018-19 Q2", "2018-07-01", "2018-09-30"),
        ("Q2 2018-19", "financial-quarter", "2018-19 Q2", "2018-07-01", "2018-09-30"),
        ("2018/19 Q2", "financial-quarter", "2018-19 Q2", "2018-07-01", "2018-09-30"),
        ("2018-19 Q3", "financial-quarter", "2018-19 Q3", "2018-10-01", "2018-12-31"),
        ("2018-19 Q4", "financial-quarter", "2018-19 Q4", "2019-01-01", "2019-03-31"),
        ("2018", "calendar-year", "2018", "2018-01-01", "2018-12-31"),
        ("2018 Q3", "calendar-quarter", "2018 Q3", "2018-07-01", "2018-09-30"),
        ("Q3 2018", "calendar-quarter", "2018 Q3", "2018-07-01", "2018-09-30"),
        ("2018-07", "month", "2018-07", "2018-07-01", "2018-07-31"),
        ("July 2018", "month", "2018-07", "2018-07-01", "2018-07-31"),
        ("Jul 2018", "month", "2018-07", "2018-07-01", "2018-07-31"),
        ("Sept 2018", "month", "2018-09", "2018-09-01", "2018-09-30"),
        ("Feb 2020", "month", "2020-02", "2020-02-01", "2020-02-29"),
    ],
)
def test_period_labels(text: str, kind: str, label: str, start: str, end: str) -> None:
    period = parse_period(text)
    assert (period.kind, period.label, str(period)) == (kind, label, label)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "text", ["  fy2018/19 ", "q2   2018/19", "2018-19q2", "JULY 2018", "2018 - 19", "q3 2018"]
)
def test_labels_are_case_and_space_insensitive(text: str) -> None:
    assert parse_period(text) == parse_period(text.upper().replace(" ", ""))


@pytest.mark.parametrize("text", ["2018-20", "2018-2020", "2018/17", "Q2 2018-20"])
def test_non_consecutive_financial_years_are_refused(text: str) -> None:
    with pytest.raises(PeriodError, match="must be consecutive") as caught:
        parse_period(text)
    assert repr(text) in str(caught.value)


@pytest.mark.parametrize(
    "text", ["Q5 2018", "2018-13", "someday", "", "2018/07", "June", "Smarch 2018", "0000-01"]
)
def test_unreadable_periods_quote_the_text(text: str) -> None:
    with pytest.raises(PeriodError, match="could not read the period") as caught:
        parse_period(text)
    assert repr(text) in str(caught.value)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, AspcoreError)


def test_refusal_lists_the_accepted_forms() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("next spring")
    for form in ("'2018-19'", "'2018-19 Q2'", "'2018'", "'2018 Q3'", "'2018-07'", "'July 2018'"):
        assert form in str(caught.value)


def test_ambiguous_labels_read_as_financial_years() -> None:
    assert parse_period("2011-12").kind == "financial-year"
    assert parse_period("December 2011").label == "2011-12"
    assert parse_period("2018-07").kind == "month"


def test_neighbours_and_last_year() -> None:
    q = parse_period("2018-19 Q1")
    assert q.previous().label == "2017-18 Q4"
    assert q.next().label == "2018-19 Q2"
    assert q.same_period_last_year().label == "2017-18 Q1"
    assert parse_period("2018-19 Q4").next().label == "2019-20 Q1"
    assert parse_period("2018 Q4").next().label == "2019 Q1"
    assert parse_period("2018-07").same_period_last_year().label == "2017-07"
    assert parse_period("2018").previous().label == "2017"


def test_contains_includes_both_ends() -> None:
    year = parse_period("2018-19")
    assert year.contains(dt.date(2018, 4, 1)) and year.contains(dt.date(2019, 3, 31))
    assert not year.contains(dt.date(2018, 3, 31)) and not year.contains(dt.date(2019, 4, 1))


def test_periods_sort_by_start_then_end() -> None:
    labels = ["2019-01", "2018-19", "2018-19 Q2", "2018", "2018 Q4", "2018-07"]
    ordered = sorted(parse_period(label) for label in labels)
    expected = ["2018", "2018-19", "2018-07", "2018-19 Q2", "2018 Q4", "2019-01"]
    assert [p.label for p in ordered] == expected


@pytest.mark.parametrize(
    ("frequency", "calendar", "label"),
    [
        ("annual", False, "2018-19"),
        ("annual", True, "2019"),
        ("quarterly", False, "2018-19 Q4"),
        ("quarterly", True, "2019 Q1"),
        ("monthly", False, "2019-02"),
        ("monthly", True, "2019-02"),
    ],
)
def test_period_of(frequency: str, calendar: bool, label: str) -> None:
    assert period_of(dt.date(2019, 2, 14), frequency, calendar=calendar).label == label


def test_unknown_frequency_is_refused() -> None:
    with pytest.raises(PeriodError, match="fortnightly"):
        period_of(dt.date(2018, 1, 1), "fortnightly")


def test_periods_between_quarters_of_a_year() -> None:
    year = parse_period("2018-19")
    labels = [p.label for p in periods_between(year.start, year.end, "quarterly")]
    assert labels == ["2018-19 Q1", "2018-19 Q2", "2018-19 Q3", "2018-19 Q4"]
    calendar = periods_between(year.start, year.end, "quarterly", calendar=True)
    assert [p.label for p in calendar] == ["2018 Q2", "2018 Q3", "2018 Q4", "2019 Q1"]


def test_periods_between_covers_partial_periods_and_empty_spans() -> None:
    labels = [
        p.label for p in periods_between(dt.date(2018, 11, 30), dt.date(2019, 1, 2), "monthly")
    ]
    assert labels == ["2018-11", "2018-12", "2019-01"]
    assert periods_between(dt.date(2019, 1, 2), dt.date(2018, 11, 30), "monthly") == []


def test_today_london_is_a_plain_date() -> None:
    today = today_london()
    assert type(today) is dt.date
    assert abs((today - dt.date.today()).days) <= 1


@given(dates, makers)
def test_period_contains_its_day(day: dt.date, make: Callable[[dt.date], Period]) -> None:
    period = make(day)
    assert period.contains(day)
    assert type(period.start) is dt.date and type(period.end) is dt.date


@given(periods)
def test_labels_round_trip(period: Period) -> None:
    # 2000-01 ... 2011-12 read as financial years (see test_ambiguous_labels_read_as_...).
    assume(not (period.kind == "month" and period.start.month == (period.start.year + 1) % 100))
    assert parse_period(period.label) == period


@given(periods)
def test_next_and_previous_are_adjacent(period: Period) -> None:
    assert period.next().previous() == period
    assert period.previous().end + dt.timedelta(days=1) == period.start
    assert period.next().kind == period.kind


@given(periods)
def test_same_period_last_year_is_one_year_earlier(period: Period) -> None:
    last = period.same_period_last_year()
    assert last.kind == period.kind
    assert (last.start.year, last.start.month) == (period.start.year - 1, period.start.month)
    assert (last.end.year, last.end.month) == (period.end.year - 1, period.end.month)


@given(dates)
def test_quarters_tile_the_financial_year(day: dt.date) -> None:
    year = financial_year(day)
    assert financial_quarter(day).contains(day) and calendar_quarter(day).contains(day)
    quarters = periods_between(year.start, year.end, "quarterly")
    assert [q.label for q in quarters] == [f"{year.label} Q{n}" for n in range(1, 5)]
    assert quarters[0].start == year.start and quarters[-1].end == year.end
    for before, after in itertools.pairwise(quarters):
        assert before.end + dt.timedelta(days=1) == after.start
    assert all(financial_year(q.start) == year for q in quarters)
