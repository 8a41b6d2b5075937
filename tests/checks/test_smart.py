"""SMART objectives on the guide's examples (section 3, Hampshire Example 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import aspcore
from aspcore.checks.smart import letter_of
from aspcore.rules import Ruleset

AS_OF = dt.date(2018, 11, 30)
VISION = (
    "To make Hampshire, The Isle of Wight, Portsmouth and Southampton a supportive place "
    "for victims and a hostile place for perpetrators of modern slavery"
)
INDICATORS = [
    {
        "id": "EMP",
        "name": "Percent of survivors in long-term employment",
        "level": "outcome",
        "unit": "percent",
        "baseline": {"value": 20, "period": "2017-18"},
        "target": {"value": 30, "period": "2018-19"},
    },
    {"id": "NOTARGET", "name": "Training attendance", "level": "output"},
]
GOOD = {
    "id": "O1",
    "statement": "Reintegrate survivors into society through employment support from partner "
    "agencies",
    "pillar": "prepare",
    "stage": "sustainable-freedom",
    "owner": "Survivor support lead",
    "timescale": "between June and October 2018",
    "indicators": ["EMP"],
}


def run(objectives: list[dict[str, Any]], **params: object) -> aspcore.Evaluation:
    plan = aspcore.plan_from_mapping(
        {
            "partnership": "Hampshire MSP",
            "vision": VISION,
            "year": "2018-19",
            "objectives": objectives,
            "indicators": INDICATORS,
        }
    )
    ruleset = Ruleset(
        name="t",
        version="1",
        params={"smart": params},
        disabled=frozenset({"chain", "logframe", "rag", "risk"}),
    )
    return aspcore.evaluate(plan, as_of=AS_OF, ruleset=ruleset)


def letters(result: aspcore.Evaluation, subject: str = "O1") -> dict[str, bool]:
    (card,) = [r for r in result.sections["smart"] if r["subject"] == subject]
    return {k: card[k] for k in "SMART"}


def test_a_smart_objective_passes_every_letter() -> None:
    result = run([GOOD])
    assert letters(result) == dict.fromkeys("SMART", True)
    assert not [f for f in result.findings if f.rule.startswith("SMART-")]


def test_hampshire_raise_awareness_is_vague_and_unmeasured() -> None:
    # Hampshire Strategic Objective 1, as written: "To raise awareness of modern slavery".
    result = run([{"id": "O1", "statement": "To raise awareness of modern slavery"}])
    card = letters(result)
    assert card == {"S": False, "M": False, "A": False, "R": True, "T": False}
    specific = next(f for f in result.findings if f.rule == "SMART-S-001")
    assert "raise awareness" in specific.message and "names no owner" in specific.message
    assert "linked to no indicator" in next(
        f.message for f in result.findings if f.rule == "SMART-M-001"
    )


def test_measurable_needs_a_target() -> None:
    result = run([{**GOOD, "indicators": ["NOTARGET"]}])
    assert not letters(result)["M"]


def test_attainable_flags_a_target_more_than_three_times_the_baseline() -> None:
    indicators = [{**INDICATORS[0], "target": {"value": 70, "period": "2018-19"}}]
    plan = aspcore.plan_from_mapping(
        {
            "partnership": "P",
            "vision": VISION,
            "year": "2018-19",
            "objectives": [GOOD],
            "indicators": indicators,
        }
    )
    result = aspcore.evaluate(plan, as_of=AS_OF)
    finding = next(f for f in result.findings if f.rule == "SMART-A-001")
    assert "targets 70 from a baseline of 20" in finding.message
    relaxed = run([GOOD], max_target_ratio=4.0)
    assert letters(relaxed)["A"]


def test_relevant_by_pillar_stage_or_vision() -> None:
    loose = {k: v for k, v in GOOD.items() if k not in {"pillar", "stage"}}
    assert (
        letters(run([{**loose, "statement": "Paint the office and buy new chairs for staff"}]))["R"]
        is False
    )
    assert letters(run([{**loose, "statement": "Support victims of modern slavery at 3 hubs"}]))[
        "R"
    ]


@pytest.mark.parametrize(
    ("timescale", "passes"),
    [
        ("between June to October 2018", True),
        ("for 5 months in 2018", True),
        ("by December 2018", True),
        ("ongoing", False),
        ("June 2015", False),
        (None, False),
    ],
)
def test_time_bound(timescale: str | None, passes: bool) -> None:
    assert letters(run([{**GOOD, "timescale": timescale}]))["T"] is passes


def test_more_than_six_objectives_in_a_pillar_is_info() -> None:
    many = [{**GOOD, "id": f"O{i}"} for i in range(7)]
    result = run(many)
    (finding,) = [f for f in result.findings if f.rule == "SMART-010"]
    assert finding.severity is aspcore.Severity.INFO and finding.subject == "prepare"


def test_variant_letter_names_are_accepted() -> None:
    assert letter_of("Achievable") == "A" and letter_of("agreed") == "A"
    assert letter_of("Realistic") == "R" and letter_of("t") == "T"
    with pytest.raises(ValueError, match="not a SMART letter"):
        letter_of("Q")
    result = run([{"id": "O1", "statement": "Improve"}], skip_letters=["achievable", "Realistic"])
    card = letters(result)
    assert card["A"] and card["R"] and not card["S"]
