"""Rule family ``rag``, indicators: colour against target per period, and direction of travel.

Each indicator's observations are combined per period (summed, or averaged for percentages) and
rated under the scheme ``params.rag.scheme`` (Belfast, Havering, Camms, a plugin's or the ruleset's
own): one ``indicator-period`` status per observed period and one ``indicator`` status for the
latest period, grey when nothing was observed (``RAG-010``) or when the latest return that is
due has not arrived (never green from stale data; the last rating stays in the evidence).
``RAG-011`` writes the ``trends`` section, the arrows against the previous period (the baseline,
for the first period reported) and the same period last year.  ``RAG-012`` flags a target whose
comparison contradicts the indicator's polarity, which decides the direction of rating.
``RAG-013`` flags an indicator reported in both calendar and financial periods.
"""

from __future__ import annotations

from collections.abc import Iterator

from aspcore.checks.returns import schedule_of
from aspcore.hookspecs import hookimpl
from aspcore.model import Finding, Indicator, Plan, Polarity, Rag, Status
from aspcore.monitoring.schedule import ExpectedReturn, ReturnState
from aspcore.periods import Period
from aspcore.plugins import manager_or_default
from aspcore.rag import DEFAULT_PARAMS, direction, scheme_from_params
from aspcore.rag.conventions import mixed_systems
from aspcore.rag.indicators import (
    IndicatorRating,
    before,
    by_indicator,
    period_values,
    rate_period,
)
from aspcore.rag.params import number, text_list
from aspcore.rag.scheme_files import registered_schemes
from aspcore.rules.rule import Row, Rule, RuleContext, rule

__all__ = ["aspcore_register_rules"]


@rule(
    "RAG-010",
    family="rag",
    title="Every indicator has a RAG status against its target",
    applies_to="plan",
    severity="info",
    params=DEFAULT_PARAMS,
)
def indicator_status(plan: Plan, ctx: RuleContext) -> Iterator[Status]:
    """One status per indicator per observed period, and one for the latest period."""
    scheme = scheme_from_params(ctx.params, registered_schemes(manager_or_default(ctx.plugins)))
    average = text_list(ctx.params, "average_units")
    tolerance = number(ctx.params, "unchanged_tolerance", low=0)
    observations = by_indicator(plan.observations)
    overdue = _latest_overdue(schedule_of(ctx))
    for indicator in plan.indicators:
        values = period_values(indicator, observations.get(indicator.id, ()), average)
        late = overdue.get(indicator.id)
        if not values and late is None:
            yield ctx.status(
                indicator.id,
                Rag.GREY,
                f"indicator {indicator.id} has no observations",
                kind="indicator",
                evidence={"observations": 0, **scheme.describe()},
            )
            continue
        rating = None
        for label in values:
            rating = rate_period(indicator, values, label, scheme, tolerance)
            yield ctx.status(
                indicator.id,
                rating.rag,
                rating.reason,
                kind="indicator-period",
                evidence=rating.evidence,
                period=label,
            )
        if late is not None and (rating is None or rating.period.end <= late.period.end):
            yield _overdue_status(ctx, indicator, late, rating)
            continue
        assert rating is not None
        yield ctx.status(
            indicator.id,
            rating.rag,
            f"latest period {rating.reason}",
            kind="indicator",
            evidence={**rating.evidence, "periods_observed": list(values)},
            period=rating.period.label,
        )


def _latest_overdue(schedule: list[ExpectedReturn]) -> dict[str, ExpectedReturn]:
    """Each indicator's latest overdue return (the first agency's, when several are late)."""
    latest: dict[str, ExpectedReturn] = {}
    for expected in schedule:
        if expected.state is not ReturnState.OVERDUE:
            continue
        held = latest.get(expected.indicator)
        if held is None or held.period.end < expected.period.end:
            latest[expected.indicator] = expected
    return latest


def _overdue_status(
    ctx: RuleContext, indicator: Indicator, late: ExpectedReturn, rating: IndicatorRating | None
) -> Status:
    """Grey: the latest return due has not arrived, so the last value is stale."""
    who = f" from {late.agency}" if late.agency else ""
    before = (
        f"; last rated {rating.period.label}: {rating.rag.value}"
        if rating is not None
        else "; nothing has been reported"
    )
    return ctx.status(
        indicator.id,
        Rag.GREY,
        f"overdue: the {late.period.label} return{who} was due on {late.due.isoformat()} "
        f"({late.days_overdue} days ago){before}",
        kind="indicator",
        evidence={
            "overdue": late.to_dict(),
            "last_rating": None
            if rating is None
            else {
                "period": rating.period.label,
                "rag": rating.rag,
                "reason": rating.reason,
                **rating.evidence,
            },
        },
        period=late.period.label,
    )


@rule(
    "RAG-011",
    family="rag",
    title="Direction of travel of every indicator",
    applies_to="plan",
    severity="info",
    params=DEFAULT_PARAMS,
)
def trends(plan: Plan, ctx: RuleContext) -> Iterator[Row]:
    """The ``trends`` section: each period against the previous one (or the baseline, for the
    first period reported) and the same one last year."""
    average = text_list(ctx.params, "average_units")
    tolerance = number(ctx.params, "unchanged_tolerance", low=0)
    observations = by_indicator(plan.observations)
    for indicator in plan.indicators:
        values = period_values(indicator, observations.get(indicator.id, ()), average)
        for label, current in values.items():
            travel = before(indicator, values, label, paced=False)
            last_year = values.get(current.period.same_period_last_year().label)
            year_ago = last_year.value if last_year else None
            yield Row(
                "trends",
                {
                    "indicator": indicator.id,
                    "period": label,
                    "value": current.value,
                    "polarity": indicator.polarity.value,
                    "previous": travel.previous,
                    "previous_from": travel.source,
                    "vs_previous": direction(
                        travel.current, travel.previous, indicator.polarity, tolerance
                    ).value,
                    "same_period_last_year": year_ago,
                    "vs_last_year": direction(
                        current.value, year_ago, indicator.polarity, tolerance
                    ).value,
                },
            )


_AGAINST = {Polarity.HIGHER: ("<=", "<"), Polarity.LOWER: (">=", ">")}


@rule(
    "RAG-012",
    family="rag",
    title="An indicator's target comparison agrees with its polarity",
    applies_to="indicator",
    severity="warning",
    params=DEFAULT_PARAMS,
    suggestion="Set polarity: lower for indicators where less is better, or correct the target",
)
def target_agrees_with_polarity(indicator: Indicator, ctx: RuleContext) -> Finding | None:
    """RAG rates by polarity; a target written the other way round means one of them is wrong."""
    target = indicator.target
    if target is None or target.op not in _AGAINST[indicator.polarity]:
        return None
    return ctx.finding(
        indicator.id,
        f"indicator {indicator.id} has the target '{target.op} {target.value:g}' but its "
        f"polarity says {indicator.polarity.value} is better; RAG ratings follow the polarity",
        evidence={"target_op": target.op, "target": target.value, "polarity": indicator.polarity},
        line=indicator.line,
    )


@rule(
    "RAG-013",
    family="rag",
    title="An indicator is reported in one period system, calendar or financial",
    applies_to="plan",
    severity="warning",
    params=DEFAULT_PARAMS,
    suggestion="Report the indicator in one system: financial periods (2018-19 Q2), or "
    "calendar ones (2018 Q3) with calendar: true, as NRM statistics are",
)
def one_period_system(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """``2018 Q3`` and ``2018-19 Q2`` are the same three months: an indicator reported in
    both is combined per months and labelled in its own convention, never rated twice; but a
    mix usually means two sources count differently, which someone should check."""
    periods: dict[str, list[Period]] = {}
    for obs in plan.observations:
        periods.setdefault(obs.indicator, []).append(obs.period)
    for indicator in plan.indicators:
        mixed = mixed_systems(periods.get(indicator.id, ()))
        if not mixed:
            continue
        system = "calendar" if indicator.calendar else "financial"
        yield ctx.finding(
            indicator.id,
            f"indicator {indicator.id} is reported in calendar periods "
            f"({', '.join(mixed['calendar'])}) and financial periods "
            f"({', '.join(mixed['financial'])}); quarters of the same months are combined and "
            f"rated once, labelled as {system} quarters (calendar: "
            f"{'true' if indicator.calendar else 'false'})",
            kind="indicator",
            evidence={**mixed, "labelled_as": system},
            line=indicator.line,
        )


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The indicator rules of the RAG family."""
    return [indicator_status, trends, target_agrees_with_polarity, one_period_system]
