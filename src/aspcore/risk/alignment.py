"""Reading risks against the plan: which objectives a risk is linked to, and which risks are high.

The workshop report's enablers include "Align appropriate resources with demand and priorities",
and the guide asks "What might affect these objectives? What are the risks? You can build these
risks into your planning and actions".  A risk names the objectives and actions it threatens;
these pure functions follow those links and place a scored risk among its scheme's bands, so the
``risk`` rules (:mod:`aspcore.checks.risk_plan`) can compare the risk register with the plan.
Nothing here knows about rules or parameters' defaults.
"""

from __future__ import annotations

from collections.abc import Collection

from aspcore.model import Plan, Rag, Risk
from aspcore.risk.scheme import RiskScheme
from aspcore.risk.scoring import RiskScore

__all__ = ["is_high", "linked_objectives"]


def linked_objectives(plan: Plan, risk: Risk) -> tuple[str, ...]:
    """Ids of the plan's objectives a risk is linked to, directly or through a linked action.

    Direct links come first, then each linked action's objective, in the order the risk names
    them, without repeats.  References to items not in the plan (PLAN-002 reports them) and
    actions that serve no objective add nothing.
    """
    through_actions = (plan.action(ref) for ref in risk.actions)
    refs = [
        *risk.objectives,
        *(a.objective for a in through_actions if a is not None and a.objective is not None),
    ]
    return tuple(dict.fromkeys(ref for ref in refs if plan.objective(ref) is not None))


def is_high(scheme: RiskScheme, result: RiskScore, rags: Collection[Rag]) -> bool:
    """Whether a scored risk falls in one of its scheme's high bands, those coloured one of
    ``rags`` (:meth:`RiskScheme.bands_coloured`); an unscored risk never does."""
    return result.band is not None and result.band in {
        band.name for band in scheme.bands_coloured(rags)
    }
