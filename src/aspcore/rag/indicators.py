"""Indicator values per period, and their rating against target under a scheme.

Several agencies may report the same indicator for the same period.  Their values are combined
into one figure per period: **summed** for counts and other quantities (each agency reports its
own share), **averaged** for units named in ``params.rag.average_units`` (by default percent,
where a sum means nothing).  Observations without a value are counted as missing, never as zero.

Observations of the same months in calendar and financial terms are one period
(:mod:`aspcore.rag.conventions`).  How the period values then meet the target (the latest
period's value, a year-to-date total rated pro rata, or a mean) is
:mod:`aspcore.rag.aggregation`.  A qualitative indicator (``unit: text``) has no number to
rate: it takes the colour its reporters gave (the worst, when several agencies report), and is
grey when none was given.

The shortfall against target is relative (in percent of the target), or for a percent
indicator in percentage points when the indicator or the scheme says ``shortfall: points``.
Without a target an indicator is grey, and its reason compares the value with its baseline and
standard (:mod:`aspcore.rag.reference`): the guide gives such comparisons no colour.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import attrs

from aspcore.expr.decisions import Decision, DecisionTable
from aspcore.model import Aggregation, Indicator, Observation, Polarity, Rag, Unit
from aspcore.periods import Period
from aspcore.rag.aggregation import Measured, measure
from aspcore.rag.conventions import rated_periods
from aspcore.rag.exact import fixed
from aspcore.rag.reference import Comparison, baseline_before, compare_baseline, compare_standard
from aspcore.rag.schemes import PRECISION, Scheme, achievement, exact_shortfall, shortfall
from aspcore.rag.trend import Direction, direction

__all__ = [
    "Before",
    "IndicatorRating",
    "PeriodValue",
    "before",
    "by_indicator",
    "in_points",
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
    labels: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """How the value was combined, as evidence (with the labels it was reported under,
        when observations of the same months were written in calendar and financial terms)."""
        data: dict[str, object] = {
            "combined_by": self.method,
            "observations": self.reported,
            "missing_values": self.missing,
            "agencies": list(self.agencies),
        }
        if self.rag is not None or self.texts:
            data |= {"reported_rag": self.rag, "text_values": self.texts}
        if self.labels and self.labels != (self.period.label,):
            data["reported_as"] = list(self.labels)
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
    given = list(observations)
    rated_as = rated_periods(indicator, (o.period for o in given))
    groups: dict[str, list[Observation]] = {}
    periods: dict[str, Period] = {}
    for obs in given:
        period = rated_as[obs.period]
        groups.setdefault(period.label, []).append(obs)
        periods[period.label] = period
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
            labels=tuple(sorted({o.period.label for o in groups[label]})),
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


def _against(indicator: Indicator, measured: Measured) -> float:
    """The figure the shortfall is measured against.

    A year-to-date total is measured against the whole target once it meets it (met, whatever
    the month) or has gone past a lower-is-better limit; otherwise, before the year ends,
    against the target's pro-rata share.
    """
    assert indicator.target is not None and measured.expected is not None
    target = indicator.target.value
    whole = exact_shortfall(measured.value, target, indicator.polarity)
    met_or_past = whole <= 0 if indicator.polarity is Polarity.HIGHER else whole > 0
    return target if not measured.pro_rata or met_or_past else measured.expected


def in_points(indicator: Indicator, scheme: Scheme) -> bool:
    """Whether the shortfall is measured in percentage points: a percent indicator's own
    ``shortfall``, else its scheme's; every other indicator's shortfall is relative."""
    unit = None if indicator.unit is None else indicator.unit.value
    table = measure_table(scheme.shortfall)
    return table.rows[table.lookup(unit, indicator.shortfall)].outcome == "points"


@functools.lru_cache(maxsize=4)
def measure_table(scheme_measure: str) -> DecisionTable:
    """How a shortfall is measured (outcome ``points`` or ``relative``), over an indicator's
    ``unit`` and the ``shortfall`` it names (null when it names none), under a scheme that
    measures ``scheme_measure``: percentage points only for a percent indicator, its own
    choice first.  Run by :func:`in_points` and :func:`aspcore.batch.indicator_status`."""
    rows = [
        Decision(
            "not-percent",
            f"is_null(unit) or unit != '{Unit.PERCENT.value}'",
            "relative",
            "only a percent indicator's shortfall can be in percentage points",
        ),
        Decision("own-points", "said == 'points'", "points", "the indicator says points"),
        Decision("own-relative", "not is_null(said)", "relative", "the indicator says relative"),
        Decision("scheme", "True", scheme_measure, "the indicator follows its scheme"),
    ]
    return DecisionTable(rows, fields={"unit": "text", "said": "text"})


def _points_note(measured: Measured, against: float, polarity: Polarity) -> str:
    """For a percent value rated by relative shortfall and short of target, the gap in
    percentage points, and that the shortfall rated is relative."""
    points = exact_shortfall(measured.value, against, polarity, points=True)
    if points <= 0:
        return ""
    unit = "percentage point" if points == 1 else "percentage points"
    return f" ({fixed(points)} {unit} short; the shortfall is relative, in percent of the target)"


def _figure(measured: Measured, period: Period) -> str:
    """The value an indicator is rated on, in words: ``12``, ``12 so far in 2018-19``."""
    label = period.label
    if measured.aggregation is Aggregation.LATEST:
        return f"{label}: {measured.value:g}"
    year = measured.year.label if measured.year else ""
    what = "so far" if measured.aggregation is Aggregation.SUM else "on average"
    return f"{label}: {measured.value:g} {what} in {year}"


def _words(indicator: Indicator, measured: Measured, period: Period, against: float) -> str:
    """How the rated value stands against the target, in words."""
    assert indicator.target is not None
    target = indicator.target.value
    target_period = indicator.target.period
    text = f"{_figure(measured, period)} against a target of {target:g}"
    if measured.aggregation is Aggregation.LATEST:
        text += f" for {target_period.label}" if target_period else ""
    elif measured.pro_rata and against != target:
        text += f", {against:g} expected by the end of {period.end:%B %Y} (pro rata)"
    return text


def _unrated(measured: Measured, period: Period, comparisons: list[Comparison], unit: Unit) -> str:
    """Why an indicator with a value and no target is grey, with its comparisons."""
    compared = "; ".join(c.words(unit) for c in comparisons)
    paced = measured.aggregation is Aggregation.SUM and measured.pace != measured.value
    rate = f" (a rate of {measured.pace:g} a year)" if paced else ""
    return (
        f"{_figure(measured, period)}{rate}, {compared}; not rated: there is no target, and "
        "the guide gives no colour for a comparison with a baseline or a standard"
    )


@attrs.frozen
class Before:
    """What a period's direction of travel compares: the period's figure, the one before it,
    and where that came from (``period``: the previous period; ``baseline``; ``None``)."""

    current: float | None
    previous: float | None
    source: str | None


def before(
    indicator: Indicator, values: Mapping[str, PeriodValue], label: str, *, paced: bool
) -> Before:
    """The figures the direction of travel of period ``label`` compares.

    ``paced`` compares the values ratings use (a year-to-date sum's run rate,
    :attr:`Measured.pace`), else the period values themselves (the ``trends`` section).  With
    no value for the previous period, the baseline stands in when it was measured then, or
    before the first period reported (:func:`~aspcore.rag.reference.baseline_before`), and is
    compared with the paced value, a yearly figure as baselines usually are.
    """
    current = values[label]
    earlier = current.period.previous()
    if paced:
        now, previous = (
            _pace_of(indicator, values, current.period),
            _pace_of(indicator, values, earlier),
        )
    else:
        found = values.get(earlier.label)
        now, previous = current.value, found.value if found else None
    if previous is not None or now is None:
        return Before(now, previous, "period" if previous is not None else None)
    reported = [v.period for v in values.values() if v.value is not None]
    base = baseline_before(indicator, current.period, reported)
    if base is None:
        return Before(now, None, None)
    return Before(_pace_of(indicator, values, current.period), base, "baseline")


def rate_period(
    indicator: Indicator,
    values: Mapping[str, PeriodValue],
    label: str,
    scheme: Scheme,
    tolerance: float = 0.0,
) -> IndicatorRating:
    """Rate ``indicator`` for the period ``label`` of ``values`` under ``scheme``.

    Grey when the period has no value or the indicator has no target (the reason then compares
    the value with the baseline and standard).  The evidence holds the actual, target,
    baseline, shortfall (relative, and in points for a percent indicator), EU OPSYS achievement
    (when a baseline exists), the comparisons with the baseline and standard, the direction of
    travel and the scheme with its bands.
    """
    current = values[label]
    period = current.period
    measured = measure(indicator, values, label)
    pace = measured.pace if measured else None
    travel = before(indicator, values, label, paced=True)
    vs_previous = direction(pace, travel.previous, indicator.polarity, tolerance)
    last_year = _pace_of(indicator, values, period.same_period_last_year())
    vs_last_year = direction(pace, last_year, indicator.polarity, tolerance)
    target = indicator.target.value if indicator.target else None
    target_period = indicator.target.period if indicator.target else None
    baseline = indicator.baseline.value if indicator.baseline else None
    previous = values.get(period.previous().label)
    comparisons = [
        found
        for found in (
            compare_baseline(indicator, pace, tolerance) if pace is not None else None,
            compare_standard(indicator, pace, tolerance) if pace is not None else None,
        )
        if found is not None
    ]
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
        "previous": travel.previous
        if travel.source == "baseline"
        else (previous.value if previous else None),
        "previous_from": travel.source,
        **{f"vs_{c.kind}": c.to_dict() for c in comparisons},
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
    if target is None and comparisons:
        return rated(Rag.GREY, _unrated(measured, period, comparisons, indicator.unit))
    if target is None:
        return rated(
            Rag.GREY, f"{current.value:g} was reported for {label}, but there is no target"
        )
    against = _against(indicator, measured)
    points = in_points(indicator, scheme)
    polarity = indicator.polarity
    gap = shortfall(measured.value, against, polarity)
    evidence["shortfall_pct"] = gap
    evidence["shortfall_measure"] = "points" if points else "relative"
    if indicator.unit is Unit.PERCENT:
        evidence["shortfall_points"] = shortfall(measured.value, against, polarity, points=True)
    evidence["rated_against"] = against
    if baseline is not None:
        evidence["achievement"] = achievement(measured.value, baseline, target)
    exact = exact_shortfall(measured.value, against, polarity, points=points)
    shown = shortfall(measured.value, against, polarity, points=True) if points else gap
    rating = scheme.rate(shown, vs_last_year, exact, points=points)
    words = _words(indicator, measured, period, against)
    if indicator.unit is Unit.PERCENT and not points:
        words += _points_note(measured, against, polarity)
    return rated(rating.rag, f"{words} {rating.reason}")
