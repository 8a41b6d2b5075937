"""Indicator values per period, and their rating against target under a scheme.

Several agencies may report the same indicator for the same period.  Their values are combined
into one figure per period: **summed** for counts and other quantities (each agency reports its
own share), **averaged** for units named in ``params.rag.average_units`` (by default percent,
where a sum means nothing).  Observations without a value are counted as missing, never as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from aspcore.model import Indicator, Observation, Rag
from aspcore.periods import Period
from aspcore.rag.schemes import PRECISION, Scheme, achievement, shortfall
from aspcore.rag.trend import Direction, direction

__all__ = [
    "IndicatorRating",
    "PeriodValue",
    "by_indicator",
    "period_values",
    "rate_period",
]


@attrs.frozen
class PeriodValue:
    """One indicator's combined value for one period, and how it was combined."""

    period: Period
    value: float | None
    method: str
    reported: int
    missing: int
    agencies: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """How the value was combined, as evidence."""
        return {
            "combined_by": self.method,
            "observations": self.reported,
            "missing_values": self.missing,
            "agencies": list(self.agencies),
        }


@attrs.frozen
class IndicatorRating:
    """The colour of one indicator for one period, with the reason and everything read."""

    indicator: str
    period: Period
    rag: Rag
    reason: str
    vs_previous: Direction
    vs_last_year: Direction
    evidence: Mapping[str, object]


def by_indicator(observations: Iterable[Observation]) -> dict[str, list[Observation]]:
    """Observations grouped by indicator id, in the order given."""
    grouped: dict[str, list[Observation]] = {}
    for obs in observations:
        grouped.setdefault(obs.indicator, []).append(obs)
    return grouped


def period_values(
    indicator: Indicator, observations: Iterable[Observation], average_units: Iterable[str]
) -> dict[str, PeriodValue]:
    """Combined values by period label, in period order (see the module docstring)."""
    method = "mean" if indicator.unit.value in set(average_units) else "sum"
    groups: dict[str, list[Observation]] = {}
    periods: dict[str, Period] = {}
    for obs in observations:
        groups.setdefault(obs.period.label, []).append(obs)
        periods[obs.period.label] = obs.period
    out: dict[str, PeriodValue] = {}
    for label in sorted(groups, key=lambda k: (periods[k].end, periods[k].start)):
        values = [float(o.value) for o in groups[label] if o.value is not None]
        total = sum(values)
        value = None if not values else total / len(values) if method == "mean" else total
        out[label] = PeriodValue(
            period=periods[label],
            value=None if value is None else round(value, PRECISION),
            method=method,
            reported=len(values),
            missing=len(groups[label]) - len(values),
            agencies=tuple(sorted({o.agency for o in groups[label] if o.agency})),
        )
    return out


def _value_of(values: Mapping[str, PeriodValue], period: Period) -> float | None:
    found = values.get(period.label)
    return found.value if found else None


def rate_period(
    indicator: Indicator,
    values: Mapping[str, PeriodValue],
    label: str,
    scheme: Scheme,
    tolerance: float = 0.0,
) -> IndicatorRating:
    """Rate ``indicator`` for the period ``label`` of ``values`` under ``scheme``.

    Grey when the period has no value or the indicator has no target.  The evidence holds the
    actual, target, baseline, shortfall, EU OPSYS achievement (when a baseline exists), the
    direction of travel and the scheme with its bands.
    """
    current = values[label]
    period = current.period
    previous = _value_of(values, period.previous())
    last_year = _value_of(values, period.same_period_last_year())
    vs_previous = direction(current.value, previous, indicator.polarity, tolerance)
    vs_last_year = direction(current.value, last_year, indicator.polarity, tolerance)
    target = indicator.target.value if indicator.target else None
    target_period = indicator.target.period if indicator.target else None
    baseline = indicator.baseline.value if indicator.baseline else None
    evidence: dict[str, object] = {
        "period": label,
        "actual": current.value,
        "target": target,
        "target_op": indicator.target.op if indicator.target else None,
        "target_period": target_period.label if target_period else None,
        "baseline": baseline,
        "polarity": indicator.polarity,
        "unit": indicator.unit,
        **current.to_dict(),
        "previous": previous,
        "same_period_last_year": last_year,
        "vs_previous": vs_previous,
        "vs_last_year": vs_last_year,
        **scheme.describe(),
    }

    def rated(rag: Rag, reason: str) -> IndicatorRating:
        return IndicatorRating(
            indicator.id, period, rag, reason, vs_previous, vs_last_year, evidence
        )

    if current.value is None:
        return rated(Rag.GREY, f"no value was reported for {label}")
    if target is None:
        return rated(
            Rag.GREY, f"{current.value:g} was reported for {label}, but there is no target"
        )
    gap = shortfall(current.value, target, indicator.polarity)
    evidence["shortfall_pct"] = gap
    if baseline is not None:
        evidence["achievement"] = achievement(current.value, baseline, target)
    rating = scheme.rate(gap, vs_last_year)
    for_period = f" for {target_period.label}" if target_period else ""
    return rated(
        rating.rag,
        f"{label}: {current.value:g} against a target of {target:g}{for_period} {rating.reason}",
    )
