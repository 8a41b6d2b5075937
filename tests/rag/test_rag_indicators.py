"""Indicator RAG: shortfall, the three published schemes, aggregation, trends, monotonicity."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.errors import RulesetError
from aspcore.model import Baseline, Indicator, Observation, Polarity, Rag, Target, Unit
from aspcore.periods import Period, parse_period
from aspcore.rag import (
    BUILTIN_SCHEMES,
    Direction,
    achievement,
    direction,
    scheme_from_params,
    shortfall,
)
from aspcore.rag.indicators import IndicatorRating, period_values, rate_period

Q2 = parse_period("2018-19 Q2")
Q1 = parse_period("2018-19 Q1")
LAST_Q2 = parse_period("2017-18 Q2")

# The guide's Table 5 output goals for pre-NRM support, as indicator targets.
SERVICE_USERS = Indicator(
    id="SU", name="Total of 6 service users", unit=Unit.COUNT, target=Target(6)
)
ACCOMMODATION = Indicator(
    id="SA", name="At least 2 secure accommodations identified", unit=Unit.COUNT, target=Target(2)
)
VOLUNTEERS = Indicator(id="VOL", name="At least 5 volunteers", unit=Unit.COUNT, target=Target(5))


def rate(indicator: Indicator, scheme: str, *obs: tuple[Period, float | None]) -> IndicatorRating:
    observations = [Observation(indicator.id, period, value) for period, value in obs]
    values = period_values(indicator, observations, ["percent"])
    return rate_period(indicator, values, obs[0][0].label, scheme_from_params({"scheme": scheme}))


@pytest.mark.parametrize(
    ("indicator", "actual", "scheme", "rag"),
    [
        (SERVICE_USERS, 6, "belfast", Rag.GREEN),
        (SERVICE_USERS, 7, "belfast", Rag.GREEN),
        (SERVICE_USERS, 5, "belfast", Rag.RED),  # 16.7% short: Belfast allows 1%
        (SERVICE_USERS, 6, "camms", Rag.GREEN),
        (SERVICE_USERS, 5, "camms", Rag.AMBER),  # 83% of target
        (SERVICE_USERS, 4, "camms", Rag.RED),  # 67% of target
        (VOLUNTEERS, 5, "camms", Rag.GREEN),
        (VOLUNTEERS, 4, "camms", Rag.AMBER),  # 80% of target
        (VOLUNTEERS, 3, "camms", Rag.RED),  # 60%
        (ACCOMMODATION, 2, "camms", Rag.GREEN),
        (ACCOMMODATION, 1, "camms", Rag.RED),  # 50%
        (ACCOMMODATION, 2, "havering", Rag.GREEN),
        (VOLUNTEERS, 4, "belfast", Rag.RED),
    ],
)
def test_table5_output_goals(indicator: Indicator, actual: float, scheme: str, rag: Rag) -> None:
    assert rate(indicator, scheme, (Q2, actual)).rag is rag


def test_havering_amber_needs_an_improvement_on_the_same_period_last_year() -> None:
    improved = rate(SERVICE_USERS, "havering", (Q2, 5), (LAST_Q2, 3))
    maintained = rate(SERVICE_USERS, "havering", (Q2, 5), (LAST_Q2, 5))
    worse = rate(SERVICE_USERS, "havering", (Q2, 5), (LAST_Q2, 6))
    unknown = rate(SERVICE_USERS, "havering", (Q2, 5), (Q1, 2))
    assert (improved.rag, maintained.rag, worse.rag, unknown.rag) == (
        Rag.AMBER,
        Rag.AMBER,
        Rag.RED,
        Rag.RED,
    )
    assert "worse than the same period last year" in worse.reason
    assert "no figure for the same period last year" in unknown.reason
    assert improved.evidence["vs_last_year"] is Direction.IMPROVING


def test_camms_green_only_at_target_and_amber_down_to_the_off_track_value() -> None:
    """Camms interplan, KPI lights: green "Performance >= 100", amber from (100 - Variance)
    up to 100, red below; "Off Track value <= progress < On Track value" is amber, so the
    off-track value itself (70%, the scheme's illustrative variance of 30) is amber."""
    target = Indicator(id="P", unit=Unit.PERCENT, target=Target(100))
    assert rate(target, "camms", (Q2, 100)).rag is Rag.GREEN
    assert rate(target, "camms", (Q2, 99.9)).rag is Rag.AMBER
    assert rate(target, "camms", (Q2, 90)).rag is Rag.AMBER
    assert rate(target, "camms", (Q2, 70.1)).rag is Rag.AMBER
    assert rate(target, "camms", (Q2, 70)).rag is Rag.AMBER
    assert rate(target, "camms", (Q2, 69.9)).rag is Rag.RED


def test_belfast_amber_between_one_and_five_percent() -> None:
    # guide, Table 3 KPI: "Percentage of victims in long-term accommodation"
    kpi = Indicator(id="LTA", unit=Unit.PERCENT, target=Target(80))
    assert rate(kpi, "belfast", (Q2, 79.2)).rag is Rag.GREEN  # 1% short
    assert rate(kpi, "belfast", (Q2, 78)).rag is Rag.AMBER  # 2.5% short
    assert rate(kpi, "belfast", (Q2, 76)).rag is Rag.AMBER  # 5% short: "between 1 and 5"
    assert rate(kpi, "belfast", (Q2, 75.9)).rag is Rag.RED  # 5.125%: "more than 5 per cent"


def test_lower_is_better_is_the_mirror() -> None:
    days = Indicator(id="D", unit=Unit.DAYS, polarity=Polarity.LOWER, target=Target(20, op="<="))
    assert shortfall(22, 20, Polarity.LOWER) == 10
    assert shortfall(18, 20, Polarity.LOWER) == -10
    assert rate(days, "camms", (Q2, 18)).rag is Rag.GREEN
    assert rate(days, "camms", (Q2, 20)).rag is Rag.GREEN
    assert rate(days, "camms", (Q2, 25)).rag is Rag.AMBER
    assert rate(days, "camms", (Q2, 26)).rag is Rag.AMBER  # 30% over: the off-track value
    assert rate(days, "camms", (Q2, 27)).rag is Rag.RED


@pytest.mark.parametrize(
    ("actual", "polarity", "expected"),
    [
        (0, Polarity.LOWER, 0.0),
        (3, Polarity.LOWER, 100.0),
        (0, Polarity.HIGHER, 0.0),
        (4, Polarity.HIGHER, 0.0),
        (-1, Polarity.HIGHER, 100.0),
    ],
)
def test_zero_target_is_met_or_missed_outright(
    actual: float, polarity: Polarity, expected: float
) -> None:
    assert shortfall(actual, 0, polarity) == expected


def test_floating_noise_does_not_cross_a_boundary() -> None:
    assert shortfall(2.97, 3, Polarity.HIGHER) == 1.0


def test_evidence_holds_actual_target_baseline_shortfall_bands_and_opsys_achievement() -> None:
    indicator = Indicator(id="SU", unit=Unit.COUNT, baseline=Baseline(2), target=Target(6))
    rating = rate(indicator, "belfast", (Q2, 5), (Q1, 4), (LAST_Q2, 5))
    evidence = rating.evidence
    assert evidence["actual"] == 5
    assert evidence["target"] == 6
    assert evidence["baseline"] == 2
    assert evidence["shortfall_pct"] == pytest.approx(16.666667)
    assert evidence["achievement"] == 0.75  # (5 - 2) / (6 - 2)
    assert evidence["scheme"] == "belfast"
    assert [b["rag"] for b in evidence["bands"]] == ["green", "amber", "red"]  # type: ignore[attr-defined]
    assert evidence["vs_previous"] is Direction.IMPROVING
    assert evidence["vs_last_year"] is Direction.UNCHANGED
    assert rating.reason.startswith("2018-19 Q2: 5 against a target of 6 is 16.67% short")


def test_achievement_is_undefined_when_target_equals_baseline() -> None:
    assert achievement(5, 4, 4) is None
    assert achievement(3, 2, 6) == 0.25


def test_grey_without_value_or_target() -> None:
    assert rate(SERVICE_USERS, "belfast", (Q2, None)).rag is Rag.GREY
    untargeted = Indicator(id="U", unit=Unit.COUNT)
    rating = rate(untargeted, "belfast", (Q2, 4))
    assert rating.rag is Rag.GREY
    assert "no target" in rating.reason


def test_agencies_are_summed_for_counts_and_averaged_for_percent() -> None:
    rows = [("police", 2.0), ("council", 3.0), ("ngo", None)]
    obs = [Observation("X", Q2, value, agency=agency) for agency, value in rows]
    counts = period_values(Indicator(id="X", unit=Unit.COUNT), obs, ["percent"])
    percent = period_values(Indicator(id="X", unit=Unit.PERCENT), obs, ["percent"])
    assert counts[Q2.label].value == 5
    assert counts[Q2.label].to_dict() == {
        "combined_by": "sum",
        "observations": 2,
        "missing_values": 1,
        "agencies": ["council", "ngo", "police"],
    }
    assert percent[Q2.label].value == 2.5
    assert percent[Q2.label].method == "mean"


def test_period_values_are_in_period_order() -> None:
    obs = [Observation("X", p, 1) for p in (Q2, LAST_Q2, Q1)]
    assert list(period_values(Indicator(id="X"), obs, [])) == [LAST_Q2.label, Q1.label, Q2.label]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"scheme": "belfst"}, r"no RAG scheme named 'belfst'; did you mean 'belfast'\?"),
        (
            {
                "scheme": "northshire",
                "schemes": {
                    "northshire": {"bands": [{"rag": "green", "max": 1}, {"rag": "red", "min": 2}]}
                },
            },
            r"scheme 'northshire'.*gap",
        ),
        (
            {"scheme": "x", "schemes": {"x": {"bands": [{"rag": "green"}], "colour": 1}}},
            r"scheme 'x': unknown key\(s\) colour",
        ),
        (
            {
                "scheme": "x",
                "schemes": {"x": {"bands": [{"rag": "green"}], "red_unless_improved": "yes"}},
            },
            "true or false",
        ),
        ({"schemes": []}, "params.rag.schemes must be a table"),
    ],
)
def test_bad_scheme_definitions_are_ruleset_errors(params: dict[str, Any], message: str) -> None:
    with pytest.raises(RulesetError, match=message):
        scheme_from_params(params)


def test_ruleset_schemes_add_to_the_builtin_ones() -> None:
    custom = {"bands": [{"rag": "green", "max": 0}, {"rag": "red", "above": 0}]}
    params = {"scheme": "camms", "schemes": {"strict": custom}}
    assert scheme_from_params(params).name == "camms"
    strict = scheme_from_params({**params, "scheme": "strict"})
    assert strict.rate(0.5, Direction.NO_COMPARISON).rag is Rag.RED


@pytest.mark.parametrize(
    ("current", "other", "polarity", "expected"),
    [
        (5, 4, Polarity.HIGHER, Direction.IMPROVING),
        (5, 4, Polarity.LOWER, Direction.WORSENING),
        (3, 4, Polarity.LOWER, Direction.IMPROVING),
        (4, 4, Polarity.HIGHER, Direction.UNCHANGED),
        (0.1 + 0.2, 0.3, Polarity.HIGHER, Direction.UNCHANGED),
        (None, 4, Polarity.HIGHER, Direction.NO_COMPARISON),
        (4, None, Polarity.HIGHER, Direction.NO_COMPARISON),
    ],
)
def test_direction_of_travel(
    current: float | None, other: float | None, polarity: Polarity, expected: Direction
) -> None:
    assert direction(current, other, polarity) is expected


def test_direction_tolerance() -> None:
    assert direction(101, 100, Polarity.HIGHER, tolerance=1) is Direction.UNCHANGED
    assert direction(102, 100, Polarity.HIGHER, tolerance=1) is Direction.IMPROVING


def _direction_oracle(
    current: float | None, other: float | None, polarity: Polarity, tolerance: float
) -> Direction:
    """The definition, in plain Python: unchanged within the tolerance or by math.isclose."""
    if current is None or other is None:
        return Direction.NO_COMPARISON
    change = current - other
    if abs(change) <= tolerance or math.isclose(current, other, rel_tol=1e-9, abs_tol=1e-12):
        return Direction.UNCHANGED
    better = change > 0 if polarity is Polarity.HIGHER else change < 0
    return Direction.IMPROVING if better else Direction.WORSENING


direction_values = st.none() | st.floats(allow_nan=False) | st.integers(-(10**6), 10**6)


@given(
    direction_values,
    direction_values,
    st.sampled_from(list(Polarity)),
    st.sampled_from([0.0, 0.5, 1.0, 1e-12]),
)
def test_direction_table_is_the_definition(
    current: float | None, other: float | None, polarity: Polarity, tolerance: float
) -> None:
    """The decision table gives what the definition gives, infinities and noise included."""
    expected = _direction_oracle(current, other, polarity, tolerance)
    assert direction(current, other, polarity, tolerance) is expected


# -- monotonicity ----------------------------------------------------------------------------

values = st.floats(-1e6, 1e6, allow_nan=False)


@given(
    st.sampled_from(sorted(BUILTIN_SCHEMES)),
    st.sampled_from(list(Polarity)),
    values,
    values,
    values,
    st.sampled_from(list(Direction)),
)
def test_moving_actual_towards_or_past_target_never_worsens(
    scheme_name: str,
    polarity: Polarity,
    target: float,
    a: float,
    b: float,
    vs_last_year: Direction,
) -> None:
    scheme = scheme_from_params({"scheme": scheme_name})
    # "better" is the value nearer to, or further past, the target in the polarity's direction
    worse, better = sorted((a, b)) if polarity is Polarity.HIGHER else sorted((a, b), reverse=True)
    worse_rag = scheme.rate(shortfall(worse, target, polarity), vs_last_year).rag
    better_rag = scheme.rate(shortfall(better, target, polarity), vs_last_year).rag
    assert better_rag.badness <= worse_rag.badness
