"""Python's ``round`` and ``g`` format, as narwhals expressions, on every local backend."""

from __future__ import annotations

import narwhals as nw
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from aspcore.batch.rounding import format_g, round_half_even
from aspcore.batch.steps import Steps
from frames import BATCH_BACKENDS, Convert, to_polars

# Ties and near-ties (0.15 is just below a half, 2.675 too), powers of ten and their neighbours.
SPECIAL = [0.0, -0.0, 0.05, 0.15, 0.25, 0.35, 2.675, 6.25, 1e-4, 9.99995e-5, 99.99995, 1e-6, 1e15]
numbers = st.one_of(
    st.sampled_from(SPECIAL),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.integers(-(10**6), 10**6).map(lambda n: n / 1000),
    st.floats(1e-6, 1e16),
)
PLACES = (0, 1, 2, 6)


def run(convert: Convert, values: list[float | None]) -> pl.DataFrame:
    """Every function under test over ``values`` on one backend, read back into polars."""
    frame = nw.from_native(convert(pl.DataFrame({"x": values}, schema={"x": pl.Float64})))
    steps = Steps(frame.columns)
    x = nw.col("x")
    columns = {
        **{f"r{n}": round_half_even(steps, x, n) for n in PLACES},
        "g": format_g(steps, x),
        "g4": format_g(steps, x, 4, smallest=-8, largest=16),
    }
    steps.then()
    return to_polars(steps.apply(frame).select(**columns).to_native())


def check(values: list[float | None], got: pl.DataFrame) -> None:
    for value, row in zip(values, got.iter_rows(named=True), strict=True):
        if value is None:
            assert set(row.values()) == {None}
            continue
        for places in PLACES:
            if abs(value) * 10**places < 2**53:  # the documented range of exactness
                assert row[f"r{places}"] == round(value, places)
        if value == 0 or abs(value) >= 1e-6:  # exact from the sixth decimal place up
            unsigned_zero = value + 0.0  # documented: -0.0 prints as 0, not Python's -0
            assert row["g"] == f"{unsigned_zero:g}"
            assert row["g4"] == f"{unsigned_zero:.4g}"


@settings(max_examples=60)
@given(values=st.lists(numbers | st.none(), min_size=1, max_size=60))
def test_same_as_python(values: list[float | None]) -> None:
    check(values, run(BATCH_BACKENDS["polars"], values))


def test_same_as_python_on_every_local_backend() -> None:
    values: list[float | None] = [*SPECIAL, *(-v for v in SPECIAL if v), None, 0.1234565]
    values += [k / 1000 for k in range(0, 3000, 7)] + [10.0**e * 1.2345675 for e in range(-6, 17)]
    for convert in BATCH_BACKENDS.values():
        check(values, run(convert, values))


def test_past_the_exact_range_the_digits_are_still_the_values() -> None:
    """Past ``largest`` the exponent comes from log10 and the digits from a float64 power: the
    text is Python's but for (at worst) the last digit.  A shortfall of 1.0101e17% once printed
    as 1e+17 (every digit after the first was lost), where the engine says 1.01e+17."""
    values: list[float | None] = [1.0101010101e17, -2.5e20, 9.87654e200, 3.14159e307]
    frame = nw.from_native(pl.DataFrame({"x": values}, schema={"x": pl.Float64}))
    steps = Steps(frame.columns)
    text = format_g(steps, nw.col("x"), 3, smallest=-9, largest=15)
    steps.then()
    got = steps.apply(frame).select(g=text)["g"].to_list()
    assert got == [f"{value:.3g}" for value in values]
