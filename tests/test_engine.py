"""The rules engine: rulesets that extend each other, TOML and Python rules, isolation."""

from __future__ import annotations

import datetime as dt
import json
import sys
import types
from pathlib import Path

import pytest

import aspcore
from aspcore.plugins import get_plugins
from aspcore.rules import Ruleset, load_ruleset

AS_OF = dt.date(2018, 11, 30)
PLAN = aspcore.plan_from_mapping(
    {
        "partnership": "P",
        "year": "2018-19",
        "objectives": [{"id": "O1", "statement": "Improve things", "pillar": "prevent"}],
        "actions": [
            {
                "id": "A1",
                "objective": "O1",
                "statement": "Start work",
                "status": "not-started",
                "due": "2018-12-20",
                "owner": "Lead",
            },
            {
                "id": "A2",
                "objective": "O1",
                "statement": "Later work",
                "status": "not-started",
                "due": "2019-03-01",
            },
        ],
    }
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_ruleset_extends_defaults_and_adds_a_rule(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "northshire.toml",
        """
name = "northshire"
version = "2019.1"
extends = "iasc-default"
disable = ["SMART-S-001"]
[params.smart]
min_words = 1
[severity]
"CHAIN-001" = "error"
[[rules]]
id = "LOCAL-001"
applies_to = "action"
when = "status == 'not-started' and days_until(due) < days"
params = {days = 30}
severity = "warning"
message = "Action {id} has not started and is due within a month"
suggestion = "Agree a start date with the owner"
""",
    )
    base = aspcore.evaluate(PLAN, as_of=AS_OF)
    local = aspcore.evaluate(PLAN, as_of=AS_OF, ruleset=path)
    assert local.ruleset == {
        "name": "northshire",
        "version": "2019.1",
        "chain": ["iasc-default", "northshire"],
    }
    hits = [f for f in local.findings if f.rule == "LOCAL-001"]
    assert [f.subject for f in hits] == ["A1"]
    assert hits[0].message == "Action A1 has not started and is due within a month"
    assert hits[0].evidence["values"] == {
        "days": 30,
        "due": dt.date(2018, 12, 20),
        "status": "not-started",
    }
    assert not [f for f in base.findings if f.rule == "LOCAL-001"]
    assert any(f.rule == "SMART-S-001" for f in base.findings)
    assert not any(f.rule == "SMART-S-001" for f in local.findings)


def test_extends_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'name = "a"\nextends = "b.toml"\n')
    write(tmp_path, "b.toml", 'name = "b"\nextends = "a.toml"\n')
    with pytest.raises(aspcore.RulesetError, match=r"cycle: a\.toml -> b\.toml -> a\.toml"):
        load_ruleset(tmp_path / "a.toml", {})


def test_unknown_ruleset_name_lists_what_exists() -> None:
    with pytest.raises(aspcore.RulesetError, match=r"available rulesets: .*iasc-default"):
        aspcore.evaluate(PLAN, as_of=AS_OF, ruleset="nope")


def test_bad_when_expression_is_refused_with_the_rule(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.toml",
        'name = "bad"\n[[rules]]\nid = "X-1"\napplies_to = "action"\nwhen = "stauts == 1"\n',
    )
    with pytest.raises(aspcore.RulesetError, match=r"X-1.*did you mean 'status'"):
        aspcore.evaluate(PLAN, as_of=AS_OF, ruleset=path)


def test_message_template_cannot_reach_attributes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.toml",
        'name = "bad"\n[[rules]]\nid = "X-1"\napplies_to = "action"\nwhen = "True"\n'
        'message = "{id.__class__}"\n',
    )
    with pytest.raises(aspcore.RulesetError, match="plain field name"):
        aspcore.evaluate(PLAN, as_of=AS_OF, ruleset=path)


@aspcore.rule("PY-001", family="local", title="Actions have owners", applies_to="action")
def _owner_rule(action: aspcore.Action, ctx: aspcore.RuleContext) -> aspcore.Finding | None:
    if action.owner:
        return None
    return ctx.finding(action.id, f"action {action.id} has no owner")


@aspcore.rule("PY-BOOM", family="local", title="Always fails", applies_to="action")
def _boom(action: aspcore.Action, ctx: aspcore.RuleContext) -> None:
    raise RuntimeError(f"boom: could not read {action.statement!r}")  # text holding plan data


@aspcore.rule("PY-EXIT", family="local", title="Ends the process", applies_to="action")
def _exits(action: aspcore.Action, ctx: aspcore.RuleContext) -> None:
    sys.exit(f"cannot go on after {action.id}")


@aspcore.rule("PY-ODD", family="local", title="Returns a number", applies_to="action")
def _odd(action: aspcore.Action, ctx: aspcore.RuleContext) -> int:
    return 5


def _plugin(*rules: aspcore.Rule) -> types.SimpleNamespace:
    @aspcore.hookimpl
    def aspcore_register_rules() -> list[aspcore.Rule]:
        return list(rules)

    return types.SimpleNamespace(
        __name__="local_plugin", aspcore_register_rules=aspcore_register_rules
    )


def test_python_rule_from_a_plugin_runs_beside_toml_rules() -> None:
    plugins = get_plugins(fresh=True, entry_points=False, extra=[_plugin(_owner_rule)])
    result = aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins)
    (finding,) = [f for f in result.findings if f.rule == "PY-001"]
    assert finding.subject == "A2" and finding.plugin.endswith("test_engine")


def test_failing_rule_becomes_an_error_finding_and_strict_raises() -> None:
    plugins = get_plugins(fresh=True, entry_points=False, extra=[_plugin(_boom, _owner_rule)])
    result = aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins)
    errors = [f for f in result.findings if f.rule == "RULE-ERROR"]
    assert {f.subject for f in errors} == {"A1", "A2"}
    assert errors[0].message == "rule PY-BOOM from test_engine failed on A1: RuntimeError"
    assert not any("boom" in json.dumps(f.to_dict(), default=str) for f in errors)
    assert any(f.rule == "PY-001" for f in result.findings)  # the others still ran
    with pytest.raises(aspcore.PluginError, match="PY-BOOM") as raised:
        aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins, strict=True)
    assert "Start work" not in str(raised.value)


def test_a_rule_calling_sys_exit_is_a_rule_error_not_the_end_of_the_run() -> None:
    plugins = get_plugins(fresh=True, entry_points=False, extra=[_plugin(_exits, _owner_rule)])
    result = aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins)
    errors = [f for f in result.findings if f.rule == "RULE-ERROR"]
    assert {f.subject for f in errors} == {"A1", "A2"}
    assert errors[0].message.endswith("failed on A1: SystemExit")
    assert any(f.rule == "PY-001" for f in result.findings)
    with pytest.raises(aspcore.PluginError, match=r"PY-EXIT.*SystemExit"):
        aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins, strict=True)


def test_what_a_rule_returned_is_explained_by_its_type() -> None:
    plugins = get_plugins(fresh=True, entry_points=False, extra=[_plugin(_odd)])
    result = aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins)
    error = next(f for f in result.findings if f.rule == "RULE-ERROR")
    assert error.message.endswith(
        "OutcomeTypeError: rule PY-ODD returned int; expected a "
        "Finding, Status, Row, an iterable of them, or None"
    )


def test_plugin_raising_in_registration_is_isolated() -> None:
    @aspcore.hookimpl
    def aspcore_register_rules() -> list[aspcore.Rule]:
        raise ValueError("cannot register")

    broken = types.SimpleNamespace(__name__="broken", aspcore_register_rules=aspcore_register_rules)
    plugins = get_plugins(fresh=True, entry_points=False, extra=[broken])
    result = aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins)
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.message == "plugin broken failed in aspcore_register_rules: ValueError"
    assert any(f.rule.startswith("SMART") for f in result.findings)


def test_evaluation_finished_hook_is_notified_and_isolated() -> None:
    seen: list[str] = []

    @aspcore.hookimpl
    def aspcore_evaluation_finished(evaluation: aspcore.Evaluation) -> None:
        seen.append(evaluation.plan)
        raise RuntimeError("store is down")

    sink = types.SimpleNamespace(
        __name__="sink", aspcore_evaluation_finished=aspcore_evaluation_finished
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[sink])
    result = aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins)
    assert seen == ["P"]
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.message.endswith("aspcore_evaluation_finished: RuntimeError")
    again = aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins)
    assert sum(f.rule == "PLUGIN-001" for f in again.findings) == 1


def test_json_is_deterministic_and_has_the_contract_keys(example_path: Path) -> None:
    plan = aspcore.load_plan(example_path)
    first = aspcore.evaluate(plan, as_of=AS_OF).to_json()
    second = aspcore.evaluate(aspcore.load_plan(example_path), as_of=AS_OF).to_json()
    assert first == second
    data = json.loads(first)
    assert {"plan", "as_of", "ruleset", "findings", "statuses"} <= set(data)
    for finding in data["findings"]:
        assert {"rule", "subject", "severity", "message", "evidence", "suggestion"} <= set(finding)
    for status in data["statuses"]:
        assert {"subject", "kind", "rag", "reason"} <= set(status)


def test_ruleset_object_can_be_passed_directly() -> None:
    ruleset = Ruleset(name="only-chain", version="1", disabled=frozenset({"smart", "logframe"}))
    result = aspcore.evaluate(PLAN, as_of=AS_OF, ruleset=ruleset)
    assert not any(f.rule.startswith(("SMART", "LOGFRAME")) for f in result.findings)
    assert any(f.rule.startswith("CHAIN") for f in result.findings)


def test_a_plugin_rule_replaces_the_builtin_with_the_same_id() -> None:
    @aspcore.rule("CHAIN-001", family="chain", title="Local version", applies_to="objective")
    def local(objective: aspcore.Objective, ctx: aspcore.RuleContext) -> aspcore.Finding:
        return ctx.finding(objective.id, "local rule ran")

    plugins = get_plugins(fresh=True, entry_points=False, extra=[_plugin(local)])
    result = aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins)
    (finding,) = [f for f in result.findings if f.rule == "CHAIN-001"]
    assert finding.message == "local rule ran"
