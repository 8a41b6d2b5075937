"""Whole-journey monitoring on hand-made journeys whose answers are worked out by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from aspcore import plan_from_mapping
from aspcore.indicators import IndicatorParams, IndicatorResult, compute_indicators
from aspcore.indicators.datasets import Dataset
from aspcore.indicators.frames import collect
from aspcore.rules import Ruleset
from frames import Convert

AS_OF = dt.date(2018, 12, 31)
ROWS = [
    # A: through every stage after discovery, NRM decisions, then moves on.
    ("p-a", "identified", "2018-04-10", "discovery"),
    ("p-a", "referral", "2018-04-11", "discovery"),
    ("p-a", "support_started", "2018-04-12", "respite"),
    ("p-a", "reasonable_grounds", "2018-04-25", "respite"),
    ("p-a", "contact", "2018-06-01", "recovery"),
    ("p-a", "conclusive_grounds", "2018-09-01", "recovery"),
    ("p-a", "long_term_accommodation", "2018-11-01", "Sustainable freedom"),
    ("p-a", "moved_on", "2018-12-15", "sustainable-freedom"),
    # B: seen twice in May, then never again.
    ("p-b", "identified", "2018-05-01", "discovery"),
    ("p-b", "contact", "2018-05-20", "respite"),
    # C: a reasonable-grounds decision dated before the referral.
    ("p-c", "referral", "2018-06-01", "discovery"),
    ("p-c", "reasonable_grounds", "2018-05-20", "respite"),
    ("p-c", "contact", "2018-10-01", "respite"),
    # D: recovery recorded before respite.
    ("p-d", "contact", "2018-07-01", "recovery"),
    ("p-d", "contact", "2018-08-01", "respite"),
    ("p-d", "contact", "2018-12-20", "respite"),
]


def events() -> pl.DataFrame:
    return pl.DataFrame(
        ROWS, schema=["person_id", "event", "date", "stage"], orient="row"
    ).with_columns(pl.col("date").str.to_date(), sex=pl.lit("female"))


def journey_plan(*blocks: dict[str, Any]) -> Any:
    return plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [
                {"id": f"J{i}", "compute": {"from": "events", **block}}
                for i, block in enumerate(blocks)
            ],
        }
    )


def values(result: IndicatorResult) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    for row in result.rows:
        if row.is_total:
            out.setdefault(row.indicator, {})[row.period] = row.value
    return out


def people(**params: Any) -> dict[str, dict[str, Any]]:
    dataset = Dataset("events", events(), as_of=AS_OF, params=IndicatorParams(**params))
    view = collect(dataset.view("journeys", kind="month", by=()))
    return {row["person_id"]: row for row in view.rows(named=True)}


def test_stages_reached_and_days_in_each() -> None:
    a = people()["p-a"]
    assert [a[f"reached_{s}"] for s in ("prevention", "discovery", "respite")] == [
        False,
        True,
        True,
    ]
    assert a["reached_recovery"] and a["reached_sustainable_freedom"]
    assert a["entered_sustainable_freedom"] == dt.date(2018, 11, 1)  # "Sustainable freedom"
    days = [a[f"days_in_{s}"] for s in ("discovery", "respite", "recovery", "sustainable_freedom")]
    assert days == [2.0, 50.0, 153.0, 44.0]
    assert a["days_in_prevention"] is None
    assert (a["current_stage"], a["status"], a["exit_date"]) == (
        "sustainable-freedom",
        "moved_on",
        dt.date(2018, 12, 15),
    )


def test_nrm_decision_times_from_referral() -> None:
    found = people()
    assert (
        found["p-a"]["days_to_reasonable_grounds"],
        found["p-a"]["days_to_conclusive_grounds"],
    ) == (
        14.0,
        143.0,
    )
    assert found["p-c"]["days_to_reasonable_grounds"] is None
    assert found["p-c"]["nrm_out_of_order"] and not found["p-a"]["nrm_out_of_order"]
    assert found["p-d"]["stages_out_of_order"] and not found["p-a"]["stages_out_of_order"]


def test_status_at_as_of_follows_the_lost_after_parameter() -> None:
    assert people()["p-b"]["status"] == "lost_to_follow_up"  # 225 days without an event
    assert people(lost_after_days=300)["p-b"]["status"] == "open"
    assert people()["p-b"]["days_since_last_event"] == 225.0


def test_moved_on_open_and_lost_per_quarter(backend: Convert) -> None:
    plan = journey_plan(
        {"journey": "moved_on"}, {"journey": "still_open"}, {"journey": "lost_to_follow_up"}
    )
    result = compute_indicators(plan, {"events": backend(events())}, as_of=AS_OF)
    assert values(result) == {
        # Q1: A, B, C open (D starts in July).  Q2: B lost (133 days), C lost (Jun 1 to
        # Sep 30 is 121 days), A and D open.  Q3: A moves on; B lost, C lost again (Oct 1 to
        # Dec 31 is 91 days); D open.
        "J0": {"2018-19 Q1": 0.0, "2018-19 Q2": 0.0, "2018-19 Q3": 1.0},
        "J1": {"2018-19 Q1": 3.0, "2018-19 Q2": 2.0, "2018-19 Q3": 1.0},
        "J2": {"2018-19 Q1": 0.0, "2018-19 Q2": 2.0, "2018-19 Q3": 2.0},
    }


def test_lost_after_days_is_a_ruleset_parameter() -> None:
    plan = journey_plan({"journey": "lost_to_follow_up"})
    ruleset = Ruleset(name="t", version="1", params={"indicators": {"lost_after_days": 130}})
    result = compute_indicators(plan, {"events": events()}, as_of=AS_OF, ruleset=ruleset)
    # Q2: only B (133 days) is lost; C's 121 days are within 130.
    assert values(result)["J0"]["2018-19 Q2"] == 1.0


def test_median_decision_times_per_quarter_of_the_decision() -> None:
    plan = journey_plan(
        {"journey": "days_to_reasonable_grounds"}, {"journey": "days_to_conclusive_grounds"}
    )
    result = compute_indicators(plan, {"events": events()}, as_of=AS_OF)
    assert values(result) == {
        "J0": {"2018-19 Q1": 14.0},  # C's decision before referral is left out
        "J1": {"2018-19 Q2": 143.0},
    }
    assert sorted(f.rule for f in result.findings) == ["IND-007", "IND-007"]


def test_a_conclusive_decision_before_the_reasonable_grounds_one_is_left_out(
    backend: Convert,
) -> None:
    """What IND-007 says is what happens: that decision's days count in no median."""
    rows = [
        ("p-e", "referral", "2018-04-03", "discovery"),
        ("p-e", "reasonable_grounds", "2018-06-20", "respite"),
        ("p-e", "conclusive_grounds", "2018-05-20", "respite"),  # before the RG decision
        ("p-f", "referral", "2018-04-05", "discovery"),
        ("p-f", "reasonable_grounds", "2018-04-15", "respite"),
        ("p-f", "conclusive_grounds", "2018-05-25", "recovery"),
    ]
    data = pl.DataFrame(rows, schema=["person_id", "event", "date", "stage"], orient="row")
    data = data.with_columns(pl.col("date").str.to_date())
    plan = journey_plan(
        {"journey": "days_to_reasonable_grounds"}, {"journey": "days_to_conclusive_grounds"}
    )
    result = compute_indicators(plan, {"events": backend(data)}, as_of=AS_OF)
    # p-e: 78 days to RG (kept); its CG decision is out of order, so only p-f's 50 days count.
    assert values(result) == {"J0": {"2018-19 Q1": 44.0}, "J1": {"2018-19 Q1": 50.0}}
    (order,) = [f for f in result.findings if f.rule == "IND-007"]
    assert order.evidence["people"] == 1 and "left out" in order.message


def test_views_are_ordinary_datasets_for_any_measure() -> None:
    plan = journey_plan(
        {
            "view": "journeys",
            "numerator": {"where": "reached_recovery", "measure": "count_distinct(person_id)"},
            "period": "first_date",
            "frequency": "annual",
        },
        {
            "view": "journeys",
            "numerator": "mean(days_in_respite)",
            "period": "entered_respite",
            "frequency": "annual",
        },
    )
    result = compute_indicators(plan, {"events": events()}, as_of=AS_OF)
    # Recovery reached by A and D.  Days in respite: A 50; B and C 225 (May 20 to as_of);
    # D's respite came after recovery (out of order), so it is left out.
    assert values(result) == {"J0": {"2018-19": 2.0}, "J1": {"2018-19": 166.666667}}


def test_journeys_need_the_event_columns() -> None:
    plan = journey_plan({"journey": "moved_on"})
    result = compute_indicators(plan, {"events": events().drop("event")}, as_of=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "IND-001" and f.subject == "J0"]
    assert "no column(s) event" in finding.message


@pytest.mark.parametrize("bad", [{"lost_after_days": 0}, {"min_count": "five"}, {"colour": 1}])
def test_bad_parameters_are_ruleset_errors(bad: dict[str, Any]) -> None:
    plan = journey_plan({"journey": "moved_on"})
    ruleset = Ruleset(name="t", version="1", params={"indicators": bad})
    with pytest.raises(ValueError, match=r"\[params.indicators\]"):
        compute_indicators(plan, {"events": events()}, as_of=AS_OF, ruleset=ruleset)


HOUSING_ROWS = [
    # H: in recovery by Q1's end; into long-term accommodation in Q2; a breakdown in Q3.
    ("p-h", "support_started", "2018-04-05", "respite"),
    ("p-h", "safe_house", "2018-04-05", "respite"),
    ("p-h", "contact", "2018-06-10", "recovery"),
    ("p-h", "long_term_accommodation", "2018-08-01", "sustainable-freedom"),
    ("p-h", "contact", "2018-10-20", "sustainable-freedom"),
    ("p-h", "temporary_accommodation", "2018-11-15", "sustainable-freedom"),
    # I: housed long-term in respite, then never seen again (lost during Q2).
    ("p-i", "support_started", "2018-04-10", "respite"),
    ("p-i", "long_term_accommodation", "2018-05-01", "respite"),
    # J: identified, never in care, lost during Q3.
    ("p-j", "identified", "2018-07-05", "discovery"),
    ("p-j", "contact", "2018-07-20", "discovery"),
]


def housing_events() -> pl.DataFrame:
    frame = pl.DataFrame(HOUSING_ROWS, schema=["person_id", "event", "date", "stage"], orient="row")
    return frame.with_columns(pl.col("date").str.to_date())


def test_stage_and_housing_at_each_period_end() -> None:
    dataset = Dataset("events", housing_events(), as_of=AS_OF, params=IndicatorParams())
    view = collect(dataset.view("journey_periods", kind="financial-quarter", by=()))
    rows = {
        (r["person_id"], r["_aspcore_period"]): (
            r["status"],
            r["current_stage"],
            r["in_long_term_accommodation"],
            r["lost_in_period"],
        )
        for r in view.rows(named=True)
    }
    q1, q2, q3 = (2018 * 12 + month for month in (3, 6, 9))  # April, July, October
    assert rows == {
        ("p-h", q1): ("open", "recovery", False, False),
        ("p-h", q2): ("open", "sustainable-freedom", True, False),
        ("p-h", q3): ("open", "sustainable-freedom", False, False),  # the tenancy broke down
        ("p-i", q1): ("open", "respite", True, False),
        ("p-i", q2): ("lost_to_follow_up", "respite", True, True),  # 91 days on Jul 31
        ("p-i", q3): ("lost_to_follow_up", "respite", True, False),  # lost already
        ("p-j", q2): ("open", "discovery", False, False),
        ("p-j", q3): ("lost_to_follow_up", "discovery", False, True),
    }


def test_in_care_long_term_housing_and_newly_lost_per_quarter(backend: Convert) -> None:
    plan = journey_plan(
        {"journey": "in_care"},
        {"journey": "in_long_term_accommodation", "factor": 100},
        {"journey": "lost_to_follow_up"},
        {"journey": "newly_lost_to_follow_up"},
    )
    result = compute_indicators(plan, {"events": backend(housing_events())}, as_of=AS_OF)
    assert values(result) == {
        # In care at the quarter's end: H and I, then H alone (I lost, J never in care).
        "J0": {"2018-19 Q1": 2.0, "2018-19 Q2": 1.0, "2018-19 Q3": 1.0},
        # Of them in long-term accommodation: I; H; nobody (H's tenancy broke down).
        "J1": {"2018-19 Q1": 50.0, "2018-19 Q2": 100.0, "2018-19 Q3": 0.0},
        # Lost, a stock: I from Q2, J too from Q3; newly lost, a flow: I in Q2, J in Q3.
        "J2": {"2018-19 Q1": 0.0, "2018-19 Q2": 1.0, "2018-19 Q3": 2.0},
        "J3": {"2018-19 Q1": 0.0, "2018-19 Q2": 1.0, "2018-19 Q3": 1.0},
    }


def test_accommodation_events_and_milestones_are_parameters() -> None:
    params = IndicatorParams(
        accommodation_events=["safe_house"], long_term_accommodation=["contact"], milestones=[]
    )
    dataset = Dataset("events", housing_events(), as_of=AS_OF, params=params)
    periods = collect(dataset.view("journey_periods", kind="financial-quarter", by=()))
    q3 = 2018 * 12 + 9
    h = [
        r for r in periods.rows(named=True) if (r["person_id"], r["_aspcore_period"]) == ("p-h", q3)
    ]
    assert h[0]["in_long_term_accommodation"]  # a contact after the safe house counts now
    people = collect(dataset.view("journeys", kind="month", by=()))
    assert [c for c in people.columns if c.startswith("first_")] == ["first_date"]
    named = IndicatorParams(milestones=["support_started"])
    view = collect(
        Dataset("events", housing_events(), as_of=AS_OF, params=named).view(
            "journeys", kind="month", by=()
        )
    )
    starts = dict(zip(view["person_id"], view["first_support_started"], strict=True))
    assert starts == {"p-h": dt.date(2018, 4, 5), "p-i": dt.date(2018, 4, 10), "p-j": None}


@pytest.mark.parametrize("bad", [["Employment Offered"], ["date"]])
def test_a_milestone_must_make_a_column_name(bad: list[str]) -> None:
    with pytest.raises(ValueError, match="milestones name columns first_<event>"):
        IndicatorParams.from_mapping({"milestones": bad})


def test_a_view_lists_only_the_columns_a_block_can_use() -> None:
    plan = journey_plan({"view": "journey_periods", "numerator": "sum(stat)"})
    result = compute_indicators(plan, {"events": events()}, as_of=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "IND-001"]
    assert "no column(s) stat (did you mean status?)" in finding.message
    assert "_aspcore" not in finding.message and "current_stage" in finding.message
