"""Indicator values per period, and their rating against target under a scheme.

Several agencies may report the same indicator for the same period.  Their values are combined
into one figure per period: **summed** for counts and other quantities (each agency reports its
own share), **averaged** for units named in ``params.rag.average_units`` (by default percent,
where a sum means nothing).  Observations without a value are counted as missing, never as zero.

How the period values then meet the target (the latest period's value, a year-to-date total
rated pro rata, or a mean) is :mod:`aspcore.rag.aggregation`.  A qualitative indicator
(``unit: text``) has no number to rate: it takes the colour its reporters gave (the worst, when
several agencies report), and is grey when none was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from aspcore.model import Aggregation, Indicator, Observation, Polarity, Rag, Unit
from aspcore.periods import Period
from aspcore.rag.aggregation import Measured, measure
from aspcore.rag.schemes import PRECISION, Scheme, achievement, exact_shortfall, shortfall
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
    rag: Rag | None = None
    texts: int = 0

    def to_dict(self) -> dict[str, object]:
        """How the value was combined, as evidence."""
        data: dict[str, object] = {
            "combined_by": self.method,
            "observations": self.reported,
            "missing_values": self.missing,
            "agencies": list(self.agencies),
        }
        if self.rag is not None or self.texts:
            data |= {"reported_rag": self.rag, "text_values": self.texts}
        return data


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
        rags = [o.rag for o in groups[label] if o.rag is not None]
        texts = sum(1 for o in groups[label] if o.text is not None)
        out[label] = PeriodValue(
            period=periods[label],
            value=None if value is None else round(value, PRECISION),
            method=method,
            reported=len(values) + texts,
            missing=len(groups[label]) - len(values) - texts,
            agencies=tuple(sorted({o.agency for o in groups[label] if o.agency})),
            rag=max(rags, key=lambda r: r.badness) if rags else None,
            texts=texts,
        )
    return out


def _pace_of(
    indicator: Indicator, values: Mapping[str, PeriodValue], period: Period
) -> float | None:
    """The comparable value of ``period`` (see :attr:`Measured.pace`), if it was reported."""
    if period.label not in values:
        return None
    measured = measure(indicator, values, period.label)
    return measured.pace if measured else None


def _against(indicator: Indicator, measured: Measured) -> tuple[float, float]:
    """The shortfall in percent and the figure it is measured against.

    A year-to-date total is measured against the whole target once it meets it (met, whatever
    the month) or has gone past a lower-is-better limit; otherwise, before the year ends,
    against the target's pro-rata share.
    """
    assert indicator.target is not None and measured.expected is not None
    target = indicator.target.value
    whole = exact_shortfall(measured.value, target, indicator.polarity)
    met_or_past = whole <= 0 if indicator.polarity is Polarity.HIGHER else whole > 0
    if not measured.pro_rata or met_or_past:
        return shortfall(measured.value, target, indicator.polarity), target
    return shortfall(measured.value, measured.expected, indicator.polarity), measured.expected


def _words(indicator: Indicator, measured: Measured, period: Period, against: float) -> str:
    """How the rated value stands against the target, in words."""
    label = period.label
    assert indicator.target is not None
    target = indicator.target.value
    target_period = indicator.target.period
    for_period = f" for {target_period.label}" if target_period else ""
    if measured.aggregation is Aggregation.LATEST:
        return f"{label}: {measured.value:g} against a target of {target:g}{for_period}"
    year = measured.year.label if measured.year else ""
    what = "so far" if measured.aggregation is Aggregation.SUM else "on average"
    text = f"{label}: {measured.value:g} {what} in {year} against a target of {target:g}"
    if measured.pro_rata and against != target:
        return f"{text}, {against:g} expected by the end of {period.end:%B %Y} (pro rata)"
    return text


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
    measured = measure(indicator, values, label)
    pace = measured.pace if measured else None
    vs_previous = direction(
        pace, _pace_of(indicator, values, period.previous()), indicator.polarity, tolerance
    )
    last_year = _pace_of(indicator, values, period.same_period_last_year())
    vs_last_year = direction(pace, last_year, indicator.polarity, tolerance)
    target = indicator.target.value if indicator.target else None
    target_period = indicator.target.period if indicator.target else None
    baseline = indicator.baseline.value if indicator.baseline else None
    previous = values.get(period.previous().label)
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
        **(measured.evidence() if measured else {}),
        "previous": previous.value if previous else None,
        "same_period_last_year": last_year,
        "vs_previous": vs_previous,
        "vs_last_year": vs_last_year,
        **scheme.describe(),
    }

    def rated(rag: Rag, reason: str) -> IndicatorRating:
        return IndicatorRating(
            indicator.id, period, rag, reason, vs_previous, vs_last_year, evidence
        )

    if indicator.unit is Unit.TEXT:
        if current.rag is None:
            return rated(Rag.GREY, f"{label}: no RAG status was reported with the text value")
        return rated(
            current.rag, f"{label}: {current.rag.value}, as reported (a text value is not rated)"
        )
    if measured is None:
        return rated(Rag.GREY, f"no value was reported for {label}")
    if target is None:
        return rated(
            Rag.GREY, f"{current.value:g} was reported for {label}, but there is no target"
        )
    gap, against = _against(indicator, measured)
    evidence["shortfall_pct"] = gap
    evidence["rated_against"] = against
    if baseline is not None:
        evidence["achievement"] = achievement(measured.value, baseline, target)
    exact = exact_shortfall(measured.value, against, indicator.polarity)
    rating = scheme.rate(gap, vs_last_year, exact)
    return rated(rating.rag, f"{_words(indicator, measured, period, against)} {rating.reason}")
