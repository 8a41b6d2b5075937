"""Legend-set bands: valid sets give every value exactly one colour; bad sets are clear errors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.errors import RulesetError
from aspcore.model import Rag
from aspcore.rag import BUILTIN_SCHEMES, parse_bands
from aspcore.rag.bands import BAND_COLOURS

BELFAST = BUILTIN_SCHEMES["belfast"]["bands"]


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        (-50, Rag.GREEN),
        (0, Rag.GREEN),
        (1, Rag.GREEN),
        (1.0001, Rag.AMBER),
        (4.99, Rag.AMBER),
        (5, Rag.AMBER),
        (5.01, Rag.RED),
        (80, Rag.RED),
    ],
)
def test_belfast_bands_boundaries_belong_where_the_council_puts_them(
    value: float, colour: Rag
) -> None:
    """Belfast: green "within 1 per cent or better", amber "between 1 per cent and 5 per
    cent", red "more than 5 per cent": 1 is green, 5 itself amber."""
    assert parse_bands("belfast", BELFAST).band_of(value).rag is colour


@pytest.mark.parametrize("name", sorted(BUILTIN_SCHEMES))
def test_builtin_schemes_are_valid_legend_sets(name: str) -> None:
    bands = parse_bands(name, BUILTIN_SCHEMES[name]["bands"])
    assert bands.bands[0].lower is None
    assert bands.bands[-1].upper is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            [
                {"rag": "green", "max": 1},
                {"rag": "amber", "above": 2, "below": 5},
                {"rag": "red", "min": 5},
            ],
            r"'northshire'.*gap: values in \(1, 2\] have no colour",
        ),
        (
            [
                {"rag": "green", "max": 1},
                {"rag": "amber", "min": 1, "below": 5},
                {"rag": "red", "min": 5},
            ],
            r"'northshire'.*overlap: both include 1",
        ),
        (
            [
                {"rag": "green", "max": 3},
                {"rag": "amber", "above": 1, "below": 5},
                {"rag": "red", "min": 5},
            ],
            r"'northshire'.*overlap between 1 and 3",
        ),
        (
            [{"rag": "green", "below": 1}, {"rag": "red", "above": 1}],
            r"'northshire'.*gap: the value 1 itself has no colour",
        ),
        (
            [{"rag": "green", "min": 0, "max": 1}, {"rag": "red", "above": 1}],
            r"'northshire': gap below the first band: values under 0",
        ),
        (
            [{"rag": "green", "max": 1}, {"rag": "red", "above": 1, "max": 50}],
            r"'northshire': gap above the last band: values over 50",
        ),
        (
            [{"rag": "red", "min": 5}, {"rag": "green", "max": 5}],
            r"'northshire'.*ascending order",
        ),
        (
            [{"rag": "red", "max": 5}, {"rag": "green", "above": 5}],
            r"'northshire': colours must get no better as the shortfall grows",
        ),
        ([{"rag": "green", "max": 1, "below": 2}], r"either 'max' or 'below'"),
        ([{"rag": "purple"}], r"rag must be one of blue, green, amber, red"),
        ([{"rag": "grey"}], r"rag must be one of"),
        ([{"rag": "green", "upto": 3}], r"unknown key\(s\) upto"),
        ([{"rag": "green", "max": "one"}], r"'max' must be a number"),
        ([{"rag": "green", "min": 5, "max": 1}], r"band 1 \(green\) is empty"),
        ([], r"non-empty list"),
        ("green", r"non-empty list"),
        (["green"], r"expected a table"),
    ],
)
def test_bad_band_sets_name_the_scheme_and_the_problem(raw: Any, expected: str) -> None:
    with pytest.raises(RulesetError, match=expected):
        parse_bands("northshire", raw)


def test_infinite_bounds_are_unbounded() -> None:
    bands = parse_bands(
        "x",
        [
            {"rag": "green", "min": float("-inf"), "max": 1},
            {"rag": "red", "above": 1, "max": float("inf")},
        ],
    )
    assert bands.band_of(-1e300).rag is Rag.GREEN
    assert bands.band_of(1e300).rag is Rag.RED


def test_bands_describe_themselves_in_words() -> None:
    described = parse_bands("belfast", BELFAST).describe()
    assert [b["range"] for b in described] == [
        "1 or less",
        "more than 1 and 5 or less",
        "more than 5",
    ]
    assert described[1] == {
        "rag": "amber",
        "above": 1.0,
        "max": 5.0,
        "range": "more than 1 and 5 or less",
    }


# -- properties ------------------------------------------------------------------------------


@st.composite
def band_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A valid legend set: ascending boundaries, colours no better as the value grows."""
    n = draw(st.integers(1, 5))
    cuts = sorted(draw(st.sets(st.integers(-1000, 1000), min_size=n - 1, max_size=n - 1)))
    colours = sorted(
        draw(st.lists(st.sampled_from(BAND_COLOURS), min_size=n, max_size=n)),
        key=lambda c: c.badness,
    )
    low_side = draw(st.lists(st.booleans(), min_size=n - 1, max_size=n - 1))
    bands: list[dict[str, Any]] = [{"rag": c.value} for c in colours]
    for i, (cut, to_lower) in enumerate(zip(cuts, low_side, strict=True)):
        bands[i]["max" if to_lower else "below"] = cut
        bands[i + 1]["above" if to_lower else "min"] = cut
    return bands


@given(band_sets(), st.floats(-2000, 2000))
def test_valid_band_sets_pass_and_colour_every_value_once(
    raw: list[dict[str, Any]], value: float
) -> None:
    bands = parse_bands("generated", raw)
    assert sum(band.contains(value) for band in bands.bands) == 1
    for band in bands.bands[:-1]:
        assert band.upper is not None
        assert sum(b.contains(band.upper) for b in bands.bands) == 1


@given(band_sets().filter(lambda b: len(b) > 1), st.data())
def test_removing_a_boundary_fails(raw: list[dict[str, Any]], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(raw) - 2))
    side = data.draw(st.sampled_from(["upper", "lower"]))
    broken = [dict(b) for b in raw]
    if side == "upper":
        broken[i].pop("max", None)
        broken[i].pop("below", None)
    else:
        broken[i + 1].pop("min", None)
        broken[i + 1].pop("above", None)
    with pytest.raises(RulesetError, match="generated"):
        parse_bands("generated", broken)


@given(
    band_sets().filter(lambda b: len(b) > 1),
    st.data(),
    st.sampled_from(["gap", "overlap", "both-in", "both-out"]),
)
def test_moving_or_doubling_a_boundary_fails(
    raw: list[dict[str, Any]], data: st.DataObject, how: str
) -> None:
    i = data.draw(st.integers(0, len(raw) - 2))
    broken = [dict(b) for b in raw]
    upper_key = "max" if "max" in broken[i] else "below"
    lower_key = "above" if "above" in broken[i + 1] else "min"
    cut = broken[i][upper_key]
    if how in ("gap", "overlap"):
        broken[i][upper_key] = cut - 0.5 if how == "gap" else cut + 0.5
    else:
        broken[i].pop(upper_key)
        broken[i + 1].pop(lower_key)
        broken[i]["max" if how == "both-in" else "below"] = cut
        broken[i + 1]["min" if how == "both-in" else "above"] = cut
    with pytest.raises(RulesetError, match=r"gap|overlap"):
        parse_bands("generated", broken)


def test_gap_message_as_documented() -> None:
    raw = [{"rag": "green", "max": 1}, {"rag": "red", "min": 2}]
    with pytest.raises(RulesetError) as caught:
        parse_bands("northshire", raw)
    assert str(caught.value) == (
        "scheme 'northshire': green band (1 or less) and next red band (2 or more) leave a "
        "gap: values in (1, 2) have no colour"
    )
