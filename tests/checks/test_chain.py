"""The results-chain family on the guide's worked examples (Tables 2 and 5, Hampshire)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import aspcore
from aspcore.checks.outcome_balance import outcome_suggestion
from aspcore.model import Pillar
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
        "CHAIN-012",
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
    (pillar,) = [f for f in result.findings if f.rule == "CHAIN-012"]
    assert pillar.subject == "prepare" and pillar.subject_kind == "pillar"


def _indicator(id_: str, level: str | None) -> dict[str, Any]:
    return {"id": id_, "name": id_, "level": level, "source": "records", "owner": "Analyst"}


#: A Pursue objective measured by outputs only, beside a Prepare objective with an outcome.
PURSUE_BY_OUTPUTS = {
    "objectives": [
        {"id": "OPS", "statement": "Disrupt offenders", "pillar": "pursue", "indicators": ["JO"]},
        {"id": "CARE", "statement": "Support victims", "pillar": "prepare", "indicators": ["ACC"]},
    ],
    "indicators": [_indicator("JO", "output"), _indicator("ACC", "outcome")],
}


def test_a_pursue_pillar_of_outputs_is_flagged_though_another_pillar_has_outcomes() -> None:
    """Guide, section 4: "If one priority objective is investigative performance (under the
    'pursue' remit), then an outcome indicator could be proportion of offenders brought to
    justice."

    Joint operations are outputs (Table 2); a plan-wide count is satisfied by Prepare's outcome,
    the pillar count is not, and the suggestion is Pursue's example, not a victim-care one.
    """
    result = run(PURSUE_BY_OUTPUTS)
    assert hits(result, "CHAIN-009") == []
    (finding,) = [f for f in result.findings if f.rule == "CHAIN-012"]
    assert (finding.subject, finding.subject_kind) == ("pursue", "pillar")
    assert "1 output indicator and no outcome indicator (objective OPS)" in finding.message
    assert "'proportion of offenders brought to justice'" in finding.suggestion
    assert "accommodation" not in finding.suggestion


def test_an_objective_of_outputs_is_flagged_when_its_pillar_measures_outcomes() -> None:
    """An objective measured only by activity is reported on its own when its pillar is not."""
    data = {
        "objectives": [
            *PURSUE_BY_OUTPUTS["objectives"],
            {"id": "CPS", "statement": "Prosecute", "pillar": "pursue", "indicators": ["CONV"]},
            {"id": "LOOSE", "statement": "Count things", "indicators": ["JO"]},
            {"id": "UNTYPED", "statement": "Count", "pillar": "pursue", "indicators": ["X"]},
        ],
        "indicators": [
            *PURSUE_BY_OUTPUTS["indicators"],
            _indicator("CONV", "outcome"),
            _indicator("X", None),
        ],
    }
    result = run(data)
    found = {f.subject: f for f in result.findings if f.rule == "CHAIN-012"}
    assert set(found) == {"OPS", "LOOSE"}  # indicators with no level are not judged
    assert found["OPS"].subject_kind == "objective"
    assert "objective OPS (pursue) is measured by 1 output indicator" in found["OPS"].message
    assert "brought to justice" in found["OPS"].suggestion
    assert "tag the objective with its pillar" in found["LOOSE"].suggestion


@pytest.mark.parametrize(
    ("pillar", "quoted"),
    [
        (Pillar.PURSUE, "'proportion of offenders brought to justice'"),
        (Pillar.PREPARE, "'the detection rate on first contact for victims of modern slavery'"),
        (Pillar.PREPARE, "'Percentage of victims in long-term accommodation'"),
        (Pillar.PREVENT, "names no outcome indicator for Prevent"),
        (Pillar.PREVENT, "'Reduction in the rate of hand car wash offences'"),
        (Pillar.PROTECT, "names no outcome indicator for Protect"),
        (
            Pillar.PROTECT,
            "'Increased reporting of modern slavery from professionals and the public'",
        ),
        (Pillar.PARTNERSHIP, "gives no outcome example for this pillar"),
    ],
)
def test_each_pillar_gets_the_guides_own_example_or_an_honest_none(
    pillar: Pillar, quoted: str
) -> None:
    """Guide, section 4: outcome indicators "proportion of offenders brought to justice"
    (Pursue) and "the detection rate on first contact for victims of modern slavery" (victim
    identification, Prepare); Table 3's KPI "Percentage of victims in long-term accommodation";
    Table 2's Prevent outcome "Reduction in the rate of hand car wash offences"; Example 1's
    Protect outcome "Increased reporting of modern slavery from professionals and the public".
    The guide names no outcome indicator for Prevent or Protect, nor any for the 3Ps set.
    """
    assert quoted in outcome_suggestion(pillar)


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
