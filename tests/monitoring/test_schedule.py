"""Returns that are late: "You should also ensure that you share information in a timely manner"
(the guide, on partnership communication).  A board must see what has not arrived."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import aspcore
from aspcore.model import Rag
from aspcore.monitoring import ReturnState, expected_returns


def quarterly_plan(observations: list[dict[str, object]], **indicator: object) -> aspcore.Plan:
    return aspcore.plan_from_mapping(
        {
            "partnership": "P",
            "year": "2018-19",
            "indicators": [
                {"id": "I1", "unit": "count", "target": 10, "frequency": "quarterly", **indicator}
            ],
            "observations": observations,
        }
    )


def overdue(evaluation: aspcore.Evaluation) -> list[aspcore.Finding]:
    return [f for f in evaluation.findings if f.rule == "RETURN-001"]


def test_a_year_old_value_with_two_returns_overdue_is_grey_not_green() -> None:
    plan = quarterly_plan([{"indicator": "I1", "period": "2018-19 Q1", "value": 12}])
    evaluation = aspcore.evaluate(plan, as_of=dt.date(2019, 2, 1))
    [status] = evaluation.statuses_of("indicator")
    assert status.rag is Rag.GREY
    assert status.reason.startswith("overdue: the 2018-19 Q3 return was due on 2019-01-30")
    last = status.evidence["last_rating"]
    assert isinstance(last, dict)
    assert last["rag"] == Rag.GREEN
    assert last["period"] == "2018-19 Q1"
    messages = [f.message for f in overdue(evaluation)]
    assert messages == [
        "the 2018-19 Q2 return of indicator I1 was due on 2018-10-30 and is 94 days overdue",
        "the 2018-19 Q3 return of indicator I1 was due on 2019-01-30 and is 2 days overdue",
    ]


def test_due_day_boundary() -> None:
    """A return is due ``due_days`` after its period ends: late only the day after."""
    plan = quarterly_plan([], due_days=10)
    on_the_day = expected_returns(plan, dt.date(2018, 7, 10), 30)[0]
    assert on_the_day.state is ReturnState.NOT_YET_DUE
    next_day = expected_returns(plan, dt.date(2018, 7, 11), 30)[0]
    assert next_day.state is ReturnState.OVERDUE
    assert next_day.days_overdue == 1


def test_agencies_are_each_expected() -> None:
    plan = quarterly_plan(
        [{"indicator": "I1", "period": "2018-19 Q1", "value": 4, "agency": "Police"}],
        agencies=["Police", "Council"],
    )
    evaluation = aspcore.evaluate(plan, as_of=dt.date(2018, 8, 1))
    [late] = overdue(evaluation)
    assert late.subject == "I1@2018-19 Q1/Council"
    assert "from Council" in late.message
    assert late.evidence["agency"] == "Council"


def test_agency_names_match_ignoring_case_and_spacing() -> None:
    plan = quarterly_plan(
        [{"indicator": "I1", "period": "2018-19 Q1", "value": 4, "agency": "northshire  POLICE"}],
        agencies=["Northshire Police"],
    )
    [first, *_rest] = expected_returns(plan, dt.date(2018, 8, 1), 30)
    assert first.state is ReturnState.RECEIVED
    assert first.agency == "Northshire Police"


def test_calendar_quarter_answers_for_the_same_months() -> None:
    plan = quarterly_plan([{"indicator": "I1", "period": "2018 Q3", "value": 10}])
    states = {e.period.label: e.state for e in expected_returns(plan, dt.date(2018, 12, 1), 30)}
    assert states["2018-19 Q2"] is ReturnState.RECEIVED


def test_a_blank_return_is_still_late() -> None:
    plan = quarterly_plan([{"indicator": "I1", "period": "2018-19 Q1", "comment": "to follow"}])
    [first, *_rest] = expected_returns(plan, dt.date(2018, 8, 1), 30)
    assert first.state is ReturnState.OVERDUE
    assert first.blank


def test_ruleset_default_due_days(tmp_path: Path) -> None:
    ruleset = tmp_path / "quick.toml"
    ruleset.write_text(
        'name = "quick"\nversion = "1"\nextends = "iasc-default"\n\n'
        "[params.returns]\ndue_days = 5\n",
        encoding="utf-8",
    )
    plan = quarterly_plan([])
    evaluation = aspcore.evaluate(plan, as_of=dt.date(2018, 7, 6), ruleset=str(ruleset))
    assert [f.evidence["due"] for f in overdue(evaluation)] == ["2018-07-05"]


@given(
    st.dates(min_value=dt.date(2018, 4, 1), max_value=dt.date(2019, 6, 30)),
    st.sets(st.sampled_from(["2018-19 Q1", "2018-19 Q2", "2018-19 Q3", "2018-19 Q4"])),
)
def test_an_overdue_period_is_never_green(as_of: dt.date, reported: set[str]) -> None:
    plan = quarterly_plan([{"indicator": "I1", "period": p, "value": 50} for p in reported])
    evaluation = aspcore.evaluate(plan, as_of=as_of)
    late = {str(f.evidence["period"]) for f in overdue(evaluation)}
    assert not late & reported
    [status] = evaluation.statuses_of("indicator")
    latest_late = max(late, default=None, key=lambda p: aspcore.parse_period(p).end)
    latest_seen = max(reported, default=None, key=lambda p: aspcore.parse_period(p).end)
    if latest_late is not None and (
        latest_seen is None
        or aspcore.parse_period(latest_late).end > aspcore.parse_period(latest_seen).end
    ):
        assert status.rag is Rag.GREY
        assert "overdue" in status.reason
