"""Calendar and financial periods on one indicator: the same months are one period.

Partnership returns use financial years and quarters; NRM statistics use calendar quarters
(DOMAIN: "Both period systems must exist side by side").  Every calendar quarter is also a
financial quarter: ``2018 Q3`` and ``2018-19 Q2`` are both July to September 2018.  When one
indicator's observations mix the two systems, observations of the same months are combined
into one period value, never rated twice, and every quarter of that indicator is labelled in its
own convention: calendar when ``calendar: true``, else financial.  Years cannot be relabelled
(a calendar year is not a financial year), so they stay as written.  An indicator whose periods
all follow one system keeps them as written, whichever it is.  Rule ``RAG-013`` reports the mix.
"""

from __future__ import annotations

from collections.abc import Iterable

from aspcore.model import Indicator
from aspcore.periods import Period, period_of

__all__ = ["mixed_systems", "rated_periods"]


def _system(period: Period) -> str | None:
    """``calendar`` or ``financial`` for years and quarters; ``None`` for months (shared)."""
    return period.kind.split("-", 1)[0] if period.kind != "month" else None


def mixed_systems(periods: Iterable[Period]) -> dict[str, list[str]]:
    """The labels of ``periods`` by system (``calendar``, ``financial``) when both occur, in
    period order, else an empty mapping."""
    found: dict[str, set[Period]] = {}
    for period in periods:
        system = _system(period)
        if system is not None:
            found.setdefault(system, set()).add(period)
    if len(found) < 2:
        return {}
    return {system: [p.label for p in sorted(found[system])] for system in sorted(found)}


def rated_periods(indicator: Indicator, periods: Iterable[Period]) -> dict[Period, Period]:
    """Each of ``periods`` → the period it is rated as (see the module docstring)."""
    given = set(periods)
    if not mixed_systems(given):
        return {period: period for period in given}
    return {
        period: period_of(period.start, "quarterly", calendar=indicator.calendar)
        if period.kind.endswith("quarter")
        else period
        for period in given
    }
