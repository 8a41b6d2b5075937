"""How an indicator's period values meet its target: latest, year-to-date sum, or mean.

The guide's Table 5 output goals are annual totals reported monthly ("Total of 6 service
users"): reported 2, 1 and 3 in April to June, the goal is met.  So an indicator with
``aggregation: sum`` is rated on its **year-to-date total**: met once the total reaches the
annual target, whatever month it is; before the year ends, an unmet total is rated against the
**pro-rata share** of the target for the months gone by the end of the period ("3 of 6 so far,
1.5 expected by June").  ``mean`` rates the mean of the year's period values so far against the
target; ``latest`` (the default) rates each period's own value.

The year is the target's period when it is a year holding the period, otherwise the financial
year holding it (the calendar year for calendar periods and ``calendar: true`` indicators).
The share elapsed counts whole months (three months of twelve by the end of June), so monthly,
quarterly and annual returns give the same share, and is kept as an exact fraction.  Only
periods of the rated period's own kind are combined, so a quarter's figure beside its months'
figures is never counted twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from aspcore.model import Aggregation, Indicator
from aspcore.periods import Period, period_of
from aspcore.rag.schemes import PRECISION

if TYPE_CHECKING:
    from aspcore.rag.indicators import PeriodValue

__all__ = ["Measured", "measure", "year_of"]

_YEARS = ("financial-year", "calendar-year")


@attrs.frozen
class Measured:
    """The value an indicator is rated on for one period, and the target it is rated against.

    ``value`` is the period's own value (``latest``), the year-to-date total (``sum``) or mean
    (``mean``); ``expected`` is the share of the target due by the period's end (``sum`` before
    the year ends), else the target itself.  ``periods`` are the periods combined.
    """

    aggregation: Aggregation
    value: float
    periods: tuple[str, ...]
    year: Period | None = None
    elapsed: Fraction = Fraction(1)
    expected: float | None = None

    @property
    def pace(self) -> float:
        """The value scaled to a whole year for a year-to-date sum (the run rate), else the
        value: what direction of travel compares, so June's total is not "better" than May's
        merely for holding one more month."""
        if self.aggregation is Aggregation.SUM:
            return round(float(Fraction(self.value) / self.elapsed), PRECISION)
        return self.value

    @property
    def pro_rata(self) -> bool:
        """Whether the target is prorated (a year-to-date sum before the year has ended)."""
        return self.aggregation is Aggregation.SUM and self.elapsed < 1

    def evidence(self) -> dict[str, object]:
        """What was combined and against what, as evidence."""
        if self.aggregation is Aggregation.LATEST:
            return {"aggregation": self.aggregation.value}
        return {
            "aggregation": self.aggregation.value,
            "year": self.year.label if self.year else None,
            "year_to_date": self.value,
            "periods_combined": list(self.periods),
            "share_of_year_elapsed": f"{self.elapsed.numerator}/{self.elapsed.denominator}",
            "expected_so_far": self.expected,
        }


def year_of(indicator: Indicator, period: Period) -> Period:
    """The year ``period``'s values accumulate over (see the module docstring)."""
    target = indicator.target.period if indicator.target else None
    if target is not None and target.kind in _YEARS and target.start <= period.start <= target.end:
        return target
    calendar = indicator.calendar or period.kind.startswith("calendar")
    return period_of(period.start, "annual", calendar=calendar)


def _months(first: Period | None, last: Period) -> int:
    """Whole months from the start of ``first`` to the end of ``last``."""
    start = first.start if first else last.start
    return (last.end.year - start.year) * 12 + last.end.month - start.month + 1


def measure(indicator: Indicator, values: Mapping[str, PeriodValue], label: str) -> Measured | None:
    """The value ``indicator`` is rated on for the period ``label`` of ``values``.

    ``values`` are the combined values by period label (``period_values``).  ``None`` when the
    period itself has no value: a year-to-date figure is never rated for a period that was not
    reported.
    """
    current = values[label]
    if current.value is None:
        return None
    aggregation = indicator.aggregation
    target = indicator.target.value if indicator.target else None
    if aggregation is Aggregation.LATEST:
        return Measured(aggregation, current.value, (label,), expected=target)
    year = year_of(indicator, current.period)
    so_far = [
        (key, found.value)
        for key, found in values.items()
        if found.value is not None
        and found.period.kind == current.period.kind
        and year.start <= found.period.start
        and found.period.end <= current.period.end
    ]
    numbers = [value for _key, value in so_far]
    total = sum(numbers)
    combined = total if aggregation is Aggregation.SUM else total / len(numbers)
    elapsed = min(Fraction(_months(year, current.period), _months(year, year)), Fraction(1))
    expected = None
    if target is not None:
        share = elapsed if aggregation is Aggregation.SUM else Fraction(1)
        expected = round(float(Fraction(target) * share), PRECISION)
    return Measured(
        aggregation,
        round(combined, PRECISION),
        tuple(key for key, _value in so_far),
        year,
        elapsed if aggregation is Aggregation.SUM else Fraction(1),
        expected,
    )
