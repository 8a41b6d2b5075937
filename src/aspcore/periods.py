"""Reporting periods: UK financial years and quarters, calendar years and quarters, months.

Partnership years are UK financial years (1 April to 31 March, written ``2018-19``); financial
quarters run Q1 April-June to Q4 January-March, so ``2018-19 Q2`` is July to September 2018.
NRM statistics use calendar quarters (``2018 Q3``).  Both systems live side by side: a
:class:`Period` knows its kind, its first and last day, and its canonical label.  Moving between
periods is whole-month arithmetic on plain ``datetime.date`` values (rules shift periods for
every observation, so no pendulum objects are built there); pendulum gives today's date in
Europe/London for the command line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Literal

import attrs
import pendulum

from aspcore.errors import PeriodError

__all__ = [
    "Period",
    "PeriodKind",
    "calendar_quarter",
    "financial_quarter",
    "financial_year",
    "month",
    "parse_period",
    "period_of",
    "periods_between",
    "today_london",
]

#: The five kinds of period; a :class:`Period`'s ``kind`` is one of these.
PeriodKind = Literal[
    "financial-year", "financial-quarter", "calendar-year", "calendar-quarter", "month"
]

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
#: Month names and the abbreviations plans use (``jul``, ``sept``), to month numbers.
_MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
#: How many months one step of each kind moves.
_STEP_MONTHS: dict[str, int] = {"month": 1, "financial-quarter": 3, "calendar-quarter": 3}


@attrs.frozen(order=True, cache_hash=True)
class Period:
    """A reporting period: its kind, first and last day (both inclusive) and canonical label.

    Periods order by ``(start, end)``, so a sorted list runs through time whatever the kinds.
    Build them with :func:`parse_period` or the functions that place a date in a period.
    """

    kind: PeriodKind = attrs.field(order=False)
    start: dt.date
    end: dt.date
    label: str = attrs.field(order=False)

    def __str__(self) -> str:
        """The canonical label (``2018-19 Q2``), as written in returns and reports."""
        return self.label

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside this period (first and last day included)."""
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one (the last reporting period)."""
        return self._shift(-1)

    def next(self) -> Period:
        """The period of the same kind just after this one (the next reporting period)."""
        return self._shift(1)

    def same_period_last_year(self) -> Period:
        """The same period one year earlier, for year-on-year direction of travel."""
        return self._shift(-(12 // _STEP_MONTHS.get(self.kind, 12)))

    def _shift(self, steps: int) -> Period:
        return _shifted(self, steps)


@functools.lru_cache(maxsize=4096)
def _shifted(period: Period, steps: int) -> Period:
    """``period`` moved ``steps`` periods of its kind; cached, as rules shift the same periods
    for every indicator of every plan."""
    months = (
        period.start.year * 12 + period.start.month - 1 + _STEP_MONTHS.get(period.kind, 12) * steps
    )
    year, month_index = divmod(months, 12)
    return _MAKERS[period.kind](dt.date(year, month_index + 1, 1))


def _last_day(year: int, month_no: int) -> dt.date:
    return dt.date(year, month_no, calendar.monthrange(year, month_no)[1])


def _fy_label(first_year: int) -> str:
    return f"{first_year:04d}-{(first_year + 1) % 100:02d}"


def financial_year(day: dt.date) -> Period:
    """The UK financial year (1 April to 31 March) containing ``day``: the partnership year."""
    first = day.year if day.month >= 4 else day.year - 1
    return Period(
        "financial-year", dt.date(first, 4, 1), dt.date(first + 1, 3, 31), _fy_label(first)
    )


def financial_quarter(day: dt.date) -> Period:
    """The financial quarter containing ``day`` (Q1 April-June ... Q4 January-March)."""
    index = (day.month - 4) % 12 // 3
    start_month = (index * 3 + 3) % 12 + 1
    start = dt.date(day.year, start_month, 1)
    label = f"{financial_year(day).label} Q{index + 1}"
    return Period("financial-quarter", start, _last_day(day.year, start_month + 2), label)


def calendar_quarter(day: dt.date) -> Period:
    """The calendar quarter containing ``day`` (Q1 January-March), as NRM statistics use."""
    index = (day.month - 1) // 3
    start = dt.date(day.year, index * 3 + 1, 1)
    label = f"{day.year:04d} Q{index + 1}"
    return Period("calendar-quarter", start, _last_day(day.year, index * 3 + 3), label)


def _calendar_year(day: dt.date) -> Period:
    return Period(
        "calendar-year", dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), f"{day.year:04d}"
    )


def month(day: dt.date) -> Period:
    """The calendar month containing ``day``, labelled ``2018-07``, for monthly returns."""
    return Period(
        "month",
        dt.date(day.year, day.month, 1),
        _last_day(day.year, day.month),
        f"{day.year:04d}-{day.month:02d}",
    )


_MAKERS: dict[str, Callable[[dt.date], Period]] = {
    "financial-year": financial_year,
    "financial-quarter": financial_quarter,
    "calendar-year": _calendar_year,
    "calendar-quarter": calendar_quarter,
    "month": month,
}
_FREQUENCIES: dict[tuple[str, bool], Callable[[dt.date], Period]] = {
    ("annual", False): financial_year,
    ("annual", True): _calendar_year,
    ("quarterly", False): financial_quarter,
    ("quarterly", True): calendar_quarter,
    ("monthly", False): month,
    ("monthly", True): month,
}


def period_of(day: dt.date, frequency: str, *, calendar: bool = False) -> Period:
    """The period of ``frequency`` (``annual``, ``quarterly``, ``monthly``) containing ``day``.

    Years and quarters are financial, as partnership returns are, unless ``calendar`` is true
    (NRM statistics).  An unknown frequency raises :class:`PeriodError`.
    """
    maker = _FREQUENCIES.get((frequency, calendar))
    if maker is None:
        raise PeriodError(
            f"frequency {frequency!r} is not known; expected annual, quarterly or monthly"
        )
    return maker(day)


def periods_between(
    start: dt.date, end: dt.date, frequency: str, *, calendar: bool = False
) -> list[Period]:
    """Every period of ``frequency`` overlapping ``start``..``end`` (inclusive), in order.

    This is the list of returns expected over a span; it is empty when ``end`` is before
    ``start``.
    """
    if end < start:
        return []
    current = period_of(start, frequency, calendar=calendar)
    found = [current]
    while current.end < end:
        current = current.next()
        found.append(current)
    return found


_YEARS = r"(?:fy\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})"
_FY = re.compile(rf"^{_YEARS}$", re.ASCII)
_FQ_FIRST = re.compile(rf"^q([1-4])\s*{_YEARS}$", re.ASCII)
_FQ_LAST = re.compile(rf"^{_YEARS}\s*q([1-4])$", re.ASCII)
_CQ = re.compile(r"^(?:(\d{4})\s*q([1-4])|q([1-4])\s*(\d{4}))$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_NAMED_MONTH = re.compile(r"^([a-z]+)\.?\s*(\d{4})$", re.ASCII)

_ACCEPTED = (
    "expected a financial year ('2018-19', '2018/19', '2018-2019', 'FY2018-19'), a financial "
    "quarter ('2018-19 Q2', 'Q2 2018/19'), a calendar year ('2018'), a calendar quarter "
    "('2018 Q3', 'Q3 2018') or a month ('2018-07', 'July 2018', 'Jul 2018')"
)


def parse_period(text: str) -> Period:
    """Read a period label as plans and returns write it (see the reference page).

    Case and spacing do not matter.  Anything unreadable raises :class:`PeriodError` quoting the
    text and listing the accepted forms, because a misread period files figures in the wrong
    return.  ``2000-01`` to ``2011-12`` read as financial years, not months.
    """
    try:
        return _parse(str(text))
    except PeriodError:
        raise
    except (ValueError, OverflowError) as exc:
        raise PeriodError(f"could not read the period {text!r}: {exc}") from None


def _parse(raw: str) -> Period:
    key = " ".join(raw.lower().split())
    if (match := _FY.match(key)) and not _is_month(*match.groups()):
        return financial_year(dt.date(_first_year(raw, *match.groups()), 4, 1))
    if match := _FQ_FIRST.match(key):
        quarter, first, second = match.groups()
        return _financial_quarter(_first_year(raw, first, second), int(quarter))
    if match := _FQ_LAST.match(key):
        first, second, quarter = match.groups()
        return _financial_quarter(_first_year(raw, first, second), int(quarter))
    if match := _CQ.match(key):
        year, quarter = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
        return calendar_quarter(dt.date(int(year), int(quarter) * 3, 1))
    if match := _YEAR.match(key):
        return _calendar_year(dt.date(int(match.group(1)), 1, 1))
    if (match := _ISO_MONTH.match(key)) and 1 <= int(match.group(2)) <= 12:
        return month(dt.date(int(match.group(1)), int(match.group(2)), 1))
    if (match := _NAMED_MONTH.match(key)) and match.group(1) in _MONTHS:
        return month(dt.date(int(match.group(2)), _MONTHS[match.group(1)], 1))
    raise PeriodError(f"could not read the period {raw!r}: {_ACCEPTED}")


def _is_month(first: str, second: str) -> bool:
    """Whether ``first-second`` is a month: ``2018-07`` is, ``2011-12`` is a financial year."""
    return len(second) == 2 and 1 <= int(second) <= 12 and int(second) != (int(first) + 1) % 100


def _first_year(raw: str, first: str, second: str) -> int:
    """The first year of a financial year written ``first-second``; years must be consecutive."""
    start = int(first)
    following = start + 1 if len(second) == 4 else (start + 1) % 100
    if int(second) != following:
        raise PeriodError(
            f"could not read the period {raw!r}: the years of a financial year must be "
            f"consecutive (the year starting April {start} is {_fy_label(start)})"
        )
    return start


def _financial_quarter(first_year: int, quarter: int) -> Period:
    start_month = quarter * 3 % 12 + 1
    return financial_quarter(dt.date(first_year + (quarter == 4), start_month, 1))


def today_london() -> dt.date:
    """Today's date in Europe/London; only the command line uses it, to default ``--as-of``."""
    today = pendulum.now("Europe/London")
    return dt.date(today.year, today.month, today.day)
