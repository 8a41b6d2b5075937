"""The RAG rules in an evaluation: the guide's examples, findings, sections, ruleset and docs."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from aspcore.checks import rag_actions, rag_indicators, rag_rollup
from aspcore.errors import RulesetError
from aspcore.io import plan_from_mapping
from aspcore.model import Rag, Severity
from aspcore.plugins import DEFAULT_PLUGINS, Plugins, get_plugins
from aspcore.rag import DEFAULT_PARAMS, scheme_from_params
from aspcore.rules import Evaluation, Ruleset, evaluate
from aspcore.rules.lint import lint_ruleset

ROOT = Path(__file__).resolve().parents[2]
MODULES = (rag_actions, rag_indicators, rag_rollup)

DERBYSHIRE: dict[str, Any] = {
    "partnership": "Derbyshire Modern Slavery Partnership",
    "year": "2016-17",
    "actions": [
        {
            "id": "D1",
            "statement": "Liaison with Derby University to deliver a Business supply "
            "chain conference",
            "timescale": "June 2016",
            "rag": "green",
        },
        {
            "id": "D2",
            "statement": "Develop and publish a county/city wide MSP Newsletter",
            "timescale": "Sept 2016",
            "rag": "green",
        },
    ],
}


def rag_plugins() -> Plugins:
    extra = [m for m in MODULES if m.__name__ not in DEFAULT_PLUGINS]
    return get_plugins(fresh=True, entry_points=False, extra=extra)


def run(data: dict[str, Any], as_of: dt.date, *, strict: bool = True, **params: Any) -> Evaluation:
    ruleset = Ruleset(name="t", version="1", params={"rag": params})
    return evaluate(
        plan_from_mapping(data), as_of=as_of, ruleset=ruleset, plugins=rag_plugins(), strict=strict
    )


def actions(result: Evaluation) -> dict[str, Rag | None]:
    return {s.subject: s.rag for s in result.statuses_of("action")}


def rag_findings(result: Evaluation, rule: str) -> list[str]:
    return [f.subject for f in result.findings if f.rule == rule]


# -- the guide's Derbyshire action plan (Example 2) ------------------------------------------


def test_derbyshire_actions_before_their_timescales_are_green() -> None:
    result = run(DERBYSHIRE, dt.date(2016, 4, 15))
    assert actions(result) == {"D1": Rag.GREEN, "D2": Rag.GREEN}
    assert rag_findings(result, "RAG-002") == []
    (d1,) = [s for s in result.statuses_of("action") if s.subject == "D1"]
    assert d1.evidence["due_source"] == "timescale"
    assert d1.evidence["timescale"] == "June 2016"
    assert d1.rule == "RAG-001"


@pytest.mark.parametrize("as_of", [dt.date(2016, 7, 15), dt.date(2018, 11, 30)])
def test_derbyshire_conference_reported_green_past_june_is_confirmed_not_red(
    as_of: dt.date,
) -> None:
    """The guide, footnote 10: "Green indicates that the activity has been done or is on
    schedule".  Derbyshire's row (action, owner, timescale "June 2016", RAG "Green") gives no
    status or progress: past June it is done, as far as the plan says, so it stays green and its
    owner is asked to confirm it; it is neither a disagreement nor a red needing a corrective
    action."""
    result = run(DERBYSHIRE, as_of)
    assert actions(result) == {"D1": Rag.GREEN, "D2": Rag.GREEN}
    (d1,) = [s for s in result.statuses_of("action") if s.subject == "D1"]
    assert "rated from the report until its owner confirms it" in d1.reason
    assert rag_findings(result, "RAG-002") == []
    assert rag_findings(result, "RAG-031") == []
    confirm = [f for f in result.findings if f.rule == "RAG-003"]
    assert [f.subject for f in confirm] == ["D1", "D2"]
    assert all(f.severity is Severity.INFO for f in confirm)
    assert confirm[0].message.endswith(
        "due 2016-06-30: ask its owner to confirm it is complete or on schedule and record a status"
    )


def test_derbyshire_row_reported_red_past_june_still_needs_a_corrective_action() -> None:
    """Only green ("done or on schedule") and blue (complete) are taken on trust: a row
    reported red is red, and red needs a corrective action."""
    red = {**DERBYSHIRE, "actions": [{**DERBYSHIRE["actions"][0], "rag": "red"}]}
    result = run(red, dt.date(2018, 11, 30))
    assert actions(result) == {"D1": Rag.RED}
    assert rag_findings(result, "RAG-003") == []
    assert rag_findings(result, "RAG-031") == ["D1"]


def test_derbyshire_row_reported_blue_without_brag_is_green_and_agrees() -> None:
    blue = {**DERBYSHIRE, "actions": [{**DERBYSHIRE["actions"][0], "rag": "blue"}]}
    assert actions(run(blue, dt.date(2018, 11, 30)))["D1"] is Rag.BLUE
    result = run(blue, dt.date(2018, 11, 30), brag=False)
    assert actions(result)["D1"] is Rag.GREEN
    assert rag_findings(result, "RAG-002") == []
    assert rag_findings(result, "RAG-003") == ["D1"]
    assert not result.sections.get("exceptions")  # not a changed status


def test_derbyshire_conference_with_a_status_is_rated_and_overdue_is_red() -> None:
    """Once the plan records a status, the dates rate the action again."""
    rated = {
        **DERBYSHIRE,
        "actions": [{**DERBYSHIRE["actions"][0], "status": "in progress"}],
    }
    result = run(rated, dt.date(2016, 7, 15))
    assert actions(result) == {"D1": Rag.RED}
    (finding,) = [f for f in result.findings if f.rule == "RAG-002"]
    assert finding.evidence["reported"] is Rag.GREEN
    assert finding.evidence["computed"] is Rag.RED
    assert "reported green but computes as red" in finding.message
    assert rag_findings(result, "RAG-003") == []


def test_derbyshire_newsletter_due_soon_with_unknown_progress_is_amber_unless_reported() -> None:
    plan = plan_from_mapping(DERBYSHIRE)
    due = plan.actions[1].due
    assert due is not None and due.month == 9
    assert actions(run(DERBYSHIRE, due - dt.timedelta(days=7)))["D2"] is Rag.GREEN
    unreported = {**DERBYSHIRE, "actions": [{**DERBYSHIRE["actions"][1], "rag": None}]}
    assert actions(run(unreported, due - dt.timedelta(days=7)))["D2"] is Rag.AMBER


def test_derbyshire_complete_is_blue_or_green_without_brag() -> None:
    done = {**DERBYSHIRE, "actions": [{**DERBYSHIRE["actions"][0], "status": "complete"}]}
    assert actions(run(done, dt.date(2016, 7, 15)))["D1"] is Rag.BLUE
    assert actions(run(done, dt.date(2016, 7, 15), brag=False))["D1"] is Rag.GREEN
    assert rag_findings(run(done, dt.date(2016, 7, 15)), "RAG-002") == []


def test_cancelled_action_has_no_rag_and_a_reason() -> None:
    data = {"partnership": "P", "actions": [{"id": "A1", "status": "cancelled", "rag": "red"}]}
    (status,) = run(data, dt.date(2018, 6, 1)).statuses_of("action")
    assert status.rag is None
    assert "cancelled" in status.reason


# -- indicators in an evaluation ------------------------------------------------------------

TABLE5: dict[str, Any] = {
    "partnership": "Derby pre-NRM support",
    "year": "2018-19",
    "objectives": [
        {
            "id": "O1",
            "statement": "Potential victims feel supported",
            "indicators": ["SU", "SA", "VOL"],
            "stage": "respite",
        }
    ],
    "actions": [
        {
            "id": "A1",
            "objective": "O1",
            "statement": "Recruit volunteers",
            "due": "2019-03-31",
            "corrective_action": "Second recruitment drive",
        }
    ],
    "indicators": [
        {"id": "SU", "name": "Total of 6 service users", "unit": "count", "target": 6},
        {
            "id": "SA",
            "name": "At least 2 secure accommodations identified",
            "unit": "count",
            "target": 2,
        },
        {"id": "VOL", "name": "At least 5 volunteers", "unit": "count", "target": 5},
    ],
    "observations": [
        {"indicator": "SU", "period": "2017-18 Q2", "value": 4},
        {"indicator": "SU", "period": "2018-19 Q1", "value": 6},
        {"indicator": "SU", "period": "2018-19 Q2", "value": 3, "agency": "provider"},
        {"indicator": "SU", "period": "2018-19 Q2", "value": 2, "agency": "police"},
        {"indicator": "VOL", "period": "2018-19 Q2", "value": 4},
    ],
}


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("belfast", {"SU": Rag.RED, "SA": Rag.GREY, "VOL": Rag.RED}),
        ("camms", {"SU": Rag.AMBER, "SA": Rag.GREY, "VOL": Rag.AMBER}),
        # 5 of 6 is beyond 10% but up on 4 a year earlier; volunteers have no figure a year ago
        ("havering", {"SU": Rag.AMBER, "SA": Rag.GREY, "VOL": Rag.RED}),
    ],
)
def test_table5_latest_status_per_scheme(scheme: str, expected: dict[str, Rag]) -> None:
    result = run(TABLE5, dt.date(2018, 11, 30), scheme=scheme)
    assert {s.subject: s.rag for s in result.statuses_of("indicator")} == expected


def test_one_status_per_observed_period_plus_the_latest() -> None:
    result = run(TABLE5, dt.date(2018, 11, 30), scheme="camms")
    periods = [(s.subject, s.period, s.rag) for s in result.statuses_of("indicator-period")]
    assert periods == [
        ("SU", "2017-18 Q2", Rag.RED),
        ("SU", "2018-19 Q1", Rag.GREEN),
        ("SU", "2018-19 Q2", Rag.AMBER),
        ("VOL", "2018-19 Q2", Rag.AMBER),
    ]
    latest = {s.subject: s for s in result.statuses_of("indicator")}
    assert latest["SU"].period == "2018-19 Q2"
    assert latest["SU"].evidence["actual"] == 5  # two agencies summed
    assert latest["SU"].evidence["agencies"] == ["police", "provider"]
    assert latest["SU"].evidence["periods_observed"] == ["2017-18 Q2", "2018-19 Q1", "2018-19 Q2"]
    assert latest["SA"].period is None
    assert latest["SA"].reason == "indicator SA has no observations"


def test_trends_section() -> None:
    rows = run(TABLE5, dt.date(2018, 11, 30)).sections["trends"]
    su_q2 = next(r for r in rows if r["indicator"] == "SU" and r["period"] == "2018-19 Q2")
    assert su_q2["vs_previous"] == "worsening"  # 6 then 5
    assert su_q2["vs_last_year"] == "improving"  # 4 a year earlier
    vol = next(r for r in rows if r["indicator"] == "VOL")
    assert (vol["vs_previous"], vol["vs_last_year"]) == ("no comparison", "no comparison")


def test_exceptions_section_and_red_items_without_corrective_action() -> None:
    data = {
        **TABLE5,
        "actions": [
            *TABLE5["actions"],
            {
                "id": "A2",
                "objective": "O1",
                "statement": "Open the hub",
                "due": "2018-10-01",
                "status": "in progress",
                "rag": "green",
            },
            {"id": "A3", "statement": "Publish leaflet", "due": "2018-12-07"},
            {"id": "A4", "statement": "Map routes"},
        ],
    }
    result = run(data, dt.date(2018, 11, 30))
    rows = [(r["type"], r["kind"], r["subject"]) for r in result.sections["exceptions"]]
    assert rows == [
        ("red", "action", "A2"),
        ("red", "indicator", "SU"),
        ("red", "indicator", "VOL"),
        ("amber", "action", "A3"),
        ("worsening", "indicator", "SU"),
        ("changed status", "action", "A2"),
        ("missing data", "action", "A4"),
        ("missing data", "indicator", "SA"),
    ]
    su = next(r for r in result.sections["exceptions"] if r["subject"] == "SU")
    assert su["corrective_action"] == "A1: Second recruitment drive"
    # the indicators' objective has a corrective action recorded on A1; A2 itself has none
    assert rag_findings(result, "RAG-031") == ["A2"]


def test_target_op_against_polarity_is_a_warning() -> None:
    data = {
        "partnership": "P",
        "indicators": [
            {"id": "I1", "name": "Days to decision", "target": {"value": 20, "op": "<="}},
            {"id": "I2", "name": "Days", "polarity": "lower", "target": {"value": 20, "op": "<="}},
        ],
    }
    result = run(data, dt.date(2018, 11, 30))
    assert rag_findings(result, "RAG-012") == ["I1"]


# -- bad configuration ----------------------------------------------------------------------

GAP = {"northshire": {"bands": [{"rag": "green", "max": 1}, {"rag": "red", "min": 2}]}}


def test_bad_bands_in_a_ruleset_are_refused_before_any_rule_runs() -> None:
    """``check`` accepts exactly the rulesets ``rulesets lint`` accepts: a scheme whose bands
    leave a gap is refused whole (exit 2), strict or not, never rule by rule as RULE-ERRORs."""
    for strict in (True, False):
        with pytest.raises(RulesetError) as caught:
            run(TABLE5, dt.date(2018, 11, 30), strict=strict, scheme="northshire", schemes=GAP)
        assert "scheme 'northshire'" in str(caught.value)
        assert "gap" in str(caught.value)


# -- determinism, ruleset fragment, documentation -------------------------------------------


def test_evaluation_json_is_deterministic() -> None:
    first = run(TABLE5, dt.date(2018, 11, 30)).to_json()
    assert first == run(TABLE5, dt.date(2018, 11, 30)).to_json()
    data = json.loads(first)
    assert {"rollup", "trends", "exceptions"} <= set(data)


DEFAULT_RULESET = ROOT / "rulesets" / "iasc-default.toml"


def test_default_ruleset_holds_every_parameter_with_its_default() -> None:
    text = DEFAULT_RULESET.read_text(encoding="utf-8")
    assert tomllib.loads(text)["params"]["rag"] == DEFAULT_PARAMS


def test_default_ruleset_lints_clean() -> None:
    assert [str(p) for p in lint_ruleset(DEFAULT_RULESET, rag_plugins())] == []


def test_docs_cover_every_rule_and_parameter() -> None:
    page = (ROOT / "docs" / "rules" / "rag.md").read_text(encoding="utf-8")
    rules = [r for m in MODULES for r in m.aspcore_register_rules()]
    assert len(rules) == 13
    for rule in rules:
        assert f"| {rule.id} |" in page, f"{rule.id} is not documented"
        assert rule.description, f"{rule.id} has no docstring"
    for name in DEFAULT_PARAMS:
        assert f"`{name}`" in page, f"parameter {name} is not documented"


def test_docs_scheme_example_is_a_valid_scheme() -> None:
    page = (ROOT / "docs" / "rules" / "rag.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```toml\n(.*?)```", page, flags=re.S)
    params = tomllib.loads(block)["params"]["rag"]
    scheme = scheme_from_params(params)
    assert (scheme.name, [b.rag for b in scheme.bands.bands]) == (
        "northshire",
        [Rag.GREEN, Rag.AMBER, Rag.RED],
    )
