"""Scoring a risk: the Fife grid, a MoRiLE-style example, bad input, and scoring's properties."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.model import Rag
from aspcore.risk import RiskScheme, load_scheme, score
from aspcore.risk.numbers import round_to_step
from aspcore.risk.scheme import Role
from strategies import schemes, without_oracle

FIFE = load_scheme("fife-4x4")
MORILE = load_scheme("morile-style")
MORILE_EXAMPLE: dict[str, object] = {
    "physical": 3,
    "psychological": "severe",
    "financial": 1,
    "community": 2,
    "geographic": "district",
    "likelihood": "likely",
    "vulnerability": 4,
    "capacity": 3,
    "capability": 2,
}


def test_fife_three_by_four_is_twelve_in_the_very_high_band() -> None:
    result = score(FIFE, {"impact": 3, "likelihood": 4}, confidence="medium")
    assert (result.score, result.band, result.label, result.rag) == (
        12,
        "very-high",
        "Very high",
        Rag.RED,
    )
    assert result.priority == 12
    assert (result.confidence, result.confidence_label) == (2, "medium")
    assert result.problems == ()
    assert (
        result.breakdown["risk"]["working"] == "impact 3 \N{MULTIPLICATION SIGN} likelihood 4 = 12"
    )
    assert result.breakdown["risk"]["band"] == {
        "name": "very-high",
        "label": "Very high",
        "min": 12,
        "max": 16,
        "rag": "red",
    }


@pytest.mark.parametrize(
    ("impact", "likelihood", "band"),
    [
        (1, 1, "low"),
        (1, 3, "low"),
        (2, 2, "medium"),
        (2, 3, "medium"),
        (2, 4, "high"),
        (3, 3, "high"),
        (4, 4, "very-high"),
    ],
)
def test_fife_bands(impact: int, likelihood: int, band: str) -> None:
    assert score(FIFE, {"impact": impact, "likelihood": likelihood}).band == band


def test_morile_style_example_scores_harm_likelihood_position_and_confidence() -> None:
    result = score(MORILE, MORILE_EXAMPLE, confidence="high")
    sections = result.breakdown["sections"]
    # harm = 2x3 + 2x4 + 1 + 2 + 2 = 19; likelihood = 3 + 4 = 7; risk = 19 x 7 = 133
    assert sections["harm"]["score"] == 19
    assert sections["likelihood"]["score"] == 7
    assert (result.score, result.band, result.rag) == (133, "high", Rag.RED)
    # position = 3 + 2 = 5; priority = 133 x 5
    assert sections["position"]["score"] == 5
    assert result.priority == 665
    assert (result.confidence, result.confidence_label) == (3, "high")
    assert result.illustrative
    assert sections["harm"]["factors"]["psychological"] == {
        "value": 4,
        "label": "severe",
        "scale": "0-4 (0 none, 1 minor, 2 moderate, 3 serious, 4 severe)",
        "given": "severe",
    }


def test_missing_organisational_position_leaves_the_priority_unscored() -> None:
    scores = {k: v for k, v in MORILE_EXAMPLE.items() if k != "capability"}
    result = score(MORILE, scores)
    assert result.score == 133 and result.priority is None
    assert [(p.kind, p.factor, p.feeds) for p in result.problems] == [
        ("missing", "capability", "priority")
    ]


@pytest.mark.parametrize(
    ("scores", "kind", "message"),
    [
        ({"impact": 7, "likelihood": 2}, "out-of-range", "impact is 7, outside its scale 1-4"),
        (
            {"impact": "high", "likelihood": 2},
            "not-a-number",
            "impact is 'high', not a number on its scale 1-4",
        ),
        ({"impact": 2}, "missing", "likelihood has no score (its scale 1-4)"),
        ({"impact": 2, "likelihood": "  "}, "missing", "likelihood has no score"),
        ({"impact": 2, "likelihood": None}, "missing", "likelihood has no score"),
        ({"impact": 2.5, "likelihood": 2}, "out-of-range", "impact is 2.5, not a whole number"),
        ({"impact": True, "likelihood": 2}, "not-a-number", "impact is True, not a number"),
        ({"impact": math.nan, "likelihood": 2}, "not-a-number", "impact is nan, not a number"),
        ({"impact": [1], "likelihood": 2}, "not-a-number", "impact is [1], not a number"),
        ({"impact": "0", "likelihood": 2}, "out-of-range", "impact is 0, outside its scale"),
    ],
)
def test_bad_scores_are_problems_never_exceptions(
    scores: dict[str, object], kind: str, message: str
) -> None:
    result = score(FIFE, scores)
    assert not result.scored and result.band is None and result.rag is None
    assert result.priority is None
    assert [p.kind for p in result.problems] == [kind]
    assert message in result.problems[0].message


def test_numbers_as_text_labels_and_decimals_are_read() -> None:
    result = score(FIFE, {"impact": " 3 ", "likelihood": Decimal("4")}, confidence="HIGH")
    assert (result.score, result.confidence) == (12, 3)
    assert score(FIFE, {"impact": 3.0, "likelihood": "4.0"}).score == 12
    assert (
        score(MORILE, {**MORILE_EXAMPLE, "physical": "None"}).breakdown["sections"]["harm"]["score"]
        == 13
    )


def test_unknown_factors_and_unusable_confidence_are_ignored_with_a_did_you_mean() -> None:
    result = score(FIFE, {"impcat": 3, "impact": 3, "likelihood": 4}, confidence="sure")
    assert result.score == 12 and result.confidence is None
    ignored, bad_confidence = result.problems
    assert ignored.kind == "ignored" and "did you mean 'impact'?" in ignored.message
    assert bad_confidence.kind == "not-a-number" and bad_confidence.factor == "confidence"
    no_confidence = RiskScheme.from_mapping(
        {
            "name": "bare",
            "sections": {"s": {"factors": {"a": {"min": 1, "max": 2}}}},
            "risk": {"of": ["s"]},
            "bands": [{"name": "all", "min": 1, "max": 2, "rag": "green"}],
        },
        origin="bare.toml",
    )
    (problem,) = score(no_confidence, {"a": 1}, confidence="high").problems
    assert problem.kind == "ignored" and "bare scores no confidence" in problem.message


def test_confidence_given_twice_keeps_the_score_and_reports_the_text() -> None:
    result = score(FIFE, {"impact": 1, "likelihood": 1, "confidence": 3}, confidence="low")
    assert result.confidence == 3
    assert [p.kind for p in result.problems] == ["ignored"]
    assert "scores already give confidence" in result.problems[0].message


def test_fractional_weights_are_exact_and_rounded_to_the_step() -> None:
    scheme = RiskScheme.from_mapping(
        {
            "name": "w",
            "sections": {
                "a": {"factors": {"a": {"min": 0, "max": 10}}},
                "b": {"factors": {"b": {"min": 0, "max": 10}}},
            },
            "risk": {"combine": "weighted_sum", "of": ["a", "b"], "weights": {"a": 0.1, "b": 0.2}},
            "bands": [{"name": "all", "min": 0, "max": 3, "rag": "green"}],
        },
        origin="w.toml",
    )
    result = score(scheme, {"a": 5, "b": 5})
    assert result.score == 2  # 0.5 + 1.0 = 1.5 rounds half up
    assert "rounded to 2 (step 1)" in result.breakdown["risk"]["working"]


def _values(scheme: RiskScheme, draw: st.DataObject) -> dict[str, int]:
    return {
        f.name: draw.draw(st.integers(int(f.low), int(f.high)), label=f.name)
        for f in scheme.factors.values()
    }


def _raise_one(
    scheme: RiskScheme, values: dict[str, int], draw: st.DataObject, role: Role
) -> tuple[str, dict[str, int]]:
    names = [f.name for f in scheme.factors_for(role)]
    name = draw.draw(st.sampled_from(names), label="raised")
    top = int(scheme.factors[name].high)
    higher = {**values, name: draw.draw(st.integers(values[name], top), label="to")}
    return name, higher


def _assert_not_lower(scheme: RiskScheme, before: dict[str, Any], after: dict[str, Any]) -> None:
    low, high = score(scheme, before), score(scheme, after)
    assert low.score is not None and high.score is not None
    assert high.score >= low.score
    assert high.rag is not None and low.rag is not None and high.rag.badness >= low.rag.badness
    if low.priority is not None:
        assert high.priority is not None and high.priority >= low.priority


@pytest.mark.parametrize("scheme", [FIFE, MORILE], ids=["fife-4x4", "morile-style"])
@given(draw=st.data())
def test_raising_a_harm_or_likelihood_factor_never_lowers_a_shipped_score(
    scheme: RiskScheme, draw: st.DataObject
) -> None:
    values = _values(scheme, draw)
    _name, higher = _raise_one(scheme, values, draw, "risk")
    _assert_not_lower(scheme, values, higher)


@given(schemes(), st.data())
def test_raising_any_factor_never_lowers_a_generated_score(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    scheme = RiskScheme.from_mapping(without_oracle(data), origin="generated.toml")
    values = _values(scheme, draw)
    roles: list[Role] = ["risk", "priority"] if scheme.priority is not None else ["risk"]
    role = draw.draw(st.sampled_from(roles), label="role")
    _name, higher = _raise_one(scheme, values, draw, role)
    _assert_not_lower(scheme, values, higher)
    low, high = data["_range"]
    reached = score(scheme, values).score
    assert reached is not None and low <= reached <= high


@given(schemes(), st.data())
def test_confidence_never_changes_the_risk_score(data: dict[str, Any], draw: st.DataObject) -> None:
    data = without_oracle(data)
    data["sections"]["trust"] = {"factors": {"trust": {"min": 1, "max": 3}}}
    data["confidence"] = {"of": ["trust"]}
    scheme = RiskScheme.from_mapping(data, origin="generated.toml")
    values = _values(scheme, draw)
    other = draw.draw(st.one_of(st.integers(-5, 9), st.text(max_size=3), st.none()), label="c")
    first = score(scheme, values)
    second = score(scheme, {**values, "trust": other})
    third = score(scheme, {k: v for k, v in values.items() if k != "trust"}, confidence=other)
    for result in (second, third):
        assert (result.score, result.band, result.priority) == (
            first.score,
            first.band,
            first.priority,
        )
        assert result.breakdown["risk"] == first.breakdown["risk"]


@pytest.mark.parametrize("scheme", [FIFE, MORILE], ids=["fife-4x4", "morile-style"])
@given(draw=st.data(), confidence=st.one_of(st.sampled_from(["low", "medium", "high"]), st.none()))
def test_confidence_never_changes_a_shipped_score(
    scheme: RiskScheme, draw: st.DataObject, confidence: str | None
) -> None:
    values = {k: v for k, v in _values(scheme, draw).items() if k != "confidence"}
    plain, trusted = score(scheme, values), score(scheme, values, confidence=confidence)
    assert (plain.score, plain.band, plain.priority) == (
        trusted.score,
        trusted.band,
        trusted.priority,
    )
    assert plain.confidence is None
    assert trusted.confidence == ({"low": 1, "medium": 2, "high": 3}.get(confidence or ""))


@pytest.mark.parametrize(
    ("scheme", "top_priority"), [(FIFE, 16), (MORILE, 224 * 8)], ids=["fife-4x4", "morile-style"]
)
def test_the_score_range_is_reached_at_the_scale_ends(
    scheme: RiskScheme, top_priority: int
) -> None:
    lows = {f.name: int(f.low) for f in scheme.factors.values()}
    highs = {f.name: int(f.high) for f in scheme.factors.values()}
    assert score(scheme, lows).score == scheme.risk_low
    assert score(scheme, highs).score == scheme.risk_high
    assert score(scheme, highs).priority == top_priority


@given(
    st.fractions(min_value=-1000, max_value=1000, max_denominator=1000),
    st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(1, 4), Fraction(5), Fraction(3, 10)]),
)
def test_rounding_to_a_step_is_floor_of_value_over_step_plus_a_half(
    value: Fraction, step: Fraction
) -> None:
    """The whole-number formula both engines run is the definition, halves up, exactly."""
    assert round_to_step(value, step) == math.floor(value / step + Fraction(1, 2)) * step


def test_rounding_to_a_step_at_the_half() -> None:
    assert round_to_step(Fraction(5, 2), Fraction(1)) == 3
    assert round_to_step(Fraction(249, 100), Fraction(1)) == 2
    assert round_to_step(Fraction(3, 4), Fraction(1, 2)) == 1
    assert round_to_step(Fraction(-3, 2), Fraction(1)) == -1
