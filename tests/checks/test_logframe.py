"""The LogFrame family on the guide's Table 6 (a LogFrame for integration)."""

from __future__ import annotations

import datetime as dt

import aspcore
from aspcore.checks.logframe import logframe_table

TABLE6 = {
    "partnership": "Midlands hub",
    "actions": [{"id": "ACT", "statement": "Regular multi-agency meetings"}],
    "chain": [
        {
            "id": "OUTS",
            "level": "output",
            "statement": "Single location for members",
            "from": ["ACT"],
            "indicators": ["INTEL"],
        },
        {
            "id": "PURP",
            "level": "outcome",
            "statement": "Improve the investigative and safeguarding response",
            "from": ["OUTS"],
            "indicators": ["NRM"],
        },
        {
            "id": "GOAL",
            "level": "impact",
            "statement": "A multi-agency regional Modern Slavery Hub",
            "from": ["PURP"],
            "indicators": ["JUD"],
        },
    ],
    "indicators": [
        {"id": "INTEL", "name": "Increased intel", "source": "Partner's data"},
        {"id": "NRM", "name": "Reduction in victimisation", "source": "NRM stats"},
        {"id": "JUD", "name": "Successful judicial outcomes", "source": "Court results"},
    ],
    "risks": [
        {
            "id": "R1",
            "statement": "Breakdown of partnership through non-engagement",
            "level": "goal",
        },
        {"id": "R2", "statement": "Displacement of victims", "level": "purpose"},
        {"id": "R3", "statement": "Too much work for available resources", "level": "outputs"},
    ],
}


def test_table6_rows_are_read_from_the_chain() -> None:
    plan = aspcore.plan_from_mapping(TABLE6)
    rows = {row["row"]: row for row in logframe_table(plan)}
    assert rows["goal"]["objectives"] == ["A multi-agency regional Modern Slavery Hub"]
    assert rows["goal"]["verification"] == ["Court results"]
    assert rows["goal"]["risks_assumptions"] == ["Breakdown of partnership through non-engagement"]
    assert rows["activities"]["objectives"] == ["Regular multi-agency meetings"]


def test_incomplete_rows_are_reported() -> None:
    plan = aspcore.plan_from_mapping(TABLE6)
    result = aspcore.evaluate(plan, as_of=dt.date(2018, 11, 30))
    findings = {f.subject: f for f in result.findings if f.rule == "LOGFRAME-001"}
    assert set(findings) == {"activities"}
    assert findings["activities"].evidence["missing"] == [
        "indicators of achievement",
        "means of verification",
        "risks or assumptions",
    ]
    assert [row["row"] for row in result.sections["logframe"]] == [
        "goal",
        "purpose",
        "outputs",
        "activities",
    ]
