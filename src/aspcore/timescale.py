"""Timescale phrases as partnerships write them in plans, read into start and end dates.

Action plans say "June 2016", "Sept 2016", "between June and October 2018", "for 5 months in
2018", "by December 2018", "within the next 12 months", "2016-17" or "ongoing".
:func:`parse_timescale` reads these into a :class:`Timescale`; text it cannot read raises
:class:`~aspcore.errors.TimescaleError` naming the text, because a guessed deadline would make
every RAG rating that depends on it wrong.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pendulum

from aspcore.errors import PeriodError, TimescaleError
from aspcore.periods import month, month_number, parse_period

__all__ = ["Timescale", "parse_timescale"]


@attrs.frozen
class Timescale:
    """What a timescale phrase means: a start and end (either may be open), or a recurrence.

    ``duration_months`` is set for fixed durations within a window ("for 5 months in 2018":
    start and end are the window).  ``recurring`` is true for "ongoing", "quarterly" and the like,
    which have no dates.
    """

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    recurring: bool = False
    duration_months: int | None = None

    @property
    def is_bounded(self) -> bool:
        """Whether the timescale has an end date or a fixed duration."""
        return self.end is not None or self.duration_months is not None


_RECURRING = re.compile(
    r"^(on-?going|continuous|continuing|throughout( the year)?|as required|"
    r"(bi-?)?(weekly|monthly|quarterly|annually|yearly)|"
    r"(every|each) (week|month|quarter|year))$"
)
_MONTH = r"([a-z]+)\.?"
_YEAR = r"(\d{4})"
_SINGLE_MONTH = re.compile(rf"^{_MONTH} {_YEAR}$")
_MONTH_RANGE = re.compile(
    rf"^(?:between |from )?{_MONTH}(?: {_YEAR})? (?:to|and|until|-|till) {_MONTH} {_YEAR}$"
)
_FOR_MONTHS = re.compile(rf"^for (\d+) months? (?:in|during) {_YEAR}$")
_WITHIN = re.compile(
    r"^within (?:the next )?(\d+|one|two|three|six|twelve) (day|week|month|year)s?$"
)
_BY = re.compile(r"^(?:by|before) (?:the )?(?:end of )?(.+)$")
_END_OF = re.compile(r"^(?:the )?end of (.+)$")
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH} {_YEAR}$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_RANGE = re.compile(r"^(?:from |between )?(.+?) (?:to|until|and|-) (.+)$")
_WORDS = {"one": 1, "two": 2, "three": 3, "six": 6, "twelve": 12}

_ACCEPTED = (
    'expected a month ("June 2016"), a range ("June to October 2018"), a period ("2016-17", '
    '"2018-19 Q2"), a date ("31/12/2018"), "by <month or date>", "for N months in <year>", '
    '"within N months", or "ongoing"'
)


def _normalise(text: str) -> str:
    cleaned = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace(",", " ")
    cleaned = re.sub(r"\s*-\s*(?=[a-z])", " - ", cleaned)
    return " ".join(cleaned.split()).rstrip(".").strip()


def _fail(text: str, why: str = "") -> TimescaleError:
    reason = f" ({why})" if why else ""
    return TimescaleError(f"could not read the timescale {text!r}{reason}: {_ACCEPTED}")


def _date(text: str, phrase: str) -> dt.date | None:
    """A single day written as ISO, UK day-first, or '31st December 2018'; None if not a date."""
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_UK_DATE, (2, 1, 0))):
        if match := pattern.match(phrase):
            parts = [int(g) for g in match.groups()]
            year, month_no, day = (parts[i] for i in order)
            return _real_date(text, year, month_no, day)
    if (match := _DAY_MONTH_YEAR.match(phrase)) and (number := month_number(match.group(2))):
        return _real_date(text, int(match.group(3)), number, int(match.group(1)))
    return None


def _real_date(text: str, year: int, month_no: int, day: int) -> dt.date:
    try:
        return dt.date(year, month_no, day)
    except ValueError as exc:
        raise _fail(text, f"{exc}") from None


def _span(text: str, phrase: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a date, a month, or a period label; None if not one of those."""
    day = _date(text, phrase)
    if day is not None:
        return day, day
    if (match := _SINGLE_MONTH.match(phrase)) and (number := month_number(match.group(1))):
        period = month(dt.date(int(match.group(2)), number, 1))
        return period.start, period.end
    try:
        period = parse_period(phrase)
    except PeriodError:
        return None
    return period.start, period.end


def _within(text: str, amount: int, unit: str, anchor: dt.date | None) -> Timescale:
    if anchor is None:
        raise TimescaleError(
            f"the timescale {text!r} is relative; an anchor date (such as the plan year's "
            "start) is needed to read it"
        )
    start = pendulum.date(anchor.year, anchor.month, anchor.day)
    moved = start.add(**{f"{unit}s": amount}).subtract(days=1)
    return Timescale(text, anchor, dt.date(moved.year, moved.month, moved.day))


def parse_timescale(text: str, *, anchor: dt.date | None = None) -> Timescale:
    """Read a timescale phrase; relative phrases ("within 6 months") count from ``anchor``."""
    try:
        return _parse(text, anchor)
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, TimescaleError):
            raise
        raise _fail(text, str(exc)) from None


def _parse(text: str, anchor: dt.date | None) -> Timescale:
    phrase = _normalise(str(text))
    if not phrase:
        raise _fail(str(text), "it is empty")
    if _RECURRING.match(phrase) or _RECURRING.match(" ".join(str(text).lower().split())):
        return Timescale(text, recurring=True)
    if match := _FOR_MONTHS.match(phrase):
        months, year = int(match.group(1)), int(match.group(2))
        if not 1 <= months <= 12:
            raise _fail(text, f"{months} months do not fit in one year")
        return Timescale(text, dt.date(year, 1, 1), dt.date(year, 12, 31), duration_months=months)
    if match := _WITHIN.match(phrase):
        raw = match.group(1)
        amount = int(raw) if raw.isdigit() else _WORDS[raw]
        return _within(text, amount, match.group(2), anchor)
    if (match := _BY.match(phrase)) or (match := _END_OF.match(phrase)):
        span = _span(text, match.group(1))
        if span is None:
            raise _fail(text)
        return Timescale(text, None, span[1])
    span = _span(text, phrase)
    if span is not None:
        return Timescale(text, span[0], span[1])
    if match := _MONTH_RANGE.match(phrase):
        first, first_year, last, last_year = match.groups()
        start_no, end_no = month_number(first), month_number(last)
        if start_no is not None and end_no is not None:
            end_year = int(last_year)
            start_year = int(first_year) if first_year else end_year - (start_no > end_no)
            return _ordered(
                text,
                month(dt.date(start_year, start_no, 1)).start,
                month(dt.date(end_year, end_no, 1)).end,
            )
    if match := _DATE_RANGE.match(phrase):
        first_span, last_span = _span(text, match.group(1)), _span(text, match.group(2))
        if first_span is not None and last_span is not None:
            return _ordered(text, first_span[0], last_span[1])
    raise _fail(text)


def _ordered(text: str, start: dt.date, end: dt.date) -> Timescale:
    if end < start:
        raise _fail(text, f"it ends ({end}) before it starts ({start})")
    return Timescale(text, start, end)
