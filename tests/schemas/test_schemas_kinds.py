"""Check kinds agree with a plain-Python reading of their rule, on pandas and polars alike."""

from __future__ import annotations

from collections import Counter
from typing import Any

import narwhals as nw
import pandas as pd
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from aspcore.schemas.kinds import kind

_KEYS = st.lists(
    st.tuples(st.sampled_from(["a", "b", None]), st.sampled_from([1, 2, None])),
    min_size=1,
    max_size=30,
)


def _expected(rows: list[tuple[str | None, int | None]]) -> list[bool]:
    """A row passes when its whole key is blank or no other row has the same key."""
    counts = Counter(rows)
    return [row == (None, None) or counts[row] == 1 for row in rows]


def _unique_rows(frame: nw.DataFrame[Any], columns: list[str]) -> object:
    test = kind("unique_rows").test
    assert test is not None
    return test(frame, {"columns": columns}, None)


def _run(native: Any) -> list[bool]:
    frame = nw.from_native(native, eager_only=True)
    result = _unique_rows(frame, ["area", "quarter", "absent"])
    assert isinstance(result, nw.Series)
    return [bool(v) for v in result.to_list()]


@settings(max_examples=60)
@given(_KEYS)
def test_unique_rows_matches_its_definition_on_pandas_and_polars(
    rows: list[tuple[str | None, int | None]],
) -> None:
    data = {"area": [r[0] for r in rows], "quarter": [r[1] for r in rows]}
    expected = _expected(rows)
    assert _run(pl.DataFrame(data, schema={"area": pl.String, "quarter": pl.Int64})) == expected
    pandas = pd.DataFrame(data).astype({"quarter": "Int64"})
    assert _run(pandas) == expected


def test_unique_rows_without_any_key_column_passes_every_row() -> None:
    frame = nw.from_native(pl.DataFrame({"other": [1, 1]}), eager_only=True)
    assert _unique_rows(frame, ["area"]) is True
