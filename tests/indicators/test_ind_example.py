"""The example plan's indicators over the bundled case events, checked independently."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import attrs
import polars as pl
import pytest
from ind_reference import EVENTS, PLAN, Cells, Row, reference

import aspcore
from aspcore.indicators import JOURNEY_MEASURES, IndicatorResult, compute_indicators
from aspcore.model import Plan, Rag, Severity, Unit
from aspcore.periods import parse_period


@attrs.frozen
class Kpi:
    """A Table 3 KPI as the guide words it, the words the indicators' names must share, and the
    example's indicators giving its numbers (unit count) and its proportions (percentages)."""

    subject: str
    numbers: tuple[str, ...] = ()
    proportions: tuple[str, ...] = ()


#: Every Table 3 KPI that case events can answer (guide, Table 3, "Key performance indicators").
TABLE_3 = {
    "Number of victims identified and assisted.": Kpi("identified", numbers=("K1", "K2")),
    "Number and proportion of victims participating in decisions about services provided to "
    "them.": Kpi("participating in decisions about the services", ("K3",), ("K4",)),
    "Number and proportion of victims receiving voluntary care linked to the needs identified "
    "in an assessment.": Kpi(
        "voluntary care linked to the needs identified in an assessment", ("K5",), ("K6",)
    ),
    "Number and proportion of victims who have received legal counselling.": Kpi(
        "received legal counselling", ("K7",), ("K8",)
    ),
    "Percentage of victims in long-term accommodation.": Kpi(
        "in long-term accommodation", proportions=("K9",)
    ),
    "Number and proportion of victims offered and receiving employment assistance.": Kpi(
        "employment assistance", ("K10", "K11"), ("K13", "K12")
    ),
}
#: The Table 3 KPIs case events cannot answer: the example plan's header names them.
NOT_FROM_CASE_EVENTS = (
    "prevent campaigns",
    "quality of their feedback",
    "victim identification activities",
    "client-led programme improvements",
)
JOURNEYS = ("J1", "J2", "J3", "J4", "J5", "J6")
CHECKED = sorted({i for kpi in TABLE_3.values() for i in kpi.numbers + kpi.proportions})


@pytest.fixture(scope="module")
def result(indicator_plan: Plan, events: pl.DataFrame, as_of_2019: dt.date) -> IndicatorResult:
    return compute_indicators(indicator_plan, {"events": events.lazy()}, as_of=as_of_2019)


@pytest.fixture(scope="module")
def expected(event_rows: list[Row]) -> dict[str, Cells]:
    return reference(event_rows)


def cells_of(result: IndicatorResult, indicator: str) -> Cells:
    return {
        (row.period, tuple(v for _c, v in row.by)): (row.value, row.numerator, row.denominator)
        for row in result.rows
        if row.indicator == indicator
    }


@pytest.mark.parametrize("indicator", [*CHECKED, *JOURNEYS])
def test_indicator_equals_the_independent_computation(
    result: IndicatorResult, expected: dict[str, Cells], indicator: str
) -> None:
    assert cells_of(result, indicator) == expected[indicator]


@pytest.mark.parametrize("kpi", list(TABLE_3))
def test_every_computable_table_3_kpi_is_in_the_example(
    indicator_plan: Plan, expected: dict[str, Cells], kpi: str
) -> None:
    """A number for "Number", a proportion for "proportion" or "Percentage", each computed,
    named after the KPI, and checked against the independent computation."""
    wanted = TABLE_3[kpi]
    indicators = {i.id: i for i in indicator_plan.indicators}
    assert bool(wanted.numbers) == kpi.startswith("Number")
    assert bool(wanted.proportions) == ("proportion" in kpi or kpi.startswith("Percentage"))
    for iid in wanted.numbers + wanted.proportions:
        indicator = indicators[iid]
        assert indicator.compute is not None and iid in expected, iid
        assert wanted.subject in (indicator.name or ""), iid
    for iid in wanted.numbers:
        assert indicators[iid].unit is Unit.COUNT and "denominator" not in indicators[iid].compute
    for iid in wanted.proportions:
        compute = indicators[iid].compute or {}
        journey = compute.get("journey")
        assert indicators[iid].unit is Unit.PERCENT
        assert "denominator" in compute or "denominator" in JOURNEY_MEASURES[journey]


def test_the_example_says_which_table_3_kpis_come_from_elsewhere() -> None:
    header = PLAN.read_text(encoding="utf-8").split("\npartnership:")[0]
    words = " ".join(word for word in header.split() if word != "#")
    assert all(kpi in words for kpi in NOT_FROM_CASE_EVENTS)


def test_every_computed_indicator_is_checked(indicator_plan: Plan) -> None:
    computed = {i.id for i in indicator_plan.indicators if i.compute is not None}
    assert computed == {*CHECKED, *JOURNEYS}


def test_the_bundled_data_is_clean_and_what_the_script_promises(
    result: IndicatorResult, event_rows: list[Row]
) -> None:
    """Every invented person has events, over the two partnership years the script spans, and
    the data raise no finding."""
    import runpy

    script = runpy.run_path(str(EVENTS.with_name("generate_case_events.py")))
    days = [dt.date.fromisoformat(row["date"]) for row in event_rows]
    assert result.findings == ()
    assert tuple(event_rows[0]) == script["COLUMNS"]
    assert len({row["person_id"] for row in event_rows}) == script["PEOPLE"]
    assert (min(days), max(days)) == (script["FIRST_DAY"], script["LAST_DAY"])


def test_the_bundled_data_is_what_the_script_writes(tmp_path: Any) -> None:
    import runpy
    import sys

    out = tmp_path / "again.csv"
    argv = sys.argv
    sys.argv = ["generate_case_events.py", "--out", str(out)]
    try:
        runpy.run_path(str(EVENTS.with_name("generate_case_events.py")), run_name="__main__")
    finally:
        sys.argv = argv
    assert out.read_bytes() == EVENTS.read_bytes()


def test_headline_rows_are_observations(result: IndicatorResult) -> None:
    observations = result.to_observations()
    headline = [row for row in result.rows if row.is_total]
    assert len(observations) == len(headline)
    k2 = {o.period.label: o.value for o in observations if o.indicator == "K2"}
    assert k2["2018-19 Q4"] == cells_of(result, "K2")[("2018-19 Q4", ("all", "all"))][0]


def test_computed_values_feed_the_rag_rules(
    indicator_plan: Plan, result: IndicatorResult, as_of_2019: dt.date
) -> None:
    plan = attrs.evolve(
        indicator_plan, observations=indicator_plan.observations + result.to_observations()
    )
    evaluation = aspcore.evaluate(plan, as_of=as_of_2019)
    statuses = {s.subject: s for s in evaluation.statuses if s.kind == "indicator"}
    k2 = cells_of(result, "K2")[("2018-19 Q4", ("all", "all"))][0]
    assert k2 is not None and k2 >= 200
    assert statuses["K2"].period == "2018-19 Q4" and statuses["K2"].rag is Rag.GREEN
    assert statuses["K12"].period == "2018-19"
    assert statuses["K1"].rag is Rag.GREY  # computed, but the plan sets no target


def test_apply_to_replaces_typed_figures_and_carries_the_findings(
    indicator_plan: Plan, result: IndicatorResult
) -> None:
    typed = aspcore.Observation("K2", parse_period("2018-19 Q4"), 1.0)
    by_agency = aspcore.Observation("K2", parse_period("2018-19 Q4"), 7.0, agency="Police")
    warning = aspcore.Finding("IND-004", "K2", Severity.WARNING, "a warning about the data")
    plan = attrs.evolve(indicator_plan, observations=(typed, by_agency))
    applied = attrs.evolve(result, findings=(warning,)).apply_to(plan)
    k2 = [o for o in applied.observations if o.indicator == "K2" and o.period.label == "2018-19 Q4"]
    assert [(o.value, o.agency) for o in k2] == [
        (7.0, "Police"),
        (cells_of(result, "K2")[("2018-19 Q4", ("all", "all"))][0], None),
    ]
    assert applied.issues == (warning,)


def test_dicts_frame_and_json_agree(result: IndicatorResult) -> None:
    rows = result.to_dicts()
    frame = result.to_frame()
    assert frame.height == len(rows) == len(result.rows)
    assert list(frame.columns[:2]) == ["indicator", "period"]
    assert set(result.by_columns) == {"sex", "age_group", "exploitation_type"}
    assert frame.row(0, named=True) == {**rows[0], "value": float(rows[0]["value"])} | {
        "numerator": float(rows[0]["numerator"])
    }
    data = json.loads(result.to_json())
    assert data["rows"] == rows and data["as_of"] == "2019-03-31"
    assert result.to_json() == result.to_json()


def test_pandas_frame_out(result: IndicatorResult) -> None:
    frame = result.to_frame("pandas")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    assert next(csv.reader(io.StringIO(buffer.getvalue())))[:2] == ["indicator", "period"]


def test_compute_indicators_is_public_api(
    indicator_plan: Plan, events: pl.DataFrame, as_of_2019: dt.date, result: IndicatorResult
) -> None:
    import inspect
    import subprocess
    import sys

    import aspcore.indicators

    assert "compute_indicators" in aspcore.__all__
    assert aspcore.compute_indicators is aspcore.indicators.compute_indicators
    parameters = inspect.signature(aspcore.compute_indicators).parameters
    assert list(parameters)[:4] == ["plan", "data", "as_of", "publish"]
    assert parameters["as_of"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["publish"].default is False
    top = aspcore.compute_indicators(indicator_plan, {"events": events}, as_of=as_of_2019)
    assert top == result
    # Importing aspcore alone does not import the dataframe libraries the indicators need.
    probe = "import sys, aspcore; print('aspcore.indicators' in sys.modules)"
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"


def test_a_period_still_running_at_as_of_is_flagged(
    indicator_plan: Plan, events: pl.DataFrame
) -> None:
    day = dt.date(2018, 11, 30)
    result = compute_indicators(indicator_plan, {"events": events.lazy()}, as_of=day)
    partial = {f.subject: f for f in result.findings if f.rule == "IND-008"}
    computed = [i.id for i in indicator_plan.indicators if i.compute is not None]
    assert sorted(partial) == sorted(computed)
    assert {f.severity for f in partial.values()} == {Severity.INFO}
    k1, k12 = partial["K1"], partial["K12"]
    assert (k1.evidence["period"], k1.evidence["days"], k1.evidence["of"]) == ("2018-19 Q3", 61, 92)
    assert (k12.evidence["period"], k12.evidence["days"], k12.evidence["of"]) == (
        "2018-19",
        244,
        365,
    )
    assert "period 2018-19 runs to 2019-03-31, after the as-of date 2018-11-30" in k12.message
