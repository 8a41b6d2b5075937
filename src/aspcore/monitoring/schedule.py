"""Which returns a plan expects, and which have arrived, are late or are not yet due.

The guide asks partners to "share information in a timely manner"; a board must see what has
not arrived.  Every indicator with a ``frequency`` is expected once per period of the plan's
year (financial periods, or calendar ones for ``calendar: true``), from each agency in its
``agencies`` list (or from anyone, when it names none).  A period's return is **due**
``due_days`` days after the period ends (the indicator's own ``due_days``, else the ruleset's
``params.returns.due_days``).  At the as-of date each expected return is:

* ``received``: an observation with a value (or, for a text indicator, a text or a RAG) for
  that indicator, the same months and that agency (its name matched ignoring case and
  spacing); an observation that names no agency stands for the whole partnership, so it counts
  for every agency;
* ``overdue``: not received and its due date has passed (a row with a blank value is not a
  value: it is reported as overdue too, noting that it arrived blank);
* ``not yet due``: not received and still within its time.

Periods match by their months, so a calendar quarter (2018 Q3) answers for the financial quarter
with the same months (2018-19 Q2), and a report for a longer span answers for the periods within
it (a quarter's figure for its three months).  Indicators computed from case data
(``compute``) are not returns and are not expected here.  This module is the one definition of
"late" that the ``RETURN-001`` rule, indicator ratings and ``aspcore returns status`` all use.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping

import attrs

from aspcore.errors import RulesetError
from aspcore.model import Indicator, Observation, Plan
from aspcore.periods import Period, periods_between

__all__ = [
    "DEFAULT_DUE_DAYS",
    "ExpectedReturn",
    "ReturnState",
    "due_days_param",
    "expected_returns",
]

#: Days after a period ends that its return is due, when neither the indicator nor the ruleset
#: says.  Configuration: no source fixes a number.
DEFAULT_DUE_DAYS = 30


class ReturnState(enum.StrEnum):
    """Where one expected return stands at the as-of date."""

    RECEIVED = "received"
    OVERDUE = "overdue"
    NOT_YET_DUE = "not yet due"


@attrs.frozen
class ExpectedReturn:
    """One return the plan expects: indicator, period, agency (``None``: anyone), its state."""

    indicator: str
    period: Period
    agency: str | None
    due: dt.date
    state: ReturnState
    days_overdue: int = 0
    blank: bool = False

    def to_dict(self) -> dict[str, object]:
        """The return as plain data (JSON and evidence)."""
        return {
            "indicator": self.indicator,
            "period": self.period.label,
            "agency": self.agency,
            "due": self.due.isoformat(),
            "state": self.state.value,
            "days_overdue": self.days_overdue,
            "arrived_blank": self.blank,
        }


def due_days_param(params: Mapping[str, object]) -> int:
    """``params.returns.due_days``: a whole number of days, zero or more."""
    value = params.get("due_days", DEFAULT_DUE_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RulesetError(
            f"params.returns.due_days must be a whole number of days, zero or more, found {value!r}"
        )
    return value


def _agency_key(agency: str | None) -> str | None:
    """An agency's name as returns are matched to ``agencies``: case and spacing ignored."""
    return " ".join(agency.split()).casefold() if agency else None


def _has_value(obs: Observation) -> bool:
    return obs.value is not None or obs.text is not None or obs.rag is not None


def _reports(
    observations: Iterable[Observation],
) -> dict[tuple[dt.date, dt.date], dict[str | None, bool]]:
    """For each period's months, each agency that reported and whether with a value."""
    found: dict[tuple[dt.date, dt.date], dict[str | None, bool]] = {}
    for obs in observations:
        agencies = found.setdefault((obs.period.start, obs.period.end), {})
        key = _agency_key(obs.agency)
        agencies[key] = agencies.get(key, False) or _has_value(obs)
    return found


def _arrived(
    reports: Mapping[tuple[dt.date, dt.date], Mapping[str | None, bool]], period: Period
) -> dict[str | None, bool]:
    """Who reported for ``period``: in a report for its months or for a longer span holding
    them (a quarter's figure answers for its months)."""
    arrived: dict[str | None, bool] = {}
    for (start, end), agencies in reports.items():
        if start <= period.start and period.end <= end:
            for agency, valued in agencies.items():
                arrived[agency] = arrived.get(agency, False) or valued
    return arrived


def _expected_for(
    indicator: Indicator,
    year: Period,
    reports: Mapping[tuple[dt.date, dt.date], Mapping[str | None, bool]],
    as_of: dt.date,
    due_days: int,
) -> Iterable[ExpectedReturn]:
    assert indicator.frequency is not None
    wait = dt.timedelta(days=indicator.due_days if indicator.due_days is not None else due_days)
    periods = periods_between(
        year.start, year.end, indicator.frequency.value, calendar=indicator.calendar
    )
    for period in periods:
        due = period.end + wait
        arrived = _arrived(reports, period)
        for agency in indicator.agencies or (None,):
            if agency is None:
                valued = any(arrived.values())
                came = bool(arrived)
            else:
                key = _agency_key(agency)
                valued = arrived.get(key, False) or arrived.get(None, False)
                came = key in arrived or None in arrived
            if valued:
                state, late = ReturnState.RECEIVED, 0
            elif as_of > due:
                state, late = ReturnState.OVERDUE, (as_of - due).days
            else:
                state, late = ReturnState.NOT_YET_DUE, 0
            yield ExpectedReturn(
                indicator.id, period, agency, due, state, late, blank=came and not valued
            )


def expected_returns(plan: Plan, as_of: dt.date, due_days: int) -> list[ExpectedReturn]:
    """Every return ``plan`` expects in its year, with its state at ``as_of``.

    ``due_days`` is the default for indicators that give none.  Empty when the plan has no
    year; indicators without a frequency, and computed ones, expect no returns.
    """
    if plan.year is None:
        return []
    by_indicator: dict[str, list[Observation]] = {}
    for obs in plan.observations:
        by_indicator.setdefault(obs.indicator, []).append(obs)
    expected: list[ExpectedReturn] = []
    for indicator in plan.indicators:
        if indicator.frequency is None or indicator.compute is not None:
            continue
        reports = _reports(by_indicator.get(indicator.id, ()))
        expected.extend(_expected_for(indicator, plan.year, reports, as_of, due_days))
    return expected
