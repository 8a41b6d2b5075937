"""Periods and day numbers as native column arithmetic, with no per-row Python.

A row is placed in a period by an integer *period key*: the month number (``year * 12 + month -
1``) of the first month of its period.  Quarters, financial or calendar, start in January, April,
July or October, so a quarter's key is the month number rounded down to a multiple of three; a
financial year starts in April.  Keys group fast (one integer column) and turn into the canonical
labels of :mod:`aspcore.periods` (``2018-19 Q2``, ``2018 Q3``, ``2018-07``, ``2018-19``, ``2018``)
on the small aggregated frame, still as native string expressions.

Day numbers are proleptic Gregorian ordinals (``datetime.date.toordinal``) as the expression
language computes them (floats, so that a missing date stays null on pandas too), because
subtracting dates gives a duration on some backends and an integer on others.  Every expression
here uses only arithmetic that narwhals supports on pandas, polars, DuckDB and PySpark.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import narwhals as nw

from aspcore.expr import narwhals_helpers as h
from aspcore.periods import PeriodKind

__all__ = [
    "DAY",
    "KINDS",
    "date_day",
    "day_of",
    "first_day",
    "kind_of",
    "label",
    "last_day",
    "month_number",
    "period_key",
    "readable_date",
    "to_date",
]

#: The kind of period of each ``(frequency, calendar)``, as :func:`aspcore.periods.period_of`.
KINDS: dict[tuple[str, bool], PeriodKind] = {
    ("annual", False): "financial-year",
    ("annual", True): "calendar-year",
    ("quarterly", False): "financial-quarter",
    ("quarterly", True): "calendar-quarter",
    ("monthly", False): "month",
    ("monthly", True): "month",
}
#: Months in one period of each kind.
_LENGTH: dict[str, int] = {
    "financial-year": 12,
    "calendar-year": 12,
    "financial-quarter": 3,
    "calendar-quarter": 3,
    "month": 1,
}
_DATE_FORMAT = "%Y-%m-%d"
_MULTIPLE_OF_4 = "0[48]|[2468][048]|[13579][26]"  # two digits, 04 to 96
_YEAR = "[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3}"  # 0001 to 9999
_LEAP_YEAR = f"[0-9]{{2}}(?:{_MULTIPLE_OF_4})|(?:{_MULTIPLE_OF_4})00"
_MONTH_DAY = (
    "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"  # months of 31 days
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"  # of 30
    "|02-(?:0[1-9]|1[0-9]|2[0-8])"  # February, but its 29th
)
#: A real day written ``YYYY-MM-DD`` (years 0001 to 9999, the 29th of February only in leap
#: years), in the regular expressions every backend reads (no look-around, no `\d`).
DAY = f"^(?:(?:{_YEAR})-(?:{_MONTH_DAY})|(?:{_LEAP_YEAR})-02-29)$"


def kind_of(frequency: str, calendar: bool) -> PeriodKind:
    """The period kind of a frequency (``annual``, ``quarterly``, ``monthly``)."""
    return KINDS[(frequency, calendar)]


def _int(value: int) -> nw.Expr:
    return nw.lit(value, nw.Int64)


def readable_date(text: nw.Expr) -> nw.Expr:
    """Whether text (spaces at either end trimmed) is a real day written ``YYYY-MM-DD``.

    One regular expression (:data:`DAY`) decides, so the test runs on every backend and costs
    one pass over the text; null text gives false.
    """
    return text.str.strip_chars().str.contains(DAY).fill_null(False)


def to_date(column: nw.Expr, dtype: Any, implementation: nw.Implementation) -> nw.Expr:
    """A column of dates: text written ``YYYY-MM-DD`` is parsed, dates and datetimes kept.

    Text that is not a real day (``2018-02-30``, ``unknown``) becomes null, never an error, so
    one bad cell cannot stop a whole computation; the data checks count such cells
    (``IND-003``).  pandas has no date type of its own, so there text becomes a datetime at
    midnight; only the year, month and day of the year are ever read from it.
    """
    if dtype != nw.String:
        return column
    readable = nw.when(readable_date(column)).then(column.str.strip_chars())
    if implementation.is_pandas_like():
        return readable.str.to_datetime(_DATE_FORMAT)
    return readable.str.to_date(_DATE_FORMAT)


def month_number(date: nw.Expr) -> nw.Expr:
    """``year * 12 + month - 1`` of a date column, as Int64."""
    return date.dt.year().cast(nw.Int64) * _int(12) + date.dt.month().cast(nw.Int64) - _int(1)


def period_key(month: nw.Expr, kind: PeriodKind) -> nw.Expr:
    """The key of the period of ``kind`` holding month number ``month`` (its first month)."""
    if kind == "month":
        return month
    if kind in ("financial-quarter", "calendar-quarter"):
        return month - month % _int(3)
    if kind == "calendar-year":
        return month - month % _int(12)
    return month - (month - _int(3)) % _int(12)


def _two_digits(number: nw.Expr) -> nw.Expr:
    """A number from 0 to 99 as two digits (simpler on SQL engines than ``str.zfill``)."""
    text = number.cast(nw.String)
    return nw.when(number < _int(10)).then(nw.concat_str([nw.lit("0"), text])).otherwise(text)


def _year_text(year: nw.Expr) -> nw.Expr:
    """A year as text: four digits for the years 1000 to 9999 that records hold."""
    return year.cast(nw.String)


def label(key: nw.Expr, kind: PeriodKind) -> nw.Expr:
    """The canonical label of the period whose key is ``key`` (``2018-19 Q2``, ``2018 Q3``...).

    ``key`` must be an Int64 column; the labels equal :attr:`aspcore.periods.Period.label`.
    """
    year = key // _int(12)
    month = key % _int(12) + _int(1)
    if kind == "month":
        return nw.concat_str([_year_text(year), nw.lit("-"), _two_digits(month)])
    if kind == "calendar-year":
        return _year_text(year)
    if kind == "calendar-quarter":
        quarter = (month - _int(1)) // _int(3) + _int(1)
        return nw.concat_str([_year_text(year), nw.lit(" Q"), quarter.cast(nw.String)])
    first = (key - _int(3)) // _int(12)
    fy = nw.concat_str([_year_text(first), nw.lit("-"), _two_digits((first + _int(1)) % _int(100))])
    if kind == "financial-year":
        return fy
    quarter = (key - _int(3)) % _int(12) // _int(3) + _int(1)
    return nw.concat_str([fy, nw.lit(" Q"), quarter.cast(nw.String)])


def _days_before_year(year: nw.Expr) -> nw.Expr:
    before = year - _int(1)
    return before * _int(365) + before // _int(4) - before // _int(100) + before // _int(400)


def _leap(year: nw.Expr) -> nw.Expr:
    divisible = (year % _int(4) == _int(0)) & (
        (year % _int(100) != _int(0)) | (year % _int(400) == _int(0))
    )
    return nw.when(divisible).then(_int(1)).otherwise(_int(0))


def date_day(date: nw.Expr) -> nw.Expr:
    """The day number (ordinal) of a date column, as Float64 (null stays null, even on pandas)."""
    return h.ordinal(lambda: date)


def _month_start_day(month: nw.Expr) -> nw.Expr:
    """The day number of the first day of month number ``month``."""
    year = month // _int(12)
    number = month % _int(12) + _int(1)
    before_month = (_int(367) * number - _int(362)) // _int(12)
    february_fix = nw.when(number > _int(2)).then(_int(2) - _leap(year)).otherwise(_int(0))
    return _days_before_year(year) + before_month - february_fix + _int(1)


def first_day(key: nw.Expr) -> nw.Expr:
    """The day number of the first day of the period with ``key`` (any kind)."""
    return _month_start_day(key)


def last_day(key: nw.Expr, kind: PeriodKind) -> nw.Expr:
    """The day number of the last day of the period of ``kind`` with ``key``."""
    return _month_start_day(key + _int(_LENGTH[kind])) - _int(1)


def day_of(day: dt.date) -> int:
    """The day number of a Python date (for literals such as ``as_of``)."""
    return day.toordinal()
