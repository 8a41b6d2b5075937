"""EVIDENCE-001: objectives that serve survivors hold their feedback (guide, section 4, Table 3)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import aspcore
from aspcore.checks import evidence
from aspcore.model import Severity
from aspcore.plugins import DEFAULT_PLUGINS
from aspcore.rules import Ruleset

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2018, 11, 30)


def plan_data(
    entries: list[dict[str, Any]], *, stage: str = "respite", year: str | None = "2018-19"
) -> dict[str, Any]:
    """One objective in ``stage`` with an action and an indicator, and the evidence given."""
    data: dict[str, Any] = {
        "partnership": "Testshire Modern Slavery Partnership",
        "objectives": [
            {
                "id": "O1",
                "statement": "Support potential victims while they decide about the NRM",
                "stage": stage,
                "indicators": ["I1"],
            }
        ],
        "actions": [{"id": "A1", "objective": "O1", "statement": "Run a drop-in service"}],
        "indicators": [{"id": "I1", "name": "Service users who feel supported", "unit": "text"}],
        "evidence": entries,
    }
    if year is not None:
        data["year"] = year
    return data


def entry(**fields: Any) -> dict[str, Any]:
    """A feedback entry linked to O1 in the middle of 2018-19, changed by ``fields``."""
    return {"id": "EV1", "kind": "feedback", "date": "2018-09-14", "links": ["O1"], **fields}


def run(data: dict[str, Any], **params: Any) -> list[aspcore.Finding]:
    ruleset = Ruleset(name="t", version="1", params={"evidence": params})
    plan = aspcore.plan_from_mapping(data)
    assert plan.issues == ()
    result = aspcore.evaluate(plan, as_of=AS_OF, ruleset=ruleset)
    return [f for f in result.findings if f.rule == "EVIDENCE-001"]


def test_feedback_linked_to_the_objective_in_the_year_is_enough() -> None:
    assert run(plan_data([entry()])) == []


def test_an_objective_with_no_evidence_gets_an_info_finding() -> None:
    (finding,) = run(plan_data([]))
    assert finding.subject == "O1" and finding.severity is Severity.INFO and finding.suggestion
    assert "respite stage" in finding.message and "2018-19" in finding.message
    assert finding.evidence == {
        "objective": "O1",
        "stage": "respite",
        "year": "2018-19",
        "kinds": ["consultation", "feedback"],
        "entries": [],
    }


def test_the_finding_points_at_the_objective_line(write_plan: Callable[..., Path]) -> None:
    plan = aspcore.load_plan(write_plan(plan_data([])))
    result = aspcore.evaluate(plan, as_of=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "EVIDENCE-001"]
    assert finding.line == plan.objectives[0].line and finding.line is not None


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        ("2018-04-01", True),  # the first day of the plan year
        ("2019-03-31", True),  # the last day of the plan year
        ("2019-04-01", False),  # the day after
        ("2018-03-31", False),  # the day before
    ],
)
def test_evidence_counts_only_within_the_plan_year(day: str, counts: bool) -> None:
    found = run(plan_data([entry(date=day)]))
    assert (found == []) is counts
    if not counts:
        assert found[0].evidence["entries"] == [{"id": "EV1", "kind": "feedback", "date": day}]


def test_an_undated_entry_does_not_count_when_the_plan_has_a_year() -> None:
    (finding,) = run(plan_data([entry(date=None)]))
    assert finding.evidence["entries"] == [{"id": "EV1", "kind": "feedback", "date": None}]


def test_without_a_plan_year_any_entry_counts() -> None:
    assert run(plan_data([entry(date="2011-01-01")], year=None)) == []
    assert run(plan_data([entry(date=None)], year=None)) == []
    (finding,) = run(plan_data([], year=None))
    assert finding.evidence["year"] is None and "dated in" not in finding.message


@pytest.mark.parametrize("link", ["I1", "A1"])
def test_feedback_linked_through_an_indicator_or_an_action_counts(link: str) -> None:
    assert run(plan_data([entry(links=[link])])) == []


def test_feedback_linked_to_something_else_does_not_count() -> None:
    data = plan_data([entry(links=["O2"])])
    data["objectives"].append({"id": "O2", "statement": "Another objective"})
    assert [f.subject for f in run(data)] == ["O1"]


def test_a_consultation_counts() -> None:
    assert run(plan_data([entry(kind="consultation")])) == []


@pytest.mark.parametrize("kind", ["minutes", "case-study", "other"])
def test_other_kinds_of_evidence_do_not_count(kind: str) -> None:
    (finding,) = run(plan_data([entry(kind=kind)]))
    assert finding.evidence["entries"] == [{"id": "EV1", "kind": kind, "date": "2018-09-14"}]


def test_the_finding_never_quotes_a_summary() -> None:
    summary = "Words a survivor said, not to be quoted"
    (finding,) = run(plan_data([entry(kind="minutes", summary=summary, consent=False)]))
    assert summary not in repr(finding.to_dict())


@pytest.mark.parametrize("stage", ["respite", "recovery", "sustainable-freedom"])
def test_stages_that_serve_survivors_are_checked(stage: str) -> None:
    assert [f.subject for f in run(plan_data([], stage=stage))] == ["O1"]


@pytest.mark.parametrize("stage", ["prevention", "discovery"])
def test_prevention_and_discovery_objectives_are_not_flagged(stage: str) -> None:
    assert run(plan_data([], stage=stage)) == []


def test_an_objective_without_a_stage_is_not_flagged() -> None:
    data = plan_data([])
    del data["objectives"][0]["stage"]
    assert run(data) == []


def test_a_ruleset_can_change_the_stages_and_kinds() -> None:
    assert run(plan_data([], stage="discovery"), stages=["discovery"]) != []
    case_study = plan_data([entry(kind="case-study")])
    assert run(case_study, kinds=["feedback", "consultation", "case-study"]) == []


def test_the_family_is_built_in_and_on_by_default() -> None:
    assert evidence.__name__ in DEFAULT_PLUGINS
    (rule,) = evidence.aspcore_register_rules()
    assert (rule.id, rule.family, rule.severity) == ("EVIDENCE-001", "evidence", Severity.INFO)
    assert rule.default_enabled


def test_the_rule_quotes_the_guide() -> None:
    (rule,) = evidence.aspcore_register_rules()
    for words in (
        "It is also important that survivors are involved in defining success and providing "
        "performance feedback.",
        "Number and proportion of victims participating in decisions about services provided "
        "to them",
    ):
        assert words in " ".join(rule.description.split())


def test_default_ruleset_and_docs_hold_the_rule_and_every_parameter() -> None:
    ruleset = tomllib.loads((ROOT / "rulesets" / "iasc-default.toml").read_text("utf-8"))
    assert ruleset["params"]["evidence"] == evidence.DEFAULT_PARAMS
    page = (ROOT / "docs" / "rules" / "evidence.md").read_text(encoding="utf-8")
    for rule in evidence.aspcore_register_rules():
        assert f"| {rule.id} |" in page
    for name in evidence.DEFAULT_PARAMS:
        assert f"`{name}`" in page


def test_the_example_respite_objective_has_survivors_voice() -> None:
    plan = aspcore.load_plan(ROOT / "examples" / "northshire-plan.yaml")
    result = aspcore.evaluate(plan, as_of=AS_OF)
    assert [f.subject for f in result.findings if f.rule == "EVIDENCE-001"] == []
    assert [e.id for e in evidence.evidence_for(plan, plan.objective("O3"))] == ["EV1", "EV2"]
