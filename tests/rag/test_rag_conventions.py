"""Calendar and financial quarters on one indicator: the same months are rated once (RAG-013).

DOMAIN: "Partnership years are UK financial years (1 April to 31 March, written "2016-17"). NRM
statistics use calendar quarters. Both period systems must exist side by side."  ``2018 Q3`` and
``2018-19 Q2`` are both July to September 2018.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aspcore.io import plan_from_mapping
from aspcore.model import Indicator, Observation, Rag, Target, Unit
from aspcore.periods import parse_period
from aspcore.rag.conventions import mixed_systems
from aspcore.rag.indicators import period_values
from aspcore.report.disclosure import combined_values, suppressed_periods
from aspcore.rules import Evaluation, Ruleset, evaluate

CALENDAR_Q3 = parse_period("2018 Q3")
FINANCIAL_Q2 = parse_period("2018-19 Q2")
FINANCIAL_Q1 = parse_period("2018-19 Q1")


def referrals(calendar: bool = False) -> Indicator:
    return Indicator(id="NRM", unit=Unit.COUNT, target=Target(10), calendar=calendar)


def mixed(calendar: bool = False) -> dict[str, Any]:
    return {
        "partnership": "P",
        "indicators": [{"id": "NRM", "unit": "count", "target": 10, "calendar": calendar}],
        "observations": [
            {"indicator": "NRM", "period": "2018-19 Q1", "value": 8, "agency": "Council"},
            {"indicator": "NRM", "period": "2018 Q3", "value": 4, "agency": "NCA"},
            {"indicator": "NRM", "period": "2018-19 Q2", "value": 5, "agency": "Council"},
        ],
    }


def run(data: dict[str, Any]) -> Evaluation:
    ruleset = Ruleset(name="t", version="1", params={})
    return evaluate(plan_from_mapping(data), as_of=dt.date(2018, 10, 1), ruleset=ruleset)


def test_the_same_months_are_one_period_labelled_financially() -> None:
    """2018 Q3 (NCA, calendar) and 2018-19 Q2 (council, financial) are one period of 9,
    labelled in the indicator's own convention: financial, as partnership years are."""
    observations = [
        Observation("NRM", FINANCIAL_Q1, 8),
        Observation("NRM", CALENDAR_Q3, 4, "NCA"),
        Observation("NRM", FINANCIAL_Q2, 5, "Council"),
    ]
    values = period_values(referrals(), observations, [])
    assert list(values) == ["2018-19 Q1", "2018-19 Q2"]
    q2 = values["2018-19 Q2"]
    assert (q2.value, q2.agencies) == (9, ("Council", "NCA"))
    assert q2.to_dict()["reported_as"] == ["2018 Q3", "2018-19 Q2"]
    assert "reported_as" not in values["2018-19 Q1"].to_dict()


def test_a_calendar_indicator_labels_them_as_calendar_quarters() -> None:
    """``calendar: true`` (NRM statistics): the financial quarters become calendar ones, so the
    previous quarter of 2018 Q3 is 2018 Q2 (the same months as 2018-19 Q1)."""
    observations = [
        Observation("NRM", FINANCIAL_Q1, 8),
        Observation("NRM", CALENDAR_Q3, 4),
        Observation("NRM", FINANCIAL_Q2, 5),
    ]
    values = period_values(referrals(calendar=True), observations, [])
    assert list(values) == ["2018 Q2", "2018 Q3"]
    assert values["2018 Q3"].period.previous().label == "2018 Q2"


def test_one_system_keeps_its_labels() -> None:
    """Calendar quarters alone, even on an indicator without ``calendar: true``, stay as
    written; months belong to both systems and mix with either."""
    values = period_values(
        referrals(),
        [Observation("NRM", CALENDAR_Q3, 4), Observation("NRM", parse_period("2018-07"), 1)],
        [],
    )
    assert list(values) == ["2018-07", "2018 Q3"]
    assert mixed_systems([CALENDAR_Q3, parse_period("2018-07")]) == {}


def test_rag_013_warns_of_the_mix_and_each_period_is_rated_once() -> None:
    """The months are rated once (9 against 10, 10% short) and the mix is a warning."""
    result = run(mixed())
    periods = [s.period for s in result.statuses_of("indicator-period")]
    assert periods == ["2018-19 Q1", "2018-19 Q2"]
    (finding,) = [f for f in result.findings if f.rule == "RAG-013"]
    assert finding.severity.value == "warning"
    assert finding.message == (
        "indicator NRM is reported in calendar periods (2018 Q3) and financial periods "
        "(2018-19 Q1, 2018-19 Q2); quarters of the same months are combined and rated once, "
        "labelled as financial quarters (calendar: false)"
    )
    assert finding.evidence == {
        "calendar": ["2018 Q3"],
        "financial": ["2018-19 Q1", "2018-19 Q2"],
        "labelled_as": "financial",
    }
    latest = result.statuses_of("indicator")[0]
    assert (latest.period, latest.rag, latest.evidence["actual"]) == ("2018-19 Q2", Rag.RED, 9)


def test_no_warning_for_one_system() -> None:
    data = mixed()
    data["observations"] = data["observations"][:1]
    assert [f for f in run(data).findings if f.rule == "RAG-013"] == []


def test_published_values_are_combined_by_the_same_months() -> None:
    """Disclosure control hides small counts after combining as the RAG family does: 1 and 2
    reported as 2018 Q3 and 2018-19 Q2 are one count of 3, hidden under 2018-19 Q2, the
    label its status carries."""
    data = mixed()
    data["observations"] = [
        {"indicator": "NRM", "period": "2018 Q3", "value": 1},
        {"indicator": "NRM", "period": "2018-19 Q2", "value": 2},
    ]
    plan = plan_from_mapping(data)
    assert combined_values(plan) == {"NRM": {"2018-19 Q2": 3}}
    assert suppressed_periods(plan) == {("NRM", "2018-19 Q2"): 3}
