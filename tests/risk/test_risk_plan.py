"""Risks read against the plan: links, review dates and MoRiLE-to-plan alignment (RISK-007..011).

Sources: the workshop report's enabler "Align appropriate resources with demand and priorities";
the guide, section 4: "Statutory services normally have risk registers that should be updated
regularly", and "What might affect these objectives? What are the risks? You can build these
risks into your planning and actions"; DOMAIN: MoRiLE gives "a Risk score, a separate
Confidence score".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from aspcore.checks import risk as risk_checks
from aspcore.errors import RulesetError
from aspcore.io import plan_from_mapping
from aspcore.model import Severity
from aspcore.plugins import DEFAULT_PLUGINS, get_plugins
from aspcore.rules import Evaluation, Ruleset, evaluate

AS_OF = dt.date(2018, 11, 30)
OBJECTIVES = [{"id": "O1", "statement": "Raise awareness"}, {"id": "O2", "statement": "Disrupt"}]
ACTIONS = [
    {"id": "A1", "objective": "O1", "statement": "Train frontline staff"},
    {"id": "A2", "statement": "An action that serves no objective"},
]
#: fife-4x4 scores: 6 is band medium (4-7, amber); 8 is the lowest score of band high (8-11, red).
MEDIUM = {"impact": 2, "likelihood": 3}
HIGH_AT_BOUND = {"impact": 2, "likelihood": 4}
#: A ruleset's own scheme with a score at every integer, to test a band's exact lower bound.
SUMS: dict[str, Any] = {
    "sections": {
        "harm": {"factors": {"harm": {"min": 1, "max": 3}}},
        "likelihood": {"factors": {"likelihood": {"min": 1, "max": 3}}},
        "confidence": {
            "factors": {"confidence": {"min": 1, "max": 3, "labels": {"1": "weak", "3": "good"}}}
        },
    },
    "risk": {"combine": "sum", "of": ["harm", "likelihood"]},
    "confidence": {"of": ["confidence"]},
    "bands": [
        {"name": "low", "min": 2, "max": 3, "rag": "green"},
        {"name": "raised", "min": 4, "max": 4, "rag": "amber"},
        {"name": "severe", "min": 5, "max": 6, "rag": "red"},
    ],
}


def run(
    risks: list[dict[str, Any]], *, as_of: dt.date = AS_OF, strict: bool = True, **params: Any
) -> Evaluation:
    plan = plan_from_mapping(
        {"partnership": "P", "objectives": OBJECTIVES, "actions": ACTIONS, "risks": risks}
    )
    extra = [] if risk_checks.__name__ in DEFAULT_PLUGINS else [risk_checks]
    plugins = get_plugins(fresh=True, entry_points=False, extra=extra)
    ruleset = Ruleset(name="t", version="1", params={"risk": params})
    return evaluate(plan, as_of=as_of, ruleset=ruleset, plugins=plugins, strict=strict)


def found(result: Evaluation, rule: str) -> list[str]:
    return [f.subject for f in result.findings if f.rule == rule]


# -- reading the plan ----------------------------------------------------------------------


def test_a_risk_names_the_objectives_and_actions_it_threatens_and_a_review_date() -> None:
    """Guide, section 4: "What might affect these objectives? What are the risks?"; risk
    registers "should be updated regularly"."""
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "objectives": OBJECTIVES,
            "actions": ACTIONS,
            "risks": [
                {"id": "R1", "objectives": "O1", "actions": ["A1"], "review_by": "2019-03-31"}
            ],
        }
    )
    (risk,) = plan.risks
    assert (risk.objectives, risk.actions, risk.review_by) == (
        ("O1",),
        ("A1",),
        dt.date(2019, 3, 31),
    )
    assert plan.issues == ()


def test_dangling_links_are_plan_002_and_an_impossible_review_date_is_plan_005() -> None:
    """References point at items that exist, as for every other link (PLAN-002); dates are
    real dates (PLAN-005)."""
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "objectives": OBJECTIVES,
            "actions": ACTIONS,
            "risks": [
                {"id": "R1", "objectives": ["O3"], "actions": ["A11"], "review_by": "2019-02-30"}
            ],
        }
    )
    issues = [(f.rule, f.subject, f.evidence.get("field")) for f in plan.issues]
    assert issues == [
        ("PLAN-005", "R1", "review_by"),
        ("PLAN-002", "R1", "objectives"),
        ("PLAN-002", "R1", "actions"),
    ]
    assert "did you mean 'A1'?" in plan.issues[2].message
    assert plan.risks[0].review_by is None


# -- RISK-007: review dates ----------------------------------------------------------------


def test_a_review_on_the_as_of_date_is_not_overdue_the_day_after_it_is() -> None:
    """Guide, section 4: risk registers "should be updated regularly": a review date that has
    passed is a warning naming the risk and the days overdue."""
    risk = {"id": "R1", "scores": MEDIUM, "review_by": "2018-11-30", "owner": "Partnership chair"}
    assert found(run([risk]), "RISK-007") == []
    late = run([risk], as_of=dt.date(2018, 12, 1))
    (finding,) = [f for f in late.findings if f.rule == "RISK-007"]
    assert finding.message == (
        "risk R1 was due for review by 2018-11-30: 1 day overdue at 2018-12-01"
    )
    assert finding.severity is Severity.WARNING and finding.line is None
    assert finding.evidence == {
        "review_by": "2018-11-30",
        "as_of": "2018-12-01",
        "days_overdue": 1,
        "owner": "Partnership chair",
    }
    month = run([risk], as_of=dt.date(2018, 12, 30))
    assert [f.message for f in month.findings if f.rule == "RISK-007"] == [
        "risk R1 was due for review by 2018-11-30: 30 days overdue at 2018-12-30"
    ]


def test_a_risk_with_no_review_date_or_an_unscored_one_is_still_checked_for_review() -> None:
    """The review date is read whatever the score: an unscored risk still needs reviewing."""
    result = run([{"id": "R1", "review_by": "2018-01-01"}, {"id": "R2"}], strict=False)
    assert found(result, "RISK-007") == ["R1"]


# -- RISK-008: a high risk no objective addresses ------------------------------------------


def test_a_risk_at_the_lowest_bound_of_a_high_band_counts_as_high() -> None:
    """Workshop report: "Align appropriate resources with demand and priorities".  fife-4x4's
    red bands are high (8-11) and very-high (12-16): a score of 8 is high, 6 is not."""
    result = run(
        [
            {"id": "R1", "scores": HIGH_AT_BOUND, "mitigation": "m"},
            {"id": "R2", "scores": MEDIUM},
        ]
    )
    (finding,) = [f for f in result.findings if f.rule == "RISK-008"]
    assert finding.subject == "R1" and finding.severity is Severity.WARNING
    assert finding.message == (
        "risk R1 is high (8 under fife-4x4, band High) but no objective addresses it"
    )
    assert finding.evidence == {
        "risk": "R1",
        "scheme": "fife-4x4",
        "score": 8,
        "band": "high",
        "label": "High",
        "priority": 8,
        "confidence": None,
        "objectives": [],
        "actions": [],
        "high_bands": [
            {"name": "high", "label": "High", "min": 8, "max": 11, "rag": "red"},
            {"name": "very-high", "label": "Very high", "min": 12, "max": 16, "rag": "red"},
        ],
    }
    assert "Link R1 to the objective or action" in finding.suggestion


@pytest.mark.parametrize(("harm", "high"), [(2, False), (3, True)])
def test_the_lowest_high_score_of_a_rulesets_own_scheme_is_read_from_its_bands(
    harm: int, high: bool
) -> None:
    """ "High" comes from the scheme's own bands, never a number in the rule: in a scheme whose
    red band starts at 5, a sum of 5 is high and 4 is not."""
    risk = {"id": "R1", "scores": {"harm": harm, "likelihood": 2}, "mitigation": "m"}
    result = run([risk], scheme="sums", schemes={"sums": SUMS})
    assert found(result, "RISK-008") == (["R1"] if high else [])


def test_an_objective_addresses_a_risk_directly_or_through_a_linked_actions_objective() -> None:
    """Guide, section 4: "You can build these risks into your planning and actions": a risk
    linked to an action is addressed by that action's objective; an action with no objective,
    or a link to nothing, addresses nothing."""
    high = {"scores": HIGH_AT_BOUND, "mitigation": "m"}
    result = run(
        [
            {"id": "R1", **high, "objectives": ["O2"]},
            {"id": "R2", **high, "actions": ["A1"]},
            {"id": "R3", **high, "actions": ["A2"]},
            {"id": "R4", **high, "objectives": ["O9"]},
        ],
        strict=False,
    )
    assert found(result, "RISK-008") == ["R3", "R4"]
    r3 = next(f for f in result.findings if f.rule == "RISK-008" and f.subject == "R3")
    assert r3.message.endswith("; its action(s) A2 serve no objective in the plan")


def test_which_colours_count_as_high_is_a_parameter_that_picks_top_bands() -> None:
    """Configurable, but always the highest band(s): naming amber without red is refused."""
    risk = {"id": "R1", "scores": MEDIUM}
    assert found(run([risk]), "RISK-008") == []
    assert found(run([risk], high_rags=["amber", "red"]), "RISK-008") == ["R1"]
    for bad, message in [
        (["amber"], "must also name red"),
        ([], "must name at least one band colour"),
        (["crimson"], "params.risk.high_rags must be a list of RAG colours"),
    ]:
        with pytest.raises(RulesetError, match=re.escape(message)):
            run([risk], strict=False, high_rags=bad)


# -- RISK-009: an intelligence gap -----------------------------------------------------------


def test_a_high_risk_with_low_confidence_is_an_intelligence_gap() -> None:
    """DOMAIN: MoRiLE gives "a Risk score, a separate Confidence score": a high score held with
    low confidence is flagged; a lower risk, or a confident one, is not."""
    result = run(
        [
            {"id": "R1", "scores": HIGH_AT_BOUND, "confidence": "low", "objectives": ["O1"]},
            {"id": "R2", "scores": HIGH_AT_BOUND, "confidence": "medium", "objectives": ["O1"]},
            {"id": "R3", "scores": MEDIUM, "confidence": "low"},
            {"id": "R4", "scores": {**HIGH_AT_BOUND, "confidence": 1}, "objectives": ["O1"]},
        ],
        mitigation_rags=[],
    )
    assert found(result, "RISK-009") == ["R1", "R4"]
    r1 = next(f for f in result.findings if f.rule == "RISK-009")
    assert r1.message == (
        "risk R1 is high (8 under fife-4x4, band High) but its confidence is low: "
        "an intelligence gap"
    )
    assert (r1.evidence["confidence"], r1.evidence["objectives"]) == ("low", ["O1"])
    assert r1.severity is Severity.WARNING


def test_which_confidence_labels_count_as_low_is_a_parameter() -> None:
    """A scheme's confidence scale names its own labels (here ``weak``)."""
    risk = {"id": "R1", "scores": {"harm": 3, "likelihood": 3}, "confidence": "weak"}
    params = {"scheme": "sums", "schemes": {"sums": SUMS}, "mitigation_rags": []}
    assert found(run([risk], **params), "RISK-009") == []
    assert found(run([risk], low_confidence=["Weak"], **params), "RISK-009") == ["R1"]


# -- RISK-011: objectives that address only lower risks --------------------------------------


def test_objectives_addressing_only_lower_risks_are_named_while_a_high_one_has_none() -> None:
    """Workshop report: "Align appropriate resources with demand and priorities".  Information
    only: an objective may serve the vision rather than a risk."""
    lower = {"id": "R1", "scores": MEDIUM, "objectives": ["O1"]}
    high = {"id": "R2", "scores": HIGH_AT_BOUND, "mitigation": "m"}
    result = run([lower, high])
    (finding,) = [f for f in result.findings if f.rule == "RISK-011"]
    assert (finding.subject, finding.subject_kind, finding.severity) == (
        "O1",
        "objective",
        Severity.INFO,
    )
    assert finding.message == (
        "objective O1 addresses only lower risks (R1 (6 under fife-4x4, band Medium)) while "
        "high risk(s) R2 (8 under fife-4x4, band High) have no objective"
    )
    assert [r["risk"] for r in finding.evidence["risks"]] == ["R1"]  # type: ignore[index]
    assert [r["risk"] for r in finding.evidence["unaddressed"]] == ["R2"]  # type: ignore[index]
    # Once the high risk has an objective, nothing is out of line.
    assert found(run([lower, {**high, "objectives": ["O2"]}]), "RISK-011") == []


def test_an_objective_with_a_high_or_unscored_risk_is_not_named() -> None:
    """Only objectives whose every linked risk is scored and below the high bands are named."""
    result = run(
        [
            {"id": "R1", "scores": MEDIUM, "objectives": ["O1", "O2"]},
            {"id": "R2", "scores": {"impact": 2}, "objectives": ["O2"]},
            {"id": "R3", "scores": HIGH_AT_BOUND, "mitigation": "m"},
        ],
        strict=False,
    )
    assert found(result, "RISK-011") == ["O1"]
