"""Year-to-date totals against annual targets: the guide's Table 5 output goals.

The guide's Table 5 (results chain for pre-NRM support) lists output goals such as "Total of 6
service users" and "At least 5 volunteers", from a funding agreement whose provider sends a
monthly monitoring report.  A goal that is an annual total is met once the months add up to it,
and before the year ends is on track when the total keeps pace with its share of the year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import aspcore
from aspcore.model import Aggregation, Rag
from aspcore.rag.aggregation import measure
from aspcore.rag.indicators import period_values

MONTHS = [f"2018-{m:02d}" for m in range(4, 13)] + [f"2019-{m:02d}" for m in range(1, 4)]


def table5_plan(values: Mapping[str, float], aggregation: str = "sum") -> aspcore.Plan:
    """The pre-NRM plan with "Total of 6 service users" reported monthly."""
    return aspcore.plan_from_mapping(
        {
            "partnership": "Pre-NRM support",
            "year": "2018-19",
            "indicators": [
                {
                    "id": "I5",
                    "name": "Total of 6 service users",
                    "level": "output",
                    "unit": "count",
                    "aggregation": aggregation,
                    "target": {"value": 6, "period": "2018-19"},
                    "frequency": "monthly",
                    "due_days": 400,
                }
            ],
            "observations": [
                {"indicator": "I5", "period": month, "value": value}
                for month, value in values.items()
            ],
        }
    )


def latest(plan: aspcore.Plan, as_of: dt.date) -> aspcore.Status:
    evaluation = aspcore.evaluate(plan, as_of=as_of)
    [status] = [s for s in evaluation.statuses_of("indicator") if s.subject == "I5"]
    return status


def test_total_of_6_reported_2_1_3_is_met_by_june() -> None:
    """Reported 2, 1 and 3 in April to June, "Total of 6 service users" is met: green."""
    status = latest(table5_plan({"2018-04": 2, "2018-05": 1, "2018-06": 3}), dt.date(2018, 7, 1))
    assert status.rag is Rag.GREEN
    assert status.evidence["year_to_date"] == 6
    assert status.evidence["periods_combined"] == ["2018-04", "2018-05", "2018-06"]
    assert "6 so far in 2018-19 against a target of 6" in status.reason


def test_every_month_is_green_when_the_total_keeps_pace() -> None:
    """Each month is rated on the total so far, never on the month alone (2 of 6 is not red)."""
    evaluation = aspcore.evaluate(
        table5_plan({"2018-04": 2, "2018-05": 1, "2018-06": 3}), as_of=dt.date(2018, 7, 1)
    )
    periods = {s.period: s.rag for s in evaluation.statuses_of("indicator-period")}
    assert periods == {"2018-04": Rag.GREEN, "2018-05": Rag.GREEN, "2018-06": Rag.GREEN}
    assert not [f for f in evaluation.findings if f.subject == "I5" and f.rule.startswith("RAG")]


def test_pro_rata_reason_and_boundary() -> None:
    """Before the year ends an unmet total is rated against its share: 1.5 expected by June.

    1.5 is met exactly at 1.5 (green); 1.4 is 6.67% short of it (red under Belfast).
    """
    met = latest(table5_plan({"2018-04": 0.5, "2018-05": 0.5, "2018-06": 0.5}), dt.date(2018, 7, 1))
    assert met.rag is Rag.GREEN
    assert met.evidence["expected_so_far"] == 1.5
    assert met.evidence["share_of_year_elapsed"] == "1/4"
    assert "1.5 expected by the end of June 2018 (pro rata)" in met.reason
    short = latest(
        table5_plan({"2018-04": 0.4, "2018-05": 0.5, "2018-06": 0.5}), dt.date(2018, 7, 1)
    )
    assert short.rag is Rag.RED
    assert short.evidence["rated_against"] == 1.5


def test_a_met_total_stays_green_after_the_year() -> None:
    values = {"2018-04": 6} | dict.fromkeys(MONTHS[1:], 0)
    assert latest(table5_plan(values), dt.date(2019, 4, 1)).rag is Rag.GREEN
    short = {"2018-04": 5} | dict.fromkeys(MONTHS[1:], 0)
    status = latest(table5_plan(short), dt.date(2019, 4, 1))
    assert status.rag is Rag.RED  # 5 of 6 at the year's end is 16.67% short
    assert status.evidence["rated_against"] == 6


def test_latest_rates_the_month_alone() -> None:
    """Without aggregation: sum, the June figure alone (3 of 6) is what is rated."""
    status = latest(
        table5_plan({"2018-04": 2, "2018-05": 1, "2018-06": 3}, "latest"), dt.date(2018, 7, 1)
    )
    assert status.rag is Rag.RED
    assert status.evidence["actual"] == 3


def test_mean_rates_the_average_so_far() -> None:
    status = latest(
        table5_plan({"2018-04": 4, "2018-05": 8, "2018-06": 6}, "mean"), dt.date(2018, 7, 1)
    )
    assert status.evidence["year_to_date"] == 6
    assert status.rag is Rag.GREEN


counts = st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=12)


@given(counts)
def test_year_to_date_is_the_running_sum(values: list[int]) -> None:
    plan = table5_plan(dict(zip(MONTHS, values, strict=False)))
    indicator = plan.indicators[0]
    combined = period_values(indicator, plan.observations, ["percent"])
    for index, label in enumerate(MONTHS[: len(values)]):
        measured = measure(indicator, combined, label)
        assert measured is not None
        assert measured.value == sum(values[: index + 1])
        assert measured.elapsed == Fraction(index + 1, 12)


@given(st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=10))
def test_pro_rata_is_monotone_in_elapsed_time(total: int, month: int) -> None:
    """The same total rated later in the year is never a better colour: more is expected."""
    order: dict[Rag | None, int] = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
    earlier = {MONTHS[0]: total} | dict.fromkeys(MONTHS[1 : month + 1], 0)
    later = earlier | {MONTHS[month + 1]: 0}
    first = latest(table5_plan(earlier), dt.date(2019, 4, 1))
    second = latest(table5_plan(later), dt.date(2019, 4, 1))
    assert order[second.rag] >= order[first.rag]


def test_text_indicator_takes_only_its_reported_rag() -> None:
    """A qualitative value ("quality of feedback from campaigns") is never computed."""
    plan = aspcore.plan_from_mapping(
        {
            "partnership": "P",
            "year": "2018-19",
            "indicators": [{"id": "Q1", "unit": "text", "target": 5}],
            "observations": [
                {"indicator": "Q1", "period": "2018-19 Q1", "value": "Good feedback"},
                {"indicator": "Q1", "period": "2018-19 Q2", "value": "Mixed", "rag": "amber"},
            ],
        }
    )
    assert all(o.value is None for o in plan.observations)
    assert [o.text for o in plan.observations] == ["Good feedback", "Mixed"]
    evaluation = aspcore.evaluate(plan, as_of=dt.date(2018, 11, 30))
    periods = {s.period: s.rag for s in evaluation.statuses_of("indicator-period")}
    assert periods == {"2018-19 Q1": Rag.GREY, "2018-19 Q2": Rag.AMBER}
    assert not [f for f in plan.issues if f.rule == "PLAN-009"]


def test_unknown_aggregation_is_a_finding() -> None:
    plan = table5_plan({}, "running")
    assert plan.indicators[0].aggregation is Aggregation.LATEST
    [issue] = [f for f in plan.issues if f.rule == "PLAN-006"]
    assert "aggregation 'running'" in issue.message


def test_reports_show_the_year_to_date_figure_and_never_give_a_month_away() -> None:
    """A board reads the total that was rated ("7 so far"), not the last month alone; published,
    a total that would reveal its one suppressed month by subtraction is withheld too."""
    from aspcore.report.facts import Facts, ReportOptions

    def latest_shown(values: Mapping[str, float], published: bool) -> str:
        plan = table5_plan(values)
        evaluation = aspcore.evaluate(plan, as_of=dt.date(2018, 7, 1))
        facts = Facts(evaluation, plan, published=published, options=ReportOptions())
        [fact] = facts.indicators
        return fact.latest

    one_hidden = {"2018-04": 2, "2018-05": 5, "2018-06": 6}
    assert latest_shown(one_hidden, published=False) == "13 so far in 2018-19 (to 2018-06)"
    assert latest_shown(one_hidden, published=True) == "[c] so far in 2018-19 (to 2018-06)"
    two_hidden = {"2018-04": 2, "2018-05": 3, "2018-06": 6}
    assert latest_shown(two_hidden, published=True) == "11 so far in 2018-19 (to 2018-06)"
    small = {"2018-04": 0, "2018-05": 0, "2018-06": 3}
    assert latest_shown(small, published=True) == "[c] so far in 2018-19 (to 2018-06)"
