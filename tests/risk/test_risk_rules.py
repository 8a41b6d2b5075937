"""The risk rules in an evaluation: findings, statuses, the ranked register, ruleset and docs."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aspcore.checks import risk as risk_checks
from aspcore.checks import risk_plan as risk_plan_checks
from aspcore.errors import PluginError, RulesetError
from aspcore.hookspecs import hookimpl
from aspcore.io import load_plan, plan_from_mapping
from aspcore.model import Rag, Severity
from aspcore.plugins import DEFAULT_PLUGINS, Plugins, get_plugins
from aspcore.rules import Evaluation, Ruleset, evaluate
from aspcore.rules.lint import lint_ruleset

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2018, 11, 30)
DEFAULT_RULESET = ROOT / "rulesets" / "iasc-default.toml"
DOCS = ROOT / "docs" / "rules" / "risk.md"
MORILE_EXAMPLE: dict[str, object] = {
    "physical": 3,
    "psychological": 4,
    "financial": 1,
    "community": 2,
    "geographic": 2,
    "likelihood": 3,
    "vulnerability": 4,
    "capacity": 3,
    "capability": 2,
}


def risk_plugins() -> Plugins:
    extra = [] if risk_checks.__name__ in DEFAULT_PLUGINS else [risk_checks]
    return get_plugins(fresh=True, entry_points=False, extra=extra)


def run(risks: list[dict[str, Any]], *, strict: bool = True, **params: Any) -> Evaluation:
    plan = plan_from_mapping({"partnership": "P", "risks": risks})
    ruleset = Ruleset(name="t", version="1", params={"risk": params})
    return evaluate(plan, as_of=AS_OF, ruleset=ruleset, plugins=risk_plugins(), strict=strict)


def findings(result: Evaluation, prefix: str = "RISK-") -> list[tuple[str, str]]:
    return [(f.rule, f.subject) for f in result.findings if f.rule.startswith(prefix)]


def rows(result: Evaluation) -> list[dict[str, Any]]:
    return [dict(row) for row in result.sections.get("risks", ())]


def test_example_plan_risks_are_scored_ranked_and_checked_for_mitigation() -> None:
    plan = load_plan(ROOT / "examples" / "northshire-plan.yaml")
    result = evaluate(plan, as_of=AS_OF, plugins=risk_plugins(), strict=True)
    register = rows(result)
    assert [(r["id"], r["rank"], r["score"], r["band"], r["confidence"]) for r in register] == [
        ("R2", 1, 12, "very-high", "low"),
        ("R3", 2, 8, "high", "high"),
        ("R1", 3, 6, "medium", "medium"),
    ]
    statuses = {s.subject: s.rag for s in result.statuses_of("risk")}
    assert statuses == {"R1": Rag.AMBER, "R2": Rag.RED, "R3": Rag.RED}
    # R1 is amber; R2 is red with a mitigation; R3 is red with none, and its review (due by
    # 2018-10-31) is 30 days overdue.  R2 is very high but held with low confidence.  Every high
    # risk is linked to an objective (R3 through action A6's objective O3), so none is unaddressed.
    assert findings(result) == [("RISK-006", "R3"), ("RISK-007", "R3"), ("RISK-009", "R2")]
    mitigation = next(f for f in result.findings if f.subject == "R3")
    assert mitigation.severity is Severity.WARNING and mitigation.line is not None


def test_status_explains_the_score_band_and_rank() -> None:
    result = run([{"id": "R1", "scores": {"impact": 3, "likelihood": 4}, "mitigation": "m"}])
    (status,) = result.statuses_of("risk")
    assert status.rag is Rag.RED and status.rule == "RISK-010"
    assert status.reason == (
        "risk R1 scores 12 under fife-4x4 (impact 3 \N{MULTIPLICATION SIGN} likelihood 4 = 12), "
        "band Very high (12-16); priority 12, rank 1"
    )
    assert status.evidence["factors"] == {"impact": 3, "likelihood": 4}
    bands = status.evidence["bands"]
    assert isinstance(bands, list)
    assert [b["name"] for b in bands] == ["low", "medium", "high", "very-high"]
    (row,) = rows(result)
    assert set(row) >= {
        "id",
        "statement",
        "scheme",
        "score",
        "band",
        "priority",
        "confidence",
        "breakdown",
        "rank",
    }
    assert row["breakdown"]["risk"]["rule"] == "product of impact, likelihood"


def test_bad_scores_are_findings_and_the_risk_is_grey_and_unranked() -> None:
    result = run(
        [
            {"id": "R1", "scores": {"impact": 7, "likelihood": 2}},
            {"id": "R2", "scores": {"impact": "high", "likelihood": 2}},
            {"id": "R3", "scores": {"impact": 2}},
            {"id": "R4", "scores": {"impact": 2, "likelihood": 2, "impcat": 1}},
        ]
    )
    assert findings(result) == [
        ("RISK-001", "R3"),
        ("RISK-002", "R2"),
        ("RISK-003", "R1"),
        ("RISK-004", "R4"),
    ]
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["RISK-003"].message == ("risk R1 (fife-4x4): impact is 7, outside its scale 1-4")
    assert by_rule["RISK-003"].evidence == {
        "scheme": "fife-4x4",
        "factor": "impact",
        "value": 7,
        "scale": "1-4",
        "feeds": "risk",
        "problem": "out-of-range",
    }
    assert "did you mean 'impact'?" in by_rule["RISK-004"].message
    assert by_rule["RISK-004"].suggestion == "Rename it to 'impact'"
    assert {by_rule[r].severity for r in ("RISK-001", "RISK-002", "RISK-003")} == {Severity.ERROR}
    assert by_rule["RISK-004"].severity is Severity.WARNING
    statuses = {s.subject: s.rag for s in result.statuses_of("risk")}
    assert statuses == {"R1": Rag.GREY, "R2": Rag.GREY, "R3": Rag.GREY, "R4": Rag.AMBER}
    assert [(r["id"], r["rank"]) for r in rows(result)] == [
        ("R4", 1),
        ("R1", None),
        ("R2", None),
        ("R3", None),
    ]


def test_an_unknown_scheme_is_a_finding_with_a_did_you_mean() -> None:
    result = run([{"id": "R1", "scheme": "fife4x4", "scores": {"impact": 3, "likelihood": 4}}])
    (finding,) = [f for f in result.findings if f.rule == "RISK-005"]
    assert finding.message == (
        "risk R1 names risk scheme 'fife4x4', which is not known; did you mean 'fife-4x4'? "
        "(known schemes: fife-4x4, morile-style)"
    )
    assert finding.severity is Severity.ERROR and finding.suggestion == "Write scheme: fife-4x4"
    (status,) = result.statuses_of("risk")
    assert status.rag is Rag.GREY and "no risk scheme named 'fife4x4'" in status.reason
    (row,) = rows(result)
    assert row["score"] is None and row["rank"] is None


def test_a_risk_with_no_scheme_uses_the_rulesets_default() -> None:
    result = run([{"id": "R1", "scores": MORILE_EXAMPLE}], scheme="morile-style")
    (row,) = rows(result)
    assert (row["scheme"], row["score"], row["priority"], row["illustrative"]) == (
        "morile-style",
        133,
        665,
        True,
    )
    # a ruleset whose default scheme does not exist is refused whole, as lint refuses it
    with pytest.raises(RulesetError, match="did you mean 'morile-style'"):
        run([{"id": "R1", "scores": {"a": 1}}], scheme="morile_style")
    with pytest.raises(RulesetError, match="no risk scheme named 'northshire'"):
        run([{"id": "R1", "scores": {"a": 1}}], scheme="northshire")


NORTHSHIRE: dict[str, Any] = {
    "title": "Northshire three-point grid",
    "sections": {
        "harm": {"factors": {"harm": {"min": 1, "max": 3}}},
        "likelihood": {"factors": {"likelihood": {"min": 1, "max": 3}}},
    },
    "risk": {"combine": "sum", "of": ["harm", "likelihood"]},
    "bands": [
        {"name": "low", "min": 2, "max": 3, "rag": "green"},
        {"name": "high", "min": 4, "max": 6, "rag": "red"},
    ],
}


def test_a_ruleset_can_define_its_own_scheme() -> None:
    result = run(
        [{"id": "R1", "scores": {"harm": 2, "likelihood": 3}, "mitigation": "m"}],
        scheme="northshire",
        schemes={"northshire": NORTHSHIRE},
    )
    (row,) = rows(result)
    assert (row["scheme"], row["score"], row["band"]) == ("northshire", 5, "high")


GRID_FILE = """\
name = "northshire-grid"
title = "Northshire three-point grid, shipped by a plugin"
[sections.harm.factors.harm]
min = 1
max = 3
[sections.likelihood.factors.likelihood]
min = 1
max = 3
[risk]
combine = "sum"
of = ["harm", "likelihood"]
[[bands]]
name = "low"
min = 2
max = 3
rag = "green"
[[bands]]
name = "high"
min = 4
max = 6
rag = "red"
"""


def scheme_plugin(name: str, hook: Callable[[], list[Path]]) -> Plugins:
    """A plugin manager with the risk rules and a plugin whose risk-schemes hook is ``hook``."""
    plugin = types.SimpleNamespace(__name__=name, aspcore_register_risk_schemes=hookimpl(hook))
    extra = [] if risk_checks.__name__ in DEFAULT_PLUGINS else [risk_checks]
    return get_plugins(fresh=True, entry_points=False, extra=[*extra, plugin])


def test_a_plugin_ships_a_risk_scheme_a_risk_names(tmp_path: Path) -> None:
    grid = tmp_path / "northshire-grid.toml"
    grid.write_text(GRID_FILE, encoding="utf-8")

    def aspcore_register_risk_schemes() -> list[Path]:
        return [grid]

    plugins = scheme_plugin("northshire_risk", aspcore_register_risk_schemes)
    risks = [{"id": "R1", "scheme": "northshire-grid", "scores": {"harm": 3, "likelihood": 2}}]
    plan = plan_from_mapping({"partnership": "P", "risks": [{**risks[0], "mitigation": "m"}]})
    result = evaluate(plan, as_of=AS_OF, plugins=plugins, strict=True)
    (row,) = rows(result)
    assert (row["scheme"], row["score"], row["band"]) == ("northshire-grid", 5, "high")
    assert [s.rag for s in result.statuses_of("risk")] == [Rag.RED]


def test_a_plugin_failing_to_ship_risk_schemes_is_a_finding_in_that_evaluation() -> None:
    def aspcore_register_risk_schemes() -> list[Path]:
        raise RuntimeError("schemes unavailable")

    plugins = scheme_plugin("broken_risk", aspcore_register_risk_schemes)
    plan = plan_from_mapping(
        {"partnership": "P", "risks": [{"id": "R1", "scores": {"impact": 3, "likelihood": 4}}]}
    )
    result = evaluate(plan, as_of=AS_OF, plugins=plugins)
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.subject == "broken_risk" and failure.message.endswith(": RuntimeError")
    assert [r["score"] for r in rows(result)] == [12]  # the shipped fife-4x4 still scores
    with pytest.raises(PluginError, match="broken_risk failed in aspcore_register_risk_schemes"):
        evaluate(
            plan,
            as_of=AS_OF,
            plugins=scheme_plugin("broken_risk", aspcore_register_risk_schemes),
            strict=True,
        )


def test_a_broken_scheme_in_a_ruleset_is_refused_before_any_rule_runs() -> None:
    """``check`` accepts exactly the rulesets ``rulesets lint`` accepts, strict or not."""
    broken = {**NORTHSHIRE, "bands": NORTHSHIRE["bands"][:1]}
    risks = [{"id": f"R{i}", "scores": {"harm": 1, "likelihood": 1}} for i in range(3)]
    for strict in (True, False):
        with pytest.raises(
            RulesetError,
            match="gap above the last band: no band covers",
        ):
            run(risks, strict=strict, scheme="northshire", schemes={"northshire": broken})


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"mitigation_rags": ["crimson"]}, "params.risk.mitigation_rags must be a list of RAG"),
        ({"schemes": ["x"]}, "params.risk.schemes should be table, found list"),
        ({"scheme": 4}, "params.risk.scheme should be text, found number"),
    ],
)
def test_bad_parameters_refuse_the_ruleset(params: dict[str, Any], expected: str) -> None:
    with pytest.raises(RulesetError, match=re.escape(expected)):
        run([{"id": "R1", "scores": {"impact": 1, "likelihood": 1}}], strict=False, **params)


def test_mitigation_colours_are_a_parameter() -> None:
    risks = [{"id": "R1", "scores": {"impact": 2, "likelihood": 2}}]
    assert findings(run(risks)) == []
    assert findings(run(risks, mitigation_rags=["amber", "red"])) == [("RISK-006", "R1")]
    red = [{"id": "R1", "scores": {"impact": 4, "likelihood": 4}, "mitigation": "  "}]
    assert findings(run(red)) == [("RISK-006", "R1"), ("RISK-008", "R1")]


def test_ranking_is_by_priority_then_score_then_id() -> None:
    # M1: harm 19 x likelihood 5 = 95, position 7: priority 665 (as M2, with a lower score).
    m1 = {**MORILE_EXAMPLE, "likelihood": 2, "vulnerability": 3, "capacity": 3, "capability": 4}
    result = run(
        [
            {"id": "M3", "scores": MORILE_EXAMPLE},
            {"id": "M1", "scores": m1},
            {"id": "M2", "scores": MORILE_EXAMPLE},
            {"id": "M0", "scores": {**MORILE_EXAMPLE, "physical": 9}},
        ],
        scheme="morile-style",
    )
    assert [(r["id"], r["rank"], r["score"], r["priority"]) for r in rows(result)] == [
        ("M2", 1, 133, 665),
        ("M3", 2, 133, 665),
        ("M1", 3, 95, 665),
        ("M0", None, None, None),
    ]


def test_risks_under_different_schemes_are_ranked_within_their_scheme() -> None:
    result = run(
        [
            {"id": "F1", "scores": {"impact": 1, "likelihood": 1}},
            {"id": "F2", "scores": {"impact": 2, "likelihood": 1}},
            {"id": "M1", "scheme": "morile-style", "scores": MORILE_EXAMPLE},
        ]
    )
    assert [(r["id"], r["scheme"], r["rank"]) for r in rows(result)] == [
        ("F2", "fife-4x4", 1),
        ("F1", "fife-4x4", 2),
        ("M1", "morile-style", 1),
    ]


def test_evaluation_json_is_deterministic() -> None:
    risks = [
        {"id": "R1", "scores": {"impact": 3, "likelihood": "4"}, "confidence": "high"},
        {"id": "R2", "scheme": "morile-style", "scores": MORILE_EXAMPLE},
    ]
    first = run(risks).to_json()
    assert first == run(risks).to_json()
    data = json.loads(first)
    assert [r["id"] for r in data["risks"]] == ["R1", "R2"]
    assert data["risks"][0]["breakdown"]["sections"]["likelihood"]["factors"]["likelihood"] == {
        "value": 4,
        "label": None,
        "scale": "1-4",
        "given": "4",
    }


# -- ruleset fragment and documentation -------------------------------------------------------


def test_default_ruleset_holds_every_parameter_with_its_default_and_lints_clean() -> None:
    text = DEFAULT_RULESET.read_text(encoding="utf-8")
    assert tomllib.loads(text)["params"]["risk"] == risk_checks.DEFAULT_PARAMS
    assert [str(p) for p in lint_ruleset(DEFAULT_RULESET, risk_plugins())] == []


def test_docs_cover_every_rule_and_parameter() -> None:
    page = DOCS.read_text(encoding="utf-8")
    rules = [*risk_checks.aspcore_register_rules(), *risk_plan_checks.aspcore_register_rules()]
    assert [r.id for r in rules] == [
        *(f"RISK-00{i}" for i in range(1, 7)),
        "RISK-010",
        "RISK-007",
        "RISK-008",
        "RISK-009",
        "RISK-011",
    ]
    for rule in rules:
        assert f"| {rule.id} |" in page, f"{rule.id} is not documented"
        assert rule.description, f"{rule.id} has no docstring"
    for name in risk_checks.DEFAULT_PARAMS:
        assert f"`{name}`" in page, f"parameter {name} is not documented"


def test_docs_inline_scheme_example_is_valid_and_scores() -> None:
    page = DOCS.read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```toml\n(.*?)```", page, flags=re.S) if "[params" in b)
    params = tomllib.loads(block)["params"]["risk"]
    result = run(
        [{"id": "R1", "scores": {"impact": 3, "likelihood": 3}, "mitigation": "m"}], **params
    )
    (row,) = rows(result)
    assert row["scheme"] == params["scheme"] and row["band"] is not None
