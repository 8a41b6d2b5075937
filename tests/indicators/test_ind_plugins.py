"""Plugins add measures through ``aspcore_register_measures``; a bad one becomes a finding."""

from __future__ import annotations

import datetime as dt
import types

import narwhals as nw
import polars as pl

from aspcore import hookimpl, plan_from_mapping
from aspcore.indicators import IndicatorResult, Measure, compute_indicators
from aspcore.plugins import get_plugins

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


def compute(*plugins: object) -> IndicatorResult:
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [
                {"id": "Q", "compute": {"from": "d", "numerator": "p75(days)", "period": "date"}}
            ],
        }
    )
    manager = get_plugins(fresh=True, entry_points=False, extra=plugins)
    return compute_indicators(
        plan, {"d": DATA}, as_of=QUARTER_END, plugins=manager, check_data=False
    )


def test_a_plugin_measure_is_usable_in_plans() -> None:
    measure = Measure("p75", longest_quarter, description="75th percentile")
    result = compute(plugin("local_measures", [measure]))
    assert [row.value for row in result.rows] == [4.0]
    assert result.findings == ()


def test_without_the_plugin_the_measure_is_unknown() -> None:
    (finding,) = compute().findings
    assert finding.rule == "IND-001" and "unknown measure 'p75'" in finding.message


def test_a_plugin_returning_something_else_is_reported() -> None:
    result = compute(plugin("confused", ["p75"]))
    assert [f.rule for f in result.findings] == ["PLUGIN-001", "IND-001"]
    assert "expected an aspcore.indicators.Measure" in result.findings[0].message


def test_a_failing_plugin_does_not_stop_the_computation() -> None:
    result = compute(plugin("broken", RuntimeError("no measures today")))
    assert [f.rule for f in result.findings] == ["PLUGIN-001", "IND-001"]
    assert result.findings[0].subject == "broken"
