"""Rule family ``returns``: returns that are late (the guide: "share information in a timely
manner").

``RETURN-001`` warns once for every expected return that is overdue at the as-of date, naming
the indicator, the period, the agency (when the indicator lists ``agencies``) and how many days
overdue it is.  What is expected and when it is due is :mod:`aspcore.monitoring.schedule`; the
schedule is worked out once per evaluation and shared (``schedule_of``) with the indicator
rating, which rates grey an indicator whose latest due return has not arrived.
"""

from __future__ import annotations

from collections.abc import Iterator

from aspcore.hookspecs import hookimpl
from aspcore.model import Finding, Plan
from aspcore.monitoring.schedule import (
    DEFAULT_DUE_DAYS,
    ExpectedReturn,
    ReturnState,
    due_days_param,
    expected_returns,
)
from aspcore.rules.rule import Rule, RuleContext, rule

__all__ = ["aspcore_register_rules", "schedule_of"]

_MEMO = "returns-schedule"


def schedule_of(ctx: RuleContext) -> list[ExpectedReturn]:
    """The plan's expected returns at ``ctx.as_of``, under the ruleset's ``params.returns``."""
    found: list[ExpectedReturn] | None = ctx.memo.get(_MEMO)
    if found is None:
        days = due_days_param(ctx.family("returns"))
        found = ctx.memo[_MEMO] = expected_returns(ctx.plan, ctx.as_of, days)
    return found


@rule(
    "RETURN-001",
    family="returns",
    title="Every return due by the as-of date has arrived",
    applies_to="plan",
    severity="warning",
    params={"due_days": DEFAULT_DUE_DAYS},
    suggestion="Ask the agency for its return, or record why it cannot be sent",
)
def overdue_returns(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """One warning per overdue return: indicator, period, agency, days overdue."""
    lines = {i.id: i.line for i in plan.indicators}
    for expected in schedule_of(ctx):
        if expected.state is not ReturnState.OVERDUE:
            continue
        who = f" from {expected.agency}" if expected.agency else ""
        blank = " (a return arrived with no value)" if expected.blank else ""
        days = expected.days_overdue
        yield ctx.finding(
            f"{expected.indicator}@{expected.period.label}"
            + (f"/{expected.agency}" if expected.agency else ""),
            f"the {expected.period.label} return of indicator {expected.indicator}{who} was "
            f"due on {expected.due.isoformat()} and is {days} day{'s' * (days != 1)} "
            f"overdue{blank}",
            kind="indicator",
            evidence=expected.to_dict(),
            line=lines.get(expected.indicator),
        )


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The returns family."""
    return [overdue_returns]
