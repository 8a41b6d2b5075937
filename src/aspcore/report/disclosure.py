"""Disclosure control for published reports: small counts are suppressed.

Case data describe victims of serious crime, so anything published hides counts from 1 to 4
(DOMAIN, "Survivor data"; the ``min_count`` default of 5 is a parameter).  Reports publish by
default; ``published=False`` shows every value and says so on the report.  Only observed values of
indicators counted in people (unit ``count``) are suppressed, after combining the agencies'
observations of a period as the RAG family does (summed): targets and baselines are the plan's
own figures, and counts of objectives or actions describe the partnership, not people.  Values
computed from case data are hidden where their own published tables hide them (observations
marked ``withheld`` by :mod:`aspcore.indicators`, whose disclosure control also protects
percentages and the cells that would reveal a small count); every value is rated all the same.

In published JSON, a status or finding about a suppressed value keeps its rating but loses the
evidence and wording that would reveal the value, and the ``trends`` rows and other statuses of
the indicator lose the hidden values (a later period's evidence quotes the earlier ones).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from typing import Any

from aspcore.model import Plan, Unit
from aspcore.periods import Period
from aspcore.rag.conventions import rated_periods

__all__ = [
    "MIN_PUBLISHED_COUNT",
    "SUPPRESSED",
    "combined_values",
    "is_suppressed",
    "redact_evaluation",
    "redact_row",
    "suppressed_periods",
]

#: Counts below this (and above zero) are suppressed in published output.
MIN_PUBLISHED_COUNT = 5
#: What a suppressed value reads as.
SUPPRESSED = "[c]"
#: Evidence and section keys that hold observed values.
VALUE_KEYS = ("actual", "value", "previous", "same_period_last_year")
_REASON = "value suppressed for publication (small count)"


def is_suppressed(value: object, unit: Unit, *, min_count: int = MIN_PUBLISHED_COUNT) -> bool:
    """Whether a published ``value`` in ``unit`` must be hidden: counts from 1 to min_count - 1."""
    return (
        unit == Unit.COUNT
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and 0 < value < min_count
    )


def combined_values(plan: Plan) -> dict[str, dict[str, float | None]]:
    """Each indicator's value per period label, in period order: agencies' values summed
    (averaged for percentages), ``None`` when a period was reported without a value."""
    units = {i.id: i.unit for i in plan.indicators}
    rated = _rated_as(plan)
    grouped: dict[str, dict[str, list[float | None]]] = {}
    order: dict[str, tuple[dt.date, dt.date]] = {}
    for obs in plan.observations:
        period = rated[obs.indicator][obs.period]
        grouped.setdefault(obs.indicator, {}).setdefault(period.label, []).append(obs.value)
        order[period.label] = (period.end, period.start)
    out: dict[str, dict[str, float | None]] = {}
    for indicator, periods in grouped.items():
        out[indicator] = {}
        for label in sorted(periods, key=lambda k: order[k]):
            values = [float(v) for v in periods[label] if v is not None]
            mean = units.get(indicator) == Unit.PERCENT
            total = sum(values)
            out[indicator][label] = (
                None if not values else round(total / len(values) if mean else total, 6)
            )
    return out


def _rated_as(plan: Plan) -> dict[str, dict[Period, Period]]:
    """Each indicator's observed periods → the period the RAG family rates them as: calendar
    and financial quarters of the same months are one (:mod:`aspcore.rag.conventions`)."""
    observed: dict[str, set[Period]] = {}
    for obs in plan.observations:
        observed.setdefault(obs.indicator, set()).add(obs.period)
    indicators = {i.id: i for i in plan.indicators}
    return {
        iid: rated_periods(indicators[iid], found) if iid in indicators else {p: p for p in found}
        for iid, found in observed.items()
    }


def suppressed_periods(
    plan: Plan, *, min_count: int = MIN_PUBLISHED_COUNT
) -> dict[tuple[str, str], float]:
    """``(indicator id, period label)`` → value, for every value a published report hides:
    small counts, and values computed from case data that their published tables withhold."""
    units = {i.id: i.unit for i in plan.indicators}
    rated = _rated_as(plan)
    withheld = {
        (o.indicator, rated[o.indicator][o.period].label) for o in plan.observations if o.withheld
    }
    return {
        (indicator, label): value
        for indicator, periods in combined_values(plan).items()
        for label, value in periods.items()
        if value is not None
        and (
            (indicator, label) in withheld
            or is_suppressed(value, units.get(indicator, Unit.NUMBER), min_count=min_count)
        )
    }


def _mask(text: str, values: list[float]) -> str:
    for value in values:
        number = re.escape(f"{value:g}")
        text = re.sub(rf"(?<![\w.]){number}(?:\.0+)?(?![\w.])", SUPPRESSED, text)
    return text


def _small_values_hidden(
    row: Mapping[str, Any], min_count: int, hidden: Collection[float] = ()
) -> dict[str, Any]:
    """``row`` with its observed values hidden: small counts, and any of the ``hidden`` ones."""
    return {
        key: None
        if key in VALUE_KEYS
        and (is_suppressed(v, Unit.COUNT, min_count=min_count) or _among(v, hidden))
        else v
        for key, v in row.items()
    }


def _among(value: object, hidden: Collection[float]) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value in hidden


def redact_row(row: Mapping[str, Any], hidden: Mapping[tuple[str, str], float]) -> dict[str, Any]:
    """A section row (an exception, say) with its reason withheld if it is about a hidden value."""
    if (row.get("subject"), row.get("period")) in hidden and "reason" in row:
        return {**row, "reason": _REASON}
    return dict(row)


def _protected(subject: object, counted: Collection[str], hiding: Mapping[str, object]) -> bool:
    """Whether an indicator's values need hiding: a count, or one with a value hidden."""
    return subject in counted or str(subject) in hiding


def redact_evaluation(
    data: dict[str, Any], plan: Plan, *, min_count: int = MIN_PUBLISHED_COUNT
) -> dict[str, Any]:
    """A published copy of an evaluation's JSON form, with a ``disclosure`` block at the end."""
    hidden = suppressed_periods(plan, min_count=min_count)
    counted = {i.id for i in plan.indicators if i.unit == Unit.COUNT}
    by_subject: dict[str, list[float]] = {}
    for (indicator, label), value in hidden.items():
        by_subject.setdefault(indicator, []).append(value)
        by_subject.setdefault(f"{indicator}@{label}", []).append(value)
    statuses = []
    for status in data.get("statuses", []):
        key = (status.get("subject"), status.get("period"))
        if key in hidden:
            status = {**status, "reason": _REASON, "evidence": {"suppressed": True}}
        elif _protected(status.get("subject"), counted, by_subject) and isinstance(
            status.get("evidence"), dict
        ):
            values = by_subject.get(str(status.get("subject")), [])
            status = {
                **status,
                "evidence": _small_values_hidden(status["evidence"], min_count, values),
            }
        statuses.append(status)
    findings = []
    for finding in data.get("findings", []):
        subject = str(finding.get("subject", "")).split("/", 1)[0]
        if subject in by_subject:
            finding = {
                **finding,
                "message": _mask(str(finding.get("message", "")), by_subject[subject]),
                "evidence": {"suppressed": True},
            }
        findings.append(finding)
    published = {**data, "statuses": statuses, "findings": findings}
    if isinstance(data.get("trends"), list):
        published["trends"] = [
            _small_values_hidden(row, min_count, by_subject.get(str(row.get("indicator")), []))
            if _protected(row.get("indicator"), counted, by_subject)
            else row
            for row in data["trends"]
        ]
    if isinstance(data.get("exceptions"), list):
        published["exceptions"] = [redact_row(row, hidden) for row in data["exceptions"]]
    published["disclosure"] = {
        "published": True,
        "min_count": min_count,
        "suppressed": sorted(f"{i}@{label}" for i, label in hidden),
    }
    return published
