"""Bad case data gives findings (or a reasoned null), never a traceback, and never a raw id."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from ind_backends import Convert

from aspcore import plan_from_mapping
from aspcore.indicators import IndicatorResult, compute_indicators
from aspcore.model import Severity

AS_OF = dt.date(2018, 9, 30)
COLUMNS = ["person_id", "event", "date", "agency", "stage"]
BASE = [
    ("p-1", "identified", "2018-04-02", "police", "discovery"),
    ("p-1", "referral", "2018-04-03", "police", "discovery"),
    ("p-1", "reasonable_grounds", "2018-04-20", "sca", "respite"),
    ("p-2", "identified", "2018-05-02", "council", "discovery"),
    ("p-2", "legal_advice", "2018-07-09", "law-centre", "recovery"),
]
COUNT = {"from": "events", "numerator": "count()", "period": "date"}
PEOPLE = {"from": "events", "numerator": "count_distinct(person_id)", "period": "date"}


def frame(*extra: tuple[str, ...]) -> pl.DataFrame:
    rows = [*BASE, *extra]
    return pl.DataFrame(rows, schema=COLUMNS, orient="row").with_columns(
        pl.col("date").str.to_date()
    )


def run(data: Any, *blocks: dict[str, Any]) -> IndicatorResult:
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [{"id": f"I{i}", "compute": b} for i, b in enumerate(blocks or [COUNT])],
        }
    )
    return compute_indicators(plan, {"events": data}, as_of=AS_OF)


def finding(result: IndicatorResult, rule: str) -> Any:
    (found,) = [f for f in result.findings if f.rule == rule]
    assert found.severity == Severity.WARNING and found.subject == "events"
    return found


def test_clean_events_give_no_findings(backend: Convert) -> None:
    assert run(backend(frame())).findings == ()


def test_events_out_of_order(backend: Convert) -> None:
    late_referral = ("p-2", "referral", "2018-06-01", "police", "discovery")
    early_decision = ("p-2", "reasonable_grounds", "2018-05-15", "sca", "respite")
    result = run(backend(frame(late_referral, early_decision)))
    found = finding(result, "IND-007")
    assert found.evidence["people"] == 1 and "before their referral" in found.message


def test_duplicate_events_are_reported_and_count_twice_only_in_count(backend: Convert) -> None:
    result = run(backend(frame(BASE[0], BASE[0])), COUNT, PEOPLE)
    assert finding(result, "IND-004").evidence["rows"] == 2
    q1 = {row.indicator: row.value for row in result.rows if row.period == "2018-19 Q1"}
    assert q1 == {"I0": 6.0, "I1": 2.0}


def test_dates_after_as_of_are_left_out_and_reported(backend: Convert) -> None:
    future = ("p-3", "identified", "2018-11-05", "police", "discovery")
    result = run(backend(frame(future, future)))
    assert finding(result, "IND-002").evidence["rows"] == 2
    assert {row.period for row in result.rows} == {"2018-19 Q1", "2018-19 Q2"}


def test_rows_without_a_date_are_reported() -> None:
    data = frame().with_columns(
        date=pl.when(pl.col("event") == "referral").then(None).otherwise(pl.col("date"))
    )
    result = run(data)
    assert finding(result, "IND-003").evidence["rows"] == 1
    assert sum(row.value or 0 for row in result.rows) == 4


def test_unknown_stages_are_named(backend: Convert) -> None:
    limbo = ("p-2", "contact", "2018-08-01", "victim-care", "limbo")
    result = run(backend(frame(limbo)))
    found = finding(result, "IND-006")
    assert found.evidence["values"] == ["limbo"] and "'limbo'" in found.message


def test_a_zero_denominator_is_a_null_with_a_reason(backend: Convert) -> None:
    block = {
        "from": "events",
        "numerator": {"where": "event == 'legal_advice'", "measure": "count_distinct(person_id)"},
        "denominator": {"where": "event == 'identified'", "measure": "count_distinct(person_id)"},
        "period": "date",
        "factor": 100,
    }
    result = run(backend(frame()), block)
    rows = {row.period: row for row in result.rows}
    assert (rows["2018-19 Q1"].value, rows["2018-19 Q1"].numerator) == (0.0, 0)
    q2 = rows["2018-19 Q2"]
    assert (q2.value, q2.numerator, q2.denominator, q2.reason) == (
        None,
        1,
        0,
        "denominator is zero",
    )
    assert result.findings == ()


def test_a_person_id_that_looks_like_a_name(backend: Convert) -> None:
    named = ("Jane Smith", "identified", "2018-05-09", "police", "discovery")
    result = run(backend(frame(named, named)))
    found = finding(result, "IND-005")
    assert found.evidence["rows"] == 2
    assert "pseudonymise" in found.suggestion
    assert "Jane" not in repr(result.findings)


@pytest.mark.parametrize("convert", [lambda f: f, lambda f: f.to_pandas()])
def test_unreadable_dates_are_a_finding_not_a_traceback(convert: Any) -> None:
    data = frame().with_columns(pl.col("date").dt.strftime("%Y-%m-%d"))
    data = data.with_columns(
        date=pl.when(pl.col("event") == "referral")
        .then(pl.lit("2018-02-30"))
        .otherwise(pl.col("date"))
    )
    result = run(convert(data))
    problems = [f for f in result.findings if f.severity == Severity.ERROR]
    assert [f.rule for f in problems] == ["IND-001"]
    assert "check that date holds dates (YYYY-MM-DD)" in problems[0].message
    assert "2018-02-30" not in repr(result.findings)
    assert result.rows == ()
