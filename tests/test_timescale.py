"""Timescale phrases from the guide and from plans, and properties of the parser."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.errors import AspcoreError, TimescaleError
from aspcore.periods import Period, month
from aspcore.timescale import Timescale, parse_timescale

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ANCHOR = dt.date(2018, 4, 1)
EXPECTED = (
    'expected a month ("June 2016"), a range ("June to October 2018"), a period ("2016-17", '
    '"2018-19 Q2"), "by <month or date>", "within N months", or "ongoing"'
)
months = st.builds(
    lambda year, number: month(dt.date(year, number, 1)),
    st.integers(1001, 9998),
    st.integers(1, 12),
)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("June 2016", "2016-06-01", "2016-06-30"),
        ("Sept 2016", "2016-09-01", "2016-09-30"),
        ("Sep 2016", "2016-09-01", "2016-09-30"),
        ("Jun. 2016", "2016-06-01", "2016-06-30"),
        ("june, 2016.", "2016-06-01", "2016-06-30"),
        ("June to October 2018", "2018-06-01", "2018-10-31"),
        ("June - October 2018", "2018-06-01", "2018-10-31"),
        ("June\u2013October 2018", "2018-06-01", "2018-10-31"),
        ("June-October 2018", "2018-06-01", "2018-10-31"),
        ("between June and October 2018", "2018-06-01", "2018-10-31"),
        ("between June to October 2018", "2018-06-01", "2018-10-31"),
        ("from June to October 2018", "2018-06-01", "2018-10-31"),
        ("  Between   June,  and October 2018. ", "2018-06-01", "2018-10-31"),
        ("June 2018 to March 2019", "2018-06-01", "2019-03-31"),
        ("November to February 2019", "2018-11-01", "2019-02-28"),
        ("October to June 2018", "2017-10-01", "2018-06-30"),
        ("31/12/2018", "2018-12-31", "2018-12-31"),
        ("2018-12-31", "2018-12-31", "2018-12-31"),
        ("31 December 2018", "2018-12-31", "2018-12-31"),
        ("31st Dec 2018", "2018-12-31", "2018-12-31"),
        ("2018-01-01 to 2018-06-30", "2018-01-01", "2018-06-30"),
        ("1 June 2018 - 31 October 2018", "2018-06-01", "2018-10-31"),
        ("2016-17", "2016-04-01", "2017-03-31"),
        ("2018-19 Q2", "2018-07-01", "2018-09-30"),
        ("Q2 2018/19", "2018-07-01", "2018-09-30"),
        ("2018 Q3", "2018-07-01", "2018-09-30"),
        ("Q3 2018", "2018-07-01", "2018-09-30"),
        ("2018", "2018-01-01", "2018-12-31"),
        ("2018-19 Q1 to 2018-19 Q3", "2018-04-01", "2018-12-31"),
    ],
)
def test_dated_phrases(text: str, start: str, end: str) -> None:
    scale = parse_timescale(text)
    assert scale == Timescale(text, dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert scale.is_bounded


@pytest.mark.parametrize(
    "text",
    [
        "by December 2018",
        "by end of December 2018",
        "By the end of December 2018.",
        "by 31 December 2018",
        "by 31/12/2018",
        "end of 2018",
        "the end of 2018",
        "by 2018 Q4",
    ],
)
def test_deadlines_have_an_open_start(text: str) -> None:
    assert parse_timescale(text) == Timescale(text, None, dt.date(2018, 12, 31))


@pytest.mark.parametrize(
    ("text", "start", "end", "months"),
    [
        ("for 5 months in 2018", "2018-01-01", "2018-12-31", 5),
        ("For five months during 2018-19", "2018-04-01", "2019-03-31", 5),
    ],
)
def test_fixed_duration_within_a_window(text: str, start: str, end: str, months: int) -> None:
    scale = parse_timescale(text)
    assert (scale.start, scale.end, scale.duration_months) == (
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end),
        months,
    )
    assert scale.is_bounded and not scale.recurring


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("within the next 12 months", dt.date(2019, 3, 31)),
        ("within 6 months", dt.date(2018, 9, 30)),
        ("within 6 weeks", dt.date(2018, 5, 12)),
        ("within 1 year", dt.date(2019, 3, 31)),
        ("within one year", dt.date(2019, 3, 31)),
        ("within 30 days", dt.date(2018, 4, 30)),
    ],
)
def test_relative_phrases_count_from_the_anchor(text: str, end: dt.date) -> None:
    assert parse_timescale(text, anchor=ANCHOR) == Timescale(text, ANCHOR, end)


def test_within_months_follows_the_calendar() -> None:
    scale = parse_timescale("within 3 months", anchor=dt.date(2018, 12, 1))
    assert scale.end == dt.date(2019, 2, 28)


def test_relative_phrase_without_anchor_is_refused() -> None:
    with pytest.raises(TimescaleError, match="anchor date") as caught:
        parse_timescale("within 6 months")
    assert "'within 6 months'" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "ongoing",
        "On-going",
        "continuous",
        "throughout the year",
        "quarterly",
        "monthly",
        "Annually",
        "every quarter",
        "each month",
    ],
)
def test_recurring(text: str) -> None:
    assert parse_timescale(text) == Timescale(text, None, None, recurring=True)
    assert not parse_timescale(text).is_bounded


@pytest.mark.parametrize(
    "text", ["whenever", "Spring 2019", "June '18", "by December", "before December 2018"]
)
def test_unreadable_phrases_get_the_standard_message(text: str) -> None:
    with pytest.raises(TimescaleError) as caught:
        parse_timescale(text)
    assert str(caught.value) == f"could not read the timescale {text!r}: {EXPECTED}"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "it is empty"),
        ("  . ", "it is empty"),
        ("2018-02-30", "not a real date"),
        ("30 February 2018", "not a real date"),
        ("12/31/2018", "read day first"),
        ("2019-01-01 to 2018-01-01", "ends .2018-01-01. before it starts .2019-01-01."),
        ("2018-2020", "must be consecutive"),
        ("June and October 2018", "expected a month"),
        ("2018-2019-2020", "more than one way"),
        ("for 14 months in 2018", "does not fit in 2018"),
        ("for 0 months in 2018", "does not fit"),
        ("within 0 months", "at least one month"),
        ("within 999999999 years", "out of range"),
    ],
)
def test_refusals_name_the_text(text: str, why: str) -> None:
    with pytest.raises(TimescaleError, match=why) as caught:
        parse_timescale(text, anchor=ANCHOR)
    assert str(caught.value).startswith(f"could not read the timescale {text!r}: ")
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, AspcoreError)


@given(st.text())
def test_any_text_parses_or_raises_timescale_error(text: str) -> None:
    try:
        scale = parse_timescale(text, anchor=ANCHOR)
    except TimescaleError:
        return
    assert scale.text == text
    if scale.start is not None and scale.end is not None:
        assert scale.start <= scale.end


@given(
    st.lists(
        st.sampled_from(["june", "2018", "to", "-", "between", "and", "q2", "2018-19", "31", "by"]),
        max_size=6,
    )
)
def test_jumbled_plan_words_parse_or_raise_timescale_error(words: list[str]) -> None:
    try:
        scale = parse_timescale(" ".join(words), anchor=ANCHOR)
    except TimescaleError:
        return
    if scale.start is not None and scale.end is not None:
        assert scale.start <= scale.end


@given(months, st.booleans())
def test_formatted_month_parses_to_that_month(period: Period, short: bool) -> None:
    name = MONTH_NAMES[period.start.month - 1]
    scale = parse_timescale(f"{name[:3] if short else name} {period.start.year}")
    assert (scale.start, scale.end) == (period.start, period.end)
    assert type(scale.start) is dt.date and type(scale.end) is dt.date


@given(st.integers(1, 12), st.integers(1, 12), st.integers(1002, 9998))
def test_month_ranges_take_the_year_of_the_end(first: int, last: int, year: int) -> None:
    scale = parse_timescale(f"between {MONTH_NAMES[first - 1]} and {MONTH_NAMES[last - 1]} {year}")
    start_year = year - 1 if first > last else year
    assert scale.start == dt.date(start_year, first, 1)
    assert scale.end == month(dt.date(year, last, 1)).end


@given(
    st.dates(min_value=dt.date(1001, 1, 1), max_value=dt.date(9998, 12, 31)),
    st.dates(min_value=dt.date(1001, 1, 1), max_value=dt.date(9998, 12, 31)),
    st.sampled_from(["{:%Y-%m-%d}", "{:%d/%m/%Y}", "{0.day} {0:%B %Y}", "{0.day} {0:%b %Y}"]),
    st.sampled_from(["{} to {}", "from {} to {}", "between {} and {}", "{} - {}"]),
)
def test_formatted_ranges_round_trip(
    one: dt.date, other: dt.date, date_format: str, range_format: str
) -> None:
    start, end = min(one, other), max(one, other)
    text = range_format.format(date_format.format(start), date_format.format(end))
    scale = parse_timescale(text)
    assert (scale.start, scale.end, scale.is_bounded) == (start, end, True)


@given(months, months)
def test_formatted_month_ranges_round_trip(one: Period, other: Period) -> None:
    first, last = sorted([one, other])
    text = f"{MONTH_NAMES[first.start.month - 1]} {first.start.year} to "
    text += f"{MONTH_NAMES[last.start.month - 1]} {last.start.year}"
    scale = parse_timescale(text)
    assert (scale.start, scale.end) == (first.start, last.end)
