"""Schemas specialised to a plan: ids that must exist, frequencies, the plan year, units."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from aspcore.errors import SchemaError
from aspcore.io import plan_from_mapping
from aspcore.model import Plan, Severity
from aspcore.returns import validate_file
from aspcore.schemas import (
    for_plan,
    get_schema,
    indicator_return_for_plan,
    validate_frame,
    with_known_values,
)


def small_plan(**extra: object) -> Plan:
    return plan_from_mapping(
        {
            "partnership": "P",
            "year": "2018-19",
            "indicators": [
                {"id": "Q", "unit": "count", "frequency": "quarterly"},
                {"id": "NRM", "unit": "count", "frequency": "quarterly", "calendar": True},
                {"id": "M", "unit": "percent", "frequency": "monthly"},
                {"id": "Y", "unit": "number", "frequency": "annual"},
                {"id": "ANY", "unit": "number"},
            ],
            **extra,
        }
    )


def rows(*items: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": [i[0] for i in items],
            "indicator": [i[1] for i in items],
            "agency": [f"Agency {n}" for n in range(len(items))],
            "value": [i[2] for i in items],
        }
    )


def codes(frame: pd.DataFrame, plan: Plan) -> list[tuple[int | None, str]]:
    spec = indicator_return_for_plan(plan)
    pandas = [(p.position, p.code) for p in validate_frame(frame, spec).problems]
    polars = [(p.position, p.code) for p in validate_frame(pl.from_pandas(frame), spec).problems]
    assert pandas == polars
    return pandas


def test_periods_must_fit_each_indicators_frequency() -> None:
    frame = rows(
        ("2018-19 Q2", "Q", 1),
        ("2018 Q3", "Q", 1),
        ("2018 Q3", "NRM", 1),
        ("2018-19 Q2", "NRM", 1),
        ("2018-07", "M", 50),
        ("2018-19 Q2", "M", 50),
        ("2018-19", "Y", 3.5),
        ("2018", "Y", 3.5),
        ("2018-19 Q3", "ANY", 1),
    )
    assert codes(frame, small_plan()) == [
        (1, "period-does-not-fit-frequency"),
        (3, "period-does-not-fit-frequency"),
        (5, "period-does-not-fit-frequency"),
        (7, "period-does-not-fit-frequency"),
        (7, "period-outside-plan-year"),
    ]


def test_the_frequency_is_named_in_the_message() -> None:
    spec = indicator_return_for_plan(small_plan())
    (problem,) = validate_frame(rows(("2018-07", "Q", 1)), spec).problems
    assert problem.expected == "quarterly"
    assert problem.message.startswith(
        "'2018-07' does not fit this indicator's frequency (quarterly)"
    )


def test_indicators_must_be_the_plans_and_units_are_respected() -> None:
    frame = rows(
        ("2018-19 Q1", "Q9", 1),
        ("2018-19 Q1", "Q", -1),
        ("2018-19 Q1", "Q", 2.5),
        ("2018-07", "M", 100.5),
        ("2018-08", "M", -0.1),
        ("2018-09", "M", 99.5),
        ("2018-19", "Y", -7.25),
    )
    assert codes(frame, small_plan()) == [
        (0, "unknown-indicator"),
        (1, "count-not-whole"),
        (2, "count-not-whole"),
        (3, "percent-out-of-range"),
        (4, "percent-out-of-range"),
    ]


def test_periods_outside_the_plan_year_are_warnings() -> None:
    spec = indicator_return_for_plan(small_plan())
    report = validate_frame(rows(("2019-20 Q1", "Q", 1)), spec)
    (problem,) = report.problems
    assert problem.severity == Severity.WARNING and report.valid
    assert problem.message == (
        "'2019-20 Q1' is outside the plan year 2018-19 (2018-04-01 to 2019-03-31)."
    )


def test_a_plan_without_a_year_flags_no_period_as_outside_it() -> None:
    plan = plan_from_mapping({"partnership": "P", "indicators": [{"id": "Q"}]})
    assert codes(rows(("2030-31 Q1", "Q", 1)), plan) == []


def test_other_schemas_get_the_plan_year_on_their_period_columns(returns_dir: Path) -> None:
    spec = for_plan(get_schema("pre-nrm-monitoring"), small_plan(year="2019-20"))
    month = spec.column("month")
    assert [c.code for c in month.checks][-1] == "period-outside-plan-year"
    report = validate_file(returns_dir / "pre-nrm-monitoring-good.csv", spec)
    assert report.valid and report.warnings == 4
    unchanged = get_schema("action-plan")
    assert for_plan(unchanged, small_plan()) is unchanged


def test_a_plan_file_can_be_named_instead_of_a_plan(returns_dir: Path) -> None:
    plan_file = returns_dir.parent / "northshire-plan.yaml"
    report = validate_file(
        returns_dir / "indicator-return-bad.csv", "indicator-return", plan=plan_file
    )
    assert "unknown-indicator" in report.codes()


@pytest.mark.parametrize("name", ["indicator-return"])
def test_the_factory_keeps_the_base_schema_and_adds_checks(name: str) -> None:
    base = get_schema(name)
    specialised = indicator_return_for_plan(small_plan(), base)
    assert specialised.name == base.name
    assert specialised.column_names == base.column_names
    added = {c.code for c in specialised.checks} - {c.code for c in base.checks}
    assert added == {"period-does-not-fit-frequency", "percent-out-of-range", "count-not-whole"}


def test_ids_can_be_required_to_exist_in_another_table() -> None:
    people = pd.DataFrame({"person_id": ["p-1", "p-2"]})
    events = pd.DataFrame(
        {
            "person_id": ["p-1", "p-9"],
            "event": ["referral", "referral"],
            "date": pd.to_datetime(["2018-07-01", "2018-07-02"]),
            "agency": ["Police", "Police"],
        }
    )
    spec = with_known_values(
        get_schema("case-events"), "person_id", people["person_id"], source="the people table"
    )
    for frame in (events, pl.from_pandas(events)):
        (problem,) = validate_frame(frame, spec).problems
        assert (problem.position, problem.code) == (1, "unknown-reference")
        assert problem.message == "'[withheld]' is not in the people table."
    with pytest.raises(SchemaError, match="has no column 'nobody'"):
        with_known_values(spec, "nobody", [], source="x")
