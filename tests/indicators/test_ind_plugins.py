"""Plugins add measures through ``aspcore_register_measures``; a bad one becomes a finding."""

from __future__ import annotations

import datetime as dt
import types

import narwhals as nw
import polars as pl

from aspcore import evaluate, hookimpl, plan_from_mapping
from aspcore.indicators import IndicatorResult, Measure, compute_indicators
from aspcore.plugins import Plugins, get_plugins

DAY = dt.date(2018, 5, 1)
#: The end of the quarter the rows fall in: computed as of it, the quarter is complete.
QUARTER_END = dt.date(2018, 6, 30)
DATA = pl.DataFrame({"date": [DAY] * 5, "days": [1.0, 2.0, 3.0, 4.0, 40.0]})


def longest_quarter(values: nw.Expr) -> nw.Expr:
    """The value a quarter of the rows exceed (nearest rank)."""
    return values.quantile(0.75, interpolation="nearest")


def plugin(name: str, returned: object) -> types.SimpleNamespace:
    @hookimpl
    def aspcore_register_measures() -> object:
        if isinstance(returned, Exception):
            raise returned
        return returned

    return types.SimpleNamespace(__name__=name, aspcore_register_measures=aspcore_register_measures)


PLAN = plan_from_mapping(
    {
        "partnership": "P",
        "indicators": [
            {"id": "Q", "compute": {"from": "d", "numerator": "p75(days)", "period": "date"}}
        ],
    }
)


def compute(*plugins: object) -> tuple[IndicatorResult, Plugins]:
    """The plan computed with ``plugins`` installed, and their manager."""
    manager = get_plugins(fresh=True, entry_points=False, extra=plugins)
    result = compute_indicators(
        PLAN, {"d": DATA}, as_of=QUARTER_END, plugins=manager, check_data=False
    )
    return result, manager


def test_a_plugin_measure_is_usable_in_plans() -> None:
    measure = Measure("p75", longest_quarter, description="75th percentile")
    result, manager = compute(plugin("local_measures", [measure]))
    assert [row.value for row in result.rows] == [4.0]
    assert result.findings == () and manager.failures == []


def test_without_the_plugin_the_measure_is_unknown() -> None:
    (finding,) = compute()[0].findings
    assert finding.rule == "IND-001" and "unknown measure 'p75'" in finding.message


def test_a_plugin_returning_something_else_is_the_managers_failure() -> None:
    result, manager = compute(plugin("confused", ["p75"]))
    assert [f.rule for f in result.findings] == ["IND-001"]
    (failure,) = manager.failures
    assert failure.rule == "PLUGIN-001"
    assert "expected an aspcore.indicators.Measure" in failure.message


def test_a_failing_plugin_does_not_stop_the_computation_and_is_reported_once() -> None:
    result, manager = compute(plugin("broken", RuntimeError("no measures today")))
    assert [f.rule for f in result.findings] == ["IND-001"]
    evaluation = evaluate(result.apply_to(PLAN), as_of=QUARTER_END, plugins=manager)
    (failure,) = [f for f in evaluation.findings if f.rule == "PLUGIN-001"]
    assert failure.subject == "broken" and failure.message.endswith(": RuntimeError")
