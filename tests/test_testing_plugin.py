"""The pytest plugin for plugin authors works from a plain test, as an author would use it."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable

import aspcore
from aspcore.plugins import Plugins


def test_fixtures_give_frozen_date_and_sample_plan(
    aspcore_as_of: dt.date, aspcore_sample_plan: aspcore.Plan
) -> None:
    assert aspcore_as_of == dt.date(2018, 11, 30)
    assert aspcore_sample_plan.issues == ()
    assert aspcore_sample_plan.actions[0].due == dt.date(2018, 9, 30)


def test_evaluate_fixture_isolates_an_authors_plugin(
    aspcore_evaluate: Callable[..., aspcore.Evaluation],
    aspcore_plugins: Callable[..., Plugins],
    aspcore_sample_plan: aspcore.Plan,
) -> None:
    @aspcore.rule("AUTHOR-1", family="author", title="Every action", applies_to="action")
    def every_action(action: aspcore.Action, ctx: aspcore.RuleContext) -> aspcore.Finding:
        return ctx.finding(action.id, "seen")

    @aspcore.hookimpl
    def aspcore_register_rules() -> list[aspcore.Rule]:
        return [every_action]

    plugin = types.SimpleNamespace(__name__="author", aspcore_register_rules=aspcore_register_rules)
    result = aspcore_evaluate(aspcore_sample_plan, plugin)
    assert [f.subject for f in result.findings if f.rule == "AUTHOR-1"] == ["A1"]
    without = aspcore_evaluate(aspcore_sample_plan)
    assert not any(f.rule == "AUTHOR-1" for f in without.findings)
    assert "author" in {i.name for i in aspcore_plugins(plugin).infos()}
