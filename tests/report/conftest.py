"""Fixtures for the report tests: the bundled example evaluated, and a hand-built evaluation.

The hand-built evaluation holds every section and status kind the rule families write (RAG,
trends, risks, SMART, coverage, LogFrame, exceptions), so the renderers are tested on all of it
whether or not those families are installed; ``bare`` holds none of them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import aspcore
from aspcore.model import Finding, Plan, Rag, Severity, Status
from aspcore.rules.evaluation import Evaluation

AS_OF = dt.date(2018, 11, 30)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "northshire-plan.yaml"

PLAN: dict[str, Any] = {
    "partnership": "Testshire <Modern> Slavery Partnership",
    "vision": "A hostile place for perpetrators",
    "year": "2018-19",
    "objectives": [
        {
            "id": "O1",
            "statement": "Identify victims in hand car washes",
            "pillar": "pursue",
            "stage": "discovery",
            "owner": "Police lead",
            "timescale": "2018-19",
            "indicators": ["I1", "I2"],
        },
        {
            "id": "O2",
            "statement": "Support survivors into accommodation",
            "pillar": "prepare",
            "stage": "recovery",
            "owner": "Council lead",
            "timescale": "2018-19",
            "indicators": ["I3"],
        },
    ],
    "actions": [
        {
            "id": "A1",
            "objective": "O1",
            "statement": "Joint operations at hand car washes",
            "owner": "Police lead",
            "due": "2018-10-31",
            "status": "in-progress",
        },
        {
            "id": "A2",
            "objective": "O1",
            "statement": "Conference on supply chains",
            "owner": "Business lead",
            "due": "2018-06-30",
            "status": "complete",
        },
        {
            "id": "A3",
            "objective": "O2",
            "statement": "Accommodation <b>protocol</b>",
            "owner": "Council lead",
            "due": "2019-01-31",
            "status": "in-progress",
            "corrective_action": "Weekly review",
        },
        {"id": "A4", "objective": "O2", "statement": "Cancelled pilot", "status": "cancelled"},
    ],
    "indicators": [
        {
            "id": "I1",
            "name": "Victims identified",
            "level": "output",
            "unit": "count",
            "target": {"value": 10, "period": "2018-19"},
            "owner": "Police analyst",
            "source": "Debriefs",
        },
        {
            "id": "I2",
            "name": "Referrals",
            "level": "outcome",
            "unit": "count",
            "baseline": {"value": 40, "period": "2017-18"},
            "target": {"value": 60, "period": "2018-19"},
            "owner": "Police analyst",
            "source": "Logs",
        },
        {
            "id": "I3",
            "name": "Survivors in long-term accommodation",
            "level": "outcome",
            "unit": "percent",
            "polarity": "higher",
            "target": {"value": 80},
            "owner": "Council lead",
            "source": "Case files",
        },
    ],
    "observations": [
        {"indicator": "I1", "period": "2018-19 Q1", "value": 3},
        {"indicator": "I1", "period": "2018-19 Q2", "value": 7},
        {"indicator": "I2", "period": "2018-19 Q1", "value": 14},
        {"indicator": "I2", "period": "2018-19 Q2", "value": 2},
        {"indicator": "I3", "period": "2018-19 Q2", "value": 78},
    ],
    "risks": [
        {
            "id": "R1",
            "statement": "Non-engagement",
            "scheme": "fife-4x4",
            "scores": {"impact": 3, "likelihood": 2},
            "owner": "Partnership chair",
        },
        {
            "id": "R2",
            "statement": "Victim displacement",
            "scheme": "fife-4x4",
            "scores": {"impact": 4, "likelihood": 3},
            "owner": "Police lead",
        },
    ],
}


def _status(subject: str, kind: str, rag: Rag | None, reason: str, **kw: Any) -> Status:
    return Status(subject=subject, kind=kind, rag=rag, reason=reason, rule="T-1", **kw)


BANDS = [
    {"rag": "green", "max": 1},
    {"rag": "amber", "above": 1, "below": 5},
    {"rag": "red", "min": 5},
]


def full_evaluation(plan: Plan) -> Evaluation:
    """An evaluation with every section and status kind, as the rule families write them."""
    statuses = (
        _status("A1", "action", Rag.RED, "due 30 day(s) ago"),
        _status("A2", "action", Rag.BLUE, "the action is complete"),
        _status("A3", "action", Rag.AMBER, "15 points behind"),
        _status("A4", "action", None, "cancelled"),
        _status("I1", "indicator-period", Rag.RED, "2018-19 Q1: 3 against 10", period="2018-19 Q1"),
        _status("I1", "indicator-period", Rag.RED, "2018-19 Q2: 7 against 10", period="2018-19 Q2"),
        _status(
            "I1",
            "indicator",
            Rag.RED,
            "latest 7 against 10",
            period="2018-19 Q2",
            evidence={"actual": 7, "previous": 3, "bands": BANDS},
        ),
        _status(
            "I2",
            "indicator",
            Rag.RED,
            "latest 2 against 60",
            period="2018-19 Q2",
            evidence={"actual": 2, "previous": 14, "bands": BANDS},
        ),
        _status(
            "I3",
            "indicator",
            Rag.AMBER,
            "latest 78 against 80",
            period="2018-19 Q2",
            evidence={"actual": 78, "bands": BANDS},
        ),
        _status("Testshire", "partnership", Rag.RED, "worst of 7 items is red"),
    )
    findings = (
        Finding(
            "CHAIN-004",
            "O1",
            Severity.ERROR,
            "the results chain has a cycle",
            subject_kind="objective",
            suggestion="Remove a link",
        ),
        Finding(
            "RAG-031",
            "A1",
            Severity.WARNING,
            "A1 is red and has no corrective action",
            subject_kind="action",
            suggestion="Record a corrective action",
        ),
        Finding(
            "RAG-031",
            "I1",
            Severity.WARNING,
            "I1 is red and has no corrective action",
            subject_kind="indicator",
            suggestion="Record a corrective action",
        ),
        Finding(
            "RAG-040",
            "I2@2018-19 Q2",
            Severity.WARNING,
            "I2 fell to 2 from 14",
            subject_kind="observation",
            evidence={"value": 2},
        ),
        Finding(
            "CHAIN-010",
            "recovery",
            Severity.INFO,
            "no objective covers respite",
            subject_kind="stage",
            suggestion="See Table 3",
        ),
    )
    sections: dict[str, list[dict[str, Any]]] = {
        "trends": [
            {
                "indicator": "I1",
                "period": "2018-19 Q2",
                "value": 7,
                "previous": 3,
                "vs_previous": "improving",
                "vs_last_year": "no comparison",
            },
            {
                "indicator": "I2",
                "period": "2018-19 Q2",
                "value": 2,
                "previous": 14,
                "vs_previous": "worsening",
                "vs_last_year": "no comparison",
            },
        ],
        "risks": [
            {
                "id": "R2",
                "statement": "Victim displacement",
                "scheme": "fife-4x4",
                "score": 12,
                "band": "high",
                "priority": "high",
                "rank": 1,
                "confidence": "low",
                "breakdown": {"impact": 4, "likelihood": 3},
            },
            {
                "id": "R1",
                "statement": "Non-engagement",
                "scheme": "fife-4x4",
                "score": 6,
                "band": "medium",
                "priority": "medium",
                "rank": 2,
                "confidence": "medium",
                "breakdown": {"impact": 3, "likelihood": 2},
            },
        ],
        "smart": [
            {
                "subject": "O1",
                "S": True,
                "M": True,
                "A": True,
                "R": True,
                "T": True,
                "score": 5,
                "reasons": {},
            },
            {
                "subject": "O2",
                "S": True,
                "M": False,
                "A": True,
                "R": True,
                "T": False,
                "score": 3,
                "reasons": {"M": ["no target"], "T": ["no end date"]},
            },
        ],
        "coverage": [
            {
                "pillar": "pursue",
                "objectives": 1,
                "input": 0,
                "activity": 0,
                "output": 1,
                "outcome": 1,
                "impact": 0,
                "stage:discovery": 1,
            },
        ],
        "logframe": [
            {
                "row": "goal",
                "objectives": ["Less exploitation"],
                "indicators": [],
                "verification": [],
                "risks_assumptions": ["Non-engagement"],
            },
            {
                "row": "outputs",
                "objectives": ["Victims identified"],
                "indicators": ["Victims identified"],
                "verification": ["Debriefs"],
                "risks_assumptions": [],
            },
        ],
        "exceptions": [
            {"subject": "A1", "kind": "action", "rag": "red", "reason": "overdue"},
            {
                "subject": "I2",
                "kind": "indicator",
                "period": "2018-19 Q2",
                "rag": "red",
                "reason": "Q2: 2 against 60",
            },
        ],
    }
    return Evaluation(
        plan=plan.partnership,
        as_of=AS_OF,
        ruleset={"name": "test-rules", "version": "7", "chain": ["test-rules"]},
        findings=findings,
        statuses=statuses,
        sections=sections,
        year="2018-19",
        version="9.9.9",
    )


@pytest.fixture
def plan() -> Plan:
    """The hand-built plan (with a small count, 2 and 3, to suppress)."""
    return aspcore.plan_from_mapping(PLAN)


@pytest.fixture
def full(plan: Plan) -> Evaluation:
    """An evaluation holding every section and status kind."""
    return full_evaluation(plan)


@pytest.fixture
def bare(plan: Plan) -> Evaluation:
    """An evaluation with no statuses, findings or sections at all."""
    return Evaluation(
        plan=plan.partnership, as_of=AS_OF, ruleset={}, findings=(), statuses=(), sections={}
    )


@pytest.fixture(scope="session")
def example() -> tuple[Plan, Evaluation]:
    """The bundled example plan and its evaluation at 30 November 2018."""
    plan = aspcore.load_plan(EXAMPLE)
    return plan, aspcore.evaluate(plan, as_of=AS_OF)
