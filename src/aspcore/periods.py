"""Reporting periods: UK financial years and quarters, calendar years and quarters, months.

Partnership years are UK financial years (1 April to 31 March, written ``2018-19``); financial
quarters run Q1 April-June to Q4 January-March, so ``2018-19 Q2`` is July to September 2018.
NRM statistics use calendar quarters (``2018 Q3``).  Both systems live side by side: a
:class:`Period` knows its kind, its first and last day, and its canonical label.  Pendulum does
the calendar arithmetic at the edges; everything returned is a plain ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import attrs
import pendulum

from aspcore.errors import PeriodError

__all__ = [
    "MONTHS",
    "Period",
    "PeriodKind",
    "calendar_quarter",
    "financial_quarter",
    "financial_year",
    "month",
    "month_number",
    "parse_period",
    "period_of",
    "periods_between",
    "today_london",
]

PeriodKind = Literal[
    "financial-year", "financial-quarter", "calendar-year", "calendar-quarter", "month"
]

#: Month names and the abbreviations plans use, lower case, to month numbers.
MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    (
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
    ),
    start=1,
):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9


def month_number(name: str) -> int | None:
    """The month number of a name or abbreviation (``Sept`` → 9), or ``None``."""
    return MONTHS.get(name.strip().rstrip(".").lower())


def _last_day(year: int, month_no: int) -> dt.date:
    return dt.date(year, month_no, pendulum.date(year, month_no, 1).days_in_month)


@attrs.frozen(order=True)
class Period:
    """A reporting period: its first and last day (inclusive), kind and canonical label.

    Periods order by start then end, so a sorted list runs through time.
    """

    start: dt.date
    end: dt.date
    kind: PeriodKind = attrs.field(order=False)
    label: str = attrs.field(order=False)

    def __str__(self) -> str:
        return self.label

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside this period."""
        return self.start <= day <= self.end

    def shift(self, steps: int) -> Period:
        """The period of the same kind ``steps`` periods later (earlier when negative)."""
        months = {"month": 1, "financial-quarter": 3, "calendar-quarter": 3}.get(self.kind, 12)
        moved = pendulum.date(self.start.year, self.start.month, 1).add(months=months * steps)
        return _period_containing(dt.date(moved.year, moved.month, 1), self.kind)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return self.shift(-1)

    def next(self) -> Period:
        """The period of the same kind just after this one."""
        return self.shift(1)

    def same_period_last_year(self) -> Period:
        """The same period one year earlier (for year-on-year comparison)."""
        months = {"month": 12, "financial-quarter": 4, "calendar-quarter": 4}.get(self.kind, 1)
        return self.shift(-months)


def _fy_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_year(day: dt.date) -> Period:
    """The UK financial year (1 April to 31 March) containing ``day``."""
    first = day.year if day.month >= 4 else day.year - 1
    return Period(
        dt.date(first, 4, 1), dt.date(first + 1, 3, 31), "financial-year", _fy_label(first)
    )


def financial_quarter(day: dt.date) -> Period:
    """The financial quarter containing ``day`` (Q1 = April to June)."""
    year = financial_year(day)
    index = ((day.month - 4) % 12) // 3
    start_month = (3 + index * 3) % 12 + 1
    start_year = year.start.year if start_month >= 4 else year.start.year + 1
    start = dt.date(start_year, start_month, 1)
    end = _last_day(start_year, start_month + 2)
    return Period(start, end, "financial-quarter", f"{year.label} Q{index + 1}")


def calendar_quarter(day: dt.date) -> Period:
    """The calendar quarter containing ``day`` (Q1 = January to March)."""
    index = (day.month - 1) // 3
    start = dt.date(day.year, index * 3 + 1, 1)
    return Period(
        start, _last_day(day.year, index * 3 + 3), "calendar-quarter", f"{day.year} Q{index + 1}"
    )


def _calendar_year(day: dt.date) -> Period:
    return Period(
        dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "calendar-year", str(day.year)
    )


def month(day: dt.date) -> Period:
    """The calendar month containing ``day``."""
    return Period(
        dt.date(day.year, day.month, 1),
        _last_day(day.year, day.month),
        "month",
        f"{day.year}-{day.month:02d}",
    )


def _period_containing(day: dt.date, kind: PeriodKind) -> Period:
    return {
        "financial-year": financial_year,
        "financial-quarter": financial_quarter,
        "calendar-year": _calendar_year,
        "calendar-quarter": calendar_quarter,
        "month": month,
    }[kind](day)


def period_of(day: dt.date, frequency: str, *, calendar: bool = False) -> Period:
    """The period of ``frequency`` (annual, quarterly, monthly) containing ``day``.

    Years and quarters are financial unless ``calendar`` is true (NRM statistics).
    """
    kinds: dict[tuple[str, bool], PeriodKind] = {
        ("annual", False): "financial-year",
        ("annual", True): "calendar-year",
        ("quarterly", False): "financial-quarter",
        ("quarterly", True): "calendar-quarter",
        ("monthly", False): "month",
        ("monthly", True): "month",
    }
    key = (frequency, calendar)
    if key not in kinds:
        raise PeriodError(
            f"frequency {frequency!r} is not known; expected annual, quarterly or monthly"
        )
    return _period_containing(day, kinds[key])


def periods_between(
    start: dt.date, end: dt.date, frequency: str, *, calendar: bool = False
) -> list[Period]:
    """Every period of ``frequency`` that overlaps ``start``..``end``, in order."""
    if end < start:
        return []
    current = period_of(start, frequency, calendar=calendar)
    found = [current]
    while current.end < end:
        current = current.next()
        found.append(current)
    return found


_FY = re.compile(r"^(?:fy\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")
_QUARTER_FIRST = re.compile(r"^q([1-4])\s+(?:fy\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")
_QUARTER_LAST = re.compile(r"^(?:fy\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s+q([1-4])$")
_CAL_Q = re.compile(r"^(?:(\d{4})\s+q([1-4])|q([1-4])\s+(\d{4}))$")
_YEAR = re.compile(r"^(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NAMED_MONTH = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")

_ACCEPTED = (
    "a financial year ('2018-19'), a financial quarter ('2018-19 Q2', 'Q2 2018/19'), "
    "a calendar year ('2018'), a calendar quarter ('2018 Q3'), or a month ('2018-07', "
    "'July 2018')"
)


def _is_month(first: str, second: str) -> bool:
    """``2018-07`` is July 2018; ``2011-12`` reads as the financial year (partnership years)."""
    return len(second) == 2 and 1 <= int(second) <= 12 and int(second) != (int(first) + 1) % 100


def _fy_start(text: str, first: str, second: str) -> int:
    start = int(first)
    end = int(second)
    expected = start + 1 if len(second) == 4 else (start + 1) % 100
    if end != expected:
        raise PeriodError(
            f"{text!r} is not a financial year: the second year must follow the first "
            f"(e.g. {_fy_label(start)})"
        )
    return start


def parse_period(text: str) -> Period:
    """Read a period label; anything unreadable raises :class:`PeriodError` naming the text."""
    try:
        return _parse(str(text))
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"could not read the period {text!r}: {exc}") from None


def _parse(raw: str) -> Period:
    key = " ".join(raw.strip().lower().split())
    if (match := _FY.match(key)) and not _is_month(match.group(1), match.group(2)):
        start = _fy_start(raw, match.group(1), match.group(2))
        return financial_year(dt.date(start, 4, 1))
    if (match := _QUARTER_FIRST.match(key)) or (match := _QUARTER_LAST.match(key)):
        groups = match.groups()
        quarter, first, second = (
            (groups[0], groups[1], groups[2]) if key.startswith("q") else (groups[2], *groups[:2])
        )
        start = _fy_start(raw, first, second)
        return _fq(start, int(quarter))
    if match := _CAL_Q.match(key):
        year = int(match.group(1) or match.group(4))
        quarter = int(match.group(2) or match.group(3))
        return calendar_quarter(dt.date(year, quarter * 3, 1))
    if match := _YEAR.match(key):
        return _calendar_year(dt.date(int(match.group(1)), 1, 1))
    if (match := _ISO_MONTH.match(key)) and 1 <= int(match.group(2)) <= 12:
        return month(dt.date(int(match.group(1)), int(match.group(2)), 1))
    if (match := _NAMED_MONTH.match(key)) and (named := month_number(match.group(1))):
        return month(dt.date(int(match.group(2)), named, 1))
    raise PeriodError(f"could not read the period {raw!r}: expected {_ACCEPTED}")


def _fq(start_year: int, quarter: int) -> Period:
    first_month = 4 + (quarter - 1) * 3
    year = start_year if first_month <= 12 else start_year + 1
    return financial_quarter(dt.date(year, (first_month - 1) % 12 + 1, 1))


def today_london() -> dt.date:
    """Today's date in Europe/London; only the command line uses it, to default ``--as-of``."""
    today = pendulum.now("Europe/London")
    return dt.date(today.year, today.month, today.day)
