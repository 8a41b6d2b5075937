"""Decision tables and reason templates: one definition, the same answer on a record and a frame."""

from __future__ import annotations

import math
from fractions import Fraction

import narwhals as nw
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.errors import ExpressionError
from aspcore.expr.decisions import Decision, DecisionTable
from aspcore.expr.templates import Template, escape
from aspcore.rag.exact import PLACES, SCALE, shown, shown_units
from aspcore.rag.params import BUILTIN_SCHEMES
from aspcore.rag.schemes import parse_scheme
from aspcore.rag.trend import Direction

ROWS = [
    Decision("missing", "is_null(score)", None, "no score"),
    Decision("high", "score >= high", "red", "{score} is at least {high}"),
    Decision("low", "score < low and label == 'x'", "amber", "{score} under {low}"),
    Decision("rest", "True", "green", "fine"),
]
TABLE = DecisionTable(
    ROWS, fields={"score": "number", "label": "text"}, constants={"high": 10, "low": 2}
)


def test_the_first_true_row_decides_with_the_constants_bound() -> None:
    assert TABLE.choose({"score": None, "label": "x"}).code == "missing"
    assert TABLE.choose({"score": 10, "label": None}).code == "high"
    assert TABLE.choose({"score": 9.99, "label": None}).code == "rest"
    assert TABLE.choose({"score": 1, "label": "x"}).code == "low"
    assert TABLE.choose({"score": 1, "label": None}).code == "rest"  # a null condition is false


records = st.fixed_dictionaries(
    {
        "score": st.none() | st.integers(-5, 15) | st.floats(-5, 15, allow_nan=False),
        "label": st.none() | st.sampled_from(["x", "y"]),
    }
)


@given(st.lists(records, min_size=1, max_size=30))
def test_a_frame_gets_the_rows_one_record_gets(rows: list[dict[str, object]]) -> None:
    frame = pl.DataFrame(rows, schema={"score": pl.Float64, "label": pl.String})
    index = TABLE.index({})
    outcome = TABLE.pick(index, [row.outcome for row in ROWS])
    got = nw.from_native(frame).select(i=index, o=outcome).to_native()
    expected = [TABLE.choose(dict(r)) for r in rows]
    assert got["i"].to_list() == [float(ROWS.index(row)) for row in expected]
    assert got["o"].to_list() == [row.outcome for row in expected]


def test_a_field_may_be_read_from_a_computed_column() -> None:
    frame = nw.from_native(pl.DataFrame({"raw": [200.0, 5.0, 50.0], "label": ["x", "x", "y"]}))
    index = TABLE.index({"score": nw.col("raw") / 10})
    assert frame.select(i=index)["i"].to_list() == [1.0, 2.0, 3.0]  # 20 high, 0.5 low, 5 rest


def test_the_last_row_must_decide_everything() -> None:
    with pytest.raises(ExpressionError, match="last row's condition must be True"):
        DecisionTable([Decision("a", "score > 1", None, "")], fields={"score": "number"})


def test_a_condition_must_be_boolean() -> None:
    rows = [Decision("a", "score + 1", None, ""), Decision("b", "True", None, "")]
    with pytest.raises(ExpressionError, match="not boolean"):
        DecisionTable(rows, fields={"score": "number"})


def test_a_template_renders_the_same_words_on_a_record_and_a_frame() -> None:
    template = Template.parse("due in {days} day(s), {progress}% done")
    assert template.names == {"days", "progress"}
    assert template.render({"days": "3", "progress": "12.5"}) == "due in 3 day(s), 12.5% done"
    frame = nw.from_native(pl.DataFrame({"d": ["3"], "p": ["12.5"]}))
    sentence = template.to_narwhals({"days": nw.col("d"), "progress": nw.col("p")})
    assert frame.select(s=sentence)["s"].to_list() == ["due in 3 day(s), 12.5% done"]


@pytest.mark.parametrize("text", ["{days:.1f}", "{0}", "{days!r}", "unmatched {"])
def test_a_template_takes_plain_names_only(text: str) -> None:
    with pytest.raises(ValueError, match=r"^template "):
        Template.parse(text)


def _shown_oracle(value: Fraction, bounds: list[Fraction]) -> tuple[Fraction, int]:
    """The definition of `shown`, on fractions: the fewest places keeping every side."""
    for places in range(1, PLACES + 1):
        candidate = Fraction(round(value * 10**places), 10**places)
        if all((candidate > b) == (value > b) for b in bounds):
            return candidate, places
    return Fraction(math.ceil(value * SCALE), SCALE), PLACES


@given(
    st.integers(-(10**12), 10**12),
    st.integers(1, 10**9),
    st.lists(st.integers(-(10**8), 10**8), min_size=1, max_size=3),
)
def test_shown_on_whole_numbers_is_shown_on_fractions(
    numerator: int, denominator: int, bounds: list[int]
) -> None:
    value = Fraction(numerator, denominator)
    limits = [Fraction(b, SCALE) for b in bounds]
    expected = _shown_oracle(value, limits)
    assert shown(value, limits) == expected
    units, places = shown_units(numerator, denominator, bounds)
    assert (Fraction(units, 10**places), places) == expected


def test_shown_at_a_threshold_and_a_millionth_past_it() -> None:
    limits = [15 * SCALE, 40 * SCALE]
    assert shown_units(15 * SCALE, SCALE, limits) == (150, 1)  # exactly 15: not more than 15
    assert shown_units(15 * SCALE + 1, SCALE, limits) == (15_000_001, 6)
    assert shown_units(3 * (15 * SCALE) + 1, 3 * SCALE, limits) == (15_000_001, 6)


@given(st.text())
def test_escaped_text_renders_as_itself(text: str) -> None:
    """Names from rulesets and plugins enter templates escaped, so braces stay words."""
    template = Template.parse(escape(text))
    assert template.names == frozenset()
    assert template.render({}) == text


def test_a_scheme_named_with_braces_rates_and_says_its_name() -> None:
    raw = BUILTIN_SCHEMES["belfast"]
    scheme = parse_scheme("ours {draft}", raw)
    rating = scheme.rate(3.0, Direction.NO_COMPARISON)
    assert rating.reason.endswith(
        "under ours {draft}, amber is a shortfall of more than 1% and 5% or less"
    )
