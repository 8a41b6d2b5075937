"""The ``indicators`` rule family: compute blocks checked with the plan; its parameters linted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

import aspcore
from aspcore import plan_from_mapping
from aspcore.indicators import compute_indicators
from aspcore.plugins import Plugins, get_plugins
from aspcore.rules.lint import lint_ruleset

BLOCK = {"from": "events", "numerator": "count_distinct(person_id)", "period": "date"}


@pytest.fixture
def plugins() -> Plugins:
    return get_plugins(fresh=True, entry_points=False)


def test_a_bad_compute_block_is_found_by_check(plugins: Plugins) -> None:
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [
                {"id": "OK", "compute": BLOCK},
                {"id": "BAD", "compute": {**BLOCK, "numerator": "median(days_between(a, b)"}},
                {"id": "PLAIN"},
            ],
        }
    )
    evaluation = aspcore.evaluate(plan, as_of=dt.date(2019, 3, 31), plugins=plugins)
    (finding,) = [f for f in evaluation.findings if f.rule == "IND-001"]
    assert (finding.subject, finding.severity.value) == ("BAD", "error")
    assert "is not a column name" in finding.message


@pytest.mark.parametrize(
    ("by", "params"),
    [
        (["sex", "person_id"], ""),
        (["case_ref"], 'identifiers = ["case_ref"]'),
        (["client"], 'person = "client"'),
    ],
)
def test_a_breakdown_by_identifiers_is_refused_before_any_data(
    plugins: Plugins, tmp_path: Path, by: list[str], params: str
) -> None:
    plan = plan_from_mapping(
        {"partnership": "P", "indicators": [{"id": "K", "compute": {**BLOCK, "by": by}}]}
    )
    rules = ruleset(tmp_path, params)
    evaluation = aspcore.evaluate(plan, as_of=dt.date(2019, 3, 31), ruleset=rules, plugins=plugins)
    (finding,) = [f for f in evaluation.findings if f.rule == "IND-001"]
    assert f"by column {by[-1]!r} holds identifiers" in finding.message
    events = pl.DataFrame({"person_id": ["p-1"], "client": ["p-1"], "case_ref": ["c-1"]})
    events = events.with_columns(sex=pl.lit("female"), date=pl.lit(dt.date(2018, 5, 1)))
    result = compute_indicators(
        plan, {"events": events}, as_of=dt.date(2019, 3, 31), ruleset=rules, plugins=plugins
    )
    assert result.rows == () and "p-1" not in result.to_json()


def test_the_example_plan_checks_clean(plugins: Plugins, indicator_plan: aspcore.Plan) -> None:
    evaluation = aspcore.evaluate(indicator_plan, as_of=dt.date(2019, 3, 31), plugins=plugins)
    assert [f for f in evaluation.findings if f.rule.startswith("IND-")] == []


def ruleset(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "local.toml"
    path.write_text(
        f'name = "local"\nversion = "1"\nextends = "iasc-default"\n\n[params.indicators]\n{body}\n',
        encoding="utf-8",
    )
    return path


def test_indicator_parameters_lint_clean(tmp_path: Path, plugins: Plugins) -> None:
    good = ruleset(tmp_path, 'min_count = 3\nlost_after_days = 60\nexit_events = ["moved_on"]')
    assert lint_ruleset(good, plugins) == []
    bad = ruleset(tmp_path, "lost_after = 60")
    (problem,) = lint_ruleset(bad, plugins)
    assert "unknown parameter 'lost_after'" in str(problem)


def test_a_ruleset_file_sets_the_small_count_threshold(tmp_path: Path, plugins: Plugins) -> None:
    day = dt.date(2018, 5, 1)
    events = pl.DataFrame({"person_id": ["p-1", "p-2", "p-3"], "date": [day] * 3})
    plan = plan_from_mapping(
        {"partnership": "P", "indicators": [{"id": "K", "unit": "count", "compute": BLOCK}]}
    )
    shown = compute_indicators(
        plan,
        {"events": events},
        as_of=day,
        publish=True,
        ruleset=ruleset(tmp_path, "min_count = 3"),
        plugins=plugins,
    )
    hidden = compute_indicators(plan, {"events": events}, as_of=day, publish=True)
    assert [(r.value, r.suppressed) for r in shown.rows] == [(3.0, False)]
    assert [(r.value, r.suppressed) for r in hidden.rows] == [(None, True)]
