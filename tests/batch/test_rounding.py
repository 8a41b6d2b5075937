"""Python's ``round`` and ``g`` format, as narwhals expressions, on every local backend."""

from __future__ import annotations

import narwhals as nw
import polars as pl
from batch_frames import LOCAL_BACKENDS, to_polars
from hypothesis import given, settings
from hypothesis import strategies as st

from aspcore.batch.rounding import format_g, round_half_even
from aspcore.batch.steps import Steps

# Ties and near-ties (0.15 is just below a half, 2.675 too), powers of ten and their neighbours.
SPECIAL = [0.0, 0.05, 0.15, 0.25, 0.35, 2.675, 6.25, 1e-4, 9.99995e-5, 99.99995, 1e-6, 1e15]
numbers = st.one_of(
    st.sampled_from(SPECIAL),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.integers(-(10**6), 10**6).map(lambda n: n / 1000),
    st.floats(1e-6, 1e16),
)


def run(values: list[float | None]) -> pl.DataFrame:
    """Each backend's answers, checked equal to polars', for every function under test."""
    results = []
    for convert in LOCAL_BACKENDS.values():
        frame = nw.from_native(convert(pl.DataFrame({"x": values}, schema={"x": pl.Float64})))
        steps = Steps(frame.columns)
        x = nw.col("x")
        columns = {
            **{f"r{n}": round_half_even(steps, x, n) for n in (0, 1, 2, 6)},
            "g": format_g(steps, x),
            "g4": format_g(steps, x, 4, smallest=-8, largest=16),
        }
        steps.then()
        results.append(to_polars(steps.apply(frame).select(**columns).to_native()))
    for other in results[1:]:
        assert other.equals(results[0])
    return results[0]


@settings(max_examples=40, deadline=None)
@given(values=st.lists(numbers | st.none(), min_size=1, max_size=40))
def test_same_as_python(values: list[float | None]) -> None:
    got = run(values)
    for value, row in zip(values, got.iter_rows(named=True), strict=True):
        if value is None:
            assert set(row.values()) == {None}
            continue
        for places in (0, 1, 2, 6):
            if abs(value) * 10**places < 2**53:  # the documented range of exactness
                assert row[f"r{places}"] == round(value, places)
        if value == 0 or abs(value) >= 1e-6:  # exact from the sixth decimal place up
            assert row["g"] == f"{value:g}"
            assert row["g4"] == f"{value:.4g}"
