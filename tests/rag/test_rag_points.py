"""Percent indicators: the shortfall is relative unless the indicator or scheme says points.

Belfast's key: green "on target or exceeded target (within 1 per cent or better)", amber
"slightly adrift of target (between 1 per cent and 5 per cent)".  79% against a target of 80% is
1.25% short relatively (amber), but 1 percentage point short (green, for a partnership that
means points).
"""

from __future__ import annotations

import pytest

from aspcore.errors import RulesetError
from aspcore.io import plan_from_mapping
from aspcore.model import Indicator, Observation, Polarity, Rag, Target, Unit
from aspcore.periods import parse_period
from aspcore.rag import BUILTIN_SCHEMES, scheme_from_params
from aspcore.rag.indicators import IndicatorRating, period_values, rate_period
from aspcore.rag.schemes import Scheme, parse_scheme

Q2 = parse_period("2018-19 Q2")
BELFAST = scheme_from_params({"scheme": "belfast"})
BELFAST_POINTS = parse_scheme(
    "belfast-points", {**BUILTIN_SCHEMES["belfast"], "shortfall": "points"}
)


def felt_supported(shortfall: str | None = None, polarity: Polarity = Polarity.HIGHER) -> Indicator:
    target = Target(80) if polarity is Polarity.HIGHER else Target(20, op="<=")
    return Indicator(
        id="I7", unit=Unit.PERCENT, target=target, polarity=polarity, shortfall=shortfall
    )


def rate(indicator: Indicator, actual: float, scheme: Scheme = BELFAST) -> IndicatorRating:
    values = period_values(indicator, [Observation(indicator.id, Q2, actual)], ["percent"])
    return rate_period(indicator, values, Q2.label, scheme)


def test_relative_shortfall_of_a_percentage_says_so_and_gives_the_points() -> None:
    """Belfast, amber: "slightly adrift of target (between 1 per cent and 5 per cent)": 79 is
    exactly 1.25% of 80 short, relatively; the reason also gives the 1 point."""
    rating = rate(felt_supported(), 79)
    assert rating.rag is Rag.AMBER
    assert rating.reason == (
        "2018-19 Q2: 79 against a target of 80 (1 percentage point short; the shortfall is "
        "relative, in percent of the target) is 1.25% short of target; under belfast, amber is "
        "a shortfall of more than 1% and 5% or less"
    )
    assert rating.evidence["shortfall_pct"] == 1.25
    assert (rating.evidence["shortfall_points"], rating.evidence["shortfall_measure"]) == (
        1,
        "relative",
    )


@pytest.mark.parametrize(
    ("actual", "rag", "short"),
    [
        (79, Rag.GREEN, "is 1 percentage point short"),  # exactly on "within 1"
        (78.99, Rag.AMBER, "is 1.01 percentage points short"),
        (75, Rag.AMBER, "is 5 percentage points short"),  # exactly 5: Belfast's amber
        (74.99, Rag.RED, "is 5.01 percentage points short"),
        (80, Rag.GREEN, "meets or beats the target"),
    ],
)
def test_points_measure_the_gap_itself(actual: float, rag: Rag, short: str) -> None:
    """With ``shortfall: points``, Belfast's "within 1 per cent" reads as within 1 percentage
    point: green at exactly 1 point, amber at 1.01, exactly, as written."""
    rating = rate(felt_supported("points"), actual)
    assert rating.rag is rag
    assert short in rating.reason
    assert "under belfast, in percentage points," in rating.reason
    assert rating.evidence["shortfall_measure"] == "points"


def test_points_follow_polarity() -> None:
    """Lower is better: 21% against a limit of 20% is 1 point over it, 21.01% is 1.01."""
    lower = felt_supported("points", Polarity.LOWER)
    assert rate(lower, 21).rag is Rag.GREEN
    assert rate(lower, 21.01).rag is Rag.AMBER
    assert rate(lower, 19).reason.endswith(
        "meets or beats the target; under belfast, in "
        "percentage points, green is a shortfall of 1 or less"
    )


def test_a_scheme_can_measure_percent_indicators_in_points() -> None:
    """The scheme's ``shortfall = "points"`` applies to percent indicators; an indicator's own
    ``shortfall`` wins; counts keep the relative shortfall (a count has no points)."""
    assert rate(felt_supported(), 79, BELFAST_POINTS).rag is Rag.GREEN
    assert rate(felt_supported("relative"), 79, BELFAST_POINTS).rag is Rag.AMBER
    count = Indicator(id="C", unit=Unit.COUNT, target=Target(80))
    counted = rate(count, 79, BELFAST_POINTS)
    assert (counted.rag, counted.evidence["shortfall_measure"]) == (Rag.AMBER, "relative")
    assert BELFAST_POINTS.describe()["shortfall"] == "points"
    assert "shortfall" not in BELFAST.describe()


def test_a_scheme_shortfall_must_be_relative_or_points() -> None:
    with pytest.raises(RulesetError, match="shortfall must be one of relative, points"):
        parse_scheme("x", {**BUILTIN_SCHEMES["belfast"], "shortfall": "pts"})


def test_points_on_an_indicator_that_is_not_a_percentage_is_a_load_finding() -> None:
    """A count has no percentage points: the plan keeps the scheme's measure and says why."""
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [
                {"id": "C", "unit": "count", "target": 5, "shortfall": "points"},
                {"id": "P", "unit": "percent", "target": 80, "shortfall": "Points"},
                {"id": "X", "unit": "percent", "target": 80, "shortfall": "pts"},
            ],
        }
    )
    assert [i.shortfall for i in plan.indicators] == [None, "points", None]
    assert [(f.rule, f.subject) for f in plan.issues] == [("PLAN-006", "C"), ("PLAN-006", "X")]
    with pytest.raises(ValueError, match="needs unit percent"):
        Indicator(id="C", unit=Unit.COUNT, shortfall="points")
