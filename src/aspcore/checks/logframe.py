"""Rule family ``logframe``: the LogFrame rows are complete (guide, Table 6).

A LogFrame has rows Goal, Purpose, Outputs and Activities, and columns objectives, indicators of
achievement, means of verification and risks and assumptions.  The rows are read from the
results chain (impact → Goal, outcome → Purpose, output → Outputs, activity nodes and actions →
Activities); risks are placed by their ``level``.  The ``logframe`` section holds the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aspcore.checks.graph import ChainGraph, graph_of
from aspcore.hookspecs import hookimpl
from aspcore.model import ChainLevel, Finding, Plan
from aspcore.rules.rule import Row, Rule, RuleContext, rule

__all__ = ["LOGFRAME_ROWS", "aspcore_register_rules", "logframe_table"]

#: LogFrame row → the chain level it is read from, and the risk levels that belong to it.
LOGFRAME_ROWS: dict[str, tuple[ChainLevel, tuple[str, ...]]] = {
    "goal": (ChainLevel.IMPACT, ("goal", "impact")),
    "purpose": (ChainLevel.OUTCOME, ("purpose", "outcome")),
    "outputs": (ChainLevel.OUTPUT, ("output", "outputs")),
    "activities": (ChainLevel.ACTIVITY, ("activity", "activities", "action")),
}


def logframe_table(plan: Plan, graph: ChainGraph | None = None) -> list[dict[str, Any]]:
    """The LogFrame as rows: objectives, indicators, means of verification, risks/assumptions."""
    graph = graph or ChainGraph(plan)
    rows: list[dict[str, Any]] = []
    for name, (level, risk_levels) in LOGFRAME_ROWS.items():
        nodes = graph.at_level([level])
        ids = {n.id for n in nodes}
        objectives = [n.statement or n.id for n in nodes]
        indicator_ids = [i for n in nodes for i in n.indicators]
        if level == ChainLevel.ACTIVITY:
            ids |= {a.id for a in plan.actions}
            objectives += [a.statement or a.id for a in plan.actions]
        indicators = [plan.indicator(i) for i in dict.fromkeys(indicator_ids)]
        known = [i for i in indicators if i is not None]
        risks = [r.statement or r.id for r in plan.risks if (r.level or "").lower() in risk_levels]
        assumptions = [s.statement or s.id for s in plan.assumptions if ids.intersection(s.links)]
        rows.append(
            {
                "row": name,
                "objectives": objectives,
                "indicators": [i.name or i.id for i in known],
                "verification": sorted({i.source for i in known if i.source}),
                "risks_assumptions": risks + assumptions,
            }
        )
    return rows


@rule(
    "LOGFRAME-001",
    family="logframe",
    title="Each LogFrame row has indicators, means of verification and risks or assumptions",
    applies_to="plan",
    severity="info",
    params={"rows": ["goal", "purpose", "outputs", "activities"]},
    suggestion="Complete the LogFrame row (guide, Table 6)",
)
def logframe_complete(plan: Plan, ctx: RuleContext) -> Iterator[Finding | Row]:
    """Table 6: every row needs success measures, data sources and risks/assumptions."""
    wanted = set(ctx.param("rows"))
    for row in logframe_table(plan, graph_of(ctx)):
        yield Row("logframe", row)
        if row["row"] not in wanted:
            continue
        if not row["objectives"]:
            yield ctx.finding(
                row["row"],
                f"the LogFrame has no {row['row']} (no chain node at that level)",
                kind="logframe-row",
            )
            continue
        missing = [
            label
            for key, label in (
                ("indicators", "indicators of achievement"),
                ("verification", "means of verification"),
                ("risks_assumptions", "risks or assumptions"),
            )
            if not row[key]
        ]
        if missing:
            yield ctx.finding(
                row["row"],
                f"the LogFrame {row['row']} row has no " + ", no ".join(missing),
                kind="logframe-row",
                evidence={"missing": missing},
            )


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The LogFrame family's rules."""
    return [logframe_complete]
