"""Outcome balance per pillar and per objective, with each pillar's outcome example from the guide.

Partnerships mostly count inputs and outputs (*Partnerships for Freedom*, 2020).  A plan-wide
count (``CHAIN-009``) hides a pillar, or an objective, measured only by activity as soon as any
other pillar has an outcome indicator.  ``CHAIN-012`` (declared with the chain family's rules)
looks at each pillar and each objective with the helpers here; its suggestion quotes the
guide's outcome example for that pillar, or says that the guide gives none.  The level counts
per pillar are also the ``balance`` section that ``CHAIN-009`` writes, so both count alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from aspcore.checks.graph import ChainGraph, graph_of
from aspcore.model import Finding, IndicatorLevel, Objective, Pillar, Plan
from aspcore.rules.rule import RuleContext

__all__ = [
    "OUTCOME_EXAMPLES",
    "levels_by_pillar",
    "measures_only_activity",
    "objective_levels",
    "outcome_findings",
    "outcome_suggestion",
]

#: Level name for indicators that give none (counted in the ``balance`` section, never judged).
UNKNOWN = "unknown"

#: What the guide offers as an outcome measure for each of the UK 4Ps, quoted.  Pursue and
#: Prepare have outcome indicators the guide names as such (section 4, "Performance indicators");
#: for Prevent and Protect it names outcomes but no indicator, and the text says so.  Each value
#: continues the sentence "Add an outcome indicator for the <pillar> pillar".
OUTCOME_EXAMPLES: dict[Pillar, str] = {
    Pillar.PURSUE: ", e.g. 'proportion of offenders brought to justice' (guide, section 4: the "
    "outcome indicator when a priority objective is investigative performance under the "
    "'pursue' remit)",
    Pillar.PREPARE: ", e.g. 'the detection rate on first contact for victims of modern slavery' "
    "(guide, section 4: an outcome indicator for victim identification) or Table 3's KPI "
    "'Percentage of victims in long-term accommodation'",
    Pillar.PREVENT: "; the guide names no outcome indicator for Prevent, but Table 2's Prevent "
    "outcome is 'Reduction in the rate of hand car wash offences'",
    Pillar.PROTECT: "; the guide names no outcome indicator for Protect, but Hampshire's Protect "
    "objective (Example 1) names the outcome 'Increased reporting of modern slavery from "
    "professionals and the public'",
}


def outcome_suggestion(pillar: Pillar | None) -> str:
    """The suggestion for a pillar (or an objective of it) measured only by activity."""
    if pillar is None:
        return (
            "Add an outcome indicator, and tag the objective with its pillar so the guide's "
            "example for that pillar can be suggested"
        )
    example = OUTCOME_EXAMPLES.get(pillar)
    if example is None:
        example = (
            "; the guide, written for the UK 4Ps, gives no outcome example for this pillar "
            "(its outcome indicators are in section 4, 'Performance indicators')"
        )
    return f"Add an outcome indicator for the {pillar} pillar{example}"


def _level(level: IndicatorLevel | None) -> str:
    return level.value if level else UNKNOWN


def levels_by_pillar(plan: Plan, graph: ChainGraph) -> dict[str, Counter[str]]:
    """Indicator levels per pillar served (``none`` for indicators that serve no pillar)."""
    by_pillar: dict[str, Counter[str]] = {}
    for indicator in plan.indicators:
        pillars = sorted(p.value for p in graph.indicator_pillars(indicator.id)) or ["none"]
        for pillar in pillars:
            by_pillar.setdefault(pillar, Counter())[_level(indicator.level)] += 1
    return by_pillar


def objective_levels(objective: Objective, plan: Plan) -> Counter[str]:
    """Levels of the indicators an objective is measured by (its ``indicators`` list)."""
    found = (plan.indicator(i) for i in objective.indicators)
    return Counter(_level(ind.level) for ind in found if ind is not None)


def measures_only_activity(counts: Counter[str], outcome_levels: Iterable[str]) -> bool:
    """Whether the indicators counted have known levels and none is an outcome level."""
    known = {lvl: n for lvl, n in counts.items() if lvl != UNKNOWN and n}
    return bool(known) and not set(known) & set(outcome_levels)


def _described(counts: Counter[str]) -> str:
    levels = [lvl.value for lvl in IndicatorLevel] + [UNKNOWN]
    parts = [f"{counts[lvl]} {lvl}" for lvl in levels if counts[lvl]]
    return " and ".join(parts) + " indicator" + ("" if counts.total() == 1 else "s")


def outcome_findings(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """The findings of ``CHAIN-012``: pillars and objectives measured only by activity.

    A pillar whose indicators are all inputs, processes or outputs is one finding that names its
    objectives measured the same way; an objective is reported on its own when its pillar does
    measure outcomes elsewhere, or when it has no pillar.  Each gap is reported once.
    """
    outcome_levels = ctx.param("outcome_levels")
    flagged: set[str] = set()
    for pillar_name, counts in sorted(levels_by_pillar(plan, graph_of(ctx)).items()):
        if pillar_name == "none" or not measures_only_activity(counts, outcome_levels):
            continue
        flagged.add(pillar_name)
        pillar = Pillar(pillar_name)
        objectives = [
            o.id
            for o in plan.objectives
            if o.pillar == pillar
            and measures_only_activity(objective_levels(o, plan), outcome_levels)
        ]
        plural = "s" if len(objectives) > 1 else ""
        named = f" (objective{plural} {', '.join(objectives)})" if objectives else ""
        yield ctx.finding(
            pillar_name,
            f"the {pillar_name} pillar is measured by {_described(counts)} and no outcome "
            f"indicator{named}",
            kind="pillar",
            evidence={"levels": dict(counts), "objectives": objectives},
            suggestion=outcome_suggestion(pillar),
        )
    for objective in plan.objectives:
        counts = objective_levels(objective, plan)
        if not measures_only_activity(counts, outcome_levels):
            continue
        if objective.pillar is not None and objective.pillar.value in flagged:
            continue
        pillar_value = objective.pillar.value if objective.pillar else None
        where = f" ({pillar_value})" if pillar_value else ""
        yield ctx.finding(
            objective.id,
            f"objective {objective.id}{where} is measured by {_described(counts)} and no "
            "outcome indicator",
            kind="objective",
            evidence={"levels": dict(counts), "pillar": pillar_value},
            suggestion=outcome_suggestion(objective.pillar),
            line=objective.line,
        )
