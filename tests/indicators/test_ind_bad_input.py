"""Bad case data gives findings (or a reasoned null), never a traceback, and never a raw id."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from aspcore import plan_from_mapping
from aspcore.indicators import IndicatorParams, IndicatorResult, compute_indicators
from aspcore.model import Severity
from frames import Convert

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


@pytest.mark.parametrize(
    ("value", "stage"),
    [("recovry", "recovery"), ("sustainable_fredom", "sustainable-freedom"), ("respit", "respite")],
)
def test_a_misspelt_stage_is_named_with_what_it_means(
    backend: Convert, value: str, stage: str
) -> None:
    misspelt = ("p-2", "contact", "2018-08-01", "victim-care", value)
    result = run(backend(frame(misspelt)))
    found = finding(result, "IND-006")
    assert found.evidence["values"] == {value: stage}
    assert f"{value!r} (did you mean {stage}?)" in found.message
    assert "withheld_rows" not in found.evidence


@pytest.mark.parametrize(
    "value",
    [
        "Jane Smith",
        "jane smith",
        "jane-smith",
        "mary-jones",
        "smith",
        "preston",
        "limbo",
        "Limbo",
        "see notes: moved",
        "é",
    ],
)
def test_a_stage_value_that_may_be_personal_is_counted_not_quoted(
    backend: Convert, value: str
) -> None:
    shifted = ("p-2", "contact", "2018-08-01", "victim-care", value)
    misspelt = ("p-2", "contact", "2018-08-02", "victim-care", "recovry")
    result = run(backend(frame(shifted, misspelt, shifted)))
    found = finding(result, "IND-006")
    assert found.evidence["values"] == {"recovry": "recovery"}
    assert found.evidence["withheld_rows"] == 2
    if "first_rows" in found.evidence:  # DuckDB keeps no row order to number
        assert found.evidence["first_rows"] == [7, 9] and "(rows 7, 9)" in found.message
    assert "may be personal data" in found.message
    assert value not in repr(result.findings) and value not in result.to_json()


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


def text_dates(*extra: tuple[str, ...]) -> pl.DataFrame:
    return frame(*extra).with_columns(pl.col("date").dt.strftime("%Y-%m-%d"))


def with_referral_dated(data: pl.DataFrame, text: str | None, column: str = "date") -> Any:
    referral = pl.col("event") == "referral"
    return data.with_columns(
        pl.when(referral).then(pl.lit(text)).otherwise(pl.col(column)).alias(column)
    )


@pytest.mark.parametrize("bad", ["2018-02-30", "unknown", "30/04/2018", "2018-13-01"])
def test_an_unreadable_date_is_left_out_and_the_rest_computed(backend: Convert, bad: str) -> None:
    journeys = {"from": "events", "journey": "days_to_reasonable_grounds"}
    result = run(backend(with_referral_dated(text_dates(), bad)), COUNT, PEOPLE, journeys)
    assert [f.rule for f in result.findings] == ["IND-003"]
    found = finding(result, "IND-003")
    numbered = {"rows": 1, "blank": 0, "unreadable": 1, "column": "date"}
    assert {k: found.evidence[k] for k in numbered} == numbered
    if "first_rows" in found.evidence:  # DuckDB keeps no row order to number
        assert found.evidence["first_rows"] == [3]  # the header is row 1
        assert "row 3" in found.message
    assert "column date" in found.message and bad not in repr(result.findings)
    counts = {(r.indicator, r.period): r.value for r in result.rows}
    assert counts[("I0", "2018-19 Q1")] == 3  # four events that quarter, one undated
    assert counts[("I1", "2018-19 Q1")] == 2
    assert counts[("I2", "2018-19 Q1")] is None  # no referral date, so no decision time


def test_blank_and_unreadable_dates_are_counted_apart_with_their_rows() -> None:
    extra = [("p-3", "contact", text, "police", "recovery") for text in ("", "not yet", "2018-6-1")]
    data = pl.DataFrame([*BASE, *extra], schema=COLUMNS, orient="row")
    found = finding(run(with_referral_dated(data, "2018-02-29")), "IND-003")
    assert {k: found.evidence[k] for k in ("rows", "blank", "unreadable")} == {
        "rows": 4,
        "blank": 1,
        "unreadable": 3,
    }
    assert found.evidence["first_rows"] == [3, 7, 8, 9]
    assert "(1 blank, 3 not a date written YYYY-MM-DD: rows 3, 7, 8, 9)" in found.message


def test_a_duration_column_is_checked_under_its_own_name() -> None:
    data = text_dates().with_columns(decided=pl.col("date"))
    data = with_referral_dated(data, "2018-04-31", column="decided")
    block = {
        "from": "events",
        "numerator": "median(days_between(date, decided))",
        "period": "date",
    }
    result = run(data, block)
    found = finding(result, "IND-003")
    assert found.evidence["column"] == "decided" and "column decided" in found.message
    assert [row.numerator for row in result.rows] == [0.0, 0.0]


def test_the_columns_checked_as_dates_are_those_the_blocks_read() -> None:
    """A blank in a column read only as a duration's end is a decision not yet made; the events'
    date column places rows in periods even where a block reads it as a duration's start; and a
    block that cannot be computed still has its period column checked."""
    data = text_dates().with_columns(
        decided=pl.col("date"), closed=pl.col("date"), opened=pl.col("date")
    )
    data = with_referral_dated(data, None, column="decided")
    data = with_referral_dated(data, None, column="date")
    data = with_referral_dated(data, "2018-04-31", column="opened")
    duration = {
        "from": "events",
        "numerator": "median(days_between(date, decided))",
        "period": "closed",
    }
    broken = {"from": "events", "numerator": "sum(no_such_column)", "period": "opened"}
    result = run(data, duration, broken)
    checked = {f.evidence["column"]: f for f in result.findings if f.rule == "IND-003"}
    assert {c: (f.evidence["blank"], f.evidence["unreadable"]) for c, f in checked.items()} == {
        "date": (1, 0),
        "opened": (0, 1),
    }
    assert [f.rule for f in result.findings if f.subject == "I1"] == ["IND-001"]


def test_a_journey_names_the_date_column_of_the_data_not_of_the_view() -> None:
    data = with_referral_dated(text_dates().rename({"date": "when"}), "2018-06-31", "when")
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [{"id": "L", "compute": {"from": "events", "journey": "still_open"}}],
        }
    )
    params = IndicatorParams(date="when")
    result = compute_indicators(plan, {"events": data}, as_of=AS_OF, params=params)
    found = finding(result, "IND-003")
    assert found.evidence["column"] == "when"
    assert "column when" in found.message and "column period" not in found.message
    assert result.rows


def test_a_store_table_is_numbered_by_the_rows_of_its_file() -> None:
    import duckdb

    data = with_referral_dated(text_dates(), "soon").with_columns(
        source_row=pl.Series([12, 14, 16, 18, 20])
    )
    connection = duckdb.connect()
    connection.register("stored", data.to_arrow())
    found = finding(run(connection.table("stored")), "IND-003")
    assert found.evidence["first_rows"] == [14] and "row 14" in found.message
