"""The results-chain family on the guide's worked examples (Tables 2 and 5, Hampshire)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import aspcore
from aspcore.rules import Ruleset

AS_OF = dt.date(2018, 11, 30)
ONLY_CHAIN = Ruleset(
    name="chain-only", version="1", disabled=frozenset({"smart", "logframe", "rag", "risk"})
)


def run(data: dict[str, Any]) -> aspcore.Evaluation:
    plan = aspcore.plan_from_mapping({"partnership": "P", **data})
    return aspcore.evaluate(plan, as_of=AS_OF, ruleset=ONLY_CHAIN)


def hits(result: aspcore.Evaluation, rule: str) -> list[str]:
    return [f.subject for f in result.findings if f.rule == rule]


# Table 2, Pursue: joint operations -> victims identified -> justice -> reduction in exploitation.
TABLE2 = {
    "objectives": [{"id": "PURSUE", "statement": "Prosecute and disrupt", "pillar": "pursue"}],
    "actions": [
        {
            "id": "OPS",
            "objective": "PURSUE",
            "statement": "Joint Operations involving Police, GLAA, HMRC",
        }
    ],
    "chain": [
        {
            "id": "OUT",
            "level": "output",
            "statement": "Number of victims identified",
            "from": ["OPS"],
            "indicators": ["I1"],
        },
        {
            "id": "OC",
            "level": "outcome",
            "statement": "Justice for victims",
            "from": ["OUT"],
            "indicators": ["I2"],
        },
        {
            "id": "IM",
            "level": "impact",
            "statement": "Reduction in labour exploitation",
            "from": ["OC"],
        },
    ],
    "indicators": [
        {
            "id": "I1",
            "name": "Victims identified",
            "level": "output",
            "source": "NRM",
            "owner": "Police analyst",
        },
        {
            "id": "I2",
            "name": "Prosecutions",
            "level": "outcome",
            "source": "CPS statistics",
            "owner": "Police analyst",
        },
    ],
}


def test_complete_table2_chain_has_no_gaps() -> None:
    result = run(TABLE2)
    for rule in (
        "CHAIN-001",
        "CHAIN-002",
        "CHAIN-003",
        "CHAIN-004",
        "CHAIN-005",
        "CHAIN-006",
        "CHAIN-007",
        "CHAIN-008",
        "CHAIN-009",
    ):
        assert hits(result, rule) == [], rule


def test_objective_without_actions_and_action_without_output() -> None:
    result = run(
        {
            "objectives": [{"id": "O1"}, {"id": "O2"}],
            "actions": [{"id": "A1", "objective": "O1"}, {"id": "A2", "objective": "O1"}],
            "chain": [{"id": "OUT", "level": "output", "from": ["A1"]}],
        }
    )
    assert hits(result, "CHAIN-001") == ["O2"]
    assert hits(result, "CHAIN-002") == ["A2"]


def test_output_without_outcome_and_outcome_without_impact() -> None:
    data = {
        **TABLE2,
        "chain": [
            TABLE2["chain"][0],
            {"id": "OC", "level": "outcome", "from": ["OUT"], "indicators": ["I2"]},
        ],
    }
    assert hits(run(data), "CHAIN-003") == ["OC"]
    data = {**TABLE2, "chain": TABLE2["chain"][:1]}
    assert hits(run(data), "CHAIN-003") == ["OUT"]


def test_cycle_is_an_error_naming_the_loop() -> None:
    result = run(
        {
            "chain": [
                {"id": "X", "level": "output", "from": ["Y"]},
                {"id": "Y", "level": "outcome", "from": ["X"]},
            ]
        }
    )
    (finding,) = [f for f in result.findings if f.rule == "CHAIN-004"]
    assert finding.severity is aspcore.Severity.ERROR
    assert finding.evidence["cycle"] == ["X", "Y"]
    assert hits(result, "CHAIN-005") == ["X"]  # an output cannot follow from an outcome


def test_indicators_need_source_and_owner_and_nodes_need_indicators() -> None:
    data = {
        **TABLE2,
        "indicators": [
            {"id": "I1", "level": "output"},
            {"id": "I2", "level": "outcome", "source": "CPS"},
        ],
    }
    result = run(data)
    assert hits(result, "CHAIN-007") == ["I1"]
    assert hits(result, "CHAIN-008") == ["I1", "I2"]
    data = {**TABLE2, "chain": [dict(TABLE2["chain"][0], indicators=[]), *TABLE2["chain"][1:]]}
    assert hits(run(data), "CHAIN-006") == ["OUT"]


def test_table5_output_goals_only_measure_activity() -> None:
    # Table 5: "Total of 6 service users" is an output, "At least 5 volunteers" an input.
    result = run(
        {
            "indicators": [
                {
                    "id": "SU",
                    "name": "Total of 6 service users",
                    "level": "output",
                    "pillar": "prepare",
                },
                {
                    "id": "VOL",
                    "name": "At least 5 volunteers",
                    "level": "input",
                    "pillar": "prepare",
                },
            ]
        }
    )
    (finding,) = [f for f in result.findings if f.rule == "CHAIN-009"]
    assert "measures activity, not outcomes for survivors" in finding.message
    (row,) = result.sections["balance"]
    assert row["pillar"] == "prepare" and row["input"] == 1 and row["output"] == 1
    assert row["outcome_share"] == 0


def test_coverage_matrix_and_gaps_in_pillars_and_stages() -> None:
    result = run(TABLE2)
    rows = {row["pillar"]: row for row in result.sections["coverage"]}
    assert rows["pursue"]["objectives"] == 1
    assert (rows["pursue"]["output"], rows["pursue"]["outcome"], rows["pursue"]["impact"]) == (
        1,
        1,
        1,
    )
    assert set(hits(result, "CHAIN-010")) >= {"prevent", "protect", "prepare", "prevention"}


def test_untested_assumption() -> None:
    result = run(
        {
            **TABLE2,
            "assumptions": [
                {
                    "id": "AS1",
                    "statement": "Training will increase identification",
                    "links": ["OUT"],
                    "indicator": "I1",
                },
                {"id": "AS2", "statement": "Victims are willing to engage", "links": ["OUT"]},
            ],
        }
    )
    assert hits(result, "CHAIN-011") == ["AS2"]
