"""Rule family ``risk``, read against the plan: review dates and MoRiLE-to-plan alignment.

A risk names the objectives and actions it threatens and the date its register entry is next
reviewed.  The guide (section 4) says statutory services' risk registers "should be updated
regularly" and asks "What might affect these objectives? What are the risks? You can build these
risks into your planning and actions"; the workshop report lists, as an enabler against
"Resources (demand is outstripping supply)", "Align appropriate resources with demand and
priorities".  DOMAIN ("MoRiLE-style risk scoring") keeps a separate Confidence score beside the
risk score.  These rules turn that into findings:

* ``RISK-007`` a review date that has passed;
* ``RISK-008`` a high risk that no objective addresses;
* ``RISK-009`` a high risk assessed with low confidence (an intelligence gap);
* ``RISK-011`` an objective that addresses only lower risks while a high one has none.

"High" is read from each risk's own scheme: the bands coloured one of ``params.risk.high_rags``
(red by default), which are always the scheme's top bands; no score is written here.  The
scoring is shared with the other risk rules (:func:`~aspcore.checks.risk.assess`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from aspcore.checks.risk import (
    DEFAULT_PARAMS,
    Assessment,
    assess,
    check_risk_params,
    risk_params,
)
from aspcore.hookspecs import hookimpl
from aspcore.model import Finding, Plan
from aspcore.risk.alignment import is_high, linked_objectives
from aspcore.rules.rule import Rule, RuleContext, rule

__all__ = ["PLAN_RULES", "Alignment", "align", "aspcore_register_rules"]


@attrs.frozen
class Alignment:
    """The scored risks of a plan read against it.

    ``assessed`` holds every risk's assessment and ``linked`` maps every risk id to the
    objectives it is linked to (directly or through an action); ``high`` and ``lower`` hold the
    scored risks in and below their scheme's high bands, in plan order; ``unaddressed`` the high
    risks no objective addresses.
    """

    linked: Mapping[str, tuple[str, ...]]
    high: tuple[Assessment, ...]
    lower: tuple[Assessment, ...]
    unaddressed: tuple[Assessment, ...]
    assessed: tuple[Assessment, ...]


def align(plan: Plan, ctx: RuleContext) -> Alignment | None:
    """The plan's alignment, computed once per evaluation; ``None`` when no risk was assessed
    (no risks, or a broken parameter, which ``RISK-010`` reports)."""
    key = "risk:alignment"
    if key not in ctx.memo:
        assessments = assess(plan, ctx)[0]
        ctx.memo[key] = _align(plan, assessments, ctx) if assessments else None
    found: Alignment | None = ctx.memo[key]
    return found


def _align(plan: Plan, assessments: list[Assessment], ctx: RuleContext) -> Alignment:
    rags = risk_params(ctx.params).high_rags
    linked = {item.risk.id: linked_objectives(plan, item.risk) for item in assessments}
    high: list[Assessment] = []
    lower: list[Assessment] = []
    for item in assessments:
        if item.scheme is not None and item.result is not None and item.result.scored:
            (high if is_high(item.scheme, item.result, rags) else lower).append(item)
    return Alignment(
        linked=linked,
        high=tuple(high),
        lower=tuple(lower),
        unaddressed=tuple(i for i in high if not linked[i.risk.id]),
        assessed=tuple(assessments),
    )


def _about(item: Assessment) -> str:
    """``12 under fife-4x4, band Very high``."""
    assert item.result is not None
    return f"{item.result.score} under {item.result.scheme}, band {item.result.label}"


def _evidence(item: Assessment, found: Alignment, ctx: RuleContext) -> dict[str, Any]:
    """What every alignment finding says about a risk: its score, band, scheme, confidence and
    the objectives it is linked to, with the bands that count as high under its scheme."""
    result, scheme = item.result, item.scheme
    assert result is not None and scheme is not None
    rags = risk_params(ctx.params).high_rags
    return {
        "risk": item.risk.id,
        "scheme": scheme.name,
        "score": result.score,
        "band": result.band,
        "label": result.label,
        "priority": result.priority,
        "confidence": result.confidence_label or result.confidence,
        "objectives": list(found.linked[item.risk.id]),
        "actions": list(item.risk.actions),
        "high_bands": [band.to_dict() for band in scheme.bands_coloured(rags)],
    }


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


@rule(
    "RISK-007",
    family="risk",
    title="A risk is reviewed by its review date",
    applies_to="plan",
    severity="warning",
    params=DEFAULT_PARAMS,
    check_params=check_risk_params,
    suggestion="Review the risk (its scores, confidence and mitigation) and set the next "
    "review_by date",
)
def reviewed(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """A risk whose ``review_by`` date is before ``as_of`` is overdue for review (on the date
    itself it is not); the finding says by how many days.  Guide, section 4: risk registers
    "should be updated regularly"."""
    for risk in plan.risks:
        if risk.review_by is None or risk.review_by >= ctx.as_of:
            continue
        days = (ctx.as_of - risk.review_by).days
        yield ctx.finding(
            risk.id,
            f"risk {risk.id} was due for review by {risk.review_by.isoformat()}: "
            f"{_days(days)} overdue at {ctx.as_of.isoformat()}",
            kind="risk",
            evidence={
                "review_by": risk.review_by.isoformat(),
                "as_of": ctx.as_of.isoformat(),
                "days_overdue": days,
                "owner": risk.owner,
            },
            line=risk.line,
        )


@rule(
    "RISK-008",
    family="risk",
    title="A high risk is addressed by an objective",
    applies_to="plan",
    severity="warning",
    params=DEFAULT_PARAMS,
    check_params=check_risk_params,
)
def addressed(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """A risk in one of its scheme's high bands (``high_rags``) is linked to an objective,
    directly (``objectives``) or through a linked action's objective (``actions``).  Workshop
    report: "Align appropriate resources with demand and priorities"."""
    found = align(plan, ctx)
    if found is None:
        return
    for item in found.unaddressed:
        rid, actions = item.risk.id, item.risk.actions
        why = (
            f"; its action(s) {', '.join(actions)} serve no objective in the plan"
            if actions
            else ""
        )
        yield ctx.finding(
            rid,
            f"risk {rid} is high ({_about(item)}) but no objective addresses it{why}",
            kind="risk",
            evidence=_evidence(item, found, ctx),
            suggestion=f"Link {rid} to the objective or action that responds to it "
            "(objectives: [...] or actions: [...] on the risk), or add an objective for it, "
            "so that resources follow the priority",
            line=item.risk.line,
        )


@rule(
    "RISK-009",
    family="risk",
    title="A high risk is not assessed with low confidence (an intelligence gap)",
    applies_to="plan",
    severity="warning",
    params=DEFAULT_PARAMS,
    check_params=check_risk_params,
)
def intelligence_gap(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """A risk in a high band whose confidence is one of ``low_confidence`` (a label of its
    scheme's confidence scale) is an intelligence gap.  DOMAIN: MoRiLE gives "a Risk score, a
    separate Confidence score"; a high score held with low confidence rests on weak
    information."""
    found = align(plan, ctx)
    if found is None:
        return
    low = risk_params(ctx.params).low_confidence
    for item in found.high:
        label = item.result.confidence_label if item.result else None
        if label is None or label.strip().lower() not in low:
            continue
        rid = item.risk.id
        yield ctx.finding(
            rid,
            f"risk {rid} is high ({_about(item)}) but its confidence is {label}: "
            "an intelligence gap",
            kind="risk",
            evidence=_evidence(item, found, ctx),
            suggestion=f"Gather the information that would confirm or revise {rid}'s score, "
            "then re-score it and its confidence",
            line=item.risk.line,
        )


@rule(
    "RISK-011",
    family="risk",
    title="An objective addresses a high risk when one has none",
    applies_to="plan",
    severity="info",
    params=DEFAULT_PARAMS,
    check_params=check_risk_params,
)
def aligned(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """While a high risk has no objective (RISK-008), each objective whose linked risks are all
    scored and below the high bands is named, as where resources might be realigned.  Workshop
    report: "Align appropriate resources with demand and priorities".  Information only: an
    objective may rightly serve the vision rather than a risk, and the gap itself is RISK-008's
    warning."""
    found = align(plan, ctx)
    if found is None or not found.unaddressed:
        return
    lower = {item.risk.id for item in found.lower}
    by_objective: dict[str, list[Assessment]] = {}
    for item in found.assessed:
        for oid in found.linked[item.risk.id]:
            by_objective.setdefault(oid, []).append(item)
    gaps = ", ".join(f"{i.risk.id} ({_about(i)})" for i in found.unaddressed)
    for objective in plan.objectives:
        risks = by_objective.get(objective.id, [])
        if not risks or any(item.risk.id not in lower for item in risks):
            continue
        mine = ", ".join(f"{i.risk.id} ({_about(i)})" for i in risks)
        yield ctx.finding(
            objective.id,
            f"objective {objective.id} addresses only lower risks ({mine}) while high risk(s) "
            f"{gaps} have no objective",
            kind="objective",
            evidence={
                "objective": objective.id,
                "risks": [_evidence(i, found, ctx) for i in risks],
                "unaddressed": [_evidence(i, found, ctx) for i in found.unaddressed],
            },
            suggestion=f"Check that the effort on {objective.id} matches the priorities: should "
            f"it, or another objective, respond to "
            f"{', '.join(i.risk.id for i in found.unaddressed)}?",
            line=objective.line,
        )


#: The rules of this module, registered by :mod:`aspcore.checks.risk`.
PLAN_RULES: list[Rule] = [reviewed, addressed, intelligence_gap, aligned]


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The risk family's rules that read risks against the plan."""
    return list(PLAN_RULES)
