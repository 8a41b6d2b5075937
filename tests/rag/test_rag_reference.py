"""Values against a baseline or a standard: direction and size in words and evidence, no colour.

The guide, section 4: "In some instances, the actual data for a timeframe can be compared with a
baseline (data from a previous timeframe) or a standard."
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aspcore.io import plan_from_mapping
from aspcore.model import Baseline, Indicator, Observation, Polarity, Rag, Standard, Target, Unit
from aspcore.periods import Period, parse_period
from aspcore.rag import Direction, scheme_from_params
from aspcore.rag.indicators import IndicatorRating, before, period_values, rate_period
from aspcore.rules import Ruleset, evaluate

Q4 = parse_period("2017-18 Q4")
Q1 = parse_period("2018-19 Q1")
Q2 = parse_period("2018-19 Q2")
BELFAST = scheme_from_params({"scheme": "belfast"})


def rate(indicator: Indicator, label: str, *obs: tuple[Period, float]) -> IndicatorRating:
    observations = [Observation(indicator.id, period, value) for period, value in obs]
    values = period_values(indicator, observations, ["percent"])
    return rate_period(indicator, values, label, BELFAST)


def test_scotland_2017_referrals_read_as_the_guide_writes_them() -> None:
    """The guide's Example 1: "Total referrals: 207 (38% increase on 2016)"."""
    referrals = Indicator(
        id="NRM",
        name="Number of potential victims identified",
        unit=Unit.COUNT,
        calendar=True,
        baseline=Baseline(150, parse_period("2016")),
    )
    rating = rate(referrals, "2017", (parse_period("2017"), 207))
    assert rating.rag is Rag.GREY
    assert rating.reason.startswith("2017: 207, up 57 (+38%) on the baseline of 150 (2016)")
    assert rating.evidence["vs_baseline"] == {
        "baseline": 150,
        "period": "2016",
        "compared": 207,
        "change": 57,
        "change_pct": 38,
        "direction": Direction.IMPROVING,
    }


def test_baseline_without_target_is_compared_but_not_coloured() -> None:
    """The guide compares actuals "with a baseline (data from a previous timeframe)" and gives
    no colour for it, so none is invented: grey, with the comparison and why it is grey."""
    reports = Indicator(id="I2", unit=Unit.COUNT, baseline=Baseline(10, Q4))
    rating = rate(reports, Q1.label, (Q1, 12))
    assert rating.rag is Rag.GREY
    assert rating.reason == (
        "2018-19 Q1: 12, up 2 (+20%) on the baseline of 10 (2017-18 Q4), improving; not "
        "rated: there is no target, and the guide gives no colour for a comparison with a "
        "baseline or a standard"
    )


def test_standard_is_compared_with_its_source_and_polarity() -> None:
    """ "... compared with a baseline ... or a standard": 12 days against a standard of 15
    (lower is better) is 3 below it, better than the standard."""
    days = Indicator(
        id="D", unit=Unit.DAYS, polarity=Polarity.LOWER, standard=Standard(15, "Home Office")
    )
    rating = rate(days, Q1.label, (Q1, 12))
    assert rating.rag is Rag.GREY
    assert "12, 3 below (-20%) the standard of 15 (Home Office), better than the standard" in (
        rating.reason
    )
    assert rating.evidence["vs_standard"]["direction"] is Direction.IMPROVING


def test_a_standard_met_exactly_is_level_with_it() -> None:
    """Two agencies' 0.1 and 0.2 make the standard of 0.3 exactly (in binary floating point
    they make 0.30000000000000004): "level with" it, a change of 0."""
    rate_per_100k = Indicator(id="S", unit=Unit.NUMBER, standard=Standard(0.3))
    rating = rate(rate_per_100k, Q1.label, (Q1, 0.1), (Q1, 0.2))
    assert "0.3, level with the standard of 0.3, meeting the standard" in rating.reason
    assert rating.evidence["vs_standard"]["change"] == 0


def test_percent_change_on_a_baseline_is_in_percentage_points() -> None:
    """A percentage compared with a baseline moves in points, its share in percent of it."""
    felt = Indicator(id="I7", unit=Unit.PERCENT, baseline=Baseline(50, parse_period("2017-18")))
    rating = rate(felt, Q1.label, (Q1, 72))
    assert "72, up 22 percentage points (+44%) on the baseline of 50 (2017-18)" in rating.reason


def test_with_a_target_the_comparisons_are_evidence_and_the_target_rates() -> None:
    """A target still decides the colour; the baseline and standard comparisons are evidence."""
    trained = Indicator(
        id="I1",
        unit=Unit.COUNT,
        baseline=Baseline(30, Q4),
        target=Target(50),
        standard=Standard(45),
    )
    rating = rate(trained, Q1.label, (Q1, 40))
    assert rating.rag is Rag.RED
    assert rating.evidence["vs_baseline"]["change"] == 10
    assert rating.evidence["vs_standard"]["change"] == -5
    assert "baseline" not in rating.reason


def test_first_period_direction_of_travel_is_against_the_baseline() -> None:
    """A baseline is "data from a previous timeframe": for the first period reported there is
    no previous value, so the direction of travel is against the baseline."""
    trained = Indicator(id="I1", unit=Unit.COUNT, baseline=Baseline(30, Q4), target=Target(50))
    first = rate(trained, Q1.label, (Q1, 40), (Q2, 95))
    second = rate(trained, Q2.label, (Q1, 40), (Q2, 95))
    assert (first.vs_previous, first.evidence["previous"]) == (Direction.IMPROVING, 30)
    assert first.evidence["previous_from"] == "baseline"
    assert (second.evidence["previous"], second.evidence["previous_from"]) == (40, "period")


def test_baseline_stands_in_only_before_the_values_it_precedes() -> None:
    """A baseline measured in the previous period is that period's figure; one measured after
    the first period reported, or a later period with earlier values, compares nothing."""
    late = Indicator(id="L", unit=Unit.COUNT, baseline=Baseline(10, Q4))
    values = period_values(
        late,
        [Observation("L", parse_period("2017-18 Q2"), 12), Observation("L", Q1, 14)],
        [],
    )
    assert before(late, values, "2017-18 Q2", paced=True).source is None
    assert before(late, values, Q1.label, paced=True).previous == 10  # measured in 2017-18 Q4
    undated = Indicator(id="U", unit=Unit.COUNT, baseline=Baseline(10))
    values = period_values(undated, [Observation("U", Q1, 14), Observation("U", Q2, 9)], [])
    assert before(undated, values, Q1.label, paced=True).source == "baseline"
    assert before(undated, values, Q2.label, paced=True).source == "period"
    gap = period_values(undated, [Observation("U", Q4, 14), Observation("U", Q2, 9)], [])
    assert before(undated, gap, Q2.label, paced=True).source is None


def test_trends_section_uses_the_baseline_for_the_first_period() -> None:
    """RAG-011's arrows agree with RAG-010's: the first period is compared with the baseline."""
    data: dict[str, Any] = {
        "partnership": "P",
        "indicators": [
            {"id": "I2", "unit": "count", "baseline": {"value": 10, "period": Q4.label}}
        ],
        "observations": [{"indicator": "I2", "period": Q1.label, "value": 14}],
    }
    ruleset = Ruleset(name="t", version="1", params={})
    result = evaluate(plan_from_mapping(data), as_of=dt.date(2018, 8, 1), ruleset=ruleset)
    (row,) = result.sections["trends"]
    assert (row["previous"], row["previous_from"], row["vs_previous"]) == (
        10,
        "baseline",
        "improving",
    )
