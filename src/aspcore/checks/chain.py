"""Rule family ``chain``: the results chain and what the plan measures (guide, section 2).

Inputs → Activities → Outputs → Outcomes → Impact: every objective needs actions, every action
must lead to an output, outputs to outcomes and outcomes to an impact, without cycles.  Outputs
and outcomes need indicators, and every indicator needs a means of verification and someone who
collects it (workshops: the first barrier is that nobody collects the data).  Measurement balance
and coverage show whether the plan measures outcomes for survivors or only activity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from aspcore.checks.graph import ChainGraph, graph_of
from aspcore.checks.outcome_balance import levels_by_pillar, outcome_findings
from aspcore.hookspecs import hookimpl
from aspcore.model import (
    Action,
    Assumption,
    ChainLevel,
    ChainNode,
    Finding,
    Indicator,
    IndicatorLevel,
    Objective,
    PathwayStage,
    Plan,
)
from aspcore.rules.rule import Row, Rule, RuleContext, rule

__all__ = ["aspcore_register_rules"]

_NEXT = {
    ChainLevel.ACTIVITY: ChainLevel.OUTPUT,
    ChainLevel.OUTPUT: ChainLevel.OUTCOME,
    ChainLevel.OUTCOME: ChainLevel.IMPACT,
}
_ORDER = list(ChainLevel)


@rule(
    "CHAIN-001",
    family="chain",
    title="Every objective has at least one action",
    applies_to="objective",
    severity="warning",
    suggestion="Add the actions that will deliver this objective, each with an owner",
)
def objective_has_actions(objective: Objective, ctx: RuleContext) -> Finding | None:
    """An objective with no action is an aspiration, not a plan (guide, section 3)."""
    if ctx.plan.actions_of(objective.id):
        return None
    return ctx.finding(
        objective.id,
        f"objective {objective.id} has no actions",
        evidence={"actions": 0},
        line=objective.line,
    )


@rule(
    "CHAIN-002",
    family="chain",
    title="Every action leads to an output",
    applies_to="action",
    severity="warning",
    params={"require_outputs": True},
    suggestion="Add an output node with 'from: [<action id>]' saying what the action produces",
)
def action_leads_to_output(action: Action, ctx: RuleContext) -> Finding | None:
    """Actions should produce something measurable (guide glossary: outputs)."""
    if not ctx.param("require_outputs") or not ctx.plan.chain:
        return None
    if graph_of(ctx).leads_to(action.id, ChainLevel.OUTPUT):
        return None
    return ctx.finding(
        action.id, f"action {action.id} does not lead to any output", line=action.line
    )


def _leads(node: ChainNode, ctx: RuleContext, graph: ChainGraph) -> Finding | None:
    wanted = _NEXT.get(node.level)
    if wanted is None or graph.leads_to(node.id, wanted):
        return None
    return ctx.finding(
        node.id,
        f"{node.level} {node.id} does not lead to any {wanted}",
        evidence={"level": node.level, "expected_next": wanted},
        suggestion=f"Add a {wanted} node with 'from: [{node.id}]'",
        line=node.line,
    )


@rule(
    "CHAIN-003",
    family="chain",
    title="Outputs lead to outcomes and outcomes to an impact",
    applies_to="chain-node",
    severity="warning",
)
def node_leads_on(node: ChainNode, ctx: RuleContext) -> Finding | None:
    """The chain should reach outcomes for survivors and an impact (guide, Table 2)."""
    if node.level not in (ChainLevel.OUTPUT, ChainLevel.OUTCOME):
        return None
    return _leads(node, ctx, graph_of(ctx))


@rule(
    "CHAIN-004",
    family="chain",
    title="The results chain has no cycles",
    applies_to="plan",
    severity="error",
    suggestion="Remove one of the 'from' links so the chain runs one way",
)
def no_cycles(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """A chain that loops back on itself has no beginning or end to measure."""
    for cycle in graph_of(ctx).cycles():
        yield ctx.finding(
            cycle[0],
            "the results chain has a cycle: " + " -> ".join([*cycle, cycle[0]]),
            kind="chain-node",
            evidence={"cycle": cycle},
        )


@rule(
    "CHAIN-005",
    family="chain",
    title="Links run forward through the chain",
    applies_to="chain-node",
    severity="warning",
)
def links_run_forward(node: ChainNode, ctx: RuleContext) -> Iterator[Finding]:
    """A node should follow from a lower level (an outcome from an output, not the reverse)."""
    graph = graph_of(ctx)
    for source in node.sources:
        level = graph.level.get(source)
        if level is not None and _ORDER.index(level) >= _ORDER.index(node.level):
            yield ctx.finding(
                node.id,
                f"{node.level} {node.id} follows from {level} {source}, which is not an "
                "earlier level",
                evidence={"source": source, "source_level": level, "level": node.level},
                suggestion="Check the node's level or its 'from' list",
                line=node.line,
            )


@rule(
    "CHAIN-006",
    family="chain",
    title="Outputs and outcomes have indicators",
    applies_to="chain-node",
    severity="warning",
    params={"levels_needing_indicators": ["output", "outcome"]},
    suggestion="Link an indicator that shows whether this was achieved",
)
def node_has_indicator(node: ChainNode, ctx: RuleContext) -> Finding | None:
    """What is not measured cannot be shown to work (guide, section 4)."""
    if node.level.value not in ctx.param("levels_needing_indicators") or node.indicators:
        return None
    return ctx.finding(node.id, f"{node.level} {node.id} has no indicator", line=node.line)


@rule(
    "CHAIN-007",
    family="chain",
    title="Every indicator has a means of verification",
    applies_to="indicator",
    severity="warning",
    suggestion="Name the data source (e.g. 'NRM statistics', 'case records')",
)
def indicator_has_source(indicator: Indicator, ctx: RuleContext) -> Finding | None:
    """LogFrame column 'means of verification' (guide, Table 6)."""
    if indicator.source:
        return None
    return ctx.finding(indicator.id, f"indicator {indicator.id} has no source", line=indicator.line)


@rule(
    "CHAIN-008",
    family="chain",
    title="Every indicator has someone who collects it",
    applies_to="indicator",
    severity="warning",
    suggestion="Name the person or agency who collects and records this data",
)
def indicator_has_owner(indicator: Indicator, ctx: RuleContext) -> Finding | None:
    """Workshops: the first barrier to measuring is that nobody is collecting the data."""
    if indicator.owner:
        return None
    return ctx.finding(
        indicator.id,
        f"indicator {indicator.id} has no owner to collect it",
        line=indicator.line,
    )


@rule(
    "CHAIN-009",
    family="chain",
    title="The plan measures outcomes, not only activity",
    applies_to="plan",
    severity="warning",
    params={"outcome_levels": ["outcome", "impact"]},
    suggestion="Add an outcome indicator to each pillar; CHAIN-012 names the pillars and "
    "objectives measured only by activity and quotes the guide's outcome example for each",
)
def measurement_balance(plan: Plan, ctx: RuleContext) -> Iterator[Finding | Row]:
    """Partnerships mostly count inputs (Partnerships for Freedom, 2020); show the balance.

    The summary finding is plan-wide; ``CHAIN-012`` reports each pillar and objective.
    """
    by_pillar = levels_by_pillar(plan, graph_of(ctx))
    levels = [lvl.value for lvl in IndicatorLevel] + ["unknown"]
    for pillar in sorted(by_pillar):
        counts = by_pillar[pillar]
        total = sum(counts.values())
        yield Row(
            "balance",
            {
                "pillar": pillar,
                "total": total,
                **{lvl: counts.get(lvl, 0) for lvl in levels},
                "outcome_share": round(
                    sum(counts.get(lvl, 0) for lvl in ctx.param("outcome_levels")) / total, 3
                ),
            },
        )
    outcome = [i.id for i in plan.indicators if i.level and i.level in ctx.param("outcome_levels")]
    if plan.indicators and not outcome:
        yield ctx.finding(
            plan.partnership,
            f"all {len(plan.indicators)} indicators measure inputs, processes or outputs; "
            "the plan measures activity, not outcomes for survivors",
            evidence={"levels": dict(Counter(str(i.level) for i in plan.indicators))},
        )


@rule(
    "CHAIN-010",
    family="chain",
    title="Pillars and pathway stages are covered",
    applies_to="plan",
    severity="info",
)
def coverage(plan: Plan, ctx: RuleContext) -> Iterator[Finding | Row]:
    """Gaps in the 4Ps or the victim care pathway (guide, Tables 2 and 3) are worth seeing."""
    graph = graph_of(ctx)
    for pillar in plan.pillars:
        objectives = [o for o in plan.objectives if o.pillar == pillar]
        levels: Counter[str] = Counter()
        for node in plan.chain:
            if pillar in graph.pillars_of(node.id):
                levels[node.level.value] += 1
        row: dict[str, Any] = {
            "pillar": pillar.value,
            "objectives": len(objectives),
            **{lvl.value: levels.get(lvl.value, 0) for lvl in ChainLevel},
            **{
                f"stage:{s.value}": sum(1 for o in objectives if o.stage == s) for s in PathwayStage
            },
        }
        yield Row("coverage", row)
        if not objectives:
            yield ctx.finding(
                pillar.value,
                f"no objective serves the {pillar} pillar",
                kind="pillar",
                suggestion=f"Consider whether the partnership has work under {pillar}",
            )
    for stage in PathwayStage:
        if not any(o.stage == stage for o in plan.objectives):
            yield ctx.finding(
                stage.value,
                f"no objective covers the {stage} stage of the victim care pathway",
                kind="stage",
                suggestion="See the guide's Table 3 for objectives at each stage",
            )


@rule(
    "CHAIN-011",
    family="chain",
    title="Every assumption is tested by an indicator",
    applies_to="assumption",
    severity="warning",
    suggestion="Link an indicator that would show whether the assumption holds",
)
def assumption_tested(assumption: Assumption, ctx: RuleContext) -> Finding | None:
    """Assumptions link levels ('training will increase identification') and must be tested."""
    if assumption.indicator:
        return None
    return ctx.finding(
        assumption.id,
        f"assumption {assumption.id} is not tested by any indicator",
        line=assumption.line,
    )


@rule(
    "CHAIN-012",
    family="chain",
    title="Each pillar and each objective measures outcomes",
    applies_to="plan",
    severity="warning",
    params={"outcome_levels": ["outcome", "impact"]},
    suggestion="Add an outcome indicator; the guide's examples are in section 4 and Tables 2-3",
)
def outcome_balance(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """A pillar or objective measured only by activity, with its pillar's guide example.

    The plan-wide count (CHAIN-009) hides a Pursue objective measured only by outputs once any
    other pillar measures an outcome; the suggestion quotes the guide's outcome example for the
    pillar, e.g. "proportion of offenders brought to justice" for Pursue (guide, section 4).
    """
    return outcome_findings(plan, ctx)


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The chain family's rules."""
    return [
        objective_has_actions,
        action_leads_to_output,
        node_leads_on,
        no_cycles,
        links_run_forward,
        node_has_indicator,
        indicator_has_source,
        indicator_has_owner,
        measurement_balance,
        coverage,
        assumption_tested,
        outcome_balance,
    ]
