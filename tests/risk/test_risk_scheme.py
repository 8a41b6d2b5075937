"""Risk schemes: shipped ones load, bands cover each score once, bad schemes are clear errors."""

from __future__ import annotations

import copy
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from aspcore.errors import RulesetError
from aspcore.model import Rag
from aspcore.risk import RiskScheme, load_scheme
from strategies import schemes, without_oracle

FIFE: dict[str, Any] = {
    "name": "t",
    "sections": {
        "impact": {"factors": {"impact": {"min": 1, "max": 4}}},
        "likelihood": {"factors": {"likelihood": {"min": 1, "max": 4}}},
    },
    "risk": {"combine": "product", "of": ["impact", "likelihood"]},
    "bands": [
        {"name": "low", "min": 1, "max": 3, "rag": "green"},
        {"name": "medium", "min": 4, "max": 7, "rag": "amber"},
        {"name": "high", "min": 8, "max": 16, "rag": "red"},
    ],
}


def build(data: dict[str, Any]) -> RiskScheme:
    return RiskScheme.from_mapping(data, origin="test.toml")


def changed(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(FIFE)
    data.update(changes)
    return data


def error_of(data: object) -> str:
    with pytest.raises(RulesetError) as caught:
        RiskScheme.from_mapping(data, origin="test.toml")
    return str(caught.value)


def test_fife_grid_is_documented_product_of_impact_and_likelihood_from_1_to_16() -> None:
    fife = load_scheme("fife-4x4")
    assert fife.risk.combine == "product"
    assert fife.risk.inputs == ("impact", "likelihood")
    assert (fife.risk_low, fife.risk_high) == (Fraction(1), Fraction(16))
    assert [(f.name, f.low, f.high) for f in fife.factors_for("risk")] == [
        ("impact", Fraction(1), Fraction(4)),
        ("likelihood", Fraction(1), Fraction(4)),
    ]
    assert not fife.illustrative and fife.priority is None


def test_morile_style_is_labelled_illustrative_with_the_morile_sections() -> None:
    morile = load_scheme("morile-style")
    assert morile.illustrative
    text = Path(morile.origin).read_text(encoding="utf-8")
    assert "ILLUSTRATIVE" in text and "not public" in text
    assert [s.name for s in morile.sections] == ["harm", "likelihood", "position", "confidence"]
    harm = {f.name for f in morile.sections[0].factors}
    assert harm == {"physical", "psychological", "financial", "community", "geographic"}
    assert {f.name for f in morile.factors_for("priority")} == {"capacity", "capability"}
    assert {f.name for f in morile.factors_for("risk")} >= {"likelihood", "vulnerability"}
    assert morile.role("confidence") == "confidence"
    assert morile.priority is not None and morile.priority.inputs == ("risk", "position")


@pytest.mark.parametrize("name", ["fife-4x4", "morile-style"])
def test_every_integer_score_of_a_shipped_scheme_falls_in_exactly_one_band(name: str) -> None:
    scheme = load_scheme(name)
    low, high = int(scheme.risk_low), int(scheme.risk_high)
    for value in range(low, high + 1):
        assert sum(band.contains(Fraction(value)) for band in scheme.bands) == 1
    assert not any(
        b.contains(Fraction(low - 1)) or b.contains(Fraction(high + 1)) for b in scheme.bands
    )


@given(schemes(), st.data())
def test_generated_schemes_put_every_score_in_exactly_one_band(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    scheme = build(without_oracle(data))
    low, high = data["_range"]
    assert (scheme.risk_low, scheme.risk_high) == (low, high)
    # Every score when the range is small; otherwise every band's edges and drawn scores.
    edges = [v for b in data["bands"] for v in (b["min"], b["max"], b["max"] + 1)]
    drawn = draw.draw(st.lists(st.integers(low, high), max_size=50), label="scores")
    values = range(low, high + 1) if high - low <= 2000 else [*edges, *drawn]
    for value in values:
        if low <= value <= high:
            assert [b.contains(Fraction(value)) for b in scheme.bands].count(True) == 1
            assert scheme.band_for(Fraction(value)) is not None
    assert scheme.band_for(Fraction(low - 1)) is None
    assert scheme.band_for(Fraction(high + 1)) is None


@given(schemes(), st.data())
def test_bands_with_a_generated_gap_or_overlap_are_rejected(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    bands = data["bands"]
    assume(len(bands) >= 2)
    i = draw.draw(st.integers(1, len(bands) - 1), label="band")
    shift = draw.draw(st.sampled_from([-2, -1, 1, 2]), label="shift")
    moved = bands[i]["min"] + shift
    assume(bands[i - 1]["min"] < moved <= bands[i]["max"])
    broken = copy.deepcopy(without_oracle(data))
    broken["bands"][i]["min"] = moved
    message = error_of(broken)
    assert ("gap" if shift > 0 else "overlap") in message
    assert f"'b{i - 1}'" in message and f"'b{i}'" in message and "test.toml" in message


@given(schemes(), st.sampled_from(["first", "last"]), st.sampled_from([-1, 1]))
def test_bands_not_spanning_exactly_the_score_range_are_rejected(
    data: dict[str, Any], end: str, shift: int
) -> None:
    broken = copy.deepcopy(without_oracle(data))
    band = broken["bands"][0 if end == "first" else -1]
    key = "min" if end == "first" else "max"
    band[key] += shift
    assume(band["min"] <= band["max"])
    message = error_of(broken)
    assert "gap" in message or "must span exactly" in message


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        (
            [
                {"name": "low", "min": 1, "max": 3, "rag": "green"},
                {"name": "high", "min": 5, "max": 16, "rag": "red"},
            ],
            "gap between bands 'low' (1-3) and 'high' (5-16): no band covers scores 4-4",
        ),
        (
            [
                {"name": "low", "min": 1, "max": 5, "rag": "green"},
                {"name": "high", "min": 4, "max": 16, "rag": "red"},
            ],
            "bands 'low' (1-5) and 'high' (4-16) overlap: scores 4-5 fall in both",
        ),
        (
            [
                {"name": "high", "min": 8, "max": 16, "rag": "red"},
                {"name": "low", "min": 1, "max": 7, "rag": "green"},
            ],
            "gap below the first band: no band covers scores 1-7",
        ),
        (
            [{"name": "low", "min": 1, "max": 12, "rag": "green"}],
            "gap above the last band: no band covers scores 13-16",
        ),
        (
            [{"name": "all", "min": 0, "max": 16, "rag": "green"}],
            "band 'all' starts at 0, below the lowest possible score 1",
        ),
        (
            [{"name": "all", "min": 1, "max": 25, "rag": "green"}],
            "band 'all' ends at 25, above the highest possible score 16",
        ),
        (
            [
                {"name": "low", "min": 1, "max": 8, "rag": "red"},
                {"name": "high", "min": 9, "max": 16, "rag": "green"},
            ],
            "colours must get no better as the score grows",
        ),
        (
            [{"name": "all", "min": 1, "max": 16, "rag": "grey"}],
            "'rag' must be one of blue, green, amber, red, found 'grey'",
        ),
        (
            [{"name": "all", "min": 1, "max": 16.5, "rag": "red"}],
            "'max' = 16.5 is not a multiple of the scheme's step 1",
        ),
        (
            [{"name": "all", "min": 1, "max": 16, "rag": "red", "colour": "red"}],
            "band 1: unknown key(s) colour",
        ),
        ([], "needs [[bands]] covering scores 1-16"),
    ],
)
def test_bad_bands_name_the_scheme_file_and_the_problem(
    bands: list[dict[str, Any]], expected: str
) -> None:
    message = error_of(changed(bands=bands))
    assert message.startswith("test.toml: risk scheme 't': ")
    assert expected in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"colour": 1}, "unknown key(s) colour"),
        ({"rsik": {}}, "did you mean 'risk'?"),
        (
            {"risk": {"combine": "produce", "of": ["impact", "likelihood"]}},
            "did you mean 'product'?",
        ),
        ({"risk": {"of": ["impact", "likelihood"]}}, "combines 2 inputs, so it needs 'combine'"),
        (
            {"risk": {"combine": "sum", "of": ["impact", "likelyhood"]}},
            "did you mean 'likelihood'?",
        ),
        ({"risk": {"combine": "sum", "of": []}}, "'of' must be a non-empty list"),
        (
            {"risk": {"combine": "sum", "of": ["impact", "likelihood"], "weights": {"impact": 2}}},
            "'weights' are used only with combine = 'weighted_sum'",
        ),
        (
            {
                "risk": {
                    "combine": "weighted_sum",
                    "of": ["impact", "likelihood"],
                    "weights": {"impact": 2},
                }
            },
            "needs one weight for each of impact, likelihood",
        ),
        (
            {
                "risk": {
                    "combine": "weighted_sum",
                    "of": ["impact", "likelihood"],
                    "weights": {"impact": 2, "likelihood": -1},
                }
            },
            "the weight of likelihood must be a number above 0",
        ),
        ({"step": 0}, "'step' must be a number above 0"),
        ({"illustrative": "yes"}, "'illustrative' must be true or false"),
        ({"sections": {}}, "needs at least one section"),
    ],
)
def test_bad_schemes_are_clear_errors(change: dict[str, Any], expected: str) -> None:
    message = error_of(changed(**change))
    assert "test.toml: risk scheme 't'" in message and expected in message


def test_a_scheme_needs_a_name_and_a_risk_table() -> None:
    assert "needs a 'name'" in error_of({k: v for k, v in FIFE.items() if k != "name"})
    assert "needs a [risk] table" in error_of({k: v for k, v in FIFE.items() if k != "risk"})
    assert "expected a table" in error_of(["not", "a", "table"])


@pytest.mark.parametrize(
    ("factor", "expected"),
    [
        ({"min": 4, "max": 1}, "'min' 4 must be below 'max' 1"),
        ({"min": 1, "max": "four"}, "'max' must be a number, found 'four'"),
        ({"min": 1, "max": 4.5}, "'max' = 4.5 is not whole; set integer = false"),
        ({"min": 1, "max": 4, "labels": {"5": "huge"}}, "label '5' is not a score on the scale"),
        ({"min": 1, "max": 4, "labels": {"one": "low"}}, "'one' is not a score"),
        ({"min": 1, "max": 4, "labels": {"1": "low", "2": "LOW"}}, "label 'LOW' is given to two"),
        ({"min": 1, "max": 4, "labels": {"1": "2"}}, "the label of 1 must be words"),
        ({"min": 1, "max": 4, "weight": 2}, "unknown key(s) weight"),
    ],
)
def test_bad_factors_are_clear_errors(factor: dict[str, Any], expected: str) -> None:
    data = copy.deepcopy(FIFE)
    data["sections"]["impact"]["factors"]["impact"] = factor
    message = error_of(data)
    assert "factor 'impact'" in message and expected in message


def test_a_product_of_inputs_that_can_be_negative_is_refused() -> None:
    data = copy.deepcopy(FIFE)
    data["sections"]["impact"]["factors"]["impact"] = {"min": -2, "max": 4}
    assert "needs inputs that cannot be negative, but impact can be -2" in error_of(data)


def test_confidence_may_not_feed_the_risk_or_priority() -> None:
    data = changed(confidence={"of": ["likelihood"]})
    assert "section 'likelihood' feeds both [confidence] and the risk" in error_of(data)


def test_every_section_must_feed_something_and_factor_names_must_differ() -> None:
    data = copy.deepcopy(FIFE)
    data["sections"]["spare"] = {"factors": {"spare": {"min": 1, "max": 2}}}
    assert "section 'spare' feeds nothing" in error_of(data)
    data = copy.deepcopy(FIFE)
    data["sections"]["likelihood"]["factors"]["impact"] = {"min": 1, "max": 4}
    data["sections"]["likelihood"]["combine"] = "sum"
    assert "factor 'impact' is in sections 'impact' and 'likelihood'" in error_of(data)
    data = copy.deepcopy(FIFE)
    data["sections"]["risk"] = data["sections"].pop("impact")
    assert "may not be called 'risk'" in error_of(data)


def test_fractional_weights_round_to_the_step_and_bands_use_it() -> None:
    data = changed(
        step=0.5,
        risk={
            "combine": "weighted_sum",
            "of": ["impact", "likelihood"],
            "weights": {"impact": 0.3, "likelihood": 0.3},
        },
        bands=[
            {"name": "low", "min": 0.5, "max": 1, "rag": "green"},
            {"name": "high", "min": 1.5, "max": 2.5, "rag": "red"},
        ],
    )
    scheme = build(data)
    assert (scheme.risk_low, scheme.risk_high) == (Fraction(1, 2), Fraction(5, 2))
    assert scheme.band_for(Fraction(3, 2)) is not None
    assert scheme.bands[1].rag is Rag.RED
