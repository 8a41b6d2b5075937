"""Timescale phrases from the guide and from plans, and properties of the parser."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.errors import TimescaleError
from aspcore.timescale import parse_timescale

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


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("June 2016", dt.date(2016, 6, 1), dt.date(2016, 6, 30)),
        ("Sept 2016", dt.date(2016, 9, 1), dt.date(2016, 9, 30)),
        ("Jun. 2016", dt.date(2016, 6, 1), dt.date(2016, 6, 30)),
        ("June to October 2018", dt.date(2018, 6, 1), dt.date(2018, 10, 31)),
        ("between June to October 2018", dt.date(2018, 6, 1), dt.date(2018, 10, 31)),
        ("between June and October 2018", dt.date(2018, 6, 1), dt.date(2018, 10, 31)),
        ("June \u2013 October 2018", dt.date(2018, 6, 1), dt.date(2018, 10, 31)),
        ("November to February 2019", dt.date(2018, 11, 1), dt.date(2019, 2, 28)),
        ("June 2018 to March 2019", dt.date(2018, 6, 1), dt.date(2019, 3, 31)),
        ("by December 2018", None, dt.date(2018, 12, 31)),
        ("By the end of December 2018.", None, dt.date(2018, 12, 31)),
        ("by 31/12/2018", None, dt.date(2018, 12, 31)),
        ("31st Dec 2018", dt.date(2018, 12, 31), dt.date(2018, 12, 31)),
        ("2018-12-31", dt.date(2018, 12, 31), dt.date(2018, 12, 31)),
        ("end of 2018", None, dt.date(2018, 12, 31)),
        ("2016-17", dt.date(2016, 4, 1), dt.date(2017, 3, 31)),
        ("2018-19 Q2", dt.date(2018, 7, 1), dt.date(2018, 9, 30)),
        ("Q2 2018/19", dt.date(2018, 7, 1), dt.date(2018, 9, 30)),
    ],
)
def test_phrases(text: str, start: dt.date | None, end: dt.date) -> None:
    scale = parse_timescale(text)
    assert (scale.start, scale.end, scale.recurring) == (start, end, False)
    assert scale.text == text


def test_fixed_duration_within_a_year() -> None:
    scale = parse_timescale("for 5 months in 2018")
    assert (scale.start, scale.end, scale.duration_months) == (
        dt.date(2018, 1, 1),
        dt.date(2018, 12, 31),
        5,
    )
    assert scale.is_bounded


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("within the next 12 months", dt.date(2019, 3, 31)),
        ("within 6 months", dt.date(2018, 9, 30)),
        ("within 6 weeks", dt.date(2018, 5, 12)),
        ("within one year", dt.date(2019, 3, 31)),
    ],
)
def test_relative_phrases_count_from_the_anchor(text: str, end: dt.date) -> None:
    scale = parse_timescale(text, anchor=dt.date(2018, 4, 1))
    assert (scale.start, scale.end) == (dt.date(2018, 4, 1), end)


def test_relative_phrase_without_anchor_is_refused() -> None:
    with pytest.raises(TimescaleError, match="anchor date"):
        parse_timescale("within 6 months")


@pytest.mark.parametrize("text", ["ongoing", "On-going", "quarterly", "every month", "Annually"])
def test_recurring(text: str) -> None:
    scale = parse_timescale(text)
    assert scale.recurring and scale.start is None and scale.end is None
    assert not scale.is_bounded


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("whenever", "could not read"),
        ("", "empty"),
        ("2018-02-30", "out of range"),
        ("30 February 2018", "out of range"),
        ("2019-01-01 to 2018-01-01", "before it starts"),
        ("for 14 months in 2018", "do not fit"),
        ("June 0000", "could not read"),
    ],
)
def test_unreadable_phrases_name_the_text(text: str, why: str) -> None:
    with pytest.raises(TimescaleError, match=why) as caught:
        parse_timescale(text)
    assert repr(text) in str(caught.value) or "anchor" in str(caught.value)
    assert isinstance(caught.value, ValueError)


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_timescale_error(text: str) -> None:
    try:
        scale = parse_timescale(text, anchor=dt.date(2018, 4, 1))
    except TimescaleError:
        return
    if scale.start is not None and scale.end is not None:
        assert scale.start <= scale.end


@given(st.integers(1, 12), st.integers(1901, 2098), st.booleans())
def test_formatted_month_parses_to_that_month(month_no: int, year: int, short: bool) -> None:
    name = MONTH_NAMES[month_no - 1]
    scale = parse_timescale(f"{name[:3] if short else name} {year}")
    assert scale.start == dt.date(year, month_no, 1)
    assert scale.end is not None and scale.end.month == month_no
    assert (scale.end + dt.timedelta(days=1)).day == 1


@given(st.integers(1, 12), st.integers(1, 12), st.integers(1902, 2098))
def test_month_ranges_round_trip(first: int, last: int, year: int) -> None:
    scale = parse_timescale(f"between {MONTH_NAMES[first - 1]} and {MONTH_NAMES[last - 1]} {year}")
    start_year = year - 1 if first > last else year
    assert scale.start == dt.date(start_year, first, 1)
    assert scale.end is not None and (scale.end.year, scale.end.month) == (year, last)
