"""The bundled examples label what they quote from the guide as the guide does.

The examples are assembled from the guide's own tables; a level or pillar copied wrongly teaches
the wrong thing (an output counted as an outcome hides that a pillar measures only activity).
Each table below maps a quoted name, found in the examples' indicators, chain nodes, objectives
or actions, to what the guide says it is.  Every entry must be found, so the tables cannot go
stale without failing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import aspcore
from aspcore.checks.graph import ChainGraph
from aspcore.model import Plan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLANS = [
    aspcore.load_plan(EXAMPLES / name)
    for name in ("northshire-plan.yaml", "northshire-indicators.yaml")
]

#: Quoted name (lower case, as the example words it) → the level the guide gives it.
LEVELS = {
    # Table 2, Pursue row, Output column: "Number of harms or offences identified by partner
    # agencies." and "Number of victims of modern slavery identified."
    "offences identified by partner agencies": "output",
    "number of victims of modern slavery identified": "output",
    # Table 2, Prevent row, Output column: "Number of multi-agency campaigns involving hand car
    # washes."
    "number of multi-agency campaigns involving hand car washes": "output",
    # Table 2, Pursue row, Outcome column: "Justice for victims by criminal investigation and
    # prosecution(s)."; its last column, Impact: "More hostile environment."
    "justice for victims by criminal investigation and prosecution": "outcome",
    "more hostile environment": "impact",
    # Section 4, performance indicators: "'At least 5 volunteers' and 'At least 2 secure
    # accommodations identified' are input indicators; 'Total of 6 service users' and 'At least 1
    # form of feedback from each service user/potential victim' are output indicators."
    "at least 5 volunteers": "input",
    "total of 6 service users": "output",
    # Section 3, Example 1 (Hampshire), Strategic Objective 1: "Outputs can include number of
    # frontline professionals that attend training annually", listed apart from the outcomes
    # "Increased reporting of modern slavery from professionals and the public".
    "frontline professionals": "output",
    "increased reporting of modern slavery from professionals and the public": "outcome",
}

#: Quoted name → the pillar the guide, or the 4Ps it uses, puts it under.
PILLARS = {
    # Table 2, "Pursue (prosecuting and disrupting Modern Slavery and Human Trafficking)" row.
    "joint operations involving police, glaa, hmrc and other agencies": "pursue",
    "number of victims of modern slavery identified": "pursue",
    "justice for victims by criminal investigation and prosecution": "pursue",
    # Table 2, "Prevent (prevent people from engaging or re-engaging in Modern Slavery and Human
    # Trafficking)" row.
    "number of multi-agency campaigns involving hand car washes": "prevent",
    # Section 3, Example 1: "Strategic Objective 1: To raise awareness of modern slavery. Impact =
    # Protect by increasing awareness of and resilience against modern slavery."
    "raise awareness of modern slavery": "protect",
    "increased reporting of modern slavery from professionals and the public": "protect",
    # Table 3's objectives for victims, under the Modern Slavery Strategy's 4Ps (section 2: "based
    # on the Modern Slavery Strategy (Prepare, Pursue, Prevent, Protect)"), where Prepare is
    # "reducing harm through better victim identification and support".
    "work collaboratively to identify victims of modern slavery": "prepare",
    "work collaboratively to safeguard and support victims of modern slavery": "prepare",
    "work in partnership for survivors to get sustainable jobs": "prepare",
}


def _levels(plan: Plan) -> Iterator[tuple[str, str, str]]:
    """(id, text, level) of each indicator and chain node."""
    for indicator in plan.indicators:
        yield indicator.id, indicator.name, str(indicator.level)
    for node in plan.chain:
        yield node.id, node.statement, node.level.value


def _pillars(plan: Plan) -> Iterator[tuple[str, str, set[str]]]:
    """(id, text, pillars) of each objective, action and chain node."""
    graph = ChainGraph(plan)
    for objective in plan.objectives:
        yield objective.id, objective.statement, {str(objective.pillar)}
    for action in plan.actions:
        yield action.id, action.statement, {p.value for p in graph.pillars_of(action.id)}
    for node in plan.chain:
        yield node.id, node.statement, {p.value for p in graph.pillars_of(node.id)}


@pytest.mark.parametrize(("quoted", "level"), LEVELS.items())
def test_indicator_and_chain_levels_match_the_guide(quoted: str, level: str) -> None:
    """Every example item quoting the guide's tables has the level the guide gives it."""
    found = {
        item: lvl for plan in PLANS for item, text, lvl in _levels(plan) if quoted in text.lower()
    }
    assert found, f"no example indicator or chain node quotes {quoted!r}"
    assert {item: lvl for item, lvl in found.items() if lvl != level} == {}


@pytest.mark.parametrize(("quoted", "pillar"), PILLARS.items())
def test_pillars_match_the_guide(quoted: str, pillar: str) -> None:
    """Every example item quoting the guide serves the pillar the guide puts it under.

    A chain node serves the pillars of every action it follows from, so it may serve others too.
    """
    found = {
        item: pillars
        for plan in PLANS
        for item, text, pillars in _pillars(plan)
        if quoted in text.lower()
    }
    assert found, f"no example objective, action or chain node quotes {quoted!r}"
    assert [item for item, pillars in found.items() if pillar not in pillars] == []
