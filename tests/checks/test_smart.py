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
    """Hampshire Strategic Objective 1 on its own, without the outputs Example 1 links it to."""
    result = run([{"id": "O1", "statement": "To raise awareness of modern slavery"}])
    card = letters(result)
    assert card == {"S": False, "M": False, "A": False, "R": True, "T": False}
    specific = next(f for f in result.findings if f.rule == "SMART-S-001")
    assert "raise awareness" in specific.message
    assert "no target group, no quantity and no indicator with a target" in specific.message
    attainable = next(f for f in result.findings if f.rule == "SMART-A-001")
    assert "nobody owns it" in attainable.message  # ownership is judged under A, not S
    assert "linked to no indicator" in next(
        f.message for f in result.findings if f.rule == "SMART-M-001"
    )


def specific(objective: dict[str, Any], **params: object) -> aspcore.Finding | None:
    """The SMART-S finding on ``objective`` (run with the given SMART parameters), if any."""
    result = run([{"id": "O1", **objective}], **params)
    return next((f for f in result.findings if f.rule == "SMART-S-001"), None)


def test_the_guides_short_measured_goal_is_specific() -> None:
    """Guide, section 3, Measurable: "a goal to 'reintegrate survivors into society' might be
    measured by 'percent of survivors in long-term employment'".

    Four words, owned and timed: Specific judges what the statement says, not its length.
    """
    goal = {**GOOD, "statement": "Reintegrate survivors into society"}
    assert specific(goal) is None
    assert letters(run([goal])) == dict.fromkeys("SMART", True)


@pytest.mark.parametrize(
    ("statement", "output"),
    [
        (
            "To raise awareness of modern slavery",
            "number of frontline professionals that attend training annually",
        ),
        (
            "To combat modern slavery by working in partnership",
            "number of bilateral MoUs between agencies",
        ),
    ],
)
def test_hampshire_objectives_with_their_outputs_are_specific(statement: str, output: str) -> None:
    """Guide, section 3, Example 1 (Hampshire): "Strategic Objective 1: To raise awareness of
    modern slavery ... Outputs can include number of frontline professionals that attend training
    annually"; "Strategic Objective 2: To combat modern slavery by working in partnership ...
    Outputs can include number of bilateral MoUs between agencies".  The guide: Example 1
    "illustrates how each strategic objective (goal) links to specific actions and to outcomes".

    The statement names no group or quantity; the output it is measured by, with a target, makes
    it concrete.  Without a target it is not (see the bare objective above).
    """
    indicator = {"id": "OUT", "name": output, "level": "output", "target": {"value": 100}}
    plan = aspcore.plan_from_mapping(
        {
            "partnership": "Hampshire MSP",
            "vision": VISION,
            "objectives": [{"id": "O1", "statement": statement, "indicators": ["OUT"]}],
            "indicators": [indicator],
        }
    )
    result = aspcore.evaluate(plan, as_of=AS_OF)
    assert not [f for f in result.findings if f.rule == "SMART-S-001"]
    without_target = {**indicator, "target": None}
    plan = aspcore.plan_from_mapping(
        {
            "partnership": "Hampshire MSP",
            "objectives": [{"id": "O1", "statement": statement, "indicators": ["OUT"]}],
            "indicators": [without_target],
        }
    )
    assert any(f.rule == "SMART-S-001" for f in aspcore.evaluate(plan, as_of=AS_OF).findings)


@pytest.mark.parametrize(
    "statement",
    [
        "Work collaboratively to identify victims of modern slavery.",
        "Work collaboratively to safeguard and support victims of modern slavery.",
        "Develop cross-agency capacity and capability to respond to survivor needs.",
        "Improve knowledge and understanding of victims' needs.",
        "Work in partnership for survivors to get sustainable jobs, finances, justice, and "
        "housing.",
        "Identify victims and support them to safety and recovery",
    ],
)
def test_the_guides_objectives_naming_whom_they_serve_are_specific(statement: str) -> None:
    """Guide, Table 3 (victim care pathway): its "Objectives" row, quoted; and the Scottish
    strategy's objective "to identify victims and support them to safety and recovery" (section
    4, Example 1).  Each says what will be done and for whom, even where it says "improve".
    """
    assert specific({"statement": statement}) is None


@pytest.mark.parametrize("statement", ["Improve things", "Improve awareness"])
def test_vague_statements_are_not_specific(statement: str) -> None:
    """Guide, section 3: "Specific - Goals must be clear and not vague; easy to understand".

    The guide quotes no bad objective; these two are the vague kind it warns against ("Improve
    things" is the bundled example's O4): a verb with nothing to say of whom, how much or how
    it is measured.
    """
    finding = specific({"statement": statement, "owner": "Chair", "timescale": "2018-19"})
    assert finding is not None
    assert "vague terms (improve)" in finding.message
    assert "no target group, no quantity and no indicator with a target" in finding.message


def test_a_statement_with_no_verb_is_not_specific() -> None:
    """A topic is not an objective: it must say what will be done."""
    finding = specific({"statement": "Victims of modern slavery in 3 districts"})
    assert finding is not None and "names no action" in finding.message
    assert "target group" not in finding.message  # it names victims and a quantity


def test_min_words_is_deprecated_and_ignored() -> None:
    """``min_words`` still loads (rulesets set it) but no longer fails a short statement."""
    assert (
        specific({**GOOD, "statement": "Reintegrate survivors into society"}, min_words=50) is None
    )
    assert specific({"statement": "Improve things"}, min_words=1) is not None


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
