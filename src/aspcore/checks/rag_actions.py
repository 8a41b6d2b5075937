"""Rule family ``rag``, actions: the RAG status of every action at ``as_of``.

The guide: green is done or on schedule, red not done or behind schedule, amber in between.
The decision itself is :func:`aspcore.rag.rate_action`; these rules turn it into one status per
action (``RAG-001``), flag reported statuses that disagree with it (``RAG-002``) and ask for
the confirmation of a green or blue reported with nothing to rate it by (``RAG-003``).  They run
once per plan so that bad thresholds in a ruleset are reported once, not once per action, and
share the ratings through the evaluation's memo, so each action is rated once.
"""

from __future__ import annotations

from collections.abc import Iterator

from aspcore.checks.rag_params import check_rag_params
from aspcore.hookspecs import hookimpl
from aspcore.model import Action, ActionStatus, Finding, Plan, Rag, Status
from aspcore.rag import (
    DEFAULT_PARAMS,
    ActionRating,
    ActionThresholds,
    rate_action,
    reported_agrees,
)
from aspcore.rules.rule import Rule, RuleContext, rule

__all__ = ["aspcore_register_rules"]


def _ratings(plan: Plan, ctx: RuleContext) -> list[tuple[Action, ActionRating]]:
    """Every action with its rating under this rule's thresholds, computed once per evaluation."""
    thresholds = ActionThresholds.from_params(ctx.params)
    key = f"rag.action-ratings:{thresholds!r}"
    found: list[tuple[Action, ActionRating]] | None = ctx.memo.get(key)
    if found is None:
        found = [(a, rate_action(a, ctx.as_of, thresholds)) for a in plan.actions]
        ctx.memo[key] = found
    return found


@rule(
    "RAG-001",
    family="rag",
    title="Every action has a RAG status at the as-of date",
    applies_to="plan",
    severity="info",
    params=DEFAULT_PARAMS,
    check_params=check_rag_params,
)
def action_status(plan: Plan, ctx: RuleContext) -> Iterator[Status]:
    """One status per action: blue when complete, red when overdue or far behind, ..."""
    for action, rating in _ratings(plan, ctx):
        yield ctx.status(
            action.id, rating.rag, rating.reason, kind="action", evidence=rating.evidence
        )


@rule(
    "RAG-002",
    family="rag",
    title="A reported RAG status agrees with the computed one",
    applies_to="plan",
    severity="warning",
    params=DEFAULT_PARAMS,
    check_params=check_rag_params,
    suggestion="Update the reported status, or the dates and progress it should follow from",
)
def reported_status_agrees(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """A reported status that differs from the computed one is a changed status to explain."""
    for action, rating in _ratings(plan, ctx):
        if action.rag is None or rating.rag is None:
            continue
        complete = action.status is ActionStatus.COMPLETE or rating.from_report
        if reported_agrees(action.rag, rating.rag, complete=complete):
            continue
        yield ctx.finding(
            action.id,
            f"action {action.id} is reported {action.rag.value} but computes as "
            f"{rating.rag.value} at {ctx.as_of.isoformat()}: {rating.reason}",
            kind="action",
            evidence={
                "reported": action.rag,
                "computed": rating.rag,
                "reason": rating.reason,
                **rating.evidence,
            },
            line=action.line,
        )


@rule(
    "RAG-003",
    family="rag",
    title="A green or blue reported with no status or progress is confirmed by its owner",
    applies_to="plan",
    severity="info",
    params=DEFAULT_PARAMS,
    check_params=check_rag_params,
    suggestion="Ask the owner to confirm completion, then record a status (complete, or in "
    "progress with its progress)",
)
def reported_needs_confirming(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """The guide: "Green indicates that the activity has been done or is on schedule".  A row
    reported green (or blue) with no status or progress keeps its colour (``RAG-001``, rule 3),
    taken on trust: its owner should confirm it and record a status, so that the next review
    can rate it."""
    for action, rating in _ratings(plan, ctx):
        if not rating.from_report or action.rag is None:
            continue
        due = f", due {action.due.isoformat()}" if action.due else ""
        or_on_schedule = " or on schedule" if action.rag is Rag.GREEN else ""
        yield ctx.finding(
            action.id,
            f"action {action.id} is reported {action.rag.value} with no status or progress"
            f"{due}: ask its owner to confirm it is complete{or_on_schedule} and record a status",
            kind="action",
            evidence={"reported": action.rag, "computed": rating.rag, **rating.evidence},
            line=action.line,
        )


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The action rules of the RAG family."""
    return [action_status, reported_status_agrees, reported_needs_confirming]
