"""Compute blocks: what is read, and a clear IND-001 finding for anything that cannot be used."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from aspcore import plan_from_mapping
from aspcore.indicators import (
    BUILTIN_MEASURES,
    IndicatorParams,
    IndicatorResult,
    compute_indicators,
    parse_compute,
)
from aspcore.model import Severity

AS_OF = dt.date(2018, 12, 31)
EVENTS = pl.DataFrame(
    {
        "person_id": ["p-1", "p-2", "p-3"],
        "event": ["identified", "legal_advice", "identified"],
        "date": [dt.date(2018, 7, 1), dt.date(2018, 8, 1), dt.date(2018, 10, 1)],
        "sex": ["female", "male", None],
        "hours": [1.0, 2.0, 3.0],
        "note": ["a", "b", "c"],
    }
)
GOOD = {
    "from": "events",
    "numerator": {"where": "event == 'legal_advice'", "measure": "count_distinct(person_id)"},
    "denominator": {"where": "event == 'identified'", "measure": "count_distinct(person_id)"},
    "period": "date",
}


def compute(block: dict[str, Any], **indicator: Any) -> IndicatorResult:
    plan = plan_from_mapping(
        {"partnership": "P", "indicators": [{"id": "K", "compute": block, **indicator}]}
    )
    return compute_indicators(plan, {"events": EVENTS}, as_of=AS_OF, check_data=False)


def only_problem(result: IndicatorResult) -> str:
    (finding,) = result.findings
    assert (finding.rule, finding.subject, finding.severity) == ("IND-001", "K", Severity.ERROR)
    assert result.rows == ()
    return finding.message


def test_the_issue_example_reads_with_defaults() -> None:
    plan = plan_from_mapping(
        {"partnership": "P", "indicators": [{"id": "K2", "unit": "percent", "compute": GOOD}]}
    )
    spec, problems = parse_compute(plan.indicators[0], BUILTIN_MEASURES, IndicatorParams())
    assert problems == [] and spec is not None
    assert (spec.frequency, spec.calendar, spec.kind) == ("quarterly", False, "financial-quarter")
    assert spec.factor == 100.0  # a percentage with a denominator
    assert spec.denominator is not None and spec.denominator.measure.column == "person_id"


def test_indicator_frequency_and_calendar_are_the_defaults() -> None:
    result = compute(GOOD, frequency="monthly")
    assert [row.period for row in result.rows] == ["2018-07", "2018-08", "2018-10"]
    calendar = compute({**GOOD, "frequency": "quarterly"}, calendar=True)
    assert [row.period for row in calendar.rows] == ["2018 Q3", "2018 Q4"]


def test_a_shared_where_applies_to_both_sides() -> None:
    result = compute({**GOOD, "where": "sex == 'female'", "factor": 1})
    (row,) = [row for row in result.rows if row.period == "2018-19 Q2"]
    assert (row.numerator, row.denominator, row.value) == (0, 1, 0.0)


@pytest.mark.parametrize(
    ("block", "says"),
    [
        ({**GOOD, "numerater": {}}, "unknown key 'numerater' (did you mean numerator?)"),
        ({**GOOD, "from": None}, "needs `from:`"),
        ({**GOOD, "view": "people"}, "view 'people' is not one of"),
        ({**GOOD, "numerator": None}, "needs `numerator:`"),
        ({**GOOD, "numerator": {"measure": "tally()"}}, "unknown measure 'tally'"),
        ({**GOOD, "numerator": {"where": "event ==", "measure": "count()"}}, "numerator.where"),
        ({**GOOD, "numerator": {"where": "1 + 2", "measure": "count()"}}, "not a condition"),
        ({**GOOD, "numerator": {"measure": "count()", "filter": "x"}}, "unknown key(s) filter"),
        ({**GOOD, "numerator": 7}, "must be a measure or"),
        ({**GOOD, "factor": 0}, "factor must be a non-zero number"),
        ({**GOOD, "frequency": "weekly"}, "frequency 'weekly' is not one of"),
        ({**GOOD, "period": None}, "needs `period:`"),
        ({**GOOD, "by": ["value"]}, "has a name the result uses itself"),
        ({**GOOD, "by": ["sex", "sex"]}, "by names a column twice"),
        ({**GOOD, "by": 3}, "by must be a list"),
        ({**GOOD, "totals": "yes"}, "totals must be true or false"),
        ({"from": "events", "journey": "lost_to_followup"}, "did you mean lost_to_follow_up?"),
        (
            {"from": "events", "journey": "moved_on", "period": "date"},
            "journey_periods rows are already placed in periods",
        ),
    ],
)
def test_unusable_blocks_are_findings(block: dict[str, Any], says: str) -> None:
    assert says in only_problem(compute(block))


@pytest.mark.parametrize(
    ("block", "says"),
    [
        (
            {**GOOD, "from": "referrals"},
            "no dataset named 'referrals' was given (datasets: events)",
        ),
        (
            {**GOOD, "numerator": {"where": "evnt == 'x'", "measure": "count()"}},
            "no column(s) evnt (did you mean event?)",
        ),
        ({**GOOD, "numerator": "sum(note)"}, "needs numbers, but column 'note' holds String"),
        ({**GOOD, "period": "dat"}, "no column(s) dat (did you mean date?)"),
    ],
)
def test_blocks_that_do_not_fit_the_data_are_findings(block: dict[str, Any], says: str) -> None:
    assert says in only_problem(compute(block))


def test_other_indicators_are_still_computed() -> None:
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [
                {"id": "BAD", "compute": {**GOOD, "numerator": "tally()"}},
                {"id": "OK", "compute": GOOD},
                {"id": "PLAIN"},
            ],
        }
    )
    result = compute_indicators(plan, {"events": EVENTS}, as_of=AS_OF, check_data=False)
    assert {row.indicator for row in result.rows} == {"OK"}
    assert [f.subject for f in result.findings] == ["BAD"]


def test_as_of_must_be_a_date() -> None:
    plan = plan_from_mapping({"partnership": "P"})
    with pytest.raises(ValueError, match=r"as_of must be a datetime\.date"):
        compute_indicators(plan, {}, as_of=dt.datetime(2018, 1, 1))


def test_something_that_is_not_a_frame_is_a_finding() -> None:
    plan = plan_from_mapping({"partnership": "P", "indicators": [{"id": "K", "compute": GOOD}]})
    result = compute_indicators(plan, {"events": [1, 2]}, as_of=AS_OF)
    assert "expected a data frame" in only_problem(result)
