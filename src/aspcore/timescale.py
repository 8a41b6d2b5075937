"""Timescale phrases as partnerships write them in plans, read into start and end dates.

Action plans say "June 2016", "Sept 2016", "between June and October 2018", "for 5 months in
2018", "by December 2018", "within the next 12 months", "2016-17" or "ongoing".
:func:`parse_timescale` reads these into a :class:`Timescale`.  Text it cannot read raises
:class:`~aspcore.errors.TimescaleError` naming the text: a guessed deadline would make every RAG
rating that depends on it wrong, so nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pendulum

from aspcore.errors import PeriodError, TimescaleError
from aspcore.periods import Period, parse_period

__all__ = ["Timescale", "parse_timescale"]


@attrs.frozen
class Timescale:
    """What a timescale phrase means: a start and an end (either may be open), or a recurrence.

    ``start`` and ``end`` are inclusive; ``None`` is an open start ("by December 2018") or an
    open end.  ``duration_months`` is set for a fixed duration within a window ("for 5 months in
    2018": ``start`` and ``end`` are the window).  ``recurring`` is true for "ongoing",
    "quarterly" and the like, which have no dates.
    """

    text: str
    start: dt.date | None
    end: dt.date | None
    recurring: bool = False
    duration_months: int | None = None

    @property
    def is_bounded(self) -> bool:
        """Whether it has an end date or a fixed duration: the T of a SMART objective."""
        return self.end is not None or self.duration_months is not None


class _UnreadableError(Exception):
    """Why a phrase could not be read; :func:`parse_timescale` adds the text."""


_EXPECTED = (
    'expected a month ("June 2016"), a range ("June to October 2018"), a period ("2016-17", '
    '"2018-19 Q2"), "by <month or date>", "within N months", or "ongoing"'
)
#: Numbers written as words ("within a year", "for five months").
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_WORDS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUMBER = rf"(\d{{1,9}}|{'|'.join(_WORDS)})"

_RECURRING = re.compile(
    r"^(?:on[- ]?going|continuous|continuing|throughout(?: year)?|weekly|monthly|quarterly|"
    r"annually|yearly|(?:every|each) (?:week|month|quarter|year))$"
)
_FOR = re.compile(rf"^for {_NUMBER} months? (?:in|during) (.+)$", re.ASCII)
_WITHIN = re.compile(rf"^within (?:next )?{_NUMBER} (day|week|month|year)s?$", re.ASCII)
_BY = re.compile(r"^(?:by (?:end of )?|end of )(.+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+\.? \d{4})$", re.ASCII)
_MONTH_YEAR = re.compile(r"^[a-z]+\.? \d{4}$", re.ASCII)
_BARE_MONTH = re.compile(r"^[a-z]+\.?$", re.ASCII)
_FY_SHAPE = re.compile(r"^\d{4} ?[-/] ?\d{2,4}$", re.ASCII)
_OPENING = re.compile(r"^(between|from) ")
_SEPARATOR = re.compile(r" to | until | till | and | ?- ?")


def parse_timescale(text: str, *, anchor: dt.date | None = None) -> Timescale:
    """Read a timescale phrase into a :class:`Timescale` (see the reference page for phrases).

    Relative phrases ("within 6 months") count from ``anchor``, normally the start of the plan
    year; without one they are refused.  Case, extra spaces, commas, "the" and trailing full
    stops do not matter.  Anything unreadable, impossible dates and ranges that end before they
    start raise :class:`TimescaleError` naming the text.
    """
    try:
        return _read(str(text), _normalise(str(text)), anchor)
    except (_UnreadableError, ValueError, OverflowError) as exc:
        raise TimescaleError(f"could not read the timescale {text!r}: {exc}") from None


def _normalise(text: str) -> str:
    cleaned = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace(",", " ")
    cleaned = re.sub(r"\bthe\b", " ", cleaned)
    return " ".join(cleaned.split()).rstrip(". ")


def _read(text: str, phrase: str, anchor: dt.date | None) -> Timescale:
    if not phrase:
        raise _UnreadableError("it is empty")
    if _RECURRING.match(phrase):
        return Timescale(text, None, None, recurring=True)
    if match := _FOR.match(phrase):
        return _fixed_duration(text, _count(match.group(1)), match.group(2))
    if match := _WITHIN.match(phrase):
        return _within(text, _count(match.group(1)), match.group(2), anchor)
    if match := _BY.match(phrase):
        span = _span(match.group(1))
        if span is None:
            raise _UnreadableError(_EXPECTED)
        return Timescale(text, None, span[1])
    span = _span(phrase)
    if span is not None:
        return Timescale(text, *span)
    if _FY_SHAPE.match(phrase):
        raise _UnreadableError("the years of a financial year must be consecutive, as in '2018-19'")
    start, end = _range(phrase)
    if end < start:
        raise _UnreadableError(
            f"it ends ({end.isoformat()}) before it starts ({start.isoformat()})"
        )
    return Timescale(text, start, end)


def _count(number: str) -> int:
    return int(number) if number.isdigit() else _WORDS[number]


def _fixed_duration(text: str, months: int, window_text: str) -> Timescale:
    """A fixed duration ("for 5 months in 2018"): the window's dates, and months within it."""
    window = _span(window_text)
    if window is None:
        raise _UnreadableError(_EXPECTED)
    start, end = window
    length = (end.year - start.year) * 12 + end.month - start.month + 1
    if not 1 <= months <= length:
        raise _UnreadableError(f"a duration of {months} month(s) does not fit in {window_text}")
    return Timescale(text, start, end, duration_months=months)


def _within(text: str, amount: int, unit: str, anchor: dt.date | None) -> Timescale:
    """A span from ``anchor`` ("within 6 months"): it ends the day before the span elapses."""
    if anchor is None:
        raise _UnreadableError(
            "it counts from a date, so an anchor date (such as the start of the plan year) is "
            "needed to read it"
        )
    if amount < 1:
        raise _UnreadableError("the span must be at least one " + unit)
    moved = pendulum.date(anchor.year, anchor.month, anchor.day).add(**{f"{unit}s": amount})
    last = moved.subtract(days=1)
    return Timescale(text, anchor, dt.date(last.year, last.month, last.day))


def _span(phrase: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a date or a period label; ``None`` when it is neither."""
    day = _day(phrase)
    if day is not None:
        return day, day
    period = _period(phrase)
    return None if period is None else (period.start, period.end)


def _day(phrase: str) -> dt.date | None:
    """A single day: ``2018-12-31``, ``31/12/2018`` (day first) or ``31st December 2018``."""
    hint = ""
    if match := _ISO_DATE.match(phrase):
        year, month_no, day = match.groups()
    elif match := _UK_DATE.match(phrase):
        day, month_no, year = match.groups()
        hint = "; dates are read day first, as in 31/12/2018"
    elif (match := _DAY_MONTH_YEAR.match(phrase)) and (named := _period(match.group(2))):
        year, month_no, day = str(named.start.year), str(named.start.month), match.group(1)
    else:
        return None
    try:
        return dt.date(int(year), int(month_no), int(day))
    except ValueError as exc:
        raise _UnreadableError(f"it is not a real date ({exc}){hint}") from None


def _period(phrase: str) -> Period | None:
    try:
        return parse_period(phrase)
    except PeriodError:
        return None


def _range(phrase: str) -> tuple[dt.date, dt.date]:
    """Start and end of "X to Y", "from X to Y", "between X and Y", "X - Y".

    Every place the phrase could split is tried; exactly one must read, or it is refused.  A
    bare month takes the year of the other end, the year before if it would come after it.
    """
    opening = _OPENING.match(phrase)
    body = phrase[opening.end() :] if opening else phrase
    readings: set[tuple[dt.date, dt.date]] = set()
    for separator in _SEPARATOR.finditer(body):
        if separator.group().strip() == "and" and not (opening and opening.group(1) == "between"):
            continue
        reading = _ends(body[: separator.start()], body[separator.end() :])
        if reading is not None:
            readings.add(reading)
    if len(readings) != 1:
        ambiguous = (
            "it reads more than one way; write both ends in full, as in '1 June 2018 to "
            "31 October 2018'"
        )
        raise _UnreadableError(ambiguous if readings else _EXPECTED)
    return readings.pop()


def _ends(first: str, last: str) -> tuple[dt.date, dt.date] | None:
    last_span = _span(last)
    if last_span is None:
        return None
    first_span = _span(first)
    if first_span is not None:
        return first_span[0], last_span[1]
    if not (_BARE_MONTH.match(first) and _MONTH_YEAR.match(last)):
        return None
    named = _period(f"{first} {last_span[1].year}")
    if named is None:
        return None
    if named.start > last_span[0]:
        named = named.same_period_last_year()
    return named.start, last_span[1]
